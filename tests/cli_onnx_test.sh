#!/usr/bin/env bash
# The CLI on ONNX files: imports, their errors, --dim and --unsupported. Usage: cli_onnx_test.sh path/to/anesim
set -u
anesim="$1"
failures=0
checks=0
source "$(dirname "$0")/cli_expect.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# ONNX files (tests/data/onnx/, written by its make_onnx_cases.py): y = Relu(x @ W), x (batch, 8),
# W 8 x 4. At batch 3 the MatMul is 2 x 3 x 8 x 4 = 192 MAC FLOPs and W 32 parameters; a file
# saved with external data loads without it; defects are errors naming the file and the node.
onnx="$(dirname "$0")/data/onnx"
expect 0 '"mac_flops": 192,.*"parameter_count": 32,' -- run --model "$onnx/tiny_linear.onnx" --chip M4 --batch 3 --json
expect 0 '"parameter_count": 32,' -- run --model "$onnx/external_data.onnx" --chip M4 --json
expect 1 "not rebuilt in the 'ane' layout" -- run --model "$onnx/tiny_linear.onnx" --layout ane
expect 1 "HardSigmoid node 'gate' has an operator anesim cannot cost" -- run --model "$onnx/unknown_op.onnx"
# --unsupported cpu: the gate becomes one CPU op of kind unsupported, costed by its bytes (an
# estimate: ir/ops/unsupported.hpp). On M4 at batch 1 it reads h (1,4), which the lowering's
# gate.to_fp32 step has cast to the CPU's fp32, and writes y (1,4) (the graph output's stated
# shape): 4 fp32 elements each way, 32 bytes at cpu.bandwidth_Bps 80e9 = 0.4 ns, after
# cpu.op_overhead_s 5 us, no FLOPs: end_s - start_s = 5e-6 + 32 / 80e9 = 5.0004e-06 s.
checks=$((checks + 1))
gate=$("$anesim" run --model "$onnx/unknown_op.onnx" --chip M4 --unsupported cpu --json --ops | grep '"name": "gate",')
if ! grep -q '"kind": "unsupported", "engine": "CPU", .*"mac_flops": 0, "vector_flops": 0,' <<<"$gate" ||
   ! awk -v r="$gate" 'BEGIN { match(r, /"start_s": [^,]*/); s = substr(r, RSTART + 11, RLENGTH - 11);
                               match(r, /"end_s": [^,]*/); e = substr(r, RSTART + 9, RLENGTH - 9);
                               d = e - s - 5.0004e-6; exit !(d < 1e-15 && d > -1e-15) }'; then
  echo "FAIL: unknown_op.onnx's gate is not a 5.0004 us CPU op of kind unsupported: $gate"; failures=$((failures + 1))
fi
expect 0 '"unsupported_ops": \{"HardSigmoid": 1\}' -- run --model "$onnx/unknown_op.onnx" --chip M4 --unsupported cpu --json
expect 0 "unsupported ops on the CPU +1 HardSigmoid" -- run --model "$onnx/unknown_op.onnx" --chip M4 --unsupported cpu
expect 0 "hybrid execution +ops on the CPU" -- advise --model "$onnx/unknown_op.onnx" --chip M4 --unsupported cpu --layout baseline
if "$anesim" run --model "$onnx/tiny_linear.onnx" --chip M4 --json | grep -q unsupported_ops; then
  echo "FAIL: a run without unsupported ops reports them"; failures=$((failures + 1))
fi
expect 1 "HardSigmoid node 'gate' has an operator anesim cannot cost, and the file states no shape for its output 'g'" -- \
  run --model "$onnx/unknown_op_no_shape.onnx" --unsupported cpu
# The shape from value_info instead, its batch axis bound like the inputs': at --batch 2 the gate
# writes (2,4) in fp32, 32 bytes, and the Relu after it stays on the CPU with its producer: 2 CPU ops.
expect 0 '"name": "gate", "kind": "unsupported", "engine": "CPU", .*"logical_bytes": 32,' -- \
  run --model "$onnx/unknown_op_value_info.onnx" --chip M4 --batch 2 --unsupported cpu --json --ops
