"""Writes the tiny hand-made .onnx files of tests/cli_test.sh (run from this folder; the files
are committed, so the tests need neither onnx nor this script). Each is a two-op graph,
y = Relu(x @ W) with x (batch, 8) and W an 8 x 4 initializer, or one defect of it."""

import onnx
from onnx import TensorProto, helper


def model(nodes, inputs=None, opset=17, initializers=None):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 8])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 4])
    w = initializers if initializers is not None else [helper.make_tensor("W", TensorProto.FLOAT, [8, 4], [0.0] * 32)]
    graph = helper.make_graph(nodes, "case", inputs if inputs is not None else [x], [y], w)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def save(m, name):
    with open(name, "wb") as f:
        f.write(m.SerializeToString())


good = model([helper.make_node("MatMul", ["x", "W"], ["h"], name="proj"), helper.make_node("Relu", ["h"], ["y"], name="act")])
save(good, "tiny_linear.onnx")
# A graph saved with external data: W's values live in a file that is not there.
external = model([helper.make_node("MatMul", ["x", "W"], ["h"], name="proj"), helper.make_node("Relu", ["h"], ["y"], name="act")])
w = external.graph.initializer[0]
w.ClearField("float_data")
w.data_location = TensorProto.EXTERNAL
w.external_data.add(key="location", value="weights.bin")
save(external, "external_data.onnx")
save(model([helper.make_node("MatMul", ["x", "W"], ["h"], name="proj"),
            helper.make_node("HardSigmoid", ["h"], ["y"], name="gate")]), "unknown_op.onnx")
save(model([helper.make_node("Add", ["x", "z"], ["h"], name="first"), helper.make_node("Relu", ["h"], ["z"], name="second"),
            helper.make_node("MatMul", ["z", "W"], ["y"], name="proj")]), "cycle.onnx")
save(model([helper.make_node("MatMul", ["x", "W"], ["y"], name="proj")], opset=7), "old_opset.onnx")
shapeless = helper.make_tensor_value_info("x", TensorProto.FLOAT, None)
save(model([helper.make_node("MatMul", ["x", "W"], ["y"], name="proj")], inputs=[shapeless]), "missing_shape.onnx")
with open("tiny_linear.onnx", "rb") as f:
    data = f.read()
with open("truncated.onnx", "wb") as f:
    f.write(data[: len(data) // 2])
