#!/usr/bin/env bash
# The CLI's contract: exit 0 on success, 1 on invalid input, 2 on usage errors; errors name the
# valid choices. Usage: cli_test.sh path/to/anesim
set -u
anesim="$1"
failures=0
checks=0
source "$(dirname "$0")/cli_expect.sh"
expect 0 "baseline / ane" -- run --model distilbert --chip A15 --layout both --seq 128 --batch 1
expect 0 '"latency_s"' -- run --model distilbert --chip A15 --layout ane --seq 512 --batch 8 --json
expect 0 "A15" -- chips
expect 0 "66,955,010" -- models
expect 1 "unknown chip 'Z99'.*" -- run --chip Z99
expect 1 "valid choices: .*A15" -- run --chip Z99
expect 1 "unknown model 'gpt9'" -- run --model gpt9
expect 1 "seq 1 or more" -- run --seq 0
expect 1 "batch 1 or more" -- run --batch -1
expect 1 "seq 512 or less" -- run --seq 600
expect 2 "layout" -- run --layout nchw
expect 2 "" -- run --no-such-flag
expect 0 "Examples" -- run --help
expect 0 "decode with a 1024-token KV cache, int4 weights" -- run --model llama-3.2-1b --chip M4 --phase decode --kv-len 1024 --weights int4
expect 0 '"phase": "decode", "kv_len": 100' -- run --model gpt2 --layout ane --phase decode --kv-len 100 --json
expect 1 "no decode phase" -- run --model distilbert --phase decode
expect 1 "kv_len 1 to 1023" -- run --model gpt2 --phase decode --kv-len 5000
expect 2 "weights" -- run --weights int3
expect 2 "sparsity" -- run --sparsity 1.5
# Validation against published measurements: the shipped set, its CSV, an unknown set.
# generate: a reply's summary, per-token rows and JSON; bad input is exit 1 (2 for a flag's choices).
expect 0 "time to first token" -- generate --model gpt2 --chip M4 --prompt 64 --new-tokens 40
expect 0 '"kv_cache": "io"' -- generate --model gpt2 --chip M4 --prompt 64 --new-tokens 40 --kv-cache io --json
expect 0 "KV cache fixed of 128 rows" -- generate --model gpt2 --chip M4 --prompt 64 --new-tokens 40 --kv-cache fixed --context 128
expect 1 "is an encoder" -- generate --model distilbert --chip A15
expect 1 "1025 positions" -- generate --model gpt2 --prompt 1000 --new-tokens 26
expect 1 "fixed cache" -- generate --model gpt2 --context 128
expect 1 "use chunks 1 to 12" -- generate --model gpt2 --chunks 13
expect 2 "kv-cache" -- generate --model gpt2 --kv-cache paged
expect 0 "Examples" -- generate --help
expect 0 "seed-distilbert-A15-ane .* 3.47 ms" -- validate
expect 0 "Held out" -- validate published
expect 1 "unknown validation 'nosuch'" -- validate nosuch
expect 0 "Examples" -- validate --help
# Sweeps: the same files whatever the thread count; a bad axis fails before anything runs.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect 0 "" -- sweep figure2 -o "$tmp/one" --jobs 1
expect 0 "" -- sweep figure2 -o "$tmp/two" --jobs 2
checks=$((checks + 1))
if ! cmp -s "$tmp/one/results.csv" "$tmp/two/results.csv" || ! cmp -s "$tmp/one/results.json" "$tmp/two/results.json" ||
   ! cmp -s "$tmp/one/report.html" "$tmp/two/report.html" || [[ $(wc -l < "$tmp/one/results.csv") -ne 41 ]]; then
  echo "FAIL: figure2 with --jobs 1 and 2 differ, or the CSV is not 40 rows + header"
  failures=$((failures + 1))
