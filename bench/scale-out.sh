#!/usr/bin/env bash
# Measures several Fulcrum instances sharing one PostgreSQL: three instances, 500 backends, checks every second.
#
# Usage: bench/scale-out.sh [options]        (from anywhere; builds the checkout it lives in)
#
#   --backends N, -n N   backends                                    (default 500)
#   --instances N        Fulcrum instances, 1-9                      (default 3)
#   --changes N          API changes timed to the last instance       (default 100; 0 for none)
#   --backend-port P     the first backend's port                    (default 21001)
#   -d SECS              seconds measured, after the warm-up           (default 60)
#   -w SECS              warm-up: every instance checking every backend (default 30)
#   --keep DIR           keep logs and the database in DIR             (default: a temporary directory, removed)
#   -h                   this help
#
# What runs, all on 127.0.0.1: one nginx serving N backends on 21001.. or --backend-port.. (/health 200); a PostgreSQL cluster made with
# initdb from Debian's server package (as the postgres user when run as root) on 9290; the Fulcrum instances
# (proxy 9291.., admin API 9391.., --instance-id scale-1.., --health-interval 1s) on that database, the first
# seeding the backends, the others loading them. Nothing is pinned: the busy processes share the machine.
#
# Figures, measured over the window: probe rows written per second (health_check rows counted in the database; the
# target is instances x backends / interval, 1500/s by default), the database's CPU (postmaster and its sessions, in %
# of one core), each instance's CPU, and whether each instance kept its schedule (rows it wrote against those due).
# Then the changes, one at a time, each a backend's weight changed through the instances in turn: the time from the
# API's answer to the last instance having applied its revision (GET /api/instances polled every 10 ms, which reads
# the revision each instance stores as soon as it applies one), as p50, p99 and the slowest.
set -euo pipefail

backends=500 secs=60 warmup=30 keep="" pin=0 instances=3 changes=100 first_backend=21001
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--backends) backends=$2; shift 2 ;;
    --instances) instances=$2; shift 2 ;;
    --changes) changes=$2; shift 2 ;;
    --backend-port) first_backend=$2; shift 2 ;;
    -d) secs=$2; shift 2 ;;
    -w) warmup=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "scale-out.sh: unknown option $1 (-h for help)" >&2; exit 2 ;;
  esac
done
for n in "$backends" "$secs" "$warmup" "$instances" "$changes" "$first_backend"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "scale-out.sh: --backends, --instances, --changes, -d and -w take whole numbers" >&2; exit 2; }
done
if [ "$backends" -lt 1 ] || [ "$backends" -gt 2000 ] || [ "$secs" -lt 10 ] || [ "$instances" -lt 1 ] \
   || [ "$instances" -gt 9 ] || [ "$changes" -gt 10000 ]; then
  echo "scale-out.sh: --backends must be 1-2000, --instances 1-9, --changes 0-10000 and -d at least 10" >&2; exit 2
fi
if [ "$first_backend" -lt 1024 ] || [ $((first_backend + backends)) -gt 65535 ]; then
  echo "scale-out.sh: --backend-port must leave room for every backend between 1024 and 65535" >&2; exit 2
fi
for tool in nginx curl psql java mvn bc; do
  command -v "$tool" >/dev/null || { echo "scale-out.sh: $tool is missing (apt-get install nginx curl postgresql)" >&2; exit 1; }
done
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$pg_bin/initdb" ] || { echo "scale-out.sh: PostgreSQL's server binaries are missing (apt-get install postgresql)" >&2; exit 1; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
harness_name=scale-out
# shellcheck source=bench/harness.sh
source "$root/bench/harness.sh"

pg_port=9290
proxy_ports=() admin_ports=()
for ((i = 0; i < instances; i++)); do proxy_ports+=($((9291 + i))); admin_ports+=($((9391 + i))); done
harness_setup "$pg_port" "${proxy_ports[@]}" "${admin_ports[@]}" "$first_backend"

# ---------------------------------------------------------------- PostgreSQL
export PGPASSWORD="scale-out-$RANDOM$RANDOM"
as_postgres=()
if [ "$(id -u)" = 0 ]; then as_postgres=(runuser -u postgres --); chmod 755 "$work"; fi
mkdir -p "$work/pg"
echo "$PGPASSWORD" >"$work/pg/password"
if [ "$(id -u)" = 0 ]; then chown -R postgres: "$work/pg"; fi
"${as_postgres[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U fulcrum --pwfile="$work/pg/password" \
  --auth=scram-sha-256 -E UTF8 --locale=C >"$work/logs/initdb.log" 2>&1
