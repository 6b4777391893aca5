#!/usr/bin/env bash
# The results loop of docs/results.md on a simulated exam: a roster of 300 staff in 12 units and 12 regions, one paper
# each from the leaders' blueprint, answer sheets and markers' points from the item-response model of
# Sources/Benchmarks/ExamSimulation.swift (question DN-0001 keyed wrongly on purpose), scored and reported.
# Usage: scripts/results-demo.sh [OUT_DIR]   (default: results-demo/)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-results-demo}
swift build --product kaofa >/dev/null
swift build --product kaofa-bench >/dev/null
kaofa=.build/debug/kaofa
bench=.build/debug/kaofa-bench
rm -rf "$out"
mkdir -p "$out"
$bench roster --people 300 --regions 3 --units 12 > "$out/名单.csv"
$kaofa build --blueprint Blueprints/领导干部任前法律知识考试.yaml --seed 2026-秋季 --examinees "$out/名单.csv" \
       --format json --out "$out/papers" --db "$out/kaofa.sqlite"
$bench responses "$out/papers" "$out/名单.csv" --mis-key DN-0001 --marks "$out/阅卷.csv" > "$out/答卷.jsonl"
$kaofa score --papers "$out/papers" --responses "$out/答卷.jsonl" --marks "$out/阅卷.csv" -o "$out/成绩.csv"
formats=json,html
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null; then formats=json,html,pdf; fi
$kaofa report --roster "$out/名单.csv" --scores "$out/成绩.csv" --blueprint Blueprints/领导干部任前法律知识考试.yaml \
       --out "$out/统计" --format "$formats"
