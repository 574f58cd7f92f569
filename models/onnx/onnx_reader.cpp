#include "models/onnx/onnx_reader.hpp"

#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <onnx/onnx_pb.h>

#include "core/error.hpp"

namespace anesim {

namespace {

// The opsets whose operators the importer maps (torch.onnx.export writes 9 to 17; 13 moved
// Squeeze/Unsqueeze's axes and 18 ReduceMean's from attributes to inputs, both handled).
constexpr std::int64_t k_min_opset = 9;
constexpr std::int64_t k_max_opset = 18;
// Values are kept for initializers up to this many elements: shape vectors, index lists. Weights
// are larger, and their values are never needed.
constexpr std::int64_t k_max_kept_values = 4096;

std::int64_t element_count(const onnx::TensorProto& t) {
  // -1 for a negative or overflowing count: the caller then keeps no values. Returning at once
  // matters, since multiplying on from -1 would overflow in its turn.
  std::int64_t n = 1;
  for (std::int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && n > std::numeric_limits<std::int64_t>::max() / d)) return -1;
    n *= d;
  }
  return n;
}

template <typename T>
T read_raw(const std::string& raw, std::size_t k) {
  T v{};
  std::memcpy(&v, raw.data() + k * sizeof(T), sizeof(T));
  return v;
}

// Inline values of an integer, bool or float tensor (raw_data or the typed fields). External data
// and large tensors keep no values.
void read_values(const onnx::TensorProto& t, OnnxTensor& out) {
  const std::int64_t n = element_count(t);
  if (n < 0 || n > k_max_kept_values || t.data_location() == onnx::TensorProto::EXTERNAL) return;
  const auto count = static_cast<std::size_t>(n);
  const std::string& raw = t.raw_data();
  switch (out.type) {
    case OnnxType::int64:
      if (!raw.empty() && raw.size() == count * 8) {
        for (std::size_t k = 0; k < count; ++k) out.ints.push_back(read_raw<std::int64_t>(raw, k));
      } else if (static_cast<std::size_t>(t.int64_data_size()) == count) {
        out.ints.assign(t.int64_data().begin(), t.int64_data().end());
      }
      break;
    case OnnxType::int32: case OnnxType::boolean: case OnnxType::int8: case OnnxType::uint8: {
      const std::size_t width = out.type == OnnxType::int32 ? 4 : 1;
      if (!raw.empty() && raw.size() == count * width) {
        for (std::size_t k = 0; k < count; ++k) {
          out.ints.push_back(width == 4 ? read_raw<std::int32_t>(raw, k) : static_cast<std::int8_t>(raw[k]));
        }
      } else if (static_cast<std::size_t>(t.int32_data_size()) == count) {
        out.ints.assign(t.int32_data().begin(), t.int32_data().end());
      }
      break;
    }
    case OnnxType::float32:
      if (!raw.empty() && raw.size() == count * 4) {
        for (std::size_t k = 0; k < count; ++k) out.floats.push_back(read_raw<float>(raw, k));
      } else if (static_cast<std::size_t>(t.float_data_size()) == count) {
        out.floats.assign(t.float_data().begin(), t.float_data().end());
      }
      break;
    case OnnxType::float64:
      if (!raw.empty() && raw.size() == count * 8) {
        for (std::size_t k = 0; k < count; ++k) out.floats.push_back(read_raw<double>(raw, k));
      } else if (static_cast<std::size_t>(t.double_data_size()) == count) {
        out.floats.assign(t.double_data().begin(), t.double_data().end());
      }
      break;
    default:
      break;
  }
  out.has_values = out.ints.size() == count || out.floats.size() == count;
  if (!out.has_values) {
    out.ints.clear();
    out.floats.clear();
  }
}

OnnxTensor read_tensor(const onnx::TensorProto& t) {
  OnnxTensor out;
  out.type = static_cast<OnnxType>(t.data_type());
  out.dims.assign(t.dims().begin(), t.dims().end());
  read_values(t, out);
  return out;
}