# Production-like durability (fsync on), so the CPU and rows per second are those a real deployment pays.
start postgres -- "${as_postgres[@]}" "$pg_bin/postgres" -D "$work/pg/data" -p "$pg_port" -h 127.0.0.1 \
  -k "$work/pg" -c max_connections=100
pg_pid=$last_pid
for _ in {1..100}; do
  if psql -h 127.0.0.1 -p "$pg_port" -U fulcrum -d postgres -Atqc "SELECT 1" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
psql -h 127.0.0.1 -p "$pg_port" -U fulcrum -d postgres -qc "CREATE DATABASE fulcrum"
sql() { psql -h 127.0.0.1 -p "$pg_port" -U fulcrum -d fulcrum -Atqc "$1"; }

# ---------------------------------------------------------------- backends and instances
backend_ports=()
for ((i = 0; i < backends; i++)); do backend_ports+=($((first_backend + i))); done
start_backends "${backend_ports[@]}"
build_fulcrum
seeds=()
for p in "${backend_ports[@]}"; do seeds+=(--backend "http://127.0.0.1:$p"); done
# shellcheck disable=SC2206  # FULCRUM_JAVA_OPTS is split into words, as ./fulcrum splits it
java_opts=(${FULCRUM_JAVA_OPTS:--XX:+UseSerialGC -Xms48m -Xmx256m})
fulcrum_pids=()
for ((i = 0; i < instances; i++)); do
  flags=(serve "${proxy_ports[i]}" --host 127.0.0.1 --admin-port "${admin_ports[i]}" --instance-id "scale-$((i + 1))"
         --db "jdbc:postgresql://127.0.0.1:$pg_port/fulcrum" --db-user fulcrum --health-interval 1s --no-access-log)
  if [ "$i" = 0 ]; then flags+=("${seeds[@]}"); fi
  start "fulcrum-$((i + 1))" -- env FULCRUM_DB_PASSWORD="$PGPASSWORD" java "${java_opts[@]}" \
    -jar "$root/proxy-app/target/fulcrum.jar" "${flags[@]}"
  fulcrum_pids+=("$last_pid")
  wait_ready "fulcrum-$((i + 1))" "http://127.0.0.1:${admin_ports[i]}/healthz" "$last_pid" 60
done
live="$(curl -s "http://127.0.0.1:${admin_ports[0]}/api/instances" | grep -o '"id"' | wc -l)"
echo "# $live live instance(s), $(sql "SELECT COUNT(*) FROM backend") backends; warming up for ${warmup}s" >&2
sleep "$warmup"

# ---------------------------------------------------------------- the window
clk_tck="$(getconf CLK_TCK)"
rows_by_instance() { sql "SELECT instance_id || ' ' || COUNT(*) FROM health_check GROUP BY instance_id ORDER BY 1"; }
# The postmaster (under runuser when run as root) and the sessions it forked.
family "$pg_pid"; pg_procs=("${procs[@]}")
pg_kids=(); read -ra pg_kids 2>/dev/null <"/proc/$pg_pid/task/$pg_pid/children" || true
for kid in "${pg_kids[@]}"; do family "$kid"; pg_procs+=("${procs[@]}"); done
mapfile -t pg_procs < <(printf '%s\n' "${pg_procs[@]}" | sort -u)
cpu_ticks "${pg_procs[@]}"; pg_before=$ticks
fulcrum_before=()
for pid in "${fulcrum_pids[@]}"; do cpu_ticks "$pid"; fulcrum_before+=("$ticks"); done
rows_before="$(sql "SELECT COUNT(*) FROM health_check")"
declare -A by_before=()
while read -r id n; do by_before[$id]=$n; done < <(rows_by_instance)
started=$(date +%s.%N)
sleep "$secs"
elapsed="$(echo "$(date +%s.%N) - $started" | bc -l)"
rows_after="$(sql "SELECT COUNT(*) FROM health_check")"
declare -A by_after=()
while read -r id n; do by_after[$id]=$n; done < <(rows_by_instance)
# Sessions opened during the window count too: read the postmaster's children again.
read -ra pg_kids 2>/dev/null <"/proc/$pg_pid/task/$pg_pid/children" || true
for kid in "${pg_kids[@]}"; do family "$kid"; pg_procs+=("${procs[@]}"); done
mapfile -t pg_procs < <(printf '%s\n' "${pg_procs[@]}" | sort -u)
cpu_ticks "${pg_procs[@]}"; pg_after=$ticks

