#include "ir/graph_builder.hpp"

#include "ir/shape_rules.hpp"

namespace anesim {

TensorId GraphBuilder::input(const NameParts& name, const Shape& shape, DType dtype) {
  return m_graph.add_tensor(name, shape, dtype, TensorRole::input);
}

TensorId GraphBuilder::state_input(const NameParts& name, const Shape& shape, DType dtype) {
  const TensorId t = input(name, shape, dtype);
  m_graph.mark_state(t);
  return t;
}

TensorId GraphBuilder::weight(const NameParts& name, const Shape& shape, DType dtype, double density) {
  const TensorId t = m_graph.add_tensor(name, shape, dtype, TensorRole::weight);
  m_graph.set_density(t, density);
  return t;
}

TensorId GraphBuilder::constant(const NameParts& name, const Shape& shape, DType dtype) {
  return m_graph.add_tensor(name, shape, dtype, TensorRole::constant);
}

TensorId GraphBuilder::folded_constant(const NameParts& name, const Shape& shape, std::int64_t source_parameters, DType dtype) {
  return m_graph.add_folded_constant(name, shape, dtype, source_parameters);
}

OpId GraphBuilder::add(const NameParts& name, OpKind kind, OpInputs&& inputs, OpAttrs&& attrs) {
  m_inputs.clear();
  for (TensorId t : inputs) m_inputs.push_back(&m_graph.tensor(t));
  const Name stored = m_graph.store_name(name);
  const InferredOutputs out = infer_outputs(stored, kind, m_inputs, attrs);
  return m_graph.add_inferred_op(stored, kind, std::move(inputs), std::move(attrs), out.shape, out.dtype, out.count);
}

std::vector<TensorId> GraphBuilder::op_n(const NameParts& name, OpKind kind, OpInputs inputs, OpAttrs attrs) {
  return m_graph.op(add(name, kind, std::move(inputs), std::move(attrs))).outputs.to_vector();
}

TensorId GraphBuilder::op(const NameParts& name, OpKind kind, OpInputs inputs, OpAttrs attrs) {
  return m_graph.op(add(name, kind, std::move(inputs), std::move(attrs))).outputs.front();
}

Graph GraphBuilder::finish() {
  m_graph.validate();
  return std::move(m_graph);
}

}  // namespace anesim