fi
sed 's/chips: \[A15\]/chips: [A15, A99]/' "$(dirname "$0")/../configs/sweeps/figure2.yaml" > "$tmp/bad.yaml"
expect 1 "bad.yaml:[0-9]+:[0-9]+: .*unknown chip 'A99'" -- sweep "$tmp/bad.yaml" -o "$tmp/never"
checks=$((checks + 1))
if [[ -e "$tmp/never" ]]; then echo "FAIL: a rejected sweep created its output folder"; failures=$((failures + 1)); fi
expect 1 "figure2.*generations|generations.*figure2" -- sweep nosuch
expect 0 "A15 \(low power state\)" -- run --model distilbert --chip A15 --layout ane --power-state low
expect 0 '"power_state": "low".*' -- run --model distilbert --chip A15 --layout ane --power-state low --json
expect 1 "valid choices: high, low" -- run --chip A15 --power-state turbo
# Sizes: bounded up front, every product checked, nothing clamped or read as octal (issue 16).
expect 1 "batch 1000000000000 is above 4096, the largest anesim accepts" -- run --layout baseline --seq 512 --batch 1000000000000
expect 1 "batch 9223372036854775807 is above 4096" -- run --batch 9223372036854775807
expect 1 "--batch 99999999999999999999 is out of range: it does not fit in 64 bits" -- run --batch 99999999999999999999
expect 1 "--seq '0x10' is not a whole number" -- run --seq 0x10
expect 0 "seq 10," -- run --layout ane --seq 010
expect 1 "tensor of shape \(1,32,4194304,4194304\) has more than 1099511627776 elements" -- run --model llama-3.2-1b --seq 4194304
expect 1 "kv_len 1 to 1023" -- run --model gpt2 --phase decode --kv-len 9223372036854775807
# Options that would change nothing are refused, with the reason.
expect 1 "kv_len 100 is not used: only a decode run has a KV cache" -- run --kv-len 100
expect 1 "seq 64 is not used: vit-base-patch16-224's image input fixes its sequence at 197" -- run --model vit-base-patch16-224 --seq 64
expect 0 "seq 197" -- run --model vit-base-patch16-224 --layout ane --seq 197
expect 1 "seq 3000 is not used: whisper-base-encoder's audio input fixes its sequence at 1500" -- run --model whisper-base-encoder --seq 3000
expect 1 "seq 12 is not used: a decode run feeds one new token" -- run --model gpt2 --phase decode --seq 12
expect 1 "--top is not used without --ops" -- run --top 5
expect 1 "--top is not used with --json" -- run --ops --top 5 --json
expect 1 "--top -1 is out of range" -- run --ops --top -1
expect 0 "\(5 shown" -- run --layout ane --ops --top 5
expect 1 "chip 'A15' has 1 ANE instance, not 0" -- run --ane-instances 0
# Defaults valid for every model: gpt2 has 1024 positions, so its default cache is 1023.
expect 0 "decode with a 1023-token KV cache" -- run --model gpt2 --layout ane --phase decode
expect 0 "decode with a 1024-token KV cache" -- run --model llama-3.2-1b --chip M4 --layout ane --phase decode
expect 0 "max_positions - 1 if smaller" -- run --help
expect 1 "sparsity nan is not in \[0, 0.99\]" -- run --sparsity nan
# A failed write to standard output is an error, not exit 0 with nothing written.
checks=$((checks + 1))
out=$("$anesim" run --json 2>&1 > /dev/full)
got=$?
if [[ $got -ne 1 ]] || ! grep -q "cannot write to standard output" <<<"$out"; then
  echo "FAIL: anesim run --json > /dev/full -> exit $got (want 1), output: $out"
  failures=$((failures + 1))
