"""Writes the tiny hand-made .onnx files of tests/cli_onnx_test.sh and python/tests/test_onnx_dims.py
(run from this folder; the files are committed, so the tests need neither onnx nor this script).
Most are a two-op graph, y = Relu(x @ W) with x (batch, 8) and W an 8 x 4 initializer, or one
defect or variant of it; the CNN and 1-D cases below say what they hold."""

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

# A tiny CNN with one of each convolutional operator, x (1,3,8,8) -> y (1,2):
#   Conv 3x3 pad 1 (4,3,3,3) -> BatchNormalization (folded into the conv) -> Relu -> MaxPool 2x2
#   -> ConvTranspose 2x2 stride 2 (4,2,2,2) -> BatchNormalization (standalone) -> Resize x2 nearest
#   -> depthwise Conv 3x3 stride 2 SAME_UPPER (2,1,3,3) + bias -> GlobalAveragePool -> Flatten.
def f32(name, dims):
    n = 1
    for d in dims:
        n *= d
    return helper.make_tensor(name, TensorProto.FLOAT, dims, [0.5] * n)


cnn_x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])
cnn_y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])
cnn_weights = [f32("W1", [4, 3, 3, 3]), f32("s1", [4]), f32("b1", [4]), f32("m1", [4]), f32("v1", [4]),
               f32("W2", [4, 2, 2, 2]), f32("s2", [2]), f32("b2", [2]), f32("m2", [2]), f32("v2", [2]),
               f32("W3", [2, 1, 3, 3]), f32("B3", [2])]
cnn_nodes = [
    helper.make_node("Conv", ["x", "W1"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
    helper.make_node("BatchNormalization", ["c1", "s1", "b1", "m1", "v1"], ["n1"], name="bn1"),
    helper.make_node("Relu", ["n1"], ["r1"], name="relu1"),
    helper.make_node("MaxPool", ["r1"], ["p1"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
    helper.make_node("ConvTranspose", ["p1", "W2"], ["u1"], name="up", strides=[2, 2]),
    helper.make_node("BatchNormalization", ["u1", "s2", "b2", "m2", "v2"], ["n2"], name="bn2"),
    helper.make_node("Constant", [], ["scales"], name="scales",
                     value=helper.make_tensor("sv", TensorProto.FLOAT, [4], [1.0, 1.0, 2.0, 2.0])),
    helper.make_node("Resize", ["n2", "", "scales"], ["z1"], name="resize", mode="nearest"),
    helper.make_node("Conv", ["z1", "W3", "B3"], ["d1"], name="depthwise", group=2, strides=[2, 2], auto_pad="SAME_UPPER"),
    helper.make_node("GlobalAveragePool", ["d1"], ["g1"], name="gap"),
    helper.make_node("Flatten", ["g1"], ["y"], name="flatten"),
]
save(helper.make_model(helper.make_graph(cnn_nodes, "cnn", [cnn_x], [cnn_y], cnn_weights),
                       opset_imports=[helper.make_opsetid("", 17)]), "tiny_cnn.onnx")

# A 1-D convolution, (1,3,8) * (4,3,3): anesim maps 2-D windows only, and says so naming the node.
conv1d_x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8])
conv1d_y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 6])
save(helper.make_model(helper.make_graph([helper.make_node("Conv", ["x", "W"], ["y"], name="conv1d")], "conv1d", [conv1d_x],
                                         [conv1d_y], [f32("W", [4, 3, 3])]),
                       opset_imports=[helper.make_opsetid("", 17)]), "conv1d.onnx")

# A symbolic axis the name rule does not bind: x (batch, width, 8) @ W (8, 4) -> Relu -> y
# (batch, width, 4). "width" takes --dim width=N (an error without it).
width_x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "width", 8])
width_y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "width", 4])
save(helper.make_model(helper.make_graph([helper.make_node("MatMul", ["x", "W"], ["h"], name="proj"),
                                          helper.make_node("Relu", ["h"], ["y"], name="act")], "width", [width_x], [width_y],
                                         [helper.make_tensor("W", TensorProto.FLOAT, [8, 4], [0.0] * 32)]),
                       opset_imports=[helper.make_opsetid("", 17)]), "symbolic_width.onnx")
# An unknown operator whose output the file states no shape for: HardSigmoid's g feeds a Relu, and
# neither value_info nor a graph output gives g's shape, so --unsupported cpu cannot place it.
save(model([helper.make_node("MatMul", ["x", "W"], ["h"], name="proj"), helper.make_node("HardSigmoid", ["h"], ["g"], name="gate"),
            helper.make_node("Relu", ["g"], ["y"], name="act")]), "unknown_op_no_shape.onnx")
# The same with g's shape in value_info (as onnx.shape_inference.infer_shapes writes it): placeable.
stated = model([helper.make_node("MatMul", ["x", "W"], ["h"], name="proj"), helper.make_node("HardSigmoid", ["h"], ["g"], name="gate"),
                helper.make_node("Relu", ["g"], ["y"], name="act")])
stated.graph.value_info.append(helper.make_tensor_value_info("g", TensorProto.FLOAT, ["batch", 4]))
save(stated, "unknown_op_value_info.onnx")
