#!/usr/bin/env bash
# Measures Fulcrum against HAProxy over HTTPS and over plain HTTP with wrk (HTTP/1.1), and over HTTP/2 (h2 through
# ALPN on the TLS port) with h2load, with the same certificate and the same backends, in one run, so that Fulcrum's
# ratio to HAProxy over TLS and over HTTP/2 can be set beside its plain-HTTP ratio.
#
# Usage: bench/tls-compare.sh [options]      (from anywhere; builds the checkout it lives in)
#
#   -c LIST      connections (wrk's, and h2load's clients), comma list, e.g. 50,200      (default 50)
#   -m N         HTTP/2 streams each h2load connection keeps in flight   (default 10)
#   -d SECS      seconds per measurement                                 (default 5)
#   -r N         rounds; every target is measured once per round, the
#                targets taking turns, and the table shows medians       (default 5)
#   -w SECS      warm-up of each Fulcrum target under load before measuring, at each connection count (in runs
#                of -d seconds, each with new connections); the JIT needs it, HAProxy gets 3 s   (default 45)
#   --key TYPE   the certificate's key: ec (P-256) or rsa (2048 bits)    (default ec)
#   --close      a new connection, and so a TLS handshake, for every request (wrk sends Connection: close):
#                measures handshakes rather than requests on kept-alive connections
#   --no-access-log  turn Fulcrum's access log off (on by default, as a user gets it; HAProxy logs nothing here)
#   --no-h2      leave HTTP/2 out (and h2load with it)
#   --h2c        also measure h2c: HTTP/2 with prior knowledge on the plain ports
#   --no-pin     do not pin processes to CPUs
#   --keep DIR   keep configs, the certificate, logs and raw wrk output in DIR   (default: a temporary directory)
#   -h           this help
#
# What runs, all on 127.0.0.1: three nginx backends on 9301-9303 speaking plain HTTP/1.1 (TLS and HTTP/2 end at the
# balancer, as Fulcrum speaks HTTP/1.1 to backends, and HAProxy is left to do the same); HAProxy (1 thread) with
# plain HTTP on 9381 (h2c with prior knowledge on 9382), HTTPS offering only http/1.1 in ALPN on 9391, and HTTPS
# offering h2 and http/1.1 on 9392; Fulcrum with plain HTTP and h2c on 9383 and HTTPS with h2 on 9393 (admin API on
# 9384, in-memory database, health checks every 1 s). Both balancers serve one self-signed certificate made here with
# openssl, TLS 1.2 and 1.3 with Mozilla's intermediate cipher suites (Fulcrum's only profile; HAProxy is configured to
# match), session resumption on. wrk speaks HTTP/1.1; h2load (Debian's nghttp2-client) speaks h2, or h2c with --h2c,
# with -m streams per connection. As in ../shared/bench/lbbench.sh, with two or more CPUs the balancers run on CPU 1
# and the load generator (wrk -t1, h2load -t1) plus the backends on CPU 0, so a balancer's figures are for one core.
# JVM options for Fulcrum go in FULCRUM_JAVA_OPTS, as for ./fulcrum.
#
# Columns: requests/s and its ratio to HAProxy over the same protocol (median over rounds of the same round's ratio),
# p50/p99 latency (medians; h2load's from its per-request log), errors (non-2xx responses and socket or stream
# errors, summed), RSS (largest resident memory seen while measuring), CPU time of the balancer per request. Then, per
# connection count, Fulcrum's ratios over HTTPS and HTTP/2 next to its ratio over plain HTTP.
set -euo pipefail

conn_list=50 secs=5 rounds=5 warmup=45 pin=1 keep="" access_log=1 key_type=ec close=0 streams=10 h2=1 h2c=0
while [ $# -gt 0 ]; do
  case "$1" in
    -c) conn_list=$2; shift 2 ;;
    -m) streams=$2; shift 2 ;;
    --no-h2) h2=0; shift ;;
    --h2c) h2c=1; shift ;;
    -d) secs=$2; shift 2 ;;
    -r) rounds=$2; shift 2 ;;
    -w) warmup=$2; shift 2 ;;
    --key) key_type=$2; shift 2 ;;
    --close) close=1; shift ;;
    --no-access-log) access_log=0; shift ;;
    --no-pin) pin=0; shift ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "tls-compare.sh: unknown option $1 (-h for help)" >&2; exit 2 ;;
  esac
