#include "models/repeated_layers.hpp"

namespace anesim {

RepeatedLayers::Mark RepeatedLayers::mark(TensorId x) const {
  const Graph& g = m_b.graph();
  return {static_cast<OpId>(g.op_count()), static_cast<TensorId>(g.tensor_count()), x, g.parameter_count()};
}

void RepeatedLayers::built(const Mark& start, TensorId out, std::string prefix) {
  const Graph& g = m_b.graph();
  m_before = std::move(m_last);
  m_last.prefix = std::move(prefix);
  m_last.block = {start.ops, static_cast<OpId>(g.op_count()), start.tensors, static_cast<TensorId>(g.tensor_count()),
                  start.input, {}};
  m_last.output = out;
  m_last.parameters = g.parameter_count() - start.parameters;
  // The pair must match in full: the blocks, where each one's output sits in it, and the parameters.
  m_repeating = m_copies == LayerCopies::when_repeated && !m_before.prefix.empty() &&
                m_before.parameters == m_last.parameters &&
                out - m_last.block.tensors_begin == m_before.output - m_before.block.tensors_begin &&
                out >= m_last.block.tensors_begin && out < m_last.block.tensors_end &&
                is_translation(g, m_before.named(), m_last.named());
}

TensorId RepeatedLayers::copy(TensorId x, std::string prefix) {
  Layer next;
  next.prefix = std::move(prefix);
  next.block = m_b.copy(m_last.named(), x, next.prefix, m_last.parameters);
  next.block.prefix = {};
  next.output = m_last.output + (next.block.tensors_begin - m_last.block.tensors_begin);
  next.parameters = m_last.parameters;
  m_last = std::move(next);
  ++m_copied;
  return m_last.output;
}

}  // namespace anesim
