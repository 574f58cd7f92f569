#include "sim/graph_builder.hpp"

#include "sim/shape_rules.hpp"

namespace anesim {

TensorId GraphBuilder::input(std::string name, Shape shape, DType dtype) {
  return m_graph.add_tensor(std::move(name), std::move(shape), dtype, TensorRole::input);
}

TensorId GraphBuilder::weight(std::string name, Shape shape, DType dtype, double density) {
  const TensorId t = m_graph.add_tensor(std::move(name), std::move(shape), dtype, TensorRole::weight);
  m_graph.set_density(t, density);
  return t;
}

TensorId GraphBuilder::constant(std::string name, Shape shape, DType dtype) {
  return m_graph.add_tensor(std::move(name), std::move(shape), dtype, TensorRole::constant);
}

TensorId GraphBuilder::folded_constant(std::string name, Shape shape, std::int64_t source_parameters, DType dtype) {
  return m_graph.add_folded_constant(std::move(name), std::move(shape), dtype, source_parameters);
}

OpId GraphBuilder::add(std::string name, OpKind kind, std::vector<TensorId> inputs, OpAttrs attrs) {
  m_inputs.clear();
  for (TensorId t : inputs) m_inputs.push_back(&m_graph.tensor(t));
  const InferredOutputs out = infer_outputs(name, kind, m_inputs, attrs);
  return m_graph.add_inferred_op(std::move(name), kind, std::move(inputs), std::move(attrs), out.shape, out.dtype, out.count);
}

std::vector<TensorId> GraphBuilder::op_n(std::string name, OpKind kind, std::vector<TensorId> inputs, OpAttrs attrs) {
  return m_graph.op(add(std::move(name), kind, std::move(inputs), std::move(attrs))).outputs;
}

TensorId GraphBuilder::op(std::string name, OpKind kind, std::vector<TensorId> inputs, OpAttrs attrs) {
  return m_graph.op(add(std::move(name), kind, std::move(inputs), std::move(attrs))).outputs.front();
}

Graph GraphBuilder::finish() {
  m_graph.validate();
  return std::move(m_graph);
}

}  // namespace anesim
