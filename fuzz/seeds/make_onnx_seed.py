"""Writes fuzz/seeds/onnx/encoder_layer.onnx, the ONNX loader fuzzer's seed, and the regressions below (run from the repository
root; the file is committed, so CI needs neither torch nor this script). A one-layer BERT-style
encoder at width 4 exported by torch.onnx.export, so the seed holds what real exports hold: the
Shape/Gather/Unsqueeze/Concat arithmetic the importer folds, an embedding Gather, masked_fill,
LayerNorm, GELU, MatMul and Softmax, with symbolic batch and seq axes. About 9 KB."""

import math

import onnx  # noqa: F401  (torch.onnx.export needs it)
import torch

nn = torch.nn
HIDDEN, HEADS, VOCAB, POSITIONS = 4, 2, 8, 16


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens, self.positions = nn.Embedding(VOCAB, HIDDEN), nn.Embedding(POSITIONS, HIDDEN)
        self.q, self.k, self.v, self.o = (nn.Linear(HIDDEN, HIDDEN) for _ in range(4))
        self.norm1, self.norm2 = nn.LayerNorm(HIDDEN), nn.LayerNorm(HIDDEN)
        self.up, self.down = nn.Linear(HIDDEN, 4 * HIDDEN), nn.Linear(4 * HIDDEN, HIDDEN)

    def forward(self, ids, mask):
        x = self.tokens(ids) + self.positions(torch.arange(ids.shape[1]))
        b, s, c = x.shape
        d = HIDDEN // HEADS
        q, k, v = (f(x).view(b, s, HEADS, d).transpose(1, 2) for f in (self.q, self.k, self.v))
        scores = (q @ k.transpose(-1, -2) / math.sqrt(d)).masked_fill(~mask[:, None, None, :], float("-inf"))
        x = self.norm1(x + self.o((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, s, c)))
        return self.norm2(x + self.down(nn.functional.gelu(self.up(x))))


torch.manual_seed(0)
axes = {0: "batch", 1: "seq"}
torch.onnx.export(Layer().eval(), (torch.zeros(1, 4, dtype=torch.long), torch.ones(1, 4, dtype=torch.bool)),
                  "fuzz/seeds/onnx/encoder_layer.onnx", input_names=["input_ids", "attention_mask"],
                  output_names=["hidden"], dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
                  opset_version=17)

# What the fuzzer's runs turned up, kept as seeds and as tests (tests/cli_onnx_test.sh): a
# ConstantOfShape of a negative shape (it once sized a vector from -15 elements), a Reshape whose
# target sizes multiply past 64 bits, and an Add with no output (once an uncaught out_of_range).
h = onnx.helper
x = h.make_tensor_value_info("x", onnx.TensorProto.FLOAT, ["batch", 8])
y = h.make_tensor_value_info("y", onnx.TensorProto.FLOAT, ["batch", 4])


def save(name, nodes, initializers):
    graph = h.make_graph(nodes, name, [x], [y], initializers)
    onnx.save(h.make_model(graph, opset_imports=[h.make_opsetid("", 17)]), f"fuzz/seeds/onnx/{name}.onnx")


save("negative_shape", [h.make_node("ConstantOfShape", ["shape"], ["y"], name="fill")],
     [h.make_tensor("shape", onnx.TensorProto.INT64, [2], [-5, 3])])
save("reshape_overflow", [h.make_node("Reshape", ["x", "shape"], ["y"], name="view")],
     [h.make_tensor("shape", onnx.TensorProto.INT64, [3], [2**62, 16, -1])])
save("no_output", [h.make_node("Add", ["x", "x"], [], name="lost"), h.make_node("Relu", ["x"], ["y"], name="act")], [])

# A weight whose dims multiply past 64 bits (2^40 x 2^40 x 7600): the element count once went on
# multiplying from its overflow marker, -1, and overflowed in its turn (the fuzzer, in CI).
huge = onnx.TensorProto(name="W", data_type=onnx.TensorProto.FLOAT, dims=[2**40, 2**40, 7600])
save("weight_overflow", [h.make_node("MatMul", ["x", "W"], ["y"], name="proj")], [huge])

# A Range whose start is an empty tensor, not a scalar: folding read its first value (the fuzzer).
save("range_empty_start", [h.make_node("Range", ["start", "limit", "delta"], ["y"], name="positions")],
     [h.make_tensor("start", onnx.TensorProto.INT64, [0], []), h.make_tensor("limit", onnx.TensorProto.INT64, [], [4]),
      h.make_tensor("delta", onnx.TensorProto.INT64, [], [1])])
