"""An imported ONNX graph's own symbolic axes (dims=, --dim) and operators anesim cannot cost
(unsupported="cpu", --unsupported cpu), from Python, on the hand-made files of tests/data/onnx/
(make_onnx_cases.py there): the same numbers as the CLI's, worked out below."""

import json
import pathlib
import subprocess

import pytest

import anesim

ONNX = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "onnx"


def test_dims_bind_a_symbolic_axis_by_name(cli):
    # symbolic_width.onnx: x (batch, width, 8) @ W (8, 4) -> Relu. At batch 3, width 5 the MatMul
    # is 3 x 5 x 4 outputs of 8 MACs: 2 x 480 = 960 MAC FLOPs; W is 32 parameters.
    r = anesim.run(model=str(ONNX / "symbolic_width.onnx"), chip="M4", batch=3, dims={"width": 5})
    assert r.mac_flops == 960
    assert r.parameter_count == 32
    # A width of 7: 3 x 7 x 4 x 8 x 2 = 1,344.
    assert anesim.run(model=str(ONNX / "symbolic_width.onnx"), chip="M4", batch=3, dims={"width": 7}).mac_flops == 1344
    # The CLI's --dim gives the same run, to the last digit.
    out = subprocess.run([cli, "run", "--model", str(ONNX / "symbolic_width.onnx"), "--chip", "M4", "--batch", "3",
                          "--dim", "width=5", "--json"], check=True, capture_output=True, text=True).stdout
    assert json.loads(out)["runs"][0]["totals"] == r.totals


def test_a_binding_wins_over_the_name_rule():
    # tiny_linear.onnx's x is (batch, 8): --batch 3 gives 2 x 3 x 4 x 8 = 192 MAC FLOPs, and a
    # binding of "batch" to 4 wins over it: 2 x 4 x 4 x 8 = 256.
    path = str(ONNX / "tiny_linear.onnx")
    assert anesim.run(model=path, chip="M4", batch=3).mac_flops == 192
    assert anesim.run(model=path, chip="M4", batch=3, dims={"batch": 4}).mac_flops == 256


def test_dims_errors():
    path = str(ONNX / "symbolic_width.onnx")
    with pytest.raises(anesim.ConfigError, match=r"input 'x' has axis 1 of unknown size \('width'\)") as e:
        anesim.run(model=path, chip="M4")
    assert "--dim width=N" in e.value.hint
    with pytest.raises(anesim.ConfigError, match="dim 'height' names no symbolic axis of symbolic_width's inputs") as e:
        anesim.run(model=path, chip="M4", dims={"height": 5})
    assert e.value.hint == "its symbolic axes are 'batch', 'width'"
    with pytest.raises(anesim.ConfigError, match="dim width=0 is out of range"):
        anesim.run(model=path, chip="M4", dims={"width": 0})
    with pytest.raises(anesim.ConfigError, match="distilbert is not one"):
        anesim.run(model="distilbert", chip="M4", dims={"width": 5})
    with pytest.raises(TypeError, match=r"dims\['width'\] must be a whole number"):
        anesim.run(model=path, chip="M4", dims={"width": 5.0})
    with pytest.raises(TypeError, match="dims must be a dict"):
        anesim.run(model=path, chip="M4", dims=["width", 5])


def test_unsupported_cpu_places_the_op_on_the_cpu():
    # unknown_op.onnx: x (batch, 8) @ W -> HardSigmoid "gate" -> y (batch, 4), y's shape stated by
    # the graph output. On M4 at batch 1 the gate is one CPU op of kind `unsupported`: it reads h
    # (1,4) and writes y (1,4), 4 fp32 elements each way, 32 bytes, at cpu.bandwidth_Bps 80e9 (0.4 ns)
    # after cpu.op_overhead_s 5e-6 s, and counts no FLOPs: 5e-6 + 32 / 80e9 = 5.0004e-6 s.
    path = str(ONNX / "unknown_op.onnx")
    with pytest.raises(anesim.ConfigError, match="HardSigmoid node 'gate' has an operator anesim cannot cost") as e:
        anesim.run(model=path, chip="M4")
    assert "--unsupported cpu" in e.value.hint
    r = anesim.run(model=path, chip="M4", unsupported="cpu")
    assert r.unsupported_ops == {"HardSigmoid": 1}
    assert r.to_dict(ops=False)["unsupported_ops"] == {"HardSigmoid": 1}
    gate = r.ops[r.ops["name"] == "gate"].iloc[0]
    assert (gate["kind"], gate["engine"]) == ("unsupported", "CPU")
    assert gate["mac_flops"] + gate["vector_flops"] == 0
    assert gate["end_s"] - gate["start_s"] == pytest.approx(5e-6 + 32 / 80e9, rel=1e-12)
    # Every other run has no such ops, and no key for them.
    assert anesim.run(model=str(ONNX / "tiny_linear.onnx"), chip="M4").unsupported_ops == {}
    assert "unsupported_ops" not in anesim.run(model=str(ONNX / "tiny_linear.onnx"), chip="M4").to_dict(ops=False)


def test_unsupported_errors():
    with pytest.raises(anesim.ConfigError, match="states no shape for its output 'g'"):
        anesim.run(model=str(ONNX / "unknown_op_no_shape.onnx"), chip="M4", unsupported="cpu")
    with pytest.raises(anesim.ConfigError, match="unsupported 'gpu' is unknown"):
        anesim.run(model=str(ONNX / "unknown_op.onnx"), chip="M4", unsupported="gpu")
    with pytest.raises(anesim.ConfigError, match="distilbert is not an ONNX file"):
        anesim.run(model="distilbert", chip="M4", unsupported="cpu")


def test_sweep_dict_takes_dims_and_unsupported():
    # Both files in one sweep: symbolic_width at batch 2, width 6 is 2 x 2 x 6 x 4 x 8 = 768 MAC
    # FLOPs; unknown_op's MatMul at batch 2 is 2 x 2 x 4 x 8 = 128, its gate on the CPU.
    sweep = {"name": "dims", "description": "d", "chips": ["M4"], "layouts": ["baseline"], "seq": [8], "batch": [2],
             "models": [str(ONNX / "symbolic_width.onnx"), str(ONNX / "unknown_op.onnx")],
             "dims": {"width": 6}, "unsupported": "cpu"}
    # dims names an axis of symbolic_width only: unknown_op.onnx has just "batch".
    with pytest.raises(anesim.ConfigError, match="key 'dims': dim 'width' names no symbolic axis of unknown_op's inputs"):
        anesim.sweep(sweep)
    sweep["models"] = [str(ONNX / "symbolic_width.onnx")]
    assert list(anesim.sweep(sweep)["mac_flops"]) == [768]
    sweep["models"] = [str(ONNX / "unknown_op.onnx")]
    del sweep["dims"]
    df = anesim.sweep(sweep)
    assert list(df["mac_flops"]) == [128] and list(df["cpu_ops"]) == [1]
