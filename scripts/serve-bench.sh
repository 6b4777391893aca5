#!/usr/bin/env bash
# Load benchmark of `kaofa serve` (docs/benchmarks.md): per-examinee papers of 50 questions made on demand from a
# 10,000-question synthetic bank, POST /papers over loopback with wrk, every paper recorded in the registry.
#
# Usage: scripts/serve-bench.sh [SECONDS] [CONNECTIONS] [THREADS] [--db sqlite|postgres] [--instances N]
#   --db postgres   a throwaway PostgreSQL 15 server (initdb + pg_ctl in a temporary directory) as the registry
#   --instances N   N `kaofa serve` processes sharing the registry; the connections are split evenly across them,
#                   one wrk per instance, started together; papers/s is their sum
set -euo pipefail
cd "$(dirname "$0")/.."
positional=()
db=sqlite
instances=1
while [ $# -gt 0 ]; do
    case "$1" in
        --db) db=$2; shift 2 ;;
        --instances) instances=$2; shift 2 ;;
        *) positional+=("$1"); shift ;;
    esac
done
seconds=${positional[0]:-30}
connections=${positional[1]:-64}
threads=${positional[2]:-2}
command -v wrk >/dev/null || { echo "serve-bench needs wrk: apt-get install wrk" >&2; exit 2; }
[ "$db" = sqlite ] || [ "$db" = postgres ] || { echo "--db is sqlite or postgres" >&2; exit 2; }
dir=$(mktemp -d)
servers=()
pgbin=""
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [ -n "$pgbin" ]; then as_postgres "$pgbin/pg_ctl" -D "$dir/pg/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

swift build -c release --product kaofa >/dev/null
swift build -c release --product kaofa-bench >/dev/null
.build/release/kaofa-bench generate "$dir/bank" --questions 10000 --files 20 >/dev/null
mkdir "$dir/blueprints"
.build/release/kaofa-bench blueprint > "$dir/blueprints/基准测试卷.yaml"

if [ "$db" = postgres ]; then
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    [ -x "$pgbin/initdb" ] || { echo "serve-bench --db postgres needs PostgreSQL: apt-get install postgresql" >&2; exit 2; }
    mkdir -p "$dir/pg"
    chmod 755 "$dir"   # the server's own user must reach its directory inside
    echo "bench-password" >"$dir/pg/password"
    [ "$(id -u)" -eq 0 ] && chown -R postgres "$dir/pg"
    pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_postgres "$pgbin/initdb" -D "$dir/pg/data" -U kaofa --pwfile="$dir/pg/password" -E UTF8 --no-locale \
        --auth-host=scram-sha-256 --auth-local=trust >/dev/null
    # PostgreSQL's defaults, durable commits included (synchronous_commit on, fsync on).
    as_postgres "$pgbin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w \
        -o "-p $pgport -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    PGPASSWORD=bench-password "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U kaofa -d postgres -qc "CREATE DATABASE kaofa"
    export PGPASSWORD=bench-password
    registry="postgres://kaofa@127.0.0.1:$pgport/kaofa?sslmode=disable"
else
    registry="$dir/kaofa.sqlite"
fi

ports=()
for n in $(seq "$instances"); do
    .build/release/kaofa serve --bank "$dir/bank" --blueprints "$dir/blueprints" --port 0 --db "$registry" 2>"$dir/serve-$n.log" &
    servers+=($!)
done
for n in $(seq "$instances"); do
    port=""
    for _ in $(seq 600); do
        port=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve-$n.log" | head -1 | cut -d: -f3 || true)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$dir/serve-$n.log" >&2; exit 1; }
    ports+=("$port")
done

# Every request a different examinee: the run (warm-up or measured), the instance, the thread id and a counter.
cat >"$dir/post.lua" <<'LUA'
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
  run = args[1] or "run"
end
function request()
  counter = counter + 1
  local body = string.format('{"blueprint":"基准测试卷","seed":"bench","examinee":"%s-%d-%d"}', run, id, counter)
  return wrk.format("POST", "/papers", {["Content-Type"] = "application/json"}, body)
end
function done(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d status, %d connect, %d read, %d write, %d timeout\n",
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
LUA

per_connections=$((connections / instances))
per_threads=$(( threads / instances > 0 ? threads / instances : 1 ))
run_wrk() { # label duration extra-args…
    local label=$1 duration=$2
    shift 2
    local pids=()
    for n in $(seq "$instances"); do
        wrk -t"$per_threads" -c"$per_connections" -d"$duration" "$@" -s "$dir/post.lua" \
            "http://127.0.0.1:${ports[$((n - 1))]}/papers" -- "$label-$n" >"$dir/wrk-$label-$n.txt" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
}

# CPU seconds used so far by processes (utime + stime, and cutime + cstime: children that already exited).
cpu_seconds() {
    python3 - "$@" <<'PY'
import os, sys
tick = os.sysconf("SC_CLK_TCK")
total = 0
for pid in sys.argv[1:]:
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        total += sum(int(x) for x in fields[11:15])
    except OSError:
        pass
print(total / tick)
PY
}
postgres_pids() {
    [ -n "$pgbin" ] || return 0
    local main
    main=$(head -1 "$dir/pg/data/postmaster.pid")
    echo "$main" $(pgrep -P "$main" || true)
}

echo "== $instances instance(s), registry: $db"
echo "== warm-up (5 s)"
run_wrk warm 5s
echo "== POST /papers, $connections connections in all, ${seconds} s, every paper recorded"
kaofa_before=$(cpu_seconds "${servers[@]}")
pg_before=$(cpu_seconds $(postgres_pids))
run_wrk measured "${seconds}s" --latency
kaofa_cpu=$(python3 -c "print(round($(cpu_seconds "${servers[@]}") - $kaofa_before, 1))")
pg_cpu=$(python3 -c "print(round($(cpu_seconds $(postgres_pids)) - $pg_before, 1))")
total=0
for n in $(seq "$instances"); do
    echo "-- instance $n (port ${ports[$((n - 1))]})"
    cat "$dir/wrk-measured-$n.txt"
    rate=$(grep '^Requests/sec' "$dir/wrk-measured-$n.txt" | awk '{print $2}')
    total=$(python3 -c "print(round($total + $rate))")
done
echo "== papers/s, all instances: $total"
papers=$(python3 -c "print(round($total * $seconds))")
echo "== CPU in the measured ${seconds} s: kaofa serve ${kaofa_cpu} s ($(python3 -c "print(round($papers / max($kaofa_cpu, 0.1)))") papers per CPU-second)$([ -n "$pgbin" ] && echo ", PostgreSQL ${pg_cpu} s ($(python3 -c "print(round($papers / max($pg_cpu, 0.1)))") papers per CPU-second)")"
echo "== recorded in the registry"
.build/release/kaofa history --db "$registry" --format json | grep -o '"papers": [0-9]*' || true
