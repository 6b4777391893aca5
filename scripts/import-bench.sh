#!/usr/bin/env bash
# Benchmarks `kaofa import` of a large CSV file, an Excel workbook and a Moodle XML file holding the same questions (see
# docs/benchmarks.md): a deterministic synthetic bank (kaofa-bench generate) is exported with `kaofa export --to csv`
# `--to xlsx` and `--to moodle`, and each file is imported into an empty directory, best of RUNS, with wall time and peak memory.
# Usage: scripts/import-bench.sh [QUESTIONS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
questions=${1:-100000}
runs=${2:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

swift build -c release --product kaofa >/dev/null
swift build -c release --product kaofa-bench >/dev/null
kaofa=.build/release/kaofa
.build/release/kaofa-bench generate "$dir/bank" --questions "$questions" --files 100 >/dev/null
"$kaofa" export "$dir/bank" --to csv -o "$dir/bank.csv" 2>"$dir/export.log" || { tail -3 "$dir/export.log"; exit 1; }
"$kaofa" export "$dir/bank" --to xlsx -o "$dir/bank.xlsx" 2>"$dir/export.log" || { tail -3 "$dir/export.log"; exit 1; }
"$kaofa" export "$dir/bank" --to moodle -o "$dir/bank.xml" 2>"$dir/export.log" || { tail -3 "$dir/export.log"; exit 1; }
printf 'bank: %s questions; bank.csv %s lines, %.1f MB; bank.xml %.1f MB\n' "$questions" "$(($(wc -l <"$dir/bank.csv") - 1))" \
    "$(awk "BEGIN{print $(stat -c %s "$dir/bank.csv") / 1048576}")" "$(awk "BEGIN{print $(stat -c %s "$dir/bank.xml") / 1048576}")"

measure() {
    # Files written by the steps above are flushed first: the import flushes its own bank to disk, and would wait for them.
    local label=$1 file=$2
    local best="" memory=""
    for _ in $(seq "$runs"); do
        rm -rf "$dir/out"
        mkdir "$dir/out"
        sync
        /usr/bin/time -f "%e %M" -o "$dir/time" "$kaofa" import "$file" -o "$dir/out/bank.md" --color never >/dev/null 2>"$dir/report" || true
        read -r seconds kilobytes <"$dir/time"
        if [ -z "$best" ] || awk "BEGIN{exit !($seconds < $best)}"; then best=$seconds; memory=$kilobytes; fi
    done
    printf '%-12s best of %s: %6.2f s  %8.0f questions/s  peak %5.0f MB   (%s)\n' "$label" "$runs" "$best" \
        "$(awk "BEGIN{print $questions / $best}")" "$(awk "BEGIN{print $memory / 1024}")" "$(grep '^导入' "$dir/report" | head -1)"
}

measure "import csv" "$dir/bank.csv"
measure "import xlsx" "$dir/bank.xlsx"
measure "import xml" "$dir/bank.xml"
