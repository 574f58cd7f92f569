#pragma once
// The state of one import: each ONNX value name is a graph tensor, a weight (an initializer, added
// to the graph where an op uses it) or a known tensor (a Constant, a shape, a folded result),
// which is never costed. The op mappings (onnx_ops.cpp) and the folding (onnx_folding.cpp) work
// through it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ir/graph_builder.hpp"
#include "models/layout_strategy.hpp"
#include "models/onnx/onnx_reader.hpp"
#include "models/run_sizes.hpp"

namespace anesim {

// The sizes an import binds symbolic axes to: a binding of the axis's name in `dims`, else the
// name rule's batch or seq (name_rule_size).
struct OnnxSizes {
  std::int64_t batch = 1;
  std::int64_t seq = 8;
  DimBindings dims;
};

// An axis named like batch (batch, batch_size) takes the batch; one naming seq, token or len
// (seq, sequence, seq_len, tokens, length) the seq; else the first axis is the batch and the
// second of a 2-D value (token ids, a mask) the sequence. A fixed axis is its size; 0 when the
// rule binds none.
[[nodiscard]] std::int64_t name_rule_size(const OnnxInput& value, std::size_t axis, std::int64_t batch, std::int64_t seq);

struct ImportedValue {
  TensorId tensor = k_none;          // in the graph
  std::optional<OnnxTensor> known;   // values known at import time
  const OnnxTensor* weight = nullptr;  // an initializer without values: a weight
};

class OnnxContext {
 public:
  OnnxContext(const OnnxModel& model, const BuildOptions& options, OnnxSizes sizes)
      : m_model(model), m_options(options), m_sizes(std::move(sizes)) {}

  [[nodiscard]] const OnnxModel& model() const { return m_model; }
  GraphBuilder& builder() { return m_builder; }
  [[nodiscard]] const BuildOptions& options() const { return m_options; }
  // The sizes of `value`'s axes, its symbols bound; throws anesim::Error naming `what` (e.g.
  // "input 'x'") and the symbol when an axis binds to nothing.
  [[nodiscard]] std::vector<std::int64_t> bound_dims(const OnnxInput& value, const std::string& what) const;
  [[nodiscard]] bool has(const std::string& name) const { return m_values.contains(name); }
  // The known value of `name` (with values), or null.
  [[nodiscard]] const OnnxTensor* known(const std::string& name) const;
  // The initializer `name` stands for when it is a weight, or null.
  [[nodiscard]] const OnnxTensor* weight(const std::string& name) const;
  // A graph tensor for `name`: a weight or a constant is added on first use (a rank-0 constant as
  // shape (1)). `as` reshapes a weight to the layout its op reads (MatMul's (K,N) as (N,K)).
  TensorId tensor(const OnnxNode& node, const std::string& name, const Shape* as = nullptr);
  [[nodiscard]] Shape shape(const OnnxNode& node, const std::string& name) const;

  // The name of the node's k-th input (0-based), which the operator requires: an error when absent.
  [[nodiscard]] const std::string& input(const OnnxNode& node, std::size_t k) const;
  // anesim maps an operator's first output only: an error when the node uses another.
  void check_single_output(const OnnxNode& node) const;
  // The node's (single) output is `t`.
  void set_output(const OnnxNode& node, TensorId t) {
    check_single_output(node);
    set_tensor(node.outputs.at(0), t);
  }
  void set_tensor(const std::string& name, TensorId t) { m_values[name].tensor = t; }
  void set_known(const std::string& name, OnnxTensor t) { m_values[name].known = std::move(t); }
  void set_weight(const std::string& name, const OnnxTensor* w) { m_values[name].weight = w; }
  void alias(const std::string& to, const std::string& from) { m_values[to] = value(from); }

  // Throws anesim::Error naming the file, the node and its op type.
  [[noreturn]] void fail(const OnnxNode& node, const std::string& what, const std::string& hint) const;

 private:
  [[nodiscard]] const ImportedValue& value(const std::string& name) const;

  const OnnxModel& m_model;
  BuildOptions m_options;
  OnnxSizes m_sizes;
  GraphBuilder m_builder;
  std::map<std::string, ImportedValue> m_values;
  std::map<std::string, TensorId> m_weights;  // by name and shape, so a shared weight counts once
};

// anesim's dtype for an ONNX element type: floats compute in fp16 (Core ML's default precision
// on the ANE), int64 indices as int32 (Core ML narrows them), bool as bool.
[[nodiscard]] DType imported_dtype(OnnxType type);
[[nodiscard]] Shape shape_of(const std::vector<std::int64_t>& dims);

}  // namespace anesim