done
[[ $conn_list =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "tls-compare.sh: -c takes whole numbers, comma-separated" >&2; exit 2; }
for n in "$secs" "$rounds" "$warmup" "$streams"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "tls-compare.sh: -d, -r, -w and -m take whole numbers" >&2; exit 2; }
done
if [ "$streams" -lt 1 ]; then echo "tls-compare.sh: -m must be at least 1" >&2; exit 2; fi
if [ "$h2c" = 1 ] && [ "$h2" = 0 ]; then echo "tls-compare.sh: --h2c and --no-h2 contradict each other" >&2; exit 2; fi
if [ "$rounds" -lt 1 ] || [ "$secs" -lt 1 ]; then echo "tls-compare.sh: -d and -r must be at least 1" >&2; exit 2; fi
case "$key_type" in
  ec) key_args=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
  rsa) key_args=(-newkey rsa:2048) ;;
  *) echo "tls-compare.sh: --key takes ec or rsa" >&2; exit 2 ;;
esac

for tool in wrk nginx haproxy curl openssl; do
  command -v "$tool" >/dev/null || { echo "tls-compare.sh: $tool is missing; install with: apt-get install wrk nginx haproxy curl openssl" >&2; exit 1; }
done
if [ "$h2" = 1 ]; then
  command -v h2load >/dev/null || { echo "tls-compare.sh: h2load is missing; install with: apt-get install nghttp2-client (or run with --no-h2)" >&2; exit 1; }
fi
for tool in mvn java; do
  command -v "$tool" >/dev/null || { echo "tls-compare.sh: $tool is missing; building Fulcrum needs Maven and JDK 17+" >&2; exit 1; }
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backend_ports=(9301 9302 9303)
haproxy_http=9381 haproxy_h2c=9382 haproxy_https=9391 haproxy_h2=9392 fulcrum_http=9383 fulcrum_https=9393
admin_port=9384

harness_name=tls-compare.sh
# shellcheck source=bench/harness.sh
source "$root/bench/harness.sh"
harness_setup "${backend_ports[@]}" "$haproxy_http" "$haproxy_h2c" "$haproxy_https" "$haproxy_h2" "$fulcrum_http" \
  "$fulcrum_https" "$admin_port"
mkdir -p "$work/tls"

build_fulcrum

# ---- the certificate both balancers serve
cert="$work/tls/cert.pem" key="$work/tls/key.pem"
openssl req -x509 "${key_args[@]}" -nodes -days 30 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$key" -out "$cert" 2>"$work/logs/openssl.log"
cat "$cert" "$key" >"$work/tls/haproxy.pem"   # HAProxy takes the chain and the key in one file

# ---- configurations
# Mozilla intermediate (5.7), as Fulcrum's TlsProfile: the same suites, TLS 1.2 and 1.3, the client's preference.
{
  echo "global"
  echo "  nbthread 1"
  echo "  ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305"
  echo "  ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
  echo "  ssl-default-bind-options prefer-client-ciphers ssl-min-ver TLSv1.2 no-tls-tickets"
  echo "  tune.ssl.cachesize 20000"
  echo "defaults"
  echo "  mode http"
  echo "  timeout connect 2s"
  echo "  timeout client 30s"
  echo "  timeout server 30s"
  echo "frontend plain"
  echo "  bind 127.0.0.1:$haproxy_http"
  echo "  default_backend backends"
  echo "frontend tls"
  echo "  bind 127.0.0.1:$haproxy_https ssl crt $work/tls/haproxy.pem alpn http/1.1"
  echo "  http-request set-header X-Forwarded-Proto https"
  echo "  default_backend backends"
  # HTTP/2 on a port of its own, so that the HTTPS rows above stay HTTP/1.1 whatever a client offers; backends are
  # spoken to in HTTP/1.1, as Fulcrum does.
  echo "frontend h2"
  echo "  bind 127.0.0.1:$haproxy_h2 ssl crt $work/tls/haproxy.pem alpn h2,http/1.1"
  echo "  http-request set-header X-Forwarded-Proto https"
  echo "  default_backend backends"
  echo "frontend h2c"
  echo "  bind 127.0.0.1:$haproxy_h2c proto h2"
  echo "  default_backend backends"
  echo "backend backends"
  echo "  balance roundrobin"
  echo "  http-reuse always"
  echo "  option httpchk GET /health"   # active checks every 1 s, like Fulcrum's here
  for p in "${backend_ports[@]}"; do echo "  server b$p 127.0.0.1:$p check inter 1s"; done
} >"$work/haproxy.cfg"
haproxy -c -f "$work/haproxy.cfg" >"$work/logs/haproxy-check.log" 2>&1 \
  || { echo "tls-compare.sh: HAProxy refuses its configuration:" >&2; cat "$work/logs/haproxy-check.log" >&2; exit 1; }

