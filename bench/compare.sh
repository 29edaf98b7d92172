#!/usr/bin/env bash
# Measures Fulcrum against HAProxy and nginx with the same wrk load, on this machine, in one run.
#
# Usage: bench/compare.sh [options]          (from anywhere; builds the checkout it lives in)
#
#   -c N         wrk connections                                   (default 50)
#   -d SECS      seconds per measurement                           (default 5)
#   -r N         rounds; every target is measured once per round, the
#                targets taking turns, and the table shows medians   (default 5)
#   -w SECS      Fulcrum's warm-up under load before measuring; the
#                JIT needs it, the others get 3 s                   (default 45)
#   --no-access-log  turn Fulcrum's access log off (on by default, as a user gets it; HAProxy and nginx log nothing here)
#   --no-pin     do not pin processes to CPUs
#   --keep DIR   keep configs, logs and raw wrk output in DIR        (default: a temporary directory, removed)
#   -h           this help
#
# What runs, all on 127.0.0.1: three nginx backends on 9201-9203 (`/` answers a short body, `/health` 200);
# "direct" is wrk against one backend, the ceiling; HAProxy (1 thread, if installed) on 9281; nginx (1 worker) on
# 9282; Fulcrum on 9283 (admin API on 9284, in-memory database, health checks every 1 s). With two or more CPUs the
# balancers run on CPU 1 and wrk (-t1) plus the backends on CPU 0, so a balancer's figures are for one core.
# JVM options for Fulcrum go in FULCRUM_JAVA_OPTS, as for ./fulcrum.
#
# Columns: requests/s and its ratio to HAProxy (median over rounds of the same round's ratio), p50/p99 latency
# (medians), errors (non-2xx responses and socket errors, summed), RSS (largest resident memory seen while measuring,
# the process and its children), CPU time of the balancer per request. Figures from a busy machine mean little;
# compare ratios within one run.
set -euo pipefail

conns=50 secs=5 rounds=5 warmup=45 pin=1 keep="" access_log=1
while [ $# -gt 0 ]; do
  case "$1" in
    -c) conns=$2; shift 2 ;;
    -d) secs=$2; shift 2 ;;
    -r) rounds=$2; shift 2 ;;
    -w) warmup=$2; shift 2 ;;
    --no-access-log) access_log=0; shift ;;
    --no-pin) pin=0; shift ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (-h for help)" >&2; exit 2 ;;
  esac
done
for n in "$conns" "$secs" "$rounds" "$warmup"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "compare.sh: -c, -d, -r and -w take whole numbers" >&2; exit 2; }
done
if [ "$rounds" -lt 1 ] || [ "$secs" -lt 1 ]; then echo "compare.sh: -d and -r must be at least 1" >&2; exit 2; fi

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is missing; install with: apt-get install wrk nginx haproxy curl" >&2; exit 1; }
done
for tool in mvn java; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is missing; building Fulcrum needs Maven and JDK 17+" >&2; exit 1; }
done
have_haproxy=0
if command -v haproxy >/dev/null; then have_haproxy=1; fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backend_ports=(9201 9202 9203)
haproxy_port=9281 nginx_port=9282 fulcrum_port=9283 admin_port=9284

harness_name=compare.sh
# shellcheck source=bench/harness.sh
source "$root/bench/harness.sh"
harness_setup "${backend_ports[@]}" "$haproxy_port" "$nginx_port" "$fulcrum_port" "$admin_port"

build_fulcrum

# ---- configurations
{
  nginx_main "$work/nginx.pid"
  echo "http {"
  nginx_http_common
  echo "  upstream backends {"
  for p in "${backend_ports[@]}"; do echo "    server 127.0.0.1:$p;"; done
  echo "    keepalive 64;"          # reuse backend connections, as HAProxy and Fulcrum do
  echo "  }"
  echo "  server {"
  echo "    listen 127.0.0.1:$nginx_port;"
  echo "    location / { proxy_pass http://backends; proxy_http_version 1.1; proxy_set_header Connection \"\"; }"
  echo "  }"
  echo "}"
} >"$work/nginx.conf"

{
  echo "global"
  echo "  nbthread 1"
  echo "defaults"
  echo "  mode http"
  echo "  timeout connect 2s"
  echo "  timeout client 30s"
  echo "  timeout server 30s"
  echo "frontend lb"
  echo "  bind 127.0.0.1:$haproxy_port"
  echo "  default_backend backends"
  echo "backend backends"
  echo "  balance roundrobin"
  echo "  http-reuse always"
  echo "  option httpchk GET /health"   # active checks every 1 s, like Fulcrum's here
  for p in "${backend_ports[@]}"; do echo "  server b$p 127.0.0.1:$p check inter 1s"; done
} >"$work/haproxy.cfg"

# ---- start everything
start_backends "${backend_ports[@]}"

names=(direct) ports=("${backend_ports[0]}") lb_pids=("$backends_pid")
if [ "$have_haproxy" = 1 ]; then
  start haproxy "${lb_cpu[@]}" -- haproxy -db -f "$work/haproxy.cfg"
  names+=(haproxy) ports+=("$haproxy_port") lb_pids+=("$last_pid")
else
  echo "# haproxy is not installed: no HAProxy row, no ratio column" >&2
fi
start nginx "${lb_cpu[@]}" -- nginx -p "$work" -e "$work/logs/nginx-errors.log" -c "$work/nginx.conf"
names+=(nginx) ports+=("$nginx_port") lb_pids+=("$last_pid")