fi
# Adversarial inputs (issue 16). A file past the 1 MiB bound is refused before it is parsed, at
# the line where the bound falls; an alias bomb in a sweep file is refused as fast as in a model.
{ echo "name: big"; yes "# $(printf '%040d' 0)" | head -n 40000; } > "$tmp/big.yaml"
expect 1 "big.yaml:24387:12: the file is longer than 1048576 bytes, the most a config may be" -- run --model "$tmp/big.yaml"
expect 1 "model_alias_bomb.yaml:6:45: the config expands to more than 100000 nodes" -- sweep "$(dirname "$0")/data/bad/model_alias_bomb.yaml" -o "$tmp/never"
# A sweep's name goes into results.json: a byte that is not UTF-8 is refused at its line.
sed 's/^name: .*/name: fig\xff2/' "$(dirname "$0")/../configs/sweeps/figure2.yaml" > "$tmp/latin1.yaml"
expect 1 "latin1.yaml:[0-9]+:10: the file is not valid UTF-8: byte 0xff" -- sweep "$tmp/latin1.yaml" -o "$tmp/never"
# A loop of symbolic links is the user's path to fix (exit 1), not an internal error (exit 3).
ln -s "$tmp/loop_b.yaml" "$tmp/loop_a.yaml"
ln -s "$tmp/loop_a.yaml" "$tmp/loop_b.yaml"
expect 1 "cannot open '.*loop_a.yaml': Too many levels of symbolic links" -- run --model "$tmp/loop_a.yaml"
expect 1 "the path is a loop of symbolic links" -- run --chip "$tmp/loop_a.yaml"
expect 1 "cannot open '.*loop_a.yaml'" -- sweep "$tmp/loop_a.yaml" -o "$tmp/never"
# One live sweep per -o folder: while another process holds the folder's lock the sweep is refused
# and writes nothing; once released, the sweep writes its four files, and no lock or temporary
# file is left beside them.
mkdir -p "$tmp/busy"
exec 9>"$tmp/busy/.anesim-sweep.lock"  # this shell holds the lock, as a live sweep would
flock -n 9
expect 1 "another sweep is writing to '.*busy' \(it holds .anesim-sweep.lock\)" -- sweep figure2 -o "$tmp/busy"
checks=$((checks + 1))
if [[ -e "$tmp/busy/results.csv" ]]; then echo "FAIL: a refused sweep wrote into the held folder"; failures=$((failures + 1)); fi
exec 9>&-
expect 0 "figure2: 40 points" -- sweep figure2 -o "$tmp/busy"
checks=$((checks + 1))
if [[ "$(ls -A "$tmp/busy" | tr '\n' ' ')" != "report.html report.md results.csv results.json " ]]; then
  echo "FAIL: the sweep folder holds more than its four files: $(ls -A "$tmp/busy")"
  failures=$((failures + 1))
fi
# The console and --help name report.html, the best output, and --help lists every sweep key.
expect 0 "report\.html" -- sweep --help
expect 0 "phase, kv_len and power_state" -- sweep --help
expect 0 "busy/report\.html" -- sweep figure2 -o "$tmp/busy"
expect 0 "^figure2: 40 points on [0-9]+ threads?, about .* \(timed on 3 of them\)" -- sweep figure2 -o "$tmp/busy"
# Reports that show every axis (issue 16): a 180-point sweep (5 chips x 2 models x 3 weights x
# 3 kv_len x 2 layouts) has a panel row, with its charts, for every model, weights and kv_len.
cat > "$tmp/axes.yaml" <<'YAML'
name: axes
description: every axis of a decode study
chips: [A15, A17Pro, M1, M2, M4]
models: [gpt2, qwen2.5-0.5b]
layouts: [baseline, ane]
weights: [fp16, int8, int4]
phase: [decode]
kv_len: [128, 256, 512]
seq: [1]
batch: [1]
YAML
expect 0 "axes: 180 points" -- sweep "$tmp/axes.yaml" -o "$tmp/axes"
checks=$((checks + 1))
missing=""
for model in gpt2 qwen2.5-0.5b; do
  # The model's section, from its heading to the next section's.
  section=$(awk -v h="<h2>Chips compared: $model</h2>" '$0 == h {on = 1; next} /^<h2>/ {on = 0} on' "$tmp/axes/report.html")
  for w in fp16 int8 int4; do
    for kv in 128 256 512; do
      row=$(awk -v h="<h3>$w weights · KV cache $kv · seq 1, batch 1</h3>" '$0 == h {on = 1; next} /^<h[23]>/ {on = 0} on' <<<"$section")
      # Latency, energy and power, each with a bar for each of the 5 chips in both layouts.
      [[ $(grep -c '<svg class="chart"' <<<"$row") -eq 3 && $(grep -o '<rect [^>]*><title>' <<<"$row" | wc -l) -eq 30 ]] ||
        missing+=" $model/$w/kv$kv"
    done
  done
