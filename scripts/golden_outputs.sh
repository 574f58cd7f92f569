#!/usr/bin/env bash
# Writes a fixed set of anesim outputs into a folder, so two builds can be compared byte for byte:
#   scripts/golden_outputs.sh build/cli/anesim /tmp/golden-before
#   (change the code, rebuild)
#   scripts/golden_outputs.sh build/cli/anesim /tmp/golden-after && diff -r /tmp/golden-before /tmp/golden-after
# A refactoring keeps this diff empty. The set: every shipped model on three chips in both layouts
# (`run --json --ops`, every op record), decode steps, precisions and power states, the text and
# trace outputs, every shipped sweep's reports and both validation reports.
set -euo pipefail
bin=${1:?usage: golden_outputs.sh ANESIM_BINARY OUTPUT_DIR}
out=${2:?usage: golden_outputs.sh ANESIM_BINARY OUTPUT_DIR}
mkdir -p "$out/run" "$out/sweep"
models=$(ls "$(dirname "$0")/../configs/models" | sed 's/\.yaml$//')
for chip in A15 M1Max M4; do
  for model in $models; do
    for layout in baseline ane; do
      "$bin" run --model "$model" --chip "$chip" --layout "$layout" --batch 2 --json --ops \
        > "$out/run/$model-$chip-$layout.json" 2>&1 || echo "exit $?" >> "$out/run/$model-$chip-$layout.json"
    done
  done
done
for model in gpt2 llama-3.2-1b qwen2.5-0.5b; do
  "$bin" run --model "$model" --chip A17Pro --layout both --phase decode --kv-len 255 --json --ops > "$out/run/$model-decode.json"
done
"$bin" run --model bert-base-uncased --chip A16 --layout both --weights int4 --sparsity 0.5 --json --ops > "$out/run/bert-int4.json"
"$bin" run --model distilbert --chip A15 --layout both --power-state low --seq 512 --batch 8 --json --ops > "$out/run/distilbert-low.json"
"$bin" run --model distilbert --chip M2Ultra --layout both --ane-instances 2 --json > "$out/run/distilbert-ultra.json"
"$bin" run --model distilbert --chip A15 --layout both --ops --trace "$out/run/distilbert-trace.json" > "$out/run/distilbert-text.txt"
"$bin" chips > "$out/chips.txt"
"$bin" models > "$out/models.txt"
for s in figure2 generations figure2-states; do
  "$bin" sweep "$s" -o "$out/sweep/$s" > /dev/null
done
"$bin" validate > "$out/validation.md"
"$bin" validate figure2 > "$out/validation-figure2.md"
