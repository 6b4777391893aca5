#!/usr/bin/env bash
# The results loop of docs/results.md on a simulated exam: a roster of 300 staff in 12 units and 12 regions, one paper
# each from the leaders' blueprint, answer sheets and markers' points from the item-response model of
# Sources/Benchmarks/ExamSimulation.swift, scored, analysed and reported. To show what item analysis finds, the demo
# builds from a copy of Banks/ in which question DN-0001 (党章第一条: 年满十八岁) is keyed wrongly on purpose (C, 二十岁);
# the simulated examinees who know the answer choose 十八岁.
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
cp -r Banks "$out/Banks"
python3 - "$out/Banks/党内法规.md" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
start = text.index("{#DN-0001 ")
answer = text.index("答案：B", start)
open(path, "w", encoding="utf-8").write(text[:answer] + "答案：C" + text[answer + len("答案：B"):])
PY
$kaofa build --bank "$out/Banks" --blueprint Blueprints/领导干部任前法律知识考试.yaml --seed 2026-秋季 --examinees "$out/名单.csv" \
       --format json --out "$out/papers" --db "$out/kaofa.sqlite"
$bench responses "$out/papers" "$out/名单.csv" --mis-key DN-0001 --true-answer 十八岁 --marks "$out/阅卷.csv" > "$out/答卷.jsonl"
$kaofa score --papers "$out/papers" --responses "$out/答卷.jsonl" --marks "$out/阅卷.csv" -o "$out/成绩.csv"
$kaofa analyze --papers "$out/papers" --responses "$out/答卷.jsonl" --marks "$out/阅卷.csv" -o "$out/分析.json" | head -12
formats=json,html
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null; then formats=json,html,pdf; fi
$kaofa report --roster "$out/名单.csv" --scores "$out/成绩.csv" --blueprint Blueprints/领导干部任前法律知识考试.yaml \
       --out "$out/统计" --format "$formats"