done
if [[ -n "$missing" ]]; then echo "FAIL: report.html lacks the charts of:$missing"; failures=$((failures + 1)); fi
# generations: energy and power, per chip, in both power states.
expect 0 "" -- sweep generations -o "$tmp/gen"
checks=$((checks + 1))
if ! grep -q '<title>Energy per inference</title>' "$tmp/gen/report.html" || ! grep -q '<title>Average power</title>' "$tmp/gen/report.html" ||
   ! grep -q '>ane, low power<' "$tmp/gen/report.html"; then
  echo "FAIL: generations' report.html has no energy or power chart in both power states"
  failures=$((failures + 1))
fi
# Errors that point at the right file (issue 16).
# A variant of a shipped chip that keeps its base's devices: the user's file is named, not A15.yaml.
printf 'base: A15\nname: My A15\nmemory:\n  page_bytes: 16384\n' > "$tmp/my_chip.yaml"
expect 1 "error: $tmp/my_chip.yaml:1:1: key 'devices': a variant lists its base's devices" -- run --chip "$tmp/my_chip.yaml"
checks=$((checks + 1))
if "$anesim" run --chip "$tmp/my_chip.yaml" 2>&1 | grep -q "configs/chips/A15.yaml"; then
  echo "FAIL: an error in a user's chip file names the shipped A15.yaml"; failures=$((failures + 1))
fi
# A Hugging Face config.json is read as one (models/hf_config.cpp), by path or by bare file name:
# this one lacks four of gpt2's sizes, named at once.
printf '{\n  "architectures": ["GPT2LMHeadModel"],\n  "model_type": "gpt2",\n  "n_embd": 768\n}\n' > "$tmp/config.json"
expect 1 "config.json:1:1: missing 4 required keys: 'vocab_size', 'n_layer', 'n_head', 'n_positions'" -- run --model "$tmp/config.json"
checks=$((checks + 1))
out=$(cd "$tmp" && "$anesim" run --model config.json 2>&1)
if ! grep -q "error: config.json:1:1: missing 4 required keys" <<<"$out"; then
  echo "FAIL: --model config.json -> $out"; failures=$((failures + 1))
fi
printf '{\n  "name": "not a model"\n}\n' > "$tmp/other.json"
expect 1 "other.json:1:1: this is a JSON file but not a Hugging Face config.json" -- run --model "$tmp/other.json"
# A relative model or chip path in a sweep file is the sweep file's, wherever anesim runs from.
mkdir -p "$tmp/study/models"
sed 's/^name: .*/name: my-gpt2/' "$(dirname "$0")/../configs/models/gpt2.yaml" > "$tmp/study/models/mine.yaml"
cp "$tmp/my_chip.yaml" "$tmp/study/chip.yaml" && printf 'devices: my bench\n' >> "$tmp/study/chip.yaml"
printf 'name: rel\ndescription: relative paths\nchips: [chip.yaml]\nmodels: [models/mine.yaml]\nlayouts: [ane]\nseq: [64]\nbatch: [1]\n' > "$tmp/study/rel.yaml"
checks=$((checks + 1))
out=$(cd / && "$anesim" sweep "$tmp/study/rel.yaml" -o "$tmp/rel-out" 2>&1)
if [[ $? -ne 0 ]] || ! grep -q "my-gpt2" "$tmp/rel-out/results.csv"; then
  echo "FAIL: a sweep's relative paths are not taken from its folder: $out"; failures=$((failures + 1))