# ---- start everything
start_backends "${backend_ports[@]}"

start haproxy "${lb_cpu[@]}" -- haproxy -db -f "$work/haproxy.cfg"
haproxy_pid=$last_pid

fulcrum_args=(serve "$fulcrum_http" --host 127.0.0.1 --tls-port "$fulcrum_https" --tls-cert "$cert" --tls-key "$key"
  --admin-port "$admin_port" --db jdbc:h2:mem:tls-compare --health-interval 1s)
[ "$access_log" = 1 ] || fulcrum_args+=(--no-access-log)
for p in "${backend_ports[@]}"; do fulcrum_args+=(--backend "http://127.0.0.1:$p"); done
start fulcrum "${lb_cpu[@]}" -- "$root/fulcrum" "${fulcrum_args[@]}"   # the launcher execs java: same pid
fulcrum_pid=$last_pid

# Targets, in the order they take turns: each protocol's HAProxy row first, its base for the ratio; the load
# generator of each (wrk for HTTP/1.1, h2load for HTTP/2).
names=(haproxy-http fulcrum-http haproxy-https fulcrum-https)
urls=("http://127.0.0.1:$haproxy_http/" "http://127.0.0.1:$fulcrum_http/"
  "https://127.0.0.1:$haproxy_https/" "https://127.0.0.1:$fulcrum_https/")
lb_pids=("$haproxy_pid" "$fulcrum_pid" "$haproxy_pid" "$fulcrum_pid")
bases=(haproxy-http haproxy-http haproxy-https haproxy-https)
loads=(wrk wrk wrk wrk)
if [ "$h2" = 1 ]; then
  names+=(haproxy-h2 fulcrum-h2)
  urls+=("https://127.0.0.1:$haproxy_h2/" "https://127.0.0.1:$fulcrum_https/")
  lb_pids+=("$haproxy_pid" "$fulcrum_pid")
  bases+=(haproxy-h2 haproxy-h2)
  loads+=(h2load h2load)
fi
if [ "$h2c" = 1 ]; then
  names+=(haproxy-h2c fulcrum-h2c)
  urls+=("http://127.0.0.1:$haproxy_h2c/" "http://127.0.0.1:$fulcrum_http/")
  lb_pids+=("$haproxy_pid" "$fulcrum_pid")
  bases+=(haproxy-h2c haproxy-h2c)
  loads+=(h2load h2load)
fi
curl_for() {  # curl_for INDEX: curl's protocol option for target INDEX
  case "${names[$1]}" in
    *-h2) echo --http2 ;;
    *-h2c) echo --http2-prior-knowledge ;;
    *) echo --http1.1 ;;
  esac
}
# Each target must answer in the protocol it is measured in before anything is checked or measured; the JVM may
# start slowly on a busy core, so each has up to 120 s, and one that never answers stops the run with curl's error.
for i in "${!names[@]}"; do
  wait_ready "${names[$i]}" "${urls[$i]}" "${lb_pids[$i]}" 120 "$(curl_for "$i")"
done

# A balancer that sends everything to one backend would look fast; check that each spreads requests, and that the
# two balancers show the same certificate.
for i in "${!names[@]}"; do
  seen=$(for _ in 1 2 3 4 5 6; do curl -sk "$(curl_for "$i")" "${urls[$i]}"; echo; done | sort -u | grep -c backend || true)
  [ "$seen" -ge 2 ] || echo "# warning: ${names[$i]} answered from $seen backend(s) in 6 requests" >&2
  version=$(curl -sk "$(curl_for "$i")" -o /dev/null -w '%{http_version}' "${urls[$i]}" || true)
  case "${loads[$i]}:$version" in
    wrk:1.1|h2load:2) ;;
    *) echo "# warning: ${names[$i]} answered curl in HTTP/$version, not the protocol measured" >&2 ;;
  esac
done
for port in "$haproxy_https" "$fulcrum_https"; do
  served=$(openssl s_client -connect "127.0.0.1:$port" -servername localhost </dev/null 2>/dev/null \
    | openssl x509 -noout -fingerprint -sha256 2>/dev/null || true)
  [ "$served" = "$(openssl x509 -in "$cert" -noout -fingerprint -sha256)" ] \
    || echo "# warning: port $port does not serve the generated certificate" >&2
done

