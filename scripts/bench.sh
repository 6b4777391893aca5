#!/usr/bin/env bash
# Benchmarks `kaofa check` and `kaofa compile` on a deterministic synthetic bank (see docs/benchmarks.md).
# Usage: scripts/bench.sh [QUESTIONS] [FILES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
questions=${1:-100000}
files=${2:-100}
runs=${3:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

swift build -c release --product kaofa >/dev/null
swift build -c release --product kaofa-bench >/dev/null
.build/release/kaofa-bench generate "$dir/bank" --questions "$questions" --files "$files"

measure() {
    local label=$1; shift
    local best=""
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null 2>"$dir/stderr" || true
        read -r seconds kilobytes <"$dir/time"
        if [ -z "$best" ] || awk "BEGIN{exit !($seconds < $best)}"; then best=$seconds; memory=$kilobytes; fi
    done
    printf '%-8s best of %s: %6.2f s  %8.0f questions/s  peak %5.0f MB   (%s)\n' "$label" "$runs" "$best" \
        "$(awk "BEGIN{print $questions / $best}")" "$(awk "BEGIN{print $memory / 1024}")" "$(tail -1 "$dir/stderr")"
}

measure check .build/release/kaofa check "$dir/bank"
measure compile .build/release/kaofa compile "$dir/bank" -o "$dir/bank.json"
