"""torchvision's resnet50, mobilenet_v2 and vit_b_16, exported by torch.onnx.export (opset 17,
random weights, nothing downloaded) once per session through scripts/torchvision_onnx.py, saved
with external data whose file is then deleted (the importer never reads a weight's values), and
run from the CLI and from Python. Their parameter counts are torchvision's and their MAC FLOPs
the ones worked out below; the imported vit_b_16 is held against the zoo's vit-base-patch16-224."""

import importlib.util
import json
import os
import pathlib
import subprocess

import pytest

import anesim

ROOT = pathlib.Path(__file__).resolve().parents[2]
ANESIM = os.environ.get("ANESIM_CLI") or str(pathlib.Path(anesim.__file__).resolve().parents[2] / "cli" / "anesim")
_spec = importlib.util.spec_from_file_location("torchvision_onnx", ROOT / "scripts" / "torchvision_onnx.py")
torchvision_onnx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(torchvision_onnx)

# Multiply-accumulates at 224 x 224, batch 1, each output element x the products it sums.
# resnet50: the 7x7 stem, 112 x 112 x 64 outputs x (3 x 49) = 118,013,952; its 1x1 convs
# 2,119,434,240 and 3x3 convs 1,849,688,064 (per bottleneck: H x W x Cout x Cin x k x k, summed
# over the 16 blocks of stages at 56, 28, 14 and 7, with the 4 projection shortcuts); the fc
# 2,048 x 1,000 = 2,048,000. Total 4,089,184,256 (~4.1 GMAC, torchvision's 4.09 GFLOPS).
RESNET50_MACS = 118_013_952 + 2_119_434_240 + 1_849_688_064 + 2_048_000
# mobilenet_v2: the 3x3 stem, 112 x 112 x 32 x 27 = 10,838,016; the 17 depthwise 3x3 convs, H x
# W x C x 9 each, 20,716,416; the 1x1 expansions and projections (and the last 1x1 to 1,280)
# 267,939,840; the classifier 1,280 x 1,000 = 1,280,000. Total 300,774,272 (~301 MMAC).
MOBILENET_V2_MACS = 10_838_016 + 20_716_416 + 267_939_840 + 1_280_000
# vit_b_16: the 16x16 stride-16 patch conv, 196 patches x 768 x (3 x 256) = 115,605,504. Per
# layer, on 197 tokens: q, k, v and out projections and the 768 -> 3,072 -> 768 MLP, 197 x 768 x
# (2,304 + 768 + 6,144) = 1,394,343,936; Q K^T and P V, 2 x 12 heads x 197 x 197 x 64 =
# 59,610,624. 12 layers: 17,447,454,720. The head 768 x 1,000 = 768,000. Total 17,563,828,224.
VIT_B_16_MACS = 115_605_504 + 12 * (1_394_343_936 + 59_610_624) + 768_000

# name: (torchvision's parameter count, MACs)
MODELS = {
    "resnet50": (25_557_032, RESNET50_MACS),
    "mobilenet_v2": (3_504_872, MOBILENET_V2_MACS),
    "vit_b_16": (86_567_656, VIT_B_16_MACS),
}


@pytest.fixture(scope="session")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("torchvision")
    files = {}
    for name in MODELS:
        model, path = torchvision_onnx.export(name, out)
        assert not (out / f"{name}.weights").exists()  # the weights' values are gone
        files[name] = (sum(p.numel() for p in model.parameters()), path)
    return files


