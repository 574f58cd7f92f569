#include "ir/graph_block.hpp"

#include <bit>

#include "ir/graph.hpp"

namespace anesim {

namespace {

bool renamed(std::string_view a, std::string_view a_prefix, std::string_view b, std::string_view b_prefix) {
  return a.starts_with(a_prefix) && b.starts_with(b_prefix) && a.substr(a_prefix.size()) == b.substr(b_prefix.size());
}

bool same_attrs(const OpAttrs& a, const OpAttrs& b) {
  return a.ints == b.ints && a.axis == b.axis && a.begin == b.begin && a.end == b.end && a.parts == b.parts &&
         a.keep_dims == b.keep_dims && a.equation == b.equation && a.to == b.to &&
         // Bit for bit: the copy holds the source's double, so "equal" must not let -0 stand for 0.
         std::bit_cast<std::uint64_t>(a.scalar) == std::bit_cast<std::uint64_t>(b.scalar) && a.has_scalar == b.has_scalar;
}

}  // namespace

bool is_translation(const Graph& graph, const GraphBlock& a, const GraphBlock& b) {
  const OpId op_shift = b.ops_begin - a.ops_begin;
  const TensorId tensor_shift = b.tensors_begin - a.tensors_begin;
  if (b.ops_end - b.ops_begin != a.ops_end - a.ops_begin || b.tensors_end - b.tensors_begin != a.tensors_end - a.tensors_begin ||
      op_shift <= 0 || tensor_shift <= 0 || a.ops_end > b.ops_begin || a.tensors_end > b.tensors_begin ||
      a.input == k_none || b.input == k_none) {
    return false;
  }
  // What each block reads from the one before must be alike, for the ops' shapes to mean the same.
  const Tensor& a_in = graph.tensor(a.input);
  const Tensor& b_in = graph.tensor(b.input);
  if (!(a_in.shape == b_in.shape) || a_in.dtype != b_in.dtype || a_in.role != b_in.role) return false;
  // Where `b` must read what `a` reads at `t`.
  auto counterpart = [&](TensorId t) -> TensorId {
    if (t >= a.tensors_begin && t < a.tensors_end) return t + tensor_shift;
    if (t == a.input) return b.input;
    return t < a.tensors_begin ? t : k_none;  // shared tensors come before both blocks
  };
  for (TensorId t = a.tensors_begin; t < a.tensors_end; ++t) {
    const Tensor& x = graph.tensor(t);
    const Tensor& y = graph.tensor(t + tensor_shift);
    const bool produced_inside = x.producer >= a.ops_begin && x.producer < a.ops_end;
    if (!renamed(x.name, a.prefix, y.name, b.prefix) || !(x.shape == y.shape) || x.dtype != y.dtype || x.role != y.role ||
        x.density != y.density || x.graph_output != y.graph_output || x.state != y.state ||
        (x.producer != k_none && !produced_inside) || y.producer != (x.producer == k_none ? k_none : x.producer + op_shift)) {
      return false;
    }
  }
  for (OpId o = a.ops_begin; o < a.ops_end; ++o) {
    const Op& x = graph.op(o);
    const Op& y = graph.op(o + op_shift);
    if (!renamed(x.name, a.prefix, y.name, b.prefix) || x.kind != y.kind || !same_attrs(x.attrs, y.attrs) ||
        x.inputs.size() != y.inputs.size() || x.outputs.size() != y.outputs.size() ||
        graph.inferred(o) != graph.inferred(o + op_shift)) {
      return false;
    }
    for (std::size_t k = 0; k < x.inputs.size(); ++k) {
      if (counterpart(x.inputs[k]) != y.inputs[k] || y.inputs[k] == k_none) return false;
    }
    for (std::size_t k = 0; k < x.outputs.size(); ++k) {
      if (x.outputs[k] + tensor_shift != y.outputs[k]) return false;
    }
  }
  return true;
}

}  // namespace anesim