# ---------------------------------------------------------------- the table
printf '\n%s instances, %s backends, checks every 1 s, %.0f s measured\n\n' "$instances" "$backends" "$elapsed"
printf '| %-44s | %14s |\n' "figure" "value"
printf '|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..16})"
printf '| %-44s | %14.0f |\n' "probe rows written per second" "$(echo "($rows_after - $rows_before) / $elapsed" | bc -l)"
printf '| %-44s | %14.0f |\n' "probe rows due per second" "$((instances * backends))"
printf '| %-44s | %13.1f%% |\n' "PostgreSQL CPU (one core = 100%)" \
  "$(echo "($pg_after - $pg_before) * 100 / $clk_tck / $elapsed" | bc -l)"
for ((i = 0; i < instances; i++)); do
  cpu_ticks "${fulcrum_pids[i]}"
  id="scale-$((i + 1))"
  printf '| %-44s | %13.1f%% |\n' "$id CPU" "$(echo "($ticks - ${fulcrum_before[i]}) * 100 / $clk_tck / $elapsed" | bc -l)"
  printf '| %-44s | %13.1f%% |\n' "$id rows written, of those due" \
    "$(echo "(${by_after[$id]:-0} - ${by_before[$id]:-0}) * 100 / ($backends * $elapsed)" | bc -l)"
done

# ---------------------------------------------------------------- changes reaching every instance
[ "$changes" -gt 0 ] || exit 0
# The smallest revision applied among the live instances, or -1 while not all of them are listed.
applied_by_all() {
  local listed
  listed="$(curl -s --max-time 2 "http://127.0.0.1:${admin_ports[0]}/api/instances" \
    | grep -o '"revisionApplied":[0-9]*' | cut -d: -f2 | sort -n)" || true
  if [ "$(grep -c . <<<"$listed")" -lt "$instances" ]; then echo -1; else head -n 1 <<<"$listed"; fi
}
echo "# timing $changes change(s), each through the next instance" >&2
latencies=() slow=0
for ((c = 0; c < changes; c++)); do
  i=$((c % instances)) id=$((c % backends + 1))
  weight=$((c / backends % 2 + 2))  # 2, 3, 2, ...: always other than the backend's weight before (1 at first)
  headers="$(curl -s --max-time 10 -D - -o /dev/null -X PATCH -H 'Content-Type: application/json' \
    -d "{\"weight\": $weight}" "http://127.0.0.1:${admin_ports[i]}/api/backends/$id")"
  answered=$(date +%s%N)
  status="$(head -n 1 <<<"$headers" | cut -d' ' -f2)"
  revision="$(grep -i '^etag:' <<<"$headers" | tr -dc 0-9)"
  if [ "$status" != 200 ] || [ -z "$revision" ]; then
    echo "scale-out.sh: change $c (backend $id on scale-$((i + 1))) answered ${status:-nothing}" >&2; exit 1
  fi
  while [ "$(applied_by_all)" -lt "$revision" ]; do
    if [ $(( ($(date +%s%N) - answered) / 1000000 )) -gt 30000 ]; then
      echo "scale-out.sh: revision $revision had not reached every instance after 30 s" >&2; slow=$((slow + 1)); break
    fi
    sleep 0.01
  done
  latencies+=($(( ($(date +%s%N) - answered) / 1000000 )))
done
mapfile -t sorted < <(printf '%s\n' "${latencies[@]}" | sort -n)
n=${#sorted[@]}
p50=${sorted[$(( (n - 1) / 2 ))]} p99=${sorted[$(( (n * 99 + 99) / 100 - 1 ))]} worst=${sorted[n - 1]}
printf '\n%s change(s), each from the API answer to the last of %s instances applying it\n\n' "$n" "$instances"
printf '| %-44s | %14s |\n' "figure" "value"
printf '|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..16})"
printf '| %-44s | %11s ms |\n' "p50" "$p50" "p99" "$p99" "slowest" "$worst"
if [ "$slow" -gt 0 ]; then printf '| %-44s | %14s |\n' "changes not applied everywhere within 30 s" "$slow"; fi