OnnxAttribute read_attribute(const onnx::AttributeProto& a) {
  OnnxAttribute out;
  out.i = a.i();
  out.f = a.f();
  out.ints.assign(a.ints().begin(), a.ints().end());
  out.s = a.s();
  if (a.has_t()) out.tensor = read_tensor(a.t());
  return out;
}

OnnxNode read_node(const onnx::NodeProto& n, int index) {
  OnnxNode out;
  out.op_type = n.op_type();
  out.name = n.name().empty() ? n.op_type() + "#" + std::to_string(index) : n.name();
  out.inputs.assign(n.input().begin(), n.input().end());
  out.outputs.assign(n.output().begin(), n.output().end());
  for (const auto& a : n.attribute()) out.attributes[a.name()] = read_attribute(a);
  return out;
}

// A value's stated type and shape; no dims when the file states no shape.
OnnxInput read_value(const onnx::ValueInfoProto& v) {
  OnnxInput out;
  out.name = v.name();
  const auto& tensor = v.type().tensor_type();
  out.type = static_cast<OnnxType>(tensor.elem_type());
  for (const auto& d : tensor.shape().dim()) {
    OnnxDim dim;
    if (d.has_dim_value()) dim.size = d.dim_value();
    if (d.has_dim_param()) dim.symbol = d.dim_param();
    out.dims.push_back(dim);
  }
  return out;
}

OnnxInput read_input(const onnx::ValueInfoProto& v, const std::string& path) {
  OnnxInput out = read_value(v);
  if (!v.type().tensor_type().has_shape()) {
    throw Error("graph input '" + out.name + "' has no shape", "export with input shapes (torch.onnx.export does)",
                {path, 0, 0});
  }
  return out;
}

std::string read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open '" + path + "'", "check the path to the .onnx file");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::int64_t default_opset(const onnx::ModelProto& proto, const std::string& path) {
  for (const auto& o : proto.opset_import()) {
    if (o.domain().empty() || o.domain() == "ai.onnx") return o.version();
  }
  throw Error("the model imports no opset of the default ONNX domain", "export with torch.onnx.export (opset 9 to 18)",
              {path, 1, 1});
}

}  // namespace

OnnxModel read_onnx_model(const std::string& path) {
  const std::string bytes = read_file_bytes(path);
  onnx::ModelProto proto;
  // A truncated or foreign file fails to parse, or parses to a message without a graph.
  if (!proto.ParseFromString(bytes) || !proto.has_graph() || proto.graph().node_size() == 0) {
    throw Error("'" + path + "' is not an ONNX model (truncated, or another format)",
                "give a file written by torch.onnx.export or onnx.save", {path, 1, 1});
  }
  OnnxModel model;
  model.path = path;
  model.opset = default_opset(proto, path);
  if (model.opset < k_min_opset || model.opset > k_max_opset) {
    throw Error("opset " + std::to_string(model.opset) + " is not supported", "export with opset_version from " +
                std::to_string(k_min_opset) + " to " + std::to_string(k_max_opset), {path, 1, 1});
  }
  const auto& graph = proto.graph();
  for (const auto& t : graph.initializer()) model.initializers[t.name()] = read_tensor(t);
  for (const auto& v : graph.input()) {
    if (!model.initializers.contains(v.name())) model.inputs.push_back(read_input(v, path));
  }
  for (const auto& v : graph.output()) model.outputs.push_back(v.name());
  for (const auto* values : {&graph.output(), &graph.value_info()}) {
    for (const auto& v : *values) {
      if (v.type().tensor_type().has_shape()) model.value_shapes.emplace(v.name(), read_value(v));
    }
  }
  for (int k = 0; k < graph.node_size(); ++k) model.nodes.push_back(read_node(graph.node(k), k));
  return model;
}

}  // namespace anesim
