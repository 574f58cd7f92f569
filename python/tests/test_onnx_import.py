"""An ONNX export of a PyTorch model, imported (models/onnx/): a small BERT-style encoder written
here in the (B,S,C) code style of Hugging Face's modules (nn.Linear projections, a bool padding
mask through masked_fill, LayerNorm, GELU), random weights, exported by torch.onnx.export with
dynamic batch and seq axes at test time, and run from the CLI and from Python. Its parameter
count and MAC FLOPs are the torch module's, worked out below."""

import json
import math
import os
import pathlib
import subprocess

# Imported, not skipped when missing: scripts/install-deps.sh installs both, and a skipped import
# test would pass CI without testing anything.
import onnx  # noqa: F401  (torch.onnx.export needs it)
import pytest
import torch

import anesim

nn = torch.nn

# The built CLI, as test_api.py finds it: $ANESIM_CLI, else <build>/cli/anesim.
ANESIM = os.environ.get("ANESIM_CLI") or str(pathlib.Path(anesim.__file__).resolve().parents[2] / "cli" / "anesim")
HIDDEN, HEADS, LAYERS, VOCAB, POSITIONS = 64, 4, 2, 1000, 128


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.heads = HEADS
        self.q, self.k, self.v, self.o = (nn.Linear(HIDDEN, HIDDEN) for _ in range(4))

    def forward(self, x, mask):
        b, s, c = x.shape
        d = HIDDEN // HEADS  # a constant, not the traced c, so the scale is a Constant node
        q = self.q(x).view(b, s, self.heads, d).transpose(1, 2)
        k = self.k(x).view(b, s, self.heads, d).transpose(1, 2)
        v = self.v(x).view(b, s, self.heads, d).transpose(1, 2)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d)
        scores = scores.masked_fill(~mask[:, None, None, :], float("-inf"))
        return self.o((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, s, c))


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = Attention()
        self.norm1, self.norm2 = nn.LayerNorm(HIDDEN), nn.LayerNorm(HIDDEN)
        self.up, self.down = nn.Linear(HIDDEN, 4 * HIDDEN), nn.Linear(4 * HIDDEN, HIDDEN)
        self.act = nn.GELU()

    def forward(self, x, mask):
        x = self.norm1(x + self.attention(x, mask))
        return self.norm2(x + self.down(self.act(self.up(x))))


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens, self.positions = nn.Embedding(VOCAB, HIDDEN), nn.Embedding(POSITIONS, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))

    def forward(self, ids, mask):
        x = self.norm(self.tokens(ids) + self.positions(torch.arange(ids.shape[1])))
        for layer in self.layers:
            x = layer(x, mask)
        return x


def export(tmp_path_factory, opset):
    torch.manual_seed(0)
    model = Encoder().eval()
    # Random weights everywhere: the exporter would otherwise merge the LayerNorms' equal ones
    # and zeros into one initializer (the importer keeps such Identity copies apart anyway).
    with torch.no_grad():
        for p in model.parameters():
            p.normal_()
    path = tmp_path_factory.mktemp("onnx") / f"encoder{opset}.onnx"
    ids = torch.zeros(2, 16, dtype=torch.long)
    mask = torch.ones(2, 16, dtype=torch.bool)
    axes = {0: "batch", 1: "seq"}
    torch.onnx.export(model, (ids, mask), str(path), input_names=["input_ids", "attention_mask"],
                      output_names=["hidden"], dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
                      opset_version=opset)
    return model, path


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return export(tmp_path_factory, 17)


def expected_mac_flops(batch, seq):
    # Each Linear is 2 x B x S x in x out FLOPs: per layer q, k, v, o (4 x 64 x 64 = 16,384) and
    # the MLP (64 x 256 + 256 x 64 = 32,768), 49,152 per layer. The attention's two matmuls
    # (Q K^T and P V) each take B x H x S x S x d MACs with H x d = 64, so 2 x 2 x B x S x S x 64
    # FLOPs per layer. The embedding lookups compute nothing.
    linears = LAYERS * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * 4 * HIDDEN)
    attention = LAYERS * 2 * 2 * batch * seq * seq * HIDDEN
    return 2 * batch * seq * linears + attention


def run_cli(path, *args):
    out = subprocess.run([str(ANESIM), "run", "--model", str(path), "--chip", "M4", "--json", *args],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["runs"]


def test_cli_run_counts_the_torch_parameters_and_flops(exported):
    model, path = exported
    runs = run_cli(path, "--seq", "16", "--batch", "2")
    assert len(runs) == 1 and runs[0]["layout"] == "baseline"  # --layout both runs an import once
    totals = runs[0]["totals"]
    # 1000 x 64 + 128 x 64 embeddings, 5 LayerNorms of 128, 2 layers of 49,152 + 64 x 7 + 256
    # biases: 64,000 + 8,192 + 640 + 2 x 49,920 = 172,288.
    assert totals["parameter_count"] == sum(p.numel() for p in model.parameters()) == 172_288
    # 2 x 2 x 16 x 98,304 + 2 x 4 x 2 x 16 x 16 x 64 = 6,291,456 + 262,144.
    assert totals["mac_flops"] == expected_mac_flops(2, 16) == 6_553_600


def test_symbolic_axes_bind_to_batch_and_seq(exported):
    _, path = exported
    totals = run_cli(path, "--seq", "64", "--batch", "1", "--layout", "baseline")[0]["totals"]
    assert totals["mac_flops"] == expected_mac_flops(1, 64)


def test_python_run_equals_the_cli_and_is_deterministic(exported):
    _, path = exported
    first = anesim.run(model=str(path), chip="M4", seq=16, batch=2)
    again = anesim.run(model=str(path), chip="M4", seq=16, batch=2)
    assert first.totals == again.totals
    cli = run_cli(path, "--seq", "16", "--batch", "2")[0]["totals"]
    assert first.totals["mac_flops"] == cli["mac_flops"] and first.totals["latency_s"] == cli["latency_s"]


def test_the_ane_layout_is_refused_for_an_import(exported):
    _, path = exported
    with pytest.raises(anesim.ConfigError, match="not rebuilt in the 'ane' layout"):
        anesim.run(model=str(path), chip="M4", layout="ane")


def test_decomposed_layer_norm_of_opset_13_costs_the_same_macs(tmp_path_factory):
    # Before opset 17 LayerNorm exports as ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul,
    # Add; they are vector ops, so the parameters and MAC FLOPs are those of opset 17's export.
    model, path = export(tmp_path_factory, 13)
    totals = run_cli(path, "--seq", "16", "--batch", "2")[0]["totals"]
    assert totals["parameter_count"] == sum(p.numel() for p in model.parameters())
    assert totals["mac_flops"] == expected_mac_flops(2, 16)


def test_a_seq_past_the_position_table_is_an_error(exported):
    # The encoder learned 128 positions: seq 129 would read row 128 of its position table.
    _, path = exported
    with pytest.raises(anesim.ConfigError, match="reads row 128 of a table of 128 rows"):
        anesim.run(model=str(path), chip="M4", seq=129)