# ---- measuring (family, cpu_ticks and rss_kb are the harness's)
# run_wrk URL CONNS SECS OUTPUT: HTTP/1.1 over plain TCP or TLS, as the URL says; starts wrk in the background,
# sets load_pid.
run_wrk() {
  local extra=()
  [ "$close" = 1 ] && extra=(-H "Connection: close")
  "${client_cpu[@]}" wrk -t1 -c"$2" -d"${3}s" --latency "${extra[@]}" "$1" >"$4" 2>&1 &
  load_pid=$!
}
# run_h2load URL CONNS SECS OUTPUT: HTTP/2 with h2load, h2 through ALPN for an https:// URL and h2c with prior
# knowledge for http://, -m streams in flight on each connection; each request's time goes to OUTPUT.log (h2load
# itself prints no percentiles). Starts h2load in the background, sets load_pid.
run_h2load() {
  "${client_cpu[@]}" h2load -t1 -c"$2" -m"$streams" -D"$3" --log-file="$4.log" "$1" >"$4" 2>&1 &
  load_pid=$!
}
# run_load INDEX URL CONNS SECS OUTPUT: the load generator of target INDEX.
run_load() {
  if [ "${loads[$1]}" = h2load ]; then run_h2load "${@:2}"; else run_wrk "${@:2}"; fi
}
# h2load_figures OUTPUT: as wrk_figures, from h2load's summary and its per-request log (OUTPUT.log: start time,
# status, microseconds): requests/s, p50 and p99 in ms, errors (failed, errored and timed-out requests, and
# responses other than 2xx) and requests, tab-separated.
h2load_figures() {
  local p50 p99
  read -r p50 p99 < <(cut -f3 "$1.log" | sort -n | awk '{ t[NR] = $1 }
    END { if (NR == 0) { print 0, 0; exit } i50 = int(NR * 0.50); i99 = int(NR * 0.99); if (i50 < 1) i50 = 1
      if (i99 < 1) i99 = 1; printf "%.3f %.3f\n", t[i50] / 1000, t[i99] / 1000 }')
  awk -v p50="$p50" -v p99="$p99" '
    /^finished in/ { for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^req\/s/) { rps = $i; sub(/,$/, "", rps) } }
    /^requests:/ { requests = $2; errors += $10 + $12 + $14 }
    /^status codes:/ { errors += $5 + $7 + $9 }
    END { printf "%.0f\t%.3f\t%.3f\t%d\t%d\n", rps, p50, p99, errors, requests }
  ' "$1"
}

# measure INDEX CONNS ROUND: one run against target INDEX; appends a line to results.tsv:
# conns round name base req/s p50-ms p99-ms errors rss-kB cpu-ticks requests
measure() {
  local i=$1 conns=$2 round=$3 out="$work/wrk/${names[$1]}-c$2-$3.txt" t0
  family "${lb_pids[$i]}"
  cpu_ticks "${procs[@]}"; t0=$ticks
  run_load "$i" "${urls[$i]}" "$conns" "$secs" "$out"
  wrk_pid=$load_pid
  await_load "$out" "${names[$i]}" "${procs[@]}"
  cpu_ticks "${procs[@]}"
  local rps p50 p99 errors requests
  if [ "${loads[$i]}" = h2load ]; then
    IFS=$'\t' read -r rps p50 p99 errors requests < <(h2load_figures "$out")
  else
    IFS=$'\t' read -r rps p50 p99 errors requests < <(wrk_figures "$out")
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n' "$conns" "$round" "${names[$i]}" "${bases[$i]}" "$rps" "$p50" \
    "$p99" "$errors" "$max_rss" $((ticks - t0)) "$requests" >>"$work/results.tsv"
}

# ---- warm up, then measure in rounds, for each connection count
echo "# load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg) (on a busy machine the figures mean little)" >&2
first_conns=${conn_list%%,*}
# warm_up INDEX CONNS SECS: SECS of load on target INDEX, in runs as long as a measurement, each with new connections
# (and so TLS handshakes) as the measurements make them; not measured.
warm_up() {
  local i=$1 conns=$2 left=$3 run=0 w
  while [ "$left" -gt 0 ]; do
    w=$secs; if [ "$w" -gt "$left" ]; then w=$left; fi
    run=$((run + 1))
    run_load "$i" "${urls[$i]}" "$conns" "$w" "$work/wrk/${names[$i]}-warmup-c$conns-$run.txt"
    wrk_pid=$load_pid; wait "$wrk_pid" || true   # a failing wrk shows up in the measurements
    wrk_pid=""
    left=$((left - w))
  done
}
# Each Fulcrum target gets the whole warm-up, as ../shared/bench/lbbench.sh gives each candidate: the JIT compiles the
# code of each protocol (TLS handshakes and records, HTTP/2 framing) only once it runs, and a JVM pinned to one core
# needs about 45 s of it. HAProxy gets 3 s. The same again before each later connection count, below.
for i in "${!names[@]}"; do
  w=3
  case "${names[$i]}" in fulcrum-*) w=$warmup ;; esac
  warm_up "$i" "$first_conns" "$w"
