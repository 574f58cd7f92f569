#include "models/onnx/onnx_context.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"

namespace anesim {

namespace {
bool names(const std::string& symbol, std::initializer_list<const char*> words) {
  std::string lower = symbol;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return lower.find(w) != std::string::npos; });
}
}  // namespace

std::int64_t name_rule_size(const OnnxInput& value, std::size_t axis, std::int64_t batch, std::int64_t seq) {
  const OnnxDim& d = value.dims[axis];
  if (d.size > 0) return d.size;
  if (names(d.symbol, {"batch"})) return batch;
  if (names(d.symbol, {"seq", "token", "len"})) return seq;
  if (axis == 0) return batch;
  if (axis == 1 && value.dims.size() == 2) return seq;
  return 0;
}

std::vector<std::int64_t> OnnxContext::bound_dims(const OnnxInput& value, const std::string& what) const {
  std::vector<std::int64_t> sizes;
  for (std::size_t k = 0; k < value.dims.size(); ++k) {
    const OnnxDim& d = value.dims[k];
    if (d.size <= 0 && !d.symbol.empty()) {
      if (const auto it = m_sizes.dims.find(d.symbol); it != m_sizes.dims.end()) {
        sizes.push_back(it->second);
        continue;
      }
    }
    const std::int64_t size = name_rule_size(value, k, m_sizes.batch, m_sizes.seq);
    if (size == 0) {
      throw Error(what + " has axis " + std::to_string(k) + " of unknown size" + (d.symbol.empty() ? "" : " ('" + d.symbol + "')"),
                  d.symbol.empty() ? "export it with a fixed size or a named dynamic axis (torch.onnx.export's dynamic_axes)"
                                   : "bind it with --dim " + d.symbol + "=N (a sweep's dims, Python's dims={'" + d.symbol +
                                         "': N}), or name it batch or seq in torch.onnx.export's dynamic_axes",
                  {m_model.path, 0, 0});
    }
    sizes.push_back(size);
  }
  return sizes;
}

DType imported_dtype(OnnxType type) {
  switch (type) {
    case OnnxType::float32: case OnnxType::float16: case OnnxType::float64: case OnnxType::bfloat16:
      return DType::fp16;
    case OnnxType::int64: case OnnxType::int32: case OnnxType::int16: case OnnxType::uint16:
    case OnnxType::uint32: case OnnxType::uint64:
      return DType::int32;
    case OnnxType::int8:
      return DType::int8;
    case OnnxType::uint8:
      return DType::uint8;
    case OnnxType::boolean:
      return DType::boolean;
    default:
      throw Error("ONNX element type " + std::to_string(static_cast<int>(type)) + " has no anesim dtype",
                  "anesim runs float, integer and bool tensors");
  }
}

Shape shape_of(const std::vector<std::int64_t>& dims) {
  if (dims.empty()) return Shape{1};
  return Shape(dims);
}

const ImportedValue& OnnxContext::value(const std::string& name) const {
  const auto it = m_values.find(name);
  if (it == m_values.end()) throw Error("internal: ONNX value '" + name + "' read before it was made");
  return it->second;
}

const OnnxTensor* OnnxContext::known(const std::string& name) const {
  const auto it = m_values.find(name);
  if (it == m_values.end() || !it->second.known || !it->second.known->has_values) return nullptr;
  return &*it->second.known;
}

const OnnxTensor* OnnxContext::weight(const std::string& name) const {
  const auto it = m_values.find(name);
  return it == m_values.end() ? nullptr : it->second.weight;
}

TensorId OnnxContext::tensor(const OnnxNode& node, const std::string& name, const Shape* as) {
  if (name.empty()) fail(node, "an input it needs is omitted", "give every required input");
  const ImportedValue& v = value(name);
  if (v.tensor != k_none && !as) return v.tensor;
  if (v.weight) {
    const Shape shape = as ? *as : shape_of(v.weight->dims);
    const std::string key = name + shape.to_string();
    if (const auto it = m_weights.find(key); it != m_weights.end()) return it->second;
    const bool projection = as != nullptr;  // rule 8's precision applies to projection weights
    const TensorId t = m_builder.weight(name, shape, projection ? m_options.weight_dtype : DType::fp16,
                                        projection ? 1.0 - m_options.sparsity : 1.0);
    m_weights[key] = t;
    return t;
  }
  if (v.known) {
    const TensorId t = m_builder.constant(name, shape_of(v.known->dims), imported_dtype(v.known->type));
    m_values[name].tensor = t;
    return t;
  }
  if (v.tensor == k_none) fail(node, "reads '" + name + "', which has no tensor", "check the model's graph");
  fail(node, "cannot read '" + name + "' as a weight", "a MatMul's second operand must be an initializer or a tensor");
}

Shape OnnxContext::shape(const OnnxNode& node, const std::string& name) const {
  if (name.empty()) fail(node, "an input it needs is omitted", "give every required input");
  const ImportedValue& v = value(name);
  if (v.tensor != k_none) return m_builder.shape(v.tensor);
  if (v.weight) return shape_of(v.weight->dims);
  if (v.known) return shape_of(v.known->dims);
  fail(node, "reads '" + name + "', which has no shape", "check the model's graph");
}

const std::string& OnnxContext::input(const OnnxNode& node, std::size_t k) const {
  if (k >= node.inputs.size() || node.inputs[k].empty()) fail(node, "lacks input " + std::to_string(k + 1), "give the operator's required inputs");
  return node.inputs[k];
}

void OnnxContext::check_single_output(const OnnxNode& node) const {
  for (std::size_t k = 1; k < node.outputs.size(); ++k) {
    if (!node.outputs[k].empty()) {
      fail(node, "uses output " + std::to_string(k + 1), "anesim maps the first output only (export in eval mode: training adds outputs)");
    }
  }
}

void OnnxContext::fail(const OnnxNode& node, const std::string& what, const std::string& hint) const {
  throw Error(node.op_type + " node '" + node.name + "' " + what, hint, {m_model.path, 0, 0});
}

}  // namespace anesim