fi
printf 'name: rel\ndescription: d\nchips: [A15]\nmodels: [nosuch/mine.yaml]\nlayouts: [ane]\nseq: [64]\nbatch: [1]\n' > "$tmp/study/bad_rel.yaml"
expect 1 "bad_rel.yaml:4:[0-9]+: key 'models': no such file '$tmp/study/nosuch/mine.yaml'" -- sweep "$tmp/study/bad_rel.yaml" -o "$tmp/never"
expect 1 "a relative path in a sweep file is taken from the sweep file's folder" -- sweep "$tmp/study/bad_rel.yaml" -o "$tmp/never"
# Rule 13: a run that does not fit its device is a valid prediction (exit 0) that says so, in the
# table and the JSON; one that fits says that too.
expect 0 "fits on device +no: peak [0-9.]+ [GT]B > 1.61 GB an app may use of 2.15 GB DRAM \(A11, iPhone 8\)" -- run --model llama-2-70b --chip A11 --layout ane --seq 4096 --batch 8
expect 0 "weights [0-9.]+ GB > 3.76 GB ANE address window \(A11\)" -- run --model llama-2-70b --chip A11 --layout ane --seq 4096 --batch 8
expect 0 '"fits": false, "fit_reason": "peak .*DRAM \(A11, iPhone 8\); weights' -- run --model llama-2-70b --chip A11 --layout ane --seq 4096 --batch 8 --json
expect 0 "fits on device +yes +yes" -- run --model distilbert --chip A15 --layout both
# Weights beyond the ANE window: the program would not load, so every op runs on the CPU.
expect 0 "ANE address window \(M4\): the model runs on the CPU" -- run --model llama-2-7b --chip M4 --layout ane --seq 16
expect 0 "ops: ANE / CPU \(elided\) +0 / " -- run --model llama-2-7b --chip M4 --layout ane --seq 16
expect 0 "fits on device +yes" -- run --model llama-2-7b --chip M4 --layout ane --seq 16 --weights int4
expect 0 '"fits": true, "fit_reason": ""' -- run --model distilbert --chip A15 --layout ane --json
# Apple's Figure 2 over the predictions: the mean-of-states study carries the digitized points.
expect 0 "figure2-states: 80 points" -- sweep figure2-states --measured figure2 -o "$tmp/fig2-measured"
checks=$((checks + 1))
if ! grep -q "(mean of the power states)" "$tmp/fig2-measured/report.html" ||
   ! grep -q "<title>measured, batch 8, x 32: 20 ms</title>" "$tmp/fig2-measured/report.html"; then
  echo "FAIL: sweep --measured figure2 drew no Figure 2 point over the mean of the states"; failures=$((failures + 1))
fi
expect 1 "unknown validation 'nosuch'" -- sweep figure2 --measured nosuch -o "$tmp/never"
# Docs that resolve: no tracked file cites the design notes and research files a clone lacks.
checks=$((checks + 1))
repo="$(cd "$(dirname "$0")/.." && pwd)"
if cited=$(git -C "$repo" grep -nE '\.\./shared/|shared/research|shared/DESIGN|ane_facts|facts §|DESIGN' -- . ':!tests/cli_test.sh' 2>/dev/null); then
  echo "FAIL: tracked files cite files outside the repository (use docs/sources.md, docs/modelling-rules.md):"
  echo "$cited" | head -5
  failures=$((failures + 1))
