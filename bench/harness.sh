# shellcheck shell=bash
# What bench/compare.sh and bench/tls-compare.sh share, sourced by both: a work directory, CPU pinning as
# ../shared/bench/lbbench.sh pins (balancers on CPU 1, wrk and backends on CPU 0), processes started in process groups
# of their own and all stopped on exit, the build, the nginx backends, and readings of a process's CPU time and memory
# taken with shell builtins (on two cores every fork competes with the process being measured).
#
# Before sourcing, a script sets: harness_name (for messages), keep (a directory to keep, or empty), pin (1 or 0),
# root (the checkout). harness_setup then sets work, lb_cpu, client_cpu (and pin=0 when it cannot pin), pids, wrk_pid.

# harness_setup PORT...: refuses to start next to something already listening on one of the ports (it would be
# measured instead), makes the work directory, pins, and stops everything started on exit.
harness_setup() {
  local p
  for p in "$@"; do
    if (: <"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$harness_name: port $p on 127.0.0.1 is already in use" >&2; exit 1
    fi
  done
  if [ -n "$keep" ]; then
    mkdir -p "$keep"; work="$(cd "$keep" && pwd)"
  else
    work="$(mktemp -d -t "fulcrum-$harness_name.XXXXXX")"
  fi
  mkdir -p "$work/logs" "$work/wrk" "$work/nginx-tmp"
  lb_cpu=() client_cpu=()
  if [ "$pin" = 1 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    lb_cpu=(taskset -c 1) client_cpu=(taskset -c 0)
  else
    pin=0
  fi
  pids=() wrk_pid=""
  trap harness_cleanup EXIT
  trap 'exit 130' INT TERM
}

# Each process started leads its own process group, so stopping the group also stops nginx's workers.
harness_cleanup() {
  local status=$? pid
  trap - EXIT
  if [ -n "$wrk_pid" ]; then kill "$wrk_pid" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in {1..50}; do
    local alive=0
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then alive=1; fi
    done
    if [ "$alive" = 0 ]; then break; fi
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  if [ -z "$keep" ]; then rm -rf "$work"; fi
  exit "$status"
}

# start NAME CPU-PREFIX... -- COMMAND...: runs COMMAND in the background with its output in logs/NAME.log.
# A background job of a script is not a group leader, so setsid does not fork and $! is COMMAND itself.
start() {
  local name=$1 prefix=(); shift
  while [ "$1" != -- ]; do prefix+=("$1"); shift; done; shift
  "${prefix[@]}" setsid "$@" >"$work/logs/$name.log" 2>&1 </dev/null &
  pids+=("$!")
  last_pid=$!
}

# wait_ready NAME URL PID SECONDS [CURL_OPTION...]: until GET URL answers 200 (over TLS, whatever the certificate;
# with the curl options given, e.g. --http1.1 or --http2-prior-knowledge, so that the protocol to be measured is the
# one that answers), or fail with curl's last error and the end of the log.
wait_ready() {
  local name=$1 url=$2 pid=$3 secs=$4 i status=""
  shift 4
  for ((i = 0; i < secs * 5; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$harness_name: $name exited; end of its log:" >&2; tail -n 20 "$work/logs/$name.log" >&2; exit 1
    fi
    status=$(curl -sSk "$@" -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>&1) && [ "$status" = 200 ] && return 0
    sleep 0.2
  done
  echo "$harness_name: $name does not answer 200 at $url${*:+ (curl $*)} after $secs s (last: ${status//$'\n'/ }); end of its log:" >&2
  tail -n 20 "$work/logs/$name.log" >&2; exit 1
}

build_fulcrum() {
  echo "# building Fulcrum (mvn -q -DskipTests package) ..." >&2
  if ! (cd "$root" && mvn -B -q -DskipTests package >"$work/logs/build.log" 2>&1); then
    echo "$harness_name: the build failed; end of Maven's output:" >&2; tail -n 30 "$work/logs/build.log" >&2; exit 1
  fi
}

# nginx_main PIDFILE: the top of an nginx configuration; nginx writes temporary files and its pid under the work
# directory, not the distribution's.
nginx_main() {
  if [ "$(id -u)" = 0 ]; then   # as root, workers would otherwise run as nobody and could not enter the 0700 work dir
    echo "user root;"
  fi
  echo "daemon off;"
  echo "worker_processes 1;"
  echo "pid $1;"
  echo "events { worker_connections 4096; }"
}
nginx_http_common() {
  echo "  access_log off;"
  echo "  keepalive_requests 1000000;"
  echo "  client_body_temp_path $work/nginx-tmp/body; proxy_temp_path $work/nginx-tmp/proxy;"
  echo "  fastcgi_temp_path $work/nginx-tmp/fastcgi; uwsgi_temp_path $work/nginx-tmp/uwsgi; scgi_temp_path $work/nginx-tmp/scgi;"
}

# start_backends PORT...: one nginx (on the client's CPU) serving plain HTTP on each port: / answers "backend PORT",
# /health 200; sets backends_pid once all answer.
start_backends() {
  local p
  {
    nginx_main "$work/backends.pid"
    echo "http {"
    nginx_http_common
    echo "  default_type text/plain;"
    for p in "$@"; do
      printf '  server { listen 127.0.0.1:%s; location = /health { return 200 "ok\\n"; } location / { return 200 "backend %s\\n"; } }\n' "$p" "$p"
    done
    echo "}"
  } >"$work/backends.conf"
  # -p and -e: prefix and first error log in the work directory, not the distribution's /etc and /var/log/nginx
  start backends "${client_cpu[@]}" -- nginx -p "$work" -e "$work/logs/backends-errors.log" -c "$work/backends.conf"
  backends_pid=$last_pid
  for p in "$@"; do wait_ready backends "http://127.0.0.1:$p/" "$backends_pid" 10; done
}

family() {  # sets procs: PID and its children (nginx: master and worker)
  local kids=()
  read -ra kids 2>/dev/null <"/proc/$1/task/$1/children" || true
  procs=("$1" "${kids[@]}")
}
cpu_ticks() {  # sets ticks: user + system CPU ticks of the given pids
  local pid line fields
  ticks=0
  for pid in "$@"; do
    read -r line 2>/dev/null <"/proc/$pid/stat" || continue
    read -ra fields <<<"${line##*) }"   # fields after "(comm)", which may contain spaces; utime is the 12th
    ticks=$((ticks + fields[11] + fields[12]))
  done
}
rss_kb() {  # sets rss: summed VmRSS of the given pids, in kB
  local pid key value
  rss=0
  for pid in "$@"; do
    while read -r key value _; do
      if [ "$key" = VmRSS: ]; then rss=$((rss + value)); break; fi
    done 2>/dev/null <"/proc/$pid/status" || true
  done
}

# await_load OUTPUT NAME PID...: waits for the load generator started as wrk_pid against NAME, sampling the largest
# resident memory of the PIDs into max_rss (kB); a load generator that failed ends the run with its output.
await_load() {
  local out=$1 name=$2; shift 2
  max_rss=0
  while kill -0 "$wrk_pid" 2>/dev/null; do
    rss_kb "$@"
    if [ "$rss" -gt "$max_rss" ]; then max_rss=$rss; fi
    sleep 0.5
  done
  wait "$wrk_pid" || { echo "$harness_name: the load generator failed against $name:" >&2; cat "$out" >&2; exit 1; }
  wrk_pid=""
}

# wrk_figures OUTPUT: wrk's requests/s, p50 and p99 in ms, errors (non-2xx responses and socket errors) and
# requests, tab-separated.
wrk_figures() {
  awk '
    function ms(v) {   # wrk prints 812.00us, 1.20ms or 1.05s
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v + 0 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx/ { errors += $NF }
    /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%.0f\t%.3f\t%.3f\t%d\t%d\n", rps, p50, p99, errors, requests }
  ' "$1"
}