def run_cli(path, chip="M4", *args):
    out = subprocess.run([ANESIM, "run", "--model", str(path), "--chip", chip, "--json", *args],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["runs"][0]["totals"]


@pytest.mark.parametrize("name", list(MODELS))
def test_cli_counts_torchvisions_parameters_and_macs(exported, name):
    torch_parameters, path = exported[name]
    parameters, macs = MODELS[name]
    assert torch_parameters == parameters  # the count above is torchvision's own
    totals = run_cli(path)
    # Every BatchNorm is folded into its Conv, yet its scale and shift still count (PyTorch
    # parameters; the running statistics are buffers).
    assert totals["parameter_count"] == parameters
    assert totals["mac_flops"] == 2 * macs


@pytest.mark.parametrize("name", list(MODELS))
def test_python_equals_the_cli(exported, name):
    _, path = exported[name]
    result = anesim.run(model=str(path), chip="A15")
    cli = run_cli(path, "A15")
    assert result.totals["mac_flops"] == cli["mac_flops"]
    assert result.totals["latency_s"] == cli["latency_s"] > 0
    assert result.totals["parameter_count"] == MODELS[name][0]


def test_the_exporters_own_batchnorm_folding_runs_the_same(exported, tmp_path):
    # In eval mode torch.onnx.export folds each BatchNorm into its Conv itself; anesim's fold of
    # the kept BatchNorms builds the same convolutions with the same biases, so the run is the
    # same. Only the parameter count differs: the exporter's file has lost each BatchNorm's scale
    # (one value per channel; mobilenet_v2's 52 BatchNorms hold 17,056 channels).
    _, kept = exported["mobilenet_v2"]
    _, folded = torchvision_onnx.export("mobilenet_v2", tmp_path, fold_batch_norm=True, suffix="-folded")
    a, b = run_cli(kept), run_cli(folded)
    assert b["parameter_count"] == 3_504_872 - 17_056
    assert a["mac_flops"] == b["mac_flops"] and a["latency_s"] == b["latency_s"]


def test_only_shallow_reductions_lose_mac_utilisation(exported):
    # A conv fills depth / conv_reduction_lanes of the MAC array, depth = Cin/groups x kh x kw.
    # Every resnet50 conv is at least 64 deep (its 1x1 convs read >= 64 channels, the stem 3 x 49 =
    # 147), so 32 lanes cost it nothing against 1. mobilenet_v2's 17 depthwise 3x3 convs are 9
    # deep (9/32 of the array), its stem 3 x 9 = 27 and one 1x1 over 16 channels 16: it slows.
    for name, slower in (("resnet50", False), ("mobilenet_v2", True)):
        _, path = exported[name]
        one, lanes32 = (anesim.run(model=str(path), chip={"base": "M4", "conv_reduction_lanes": n}).totals["latency_s"]
                        for n in (1, 32))
        assert (lanes32 > one) if slower else (lanes32 == one), name


# vit_b_16 is torchvision's ViT-B/16 and vit-base-patch16-224 Hugging Face's: the same network
# (12 pre-norm layers of 768, 12 heads, MLP 3,072, GELU, a learned class token and 197 positions,
# a 1,000-class head on the class token) with the same 86,567,656 parameters and MACs, and the
# same weights streamed. The import is 3-6% slower (A15 6.77 vs 6.57 ms, M1 Max 4.55 vs 4.38, M4
# 3.47 vs 3.28): nn.MultiheadAttention runs sequence-first, so each layer adds the transposes to
# and from (S,B,E), slices q, k and v out of its fused in-projection (copies along W) and
# reshapes per head: 416 ANE ops with 98 copies against the zoo's 297 with 62.
@pytest.mark.parametrize("chip", ["A15", "M1Max", "M4"])
def test_the_imported_vit_b_16_runs_like_the_zoos_vit_base(exported, chip):
    _, path = exported["vit_b_16"]
    imported = run_cli(path, chip)
    zoo = run_cli("vit-base-patch16-224", chip, "--layout", "baseline")
    assert imported["parameter_count"] == zoo["parameter_count"] == 86_567_656
    # The zoo counts the same MACs (VIT_B_16_MACS): within 1%.
    assert abs(imported["mac_flops"] / zoo["mac_flops"] - 1) < 0.01
    assert abs(imported["latency_s"] / zoo["latency_s"] - 1) < 0.10
