#pragma once
// Builds a Graph one op at a time, inferring each output's shape and dtype from the op's rule, so
// model builders state what an op does and never restate shapes by hand.
#include <string>
#include <vector>

#include "ir/graph.hpp"
#include "ir/graph_block.hpp"

namespace anesim {

class GraphBuilder {
 public:
  TensorId input(const NameParts& name, const Shape& shape, DType dtype);
  TensorId weight(const NameParts& name, const Shape& shape, DType dtype = DType::fp16, double density = 1.0);
  TensorId constant(const NameParts& name, const Shape& shape, DType dtype = DType::fp16);
  TensorId folded_constant(const NameParts& name, const Shape& shape, std::int64_t source_parameters,
                           DType dtype = DType::fp16);

  void folded_parameters(std::int64_t count) { m_graph.add_folded_parameters(count); }

  // Adds an op with one output and returns it.
  TensorId op(const NameParts& name, OpKind kind, OpInputs inputs, OpAttrs attrs = {});
  // Adds an op with any number of outputs (split) and returns them.
  std::vector<TensorId> op_n(const NameParts& name, OpKind kind, OpInputs inputs, OpAttrs attrs = {});

  void output(TensorId tensor) { m_graph.mark_output(tensor); }
  // A block built before, appended again under another prefix (Graph::append_copy).
  GraphBlock copy(const GraphBlock& source, TensorId input, std::string_view prefix, std::int64_t parameters) {
    return m_graph.append_copy(source, input, prefix, parameters);
  }
  // The model's state (a KV cache, Tensor::state): an input a decode step appends to, and an
  // output a prefill writes.
  TensorId state_input(const NameParts& name, const Shape& shape, DType dtype);
  void state_output(TensorId tensor) {
    m_graph.mark_output(tensor);
    m_graph.mark_state(tensor);
  }
  // Room for about `ops` ops (and their tensors) up front.
  void reserve(std::size_t ops) { m_graph.reserve(ops, 3 * ops); }
  [[nodiscard]] const Shape& shape(TensorId tensor) const { return m_graph.tensor(tensor).shape; }
  [[nodiscard]] const Graph& graph() const { return m_graph; }
  // Validates and hands the graph over.
  [[nodiscard]] Graph finish();

 private:
  OpId add(const NameParts& name, OpKind kind, OpInputs&& inputs, OpAttrs&& attrs);

  Graph m_graph;
  std::vector<const Tensor*> m_inputs;  // scratch for the shape rules, reused by every op
};

}  // namespace anesim