fi
# What-ifs over the lowering's passes (sim/lower/passes.def): rule 3 left out, and names refused.
expect 0 "what-if: the lowering without transposes" -- run --model distilbert --chip A15 --layout baseline --without-pass transposes
expect 0 "hardware transposes +0$" -- run --model distilbert --chip A15 --layout baseline --without-pass transposes --without-pass repacks
expect 1 "unknown lowering pass 'nosuch'" -- run --without-pass nosuch
expect 1 "'liveness' cannot be left out" -- run --without-pass liveness
# Published Hugging Face config.json files (tests/data/hf/, copied from the hub) run as the
# shipped models they are: the JSON is the shipped YAML's byte for byte, bar the model's label.
hf="$(dirname "$0")/data/hf"
for pair in bert-base-uncased:A15 distilbert:A15 roberta-base:M4 gpt2:M4 llama-3.2-1b:M4 qwen2.5-0.5b:A17Pro \
            llama-2-7b:M4 mistral-7b:M4 vit-base-patch16-224:A15; do
  name=${pair%%:*} chip=${pair##*:}
  checks=$((checks + 1))
  unlabelled() { sed 's/"model": "[^"]*"/"model": _/'; }
  if ! cmp -s <("$anesim" run --model "$hf/$name/config.json" --chip "$chip" --layout both --json | unlabelled) \
              <("$anesim" run --model "$name" --chip "$chip" --layout both --json | unlabelled); then
    echo "FAIL: $hf/$name/config.json does not run as the shipped $name"; failures=$((failures + 1))
  fi
done
expect 0 '"model": "meta-llama/Llama-2-7b-hf"' -- run --model "$hf/llama-2-7b" --seq 16 --json
expect 0 '"phase": "decode", "kv_len": 255' -- run --model "$hf/qwen2.5-0.5b" --phase decode --kv-len 255 --json
# Mistral's 4096-token sliding window bounds the sequence; an unknown model_type lists the known.
expect 1 "sequence length 5000 exceeds .*4096-token attention window" -- run --model "$hf/mistral-7b" --seq 5000
expect 1 "model_type 'gpt_neox' is not one anesim reads" -- run --model <(sed 's/"gpt2"/"gpt_neox"/' "$hf/gpt2/config.json")
expect 1 "supported model types: bert, roberta, distilbert, gpt2, llama, mistral, qwen2" -- run --model "$(dirname "$0")/data/bad/model_hf_unknown_type.json"
expect 1 "'$tmp/study' is a folder without a config.json" -- run --model "$tmp/study"
# The newer families (models/hf_config_newer.cpp) run, and a malformed file exits 1 naming its
# file, line and key: a missing size, a wrong type, an unknown key.
expect 0 '"model": "qwen3-0.6b", "chip": "M4", "layout": "ane"' -- run --model "$hf/qwen3-0.6b" --chip M4 --seq 16 --json
expect 0 '"parameter_count": 2614341888' -- run --model "$hf/gemma-2-2b" --chip M4 --layout both --seq 16 --json
sed '/"hidden_size": 1024,/d' "$hf/qwen3-0.6b/config.json" > "$tmp/qwen3_missing.json"
expect 1 "qwen3_missing.json:1:1: missing required key 'hidden_size'" -- run --model "$tmp/qwen3_missing.json"
sed 's/"head_dim": 128/"head_dim": [128]/' "$hf/qwen3-0.6b/config.json" > "$tmp/qwen3_type.json"
expect 1 "qwen3_type.json:9:[0-9]+: key 'head_dim': expected a number, found a list" -- run --model "$tmp/qwen3_type.json"
sed 's/"sliding_window": 4096,/"sliding_window": 4096,\n  "sliding_window_pattern": 6,/' "$hf/gemma-2-2b/config.json" > "$tmp/gemma2_unknown.json"
expect 1 "gemma2_unknown.json:28:[0-9]+: key 'sliding_window_pattern': anesim does not read this key for model_type 'gemma2'" \
  -- run --model "$tmp/gemma2_unknown.json"
# `anesim advise`: findings by the seed's principles, ranked, with reruns' savings; one layout.
expect 0 "1 data format +hardware transposes +50 .* rerun" -- advise --model distilbert --chip A15 --seq 128 --batch 1
expect 0 "rerun without the transposes pass" -- advise --model distilbert --chip A15
expect 0 '"id": "transposes"' -- advise --model distilbert --chip A15 --json
expect 0 "4 bandwidth +int4 weights" -- advise --model distilbert --chip A15 --layout ane
checks=$((checks + 1))
if "$anesim" advise --model distilbert --chip A15 --layout ane --json | grep -q '"id": "transposes"'; then
  echo "FAIL: advise found transposes in the ANE layout, which has none"; failures=$((failures + 1))
fi
expect 0 "does not fit the device" -- advise --model llama-2-7b --chip A15 --layout ane --seq 16
expect 0 "Examples:" -- advise --help
expect 2 "--bogus" -- advise --bogus
expect 2 "unknown layout 'both'" -- advise --layout both
# The principles as layout switches: a combination runs; an invalid one says why and lists the valid.
expect 0 "baseline\+bc1s\+heads" -- run --model distilbert --chip A15 --layout baseline+bc1s+heads
expect 2 "heads needs bc1s.*valid layouts: ane, baseline, baseline\+bc1s" -- run --layout baseline+heads
expect 2 "in this order: bc1s, heads, einsum, mask" -- advise --layout baseline+mask+bc1s
# The what-if waterfall: each step a rerun, baseline to ane, then int8 and int4.
expect 0 "\+einsum, no transposes +baseline\+bc1s\+heads\+einsum" -- advise --model distilbert --chip A15
expect 0 "baseline -> ane: the layout steps save .* \(2.79x faster\)" -- advise --model distilbert --chip A15
expect 0 '"waterfall": \{"not_applicable": "", "ane_step": 4, "steps": \[' -- advise --model distilbert --chip A15 --json
expect 0 "2 chunking +intermediates spill to DRAM .* rerun" -- advise --model distilbert --chip A15 --seq 512 --batch 8
expect 0 "What-if" -- advise --model distilbert --chip A15 --html "$tmp/advise.html"
if ! grep -q "<h2>What-if, principle by principle</h2>" "$tmp/advise.html" || [[ $(grep -o "<svg class=\"chart\"" "$tmp/advise.html" | wc -l) -ne 4 ]]; then
  echo "FAIL: advise --html wrote no page with four waterfall charts"; failures=$((failures + 1))
fi
# The page's "Each fix alone" table has the text's six rows: bc1s, heads, einsum, mask, int8, int4.
if [[ $(sed -n '/<h2>Each fix alone<\/h2>/,/<\/table>/p' "$tmp/advise.html" | grep -c '^<tr><td>') -ne 6 ]] ||
   ! grep -q '<tr><td>mask alone</td><td>baseline</td>' "$tmp/advise.html"; then
  echo "FAIL: advise --html has no six-row table of each fix alone"; failures=$((failures + 1))
fi
expect 1 "advise.html" -- advise --model distilbert --chip A15 --html "$tmp/no/such/dir/advise.html"
# A sweep's layout axis takes the switches too, and says why a combination is invalid.
printf 'name: principles\ndescription: d\nchips: [A15]\nmodels: [distilbert]\nlayouts: [baseline, baseline+bc1s+heads, ane]\nseq: [128]\nbatch: [1]\n' > "$tmp/principles.yaml"
expect 0 "results.csv" -- sweep "$tmp/principles.yaml" -o "$tmp/principles"
if ! grep -q "^distilbert,A15,baseline+bc1s+heads,prefill" "$tmp/principles/results.csv"; then
  echo "FAIL: the sweep has no baseline+bc1s+heads row"; failures=$((failures + 1))
fi
printf 'name: bad\ndescription: d\nchips: [A15]\nmodels: [distilbert]\nlayouts: [baseline+heads]\nseq: [128]\nbatch: [1]\n' > "$tmp/bad_principles.yaml"
expect 1 "bad_principles.yaml:5:11: key 'layouts': unknown layout 'baseline\+heads': heads needs bc1s" -- sweep "$tmp/bad_principles.yaml" -o "$tmp/bad_principles"
expect 1 "unknown chip 'nosuch'" -- advise --chip nosuch
expect 1 "kv_len 10 is not used" -- advise --model gpt2 --kv-len 10
# Calibration: five Figure 2 points fit two parameters; the chip file it writes runs as a chip.
cal="$(dirname "$0")/data/calibration"
expect 0 "\| latency \| 5 \| leave-one-out \|" -- calibrate "$cal/a15-figure2-corners.yaml" --chip A15 \
  --fit mac_efficiency,dram_efficiency -q -o "$tmp/A15-cal.yaml"
expect 0 "A15 calibrated" -- run --chip "$tmp/A15-cal.yaml" --model distilbert
expect 1 "unknown-key.yaml:11:5: unknown key .*measured_latncy_s" -- calibrate "$cal/unknown-key.yaml" --chip A15
expect 1 "did you mean 'measured_latency_s'" -- calibrate "$cal/unknown-key.yaml" --chip A15
expect 1 "no chip parameter 'mac_efficency'" -- calibrate "$cal/a15-figure2-corners.yaml" --chip A15 --fit mac_efficency
expect 1 "no point of .* is on chip 'M4'" -- calibrate "$cal/a15-figure2-corners.yaml" --chip M4
expect 2 "measurements is required" -- calibrate --chip A15
expect 0 "leave-one-out" -- calibrate --help
# ONNX files: tests/cli_onnx_test.sh.
echo "$((checks - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