fulcrum_args=(serve "$fulcrum_port" --host 127.0.0.1 --admin-port "$admin_port" --db jdbc:h2:mem:compare
  --health-interval 1s)
[ "$access_log" = 1 ] || fulcrum_args+=(--no-access-log)
for p in "${backend_ports[@]}"; do fulcrum_args+=(--backend "http://127.0.0.1:$p"); done
start fulcrum "${lb_cpu[@]}" -- "$root/fulcrum" "${fulcrum_args[@]}"   # the launcher execs java: same pid
names+=(fulcrum) ports+=("$fulcrum_port") lb_pids+=("$last_pid")

# the JVM may start slowly on a busy core
for i in "${!names[@]}"; do wait_ready "${names[$i]}" "http://127.0.0.1:${ports[$i]}/" "${lb_pids[$i]}" 120; done

# A balancer that sends everything to one backend would look fast; check that each spreads requests.
for i in "${!names[@]}"; do
  [ "${names[$i]}" = direct ] && continue
  seen=$(for _ in 1 2 3 4 5 6; do curl -s "http://127.0.0.1:${ports[$i]}/"; echo; done | sort -u | grep -c backend || true)
  [ "$seen" -ge 2 ] || echo "# warning: ${names[$i]} answered from $seen backend(s) in 6 requests" >&2
done

# ---- measuring (family, cpu_ticks and rss_kb are the harness's)
wrk_run() {  # wrk_run PORT SECS OUTPUT: starts wrk in the background, sets wrk_pid
  "${client_cpu[@]}" wrk -t1 -c"$conns" -d"${2}s" --latency "http://127.0.0.1:$1/" >"$3" 2>&1 &
  wrk_pid=$!
}

# measure INDEX ROUND: one wrk run against target INDEX; appends a line to results.tsv:
# round name req/s p50-ms p99-ms errors rss-kB cpu-ticks requests
measure() {
  local i=$1 round=$2 out="$work/wrk/${names[$1]}-$2.txt" t0
  family "${lb_pids[$i]}"
  cpu_ticks "${procs[@]}"; t0=$ticks
  wrk_run "${ports[$i]}" "$secs" "$out"
  await_load "$out" "${names[$i]}" "${procs[@]}"
  cpu_ticks "${procs[@]}"
  local rps p50 p99 errors requests
  IFS=$'\t' read -r rps p50 p99 errors requests < <(wrk_figures "$out")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n' "$round" "${names[$i]}" "$rps" "$p50" "$p99" "$errors" "$max_rss" \
    $((ticks - t0)) "$requests" >>"$work/results.tsv"
}

# ---- warm up, then measure in rounds
echo "# load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg) (on a busy machine the figures mean little)" >&2
for i in "${!names[@]}"; do
  w=3
  if [ "${names[$i]}" = fulcrum ]; then w=$warmup; fi
  if [ "$w" -gt 0 ]; then
    wrk_run "${ports[$i]}" "$w" "$work/wrk/${names[$i]}-warmup.txt"
    wait "$wrk_pid" || true   # a failing wrk shows up in the measurements
    wrk_pid=""
  fi
done
: >"$work/results.tsv"
for ((round = 1; round <= rounds; round++)); do
  echo "# round $round of $rounds" >&2
  for i in "${!names[@]}"; do measure "$i" "$round"; done
done

# ---- the table
pin_note="balancers on CPU 1, wrk and backends on CPU 0"; [ "$pin" = 1 ] || pin_note="not pinned"
echo
echo "wrk -t1 -c$conns, $rounds × ${secs} s per target (medians), Fulcrum warm-up ${warmup} s, $pin_note, $(nproc) CPUs"
echo
awk -F'\t' -v hz="$(getconf CLK_TCK)" -v order="${names[*]}" -v haproxy="$have_haproxy" '
  function median(list,   a, n, i, j, t) {   # list: space-separated numbers
    n = split(list, a, " "); if (n == 0) return 0
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { rps[$2] = rps[$2] " " $3; p50[$2] = p50[$2] " " $4; p99[$2] = p99[$2] " " $5; errors[$2] += $6
    if ($7 > rss[$2]) rss[$2] = $7; ticks[$2] += $8; requests[$2] += $9; by_round[$1, $2] = $3; rounds[$1] = 1 }
  END {
    printf "| target | req/s |%s p50 ms | p99 ms | errors | RSS MB | CPU µs/req |\n", haproxy ? " × HAProxy |" : ""
    printf "|---|---:|%s---:|---:|---:|---:|---:|\n", haproxy ? "---:|" : ""
    n = split(order, names, " ")
    for (k = 1; k <= n; k++) {
      name = names[k]; ratios = ""
      for (r in rounds) if (by_round[r, "haproxy"] > 0) ratios = ratios " " by_round[r, name] / by_round[r, "haproxy"]
      cpu = requests[name] > 0 ? sprintf("%.0f", ticks[name] / hz * 1e6 / requests[name]) : "–"
      if (name == "direct") cpu = "(" cpu ")"   # the backends serving, not a balancer
      printf "| %s | %.0f |%s %.2f | %.2f | %d | %.0f | %s |\n", name == "direct" ? "direct (one backend)" : name,
        median(rps[name]), haproxy ? sprintf(" %.2f |", median(ratios)) : "", median(p50[name]), median(p99[name]),
        errors[name], rss[name] / 1024, cpu
    }
  }' "$work/results.tsv"
echo
if [ -n "$keep" ]; then echo "# configs, logs and raw wrk output in $work (results.tsv: one line per measurement)" >&2; fi
