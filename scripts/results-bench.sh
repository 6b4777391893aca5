#!/usr/bin/env bash
# Results benchmark (docs/benchmarks.md): a simulated province — PEOPLE enrolled staff in UNITS units under REGIONS
# 市(州), per-examinee papers of 50 items regenerated from the synthetic bank (kaofa-bench province), answer sheets
# from the documented item-response model — scored (kaofa score --bank/--blueprint/--seed) and reported
# (kaofa report), each timed with its peak memory.
# Usage: scripts/results-bench.sh [PEOPLE] [UNITS] [REGIONS]     (default: 1000000 2000 21)
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-1000000}
units=${2:-2000}
regions=${3:-21}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
swift build -c release --product kaofa >/dev/null
swift build -c release --product kaofa-bench >/dev/null
.build/release/kaofa-bench province "$dir" --people "$people" --units "$units" --regions "$regions"
echo "sheets: $(wc -l < "$dir/答卷.jsonl"), $(du -h "$dir/答卷.jsonl" | cut -f1)"
timed() {
    /usr/bin/time -f "  wall %e s, user %U s, system %S s, peak memory %M KB" "$@"
}
echo "== kaofa score"
(cd "$dir" && timed "$OLDPWD/.build/release/kaofa" score --bank bank --blueprint 基准测试卷.yaml --seed province \
    --responses 答卷.jsonl -o 成绩.csv)
echo "== kaofa report"
(cd "$dir" && timed "$OLDPWD/.build/release/kaofa" report --roster 名单.csv --scores 成绩.csv --blueprint 基准测试卷.yaml \
    --out 统计 --format json,html)