expect 0 '"cpu_ops": 2,' -- run --model "$onnx/unknown_op_value_info.onnx" --chip M4 --batch 2 --unsupported cpu --json
expect 1 "distilbert is not an ONNX file" -- run --model distilbert --unsupported cpu
expect 2 "--unsupported: gpu not in \{error,cpu\}" -- run --model "$onnx/unknown_op.onnx" --unsupported gpu
# --dim binds symbolic_width.onnx's x (batch, width, 8) @ W (8, 4): at batch 3 and width 5 the
# MatMul is 3 x 5 x 4 outputs of 8 MACs, 2 x 480 = 960 MAC FLOPs. A binding wins over the name
# rule: tiny_linear's batch axis bound to 4 under --batch 3 is 2 x 4 x 4 x 8 = 256 (192 without).
expect 0 '"mac_flops": 960,.*"parameter_count": 32,' -- run --model "$onnx/symbolic_width.onnx" --chip M4 --batch 3 --dim width=5 --json
expect 0 '"mac_flops": 256,' -- run --model "$onnx/tiny_linear.onnx" --chip M4 --batch 3 --dim batch=4 --json
expect 1 "input 'x' has axis 1 of unknown size \('width'\)" -- run --model "$onnx/symbolic_width.onnx"
expect 1 "fix: bind it with --dim width=N" -- run --model "$onnx/symbolic_width.onnx"
expect 1 "dim 'height' names no symbolic axis of symbolic_width's inputs" -- run --model "$onnx/symbolic_width.onnx" --dim height=5
expect 1 "fix: its symbolic axes are 'batch', 'width'" -- run --model "$onnx/symbolic_width.onnx" --dim height=5
expect 1 "--dim 'width' is not NAME=VALUE" -- run --model "$onnx/symbolic_width.onnx" --dim width
expect 1 "--dim '=5' is not NAME=VALUE" -- run --model "$onnx/symbolic_width.onnx" --dim =5
expect 1 "--dim width 'five' is not a whole number" -- run --model "$onnx/symbolic_width.onnx" --dim width=five
expect 1 "--dim width 0 is out of range" -- run --model "$onnx/symbolic_width.onnx" --dim width=0
expect 1 "fix: bind width to 1 to 16777216" -- run --model "$onnx/symbolic_width.onnx" --dim width=0
expect 1 "--dim width 99999999999999999999 is out of range: it does not fit in 64 bits" -- \
  run --model "$onnx/symbolic_width.onnx" --dim width=99999999999999999999
expect 1 "--dim width is given twice" -- run --model "$onnx/symbolic_width.onnx" --dim width=5 --dim width=6
expect 1 "dims bind the symbolic axes of an ONNX file, and distilbert is not one" -- run --model distilbert --dim width=5
expect 0 '"model": "symbolic_width"' -- advise --model "$onnx/symbolic_width.onnx" --chip M4 --layout baseline --dim width=5 --json
# A sweep file's dims and unsupported, for every point; a model they cannot apply to is the key's error.
printf 'name: dims\ndescription: d\nchips: [M4]\nmodels: [%s]\nlayouts: [baseline]\nseq: [8]\nbatch: [3]\ndims: {width: 5}\n' \
  "$(cd "$onnx" && pwd)/symbolic_width.onnx" > "$tmp/dims.yaml"
expect 0 "results.csv" -- sweep "$tmp/dims.yaml" -o "$tmp/dims"
# Its one point's FLOPs: the MatMul's 960 and the Relu's one per output, 3 x 5 x 4 = 60: 1,020.
if ! grep -q "^symbolic_width,M4,baseline,.*,1020," "$tmp/dims/results.csv"; then
  echo "FAIL: the dims sweep's point is not 1,020 FLOPs"; failures=$((failures + 1))
