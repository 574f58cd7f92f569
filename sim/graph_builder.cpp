#include "sim/graph_builder.hpp"

#include "sim/shape_rules.hpp"

namespace anesim {

TensorId GraphBuilder::input(const std::string& name, Shape shape, DType dtype) {
  return m_graph.add_tensor(name, std::move(shape), dtype, TensorRole::input);
}

TensorId GraphBuilder::weight(const std::string& name, Shape shape, DType dtype, double density) {
  const TensorId t = m_graph.add_tensor(name, std::move(shape), dtype, TensorRole::weight);
  m_graph.set_density(t, density);
  return t;
}

TensorId GraphBuilder::constant(const std::string& name, Shape shape, DType dtype) {
  return m_graph.add_tensor(name, std::move(shape), dtype, TensorRole::constant);
}

TensorId GraphBuilder::folded_constant(const std::string& name, Shape shape, std::int64_t source_parameters, DType dtype) {
  return m_graph.add_folded_constant(name, std::move(shape), dtype, source_parameters);
}

std::vector<TensorId> GraphBuilder::op_n(const std::string& name, OpKind kind, std::vector<TensorId> inputs, OpAttrs attrs) {
  std::vector<const Tensor*> in;
  for (TensorId t : inputs) in.push_back(&m_graph.tensor(t));
  const auto inferred = infer_outputs(name, kind, in, attrs);
  std::vector<OutputSpec> specs;
  for (std::size_t k = 0; k < inferred.size(); ++k) {
    specs.push_back({inferred.size() == 1 ? name : name + "." + std::to_string(k), inferred[k].shape, inferred[k].dtype});
  }
  const OpId id = m_graph.add_op(name, kind, std::move(inputs), std::move(specs), std::move(attrs), true);
  return m_graph.op(id).outputs;
}

TensorId GraphBuilder::op(const std::string& name, OpKind kind, std::vector<TensorId> inputs, OpAttrs attrs) {
  return op_n(name, kind, std::move(inputs), std::move(attrs)).front();
}

Graph GraphBuilder::finish() {
  m_graph.validate();
  return std::move(m_graph);
}

}  // namespace anesim