done
: >"$work/results.tsv"
for conns in ${conn_list//,/ }; do
  if [ "$conns" != "$first_conns" ]; then
    # Another connection count is another load: over TLS each run begins with one handshake per connection, and the
    # JDK's handshake code is compiled only after it has run often enough, which the first count's runs (a quarter
    # of the handshakes at 50 against 200) do not do. So it is warmed again, as at the first count.
    for i in "${!names[@]}"; do
      w=3
      case "${names[$i]}" in fulcrum-*) w=$warmup ;; esac
      warm_up "$i" "$conns" "$w"
    done
  fi
  for ((round = 1; round <= rounds; round++)); do
    echo "# -c$conns: round $round of $rounds" >&2
    for i in "${!names[@]}"; do measure "$i" "$conns" "$round"; done
  done
done

# ---- the tables
pin_note="balancers on CPU 1, wrk and backends on CPU 0"; [ "$pin" = 1 ] || pin_note="not pinned"
mode_note="kept-alive connections"
if [ "$close" = 1 ]; then mode_note="a new connection (and TLS handshake) per request"; fi
for conns in ${conn_list//,/ }; do
  echo
  h2_note=""
  if [ "$h2" = 1 ]; then h2_note=", h2load -t1 -c$conns -m$streams for HTTP/2"; fi
  echo "wrk -t1 -c$conns for HTTP/1.1 ($mode_note)$h2_note, $rounds × ${secs} s per target (medians)," \
    "warm-up ${warmup} s per Fulcrum target and connection count, $key_type certificate, $pin_note, $(nproc) CPUs"
  echo
  awk -F'\t' -v want="$conns" -v hz="$(getconf CLK_TCK)" -v order="${names[*]}" '
    function median(list,   a, n, i, j, t) {   # list: space-separated numbers
      n = split(list, a, " "); if (n == 0) return 0
      for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    $1 != want { next }
    { rps[$3] = rps[$3] " " $5; p50[$3] = p50[$3] " " $6; p99[$3] = p99[$3] " " $7; errors[$3] += $8
      if ($9 > rss[$3]) rss[$3] = $9; ticks[$3] += $10; requests[$3] += $11; base[$3] = $4
      by_round[$2, $3] = $5; rounds[$2] = 1 }
    END {
      print "| target | req/s | × HAProxy (same protocol) | p50 ms | p99 ms | errors | RSS MB | CPU µs/req |"
      print "|---|---:|---:|---:|---:|---:|---:|---:|"
      n = split(order, names, " ")
      for (k = 1; k <= n; k++) {
        name = names[k]; ratios = ""
        for (r in rounds) if (by_round[r, base[name]] > 0) ratios = ratios " " by_round[r, name] / by_round[r, base[name]]
        ratio[name] = median(ratios)
        cpu = requests[name] > 0 ? sprintf("%.0f", ticks[name] / hz * 1e6 / requests[name]) : "–"
        printf "| %s | %.0f | %.2f | %.2f | %.2f | %d | %.0f | %s |\n", name, median(rps[name]), ratio[name],
          median(p50[name]), median(p99[name]), errors[name], rss[name] / 1024, cpu
      }
      printf "\nFulcrum × HAProxy at -c%s: HTTPS %.2f, plain HTTP %.2f (target: HTTPS no lower than plain HTTP)\n",
        want, ratio["fulcrum-https"], ratio["fulcrum-http"]
      if ("fulcrum-h2" in ratio) printf "Fulcrum × HAProxy at -c%s over HTTP/2 (h2): %.2f\n", want, ratio["fulcrum-h2"]
      if ("fulcrum-h2c" in ratio) printf "Fulcrum × HAProxy at -c%s over h2c: %.2f\n", want, ratio["fulcrum-h2c"]
    }' "$work/results.tsv"
done
echo
if [ -n "$keep" ]; then echo "# configs, certificate, logs and raw wrk and h2load output in $work (results.tsv: one line per measurement)" >&2; fi