fi
printf 'name: dims\ndescription: d\nchips: [M4]\nmodels: [distilbert]\nlayouts: [baseline]\nseq: [8]\nbatch: [3]\nunsupported: cpu\n' > "$tmp/unsup.yaml"
expect 1 "unsup.yaml:8:[0-9]+: key 'unsupported': distilbert is not an ONNX file" -- sweep "$tmp/unsup.yaml" -o "$tmp/unsup"
printf 'name: dims\ndescription: d\nchips: [M4]\nmodels: [distilbert]\nlayouts: [baseline]\nseq: [8]\nbatch: [3]\nunsupported: gpu\n' > "$tmp/unsup2.yaml"
expect 1 "key 'unsupported': unknown value 'gpu'" -- sweep "$tmp/unsup2.yaml" -o "$tmp/unsup2"
# tiny_cnn.onnx (one of each convolutional operator, x (1,3,8,8)): conv1 3x3 pad 1 is 8 x 8 x 4
# outputs x 27 = 6,912 MACs; the 2x2 stride-2 ConvTranspose scatters 4 x 4 x 4 inputs into 2 x 4
# outputs each, 512; the depthwise 3x3 stride 2 (SAME_UPPER) over the 2x resized 16 x 16 gives
# 8 x 8 x 2 outputs of 9, 1,152: 2 x 8,576 = 17,152 MAC FLOPs. Parameters: W1 108 + bn1's shift
# (the folded conv's bias) 4 + bn1's scale (folded into W1) 4, W2 32, bn2's scale and shift 4,
# W3 18 + B3 2 = 172 (the BatchNorms' means and variances are buffers, not parameters).
expect 0 '"mac_flops": 17152,.*"parameter_count": 172,' -- run --model "$onnx/tiny_cnn.onnx" --chip M4 --json
expect 1 "conv1d.onnx: Conv node 'conv1d' is a 1-D convolution" -- run --model "$onnx/conv1d.onnx"
# The committed torchvision graphs (configs/onnx/, scripts/torchvision_onnx.py) run without torch.
expect 0 '"parameter_count": 25557032,' -- run --model "$(dirname "$0")/../configs/onnx/resnet50.onnx" --chip A15 --json
# The other committed resnets hold torchvision's published parameter counts (its weights docs'
# num_params): resnet18 11,689,512, resnet34 21,797,672, resnet101 44,549,160, resnet152 60,192,808.
for pair in resnet18:11689512 resnet34:21797672 resnet101:44549160 resnet152:60192808; do
  expect 0 "\"parameter_count\": ${pair#*:}," -- run --model "$(dirname "$0")/../configs/onnx/${pair%%:*}.onnx" --chip A13 --json
done
# Its image input has no sequence axis: the run is labelled seq 1, and a --seq is refused, not ignored.
expect 0 'resnet50 on A15 \(high power state\), batch 1, seq 1,' -- run --model "$(dirname "$0")/../configs/onnx/resnet50.onnx" --chip A15
expect 1 "seq 64 is not used: resnet50's inputs have no sequence axis" -- run --model "$(dirname "$0")/../configs/onnx/resnet50.onnx" --seq 64
expect 1 "cycle.onnx: the graph has a cycle through Add node 'first'" -- run --model "$onnx/cycle.onnx"
expect 1 "opset 7 is not supported" -- run --model "$onnx/old_opset.onnx"
expect 1 "missing_shape.onnx: graph input 'x' has no shape" -- run --model "$onnx/missing_shape.onnx"
expect 1 "truncated.onnx.* is not an ONNX model" -- run --model "$onnx/truncated.onnx"
# A hostile shape the ONNX fuzzer's seed script keeps (fuzz/seeds/make_onnx_seed.py): an error, not a crash.
seeds="$(dirname "$0")/../fuzz/seeds/onnx"
expect 1 "negative_shape.onnx: shape has a non-positive dimension -5" -- run --model "$seeds/negative_shape.onnx"
expect 1 "Reshape node 'view' has a target shape of more than 2\^63 elements" -- run --model "$seeds/reshape_overflow.onnx"
expect 1 "Add node 'lost' has fewer inputs or outputs than its operator takes" -- run --model "$seeds/no_output.onnx"
expect 1 "Range node 'positions' has inputs anesim cannot fold" -- run --model "$seeds/range_empty_start.onnx"
expect 1 "weight_overflow.onnx: a tensor of shape \\(1099511627776,1099511627776,7600\\) has more than" -- run --model "$seeds/weight_overflow.onnx"
echo "not a model" > "$tmp/notes.onnx"
expect 1 "notes.onnx' is not an ONNX model" -- run --model "$tmp/notes.onnx"
echo "$((checks - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
