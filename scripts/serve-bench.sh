#!/usr/bin/env bash
# Load benchmark of `kaofa serve` (docs/benchmarks.md): per-examinee papers of 50 questions made on demand from a
# 10,000-question synthetic bank, POST /papers over loopback with wrk, every paper recorded in the registry.
# Usage: scripts/serve-bench.sh [SECONDS] [CONNECTIONS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
connections=${2:-64}
threads=${3:-2}
command -v wrk >/dev/null || { echo "serve-bench needs wrk: apt-get install wrk" >&2; exit 2; }
dir=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT

swift build -c release --product kaofa >/dev/null
swift build -c release --product kaofa-bench >/dev/null
.build/release/kaofa-bench generate "$dir/bank" --questions 10000 --files 20 >/dev/null
mkdir "$dir/blueprints"
.build/release/kaofa-bench blueprint > "$dir/blueprints/基准测试卷.yaml"

.build/release/kaofa serve --bank "$dir/bank" --blueprints "$dir/blueprints" --port 0 --db "$dir/kaofa.sqlite" 2>"$dir/serve.log" &
server=$!
port=""
for _ in $(seq 600); do
    port=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/serve.log" | head -1 | cut -d: -f3 || true)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$dir/serve.log" >&2; exit 1; }

# Every request a different examinee: the run (warm-up or measured), the thread id and a counter.
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

echo "== warm-up (5 s)"
wrk -t"$threads" -c"$connections" -d5s -s "$dir/post.lua" "http://127.0.0.1:$port/papers" -- warm >/dev/null
echo "== POST /papers, $connections connections, $threads wrk threads, ${seconds} s, every paper recorded"
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$dir/post.lua" "http://127.0.0.1:$port/papers" -- measured
echo "== recorded in the registry"
.build/release/kaofa history --db "$dir/kaofa.sqlite" --format json | grep -o '"papers": [0-9]*' || true
kill "$server"
wait "$server" 2>/dev/null || true
server=""
