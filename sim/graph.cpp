#include "sim/graph.hpp"

#include <functional>
#include <queue>

#include "sim/error.hpp"
#include "sim/graph_cycles.hpp"
#include "sim/shape_rules.hpp"

namespace anesim {

TensorId Graph::add_tensor(std::string name, Shape shape, DType dtype, TensorRole role) {
  Tensor t;
  t.name = std::move(name);
  t.shape = std::move(shape);
  t.dtype = dtype;
  t.role = role;
  if (role == TensorRole::weight) m_parameter_count += t.shape.elements();
  m_tensors.push_back(std::move(t));
  return static_cast<TensorId>(m_tensors.size() - 1);
}

TensorId Graph::add_folded_constant(std::string name, Shape shape, DType dtype, std::int64_t source_parameters) {
  m_parameter_count += source_parameters;
  return add_tensor(std::move(name), std::move(shape), dtype, TensorRole::constant);
}

void Graph::reserve(std::size_t ops, std::size_t tensors) {
  m_ops.reserve(ops);
  m_inferred.reserve(ops);
  m_tensors.reserve(tensors);
}

OpId Graph::add_op(std::string name, OpKind kind, std::vector<TensorId> inputs, std::vector<OutputSpec> outputs,
                   OpAttrs attrs, bool inferred) {
  const OpId id = start_op(name, inputs, inferred);
  Op op;
  op.kind = kind;
  op.inputs = std::move(inputs);
  op.attrs = std::move(attrs);
  op.outputs.reserve(outputs.size());
  for (auto& spec : outputs) op.outputs.push_back(add_output(id, std::move(spec.name), std::move(spec.shape), spec.dtype));
  op.name = std::move(name);
  m_ops.push_back(std::move(op));
  return id;
}

OpId Graph::add_inferred_op(std::string name, OpKind kind, std::vector<TensorId> inputs, OpAttrs attrs, const Shape& shape,
                            DType dtype, std::size_t count) {
  const OpId id = start_op(name, inputs, true);
  Op op;
  op.kind = kind;
  op.inputs = std::move(inputs);
  op.attrs = std::move(attrs);
  op.outputs.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    op.outputs.push_back(add_output(id, count == 1 ? name : name + "." + std::to_string(k), shape, dtype));
  }
  op.name = std::move(name);
  m_ops.push_back(std::move(op));
  return id;
}

OpId Graph::start_op(const std::string& name, const std::vector<TensorId>& inputs, bool inferred) {
  const auto id = static_cast<OpId>(m_ops.size());
  for (TensorId in : inputs) {
    if (in < 0 || static_cast<std::size_t>(in) >= m_tensors.size()) {
      throw Error("op '" + name + "' reads tensor #" + std::to_string(in) + ", which does not exist",
                  "create the tensor before the op that reads it");
    }
  }
  m_inferred.push_back(inferred);
  for (TensorId in : inputs) {
    m_tensors[static_cast<std::size_t>(in)].consumers.push_back(id);  // its producer, if any, has a lower id
  }
  return id;
}

TensorId Graph::add_output(OpId op, std::string name, Shape shape, DType dtype) {
  const TensorId out = add_tensor(std::move(name), std::move(shape), dtype, TensorRole::activation);
  m_tensors[static_cast<std::size_t>(out)].producer = op;
  return out;
}

void Graph::bind_output(OpId op, TensorId tensor) {
  Tensor& t = m_tensors.at(static_cast<std::size_t>(tensor));
  if (t.role != TensorRole::activation || t.producer != k_none) {
    throw Error("tensor '" + t.name + "' cannot be bound as an output of op '" + this->op(op).name + "'",
                "only an activation without a producer can be bound");
  }
  t.producer = op;
  m_ops.at(static_cast<std::size_t>(op)).outputs.push_back(tensor);
  for (OpId consumer : t.consumers) {
    if (consumer <= op) m_ids_topological = false;
  }
}

void Graph::mark_output(TensorId tensor) { m_tensors.at(static_cast<std::size_t>(tensor)).graph_output = true; }

void Graph::set_density(TensorId tensor, double density) {
  if (!(density > 0 && density <= 1)) {
    throw Error("density " + std::to_string(density) + " of tensor '" + this->tensor(tensor).name + "' is not in (0, 1]",
                "use a sparsity in [0, 1)");
  }
  m_tensors.at(static_cast<std::size_t>(tensor)).density = density;
}

std::vector<OpId> Graph::execution_order() const {
  const std::size_t n = m_ops.size();
  std::vector<OpId> order;
  order.reserve(n);
  if (m_ids_topological) {
    // Every op's inputs come from lower ids, so the lowest unplaced id is always ready.
    for (std::size_t v = 0; v < n; ++v) order.push_back(static_cast<OpId>(v));
    return order;
  }
  // Kahn's algorithm over the implicit edges: one per (produced input, reading op) pair. With the
  // lowest ready id taken first, the order does not depend on the order edges are visited in.
  std::vector<std::size_t> pending(n, 0);
  for (std::size_t v = 0; v < n; ++v) {
    for (TensorId in : m_ops[v].inputs) pending[v] += m_tensors[static_cast<std::size_t>(in)].producer != k_none;
  }
  std::priority_queue<OpId, std::vector<OpId>, std::greater<>> ready;
  for (std::size_t v = 0; v < n; ++v) {
    if (pending[v] == 0) ready.push(static_cast<OpId>(v));
  }
  while (!ready.empty()) {
    const OpId v = ready.top();
    ready.pop();
    order.push_back(v);
    for (TensorId out : m_ops[static_cast<std::size_t>(v)].outputs) {
      for (OpId w : m_tensors[static_cast<std::size_t>(out)].consumers) {
        if (--pending[static_cast<std::size_t>(w)] == 0) ready.push(w);
      }
    }
  }
  return order;
}

void Graph::validate() const {
  if (m_ops.empty()) throw Error("the graph has no ops", "the model builder produced nothing to run");
  bool has_output = false;
  for (const Tensor& t : m_tensors) {
    has_output = has_output || t.graph_output;
    if (t.role != TensorRole::activation) continue;
    if (t.producer == k_none) {
      const std::string reader = t.consumers.empty() ? "nothing" : "op '" + m_ops[static_cast<std::size_t>(t.consumers[0])].name + "'";
      throw Error("dangling tensor '" + t.name + "': read by " + reader + " but produced by no op",
                  "produce it with an op, or declare it as a graph input");
    }
    if (t.consumers.empty() && !t.graph_output) {
      throw Error("tensor '" + t.name + "' produced by op '" + m_ops[static_cast<std::size_t>(t.producer)].name +
                      "' is never used",
                  "consume it, mark it as a graph output, or drop the op");
    }
  }
  if (!has_output) throw Error("the graph has no output tensor", "mark the model's result with mark_output");

  for (std::size_t i = 0; i < m_ops.size(); ++i) {
    if (m_inferred[i]) continue;  // its rule ran when it was added, on these same inputs
    const Op& op = m_ops[i];
    std::vector<const Tensor*> inputs;
    for (TensorId in : op.inputs) inputs.push_back(&tensor(in));
    const auto inferred = infer_outputs(op.name, op.kind, inputs, op.attrs);
    if (inferred.count != op.outputs.size()) {
      throw Error("op '" + op.name + "' declares " + std::to_string(op.outputs.size()) + " outputs but " +
                      std::string(op_kind_name(op.kind)) + " produces " + std::to_string(inferred.count),
                  "declare one output per result");
    }
    for (std::size_t k = 0; k < inferred.count; ++k) {
      const Tensor& out = tensor(op.outputs[k]);
      if (!(out.shape == inferred.shape) || out.dtype != inferred.dtype) {
        throw Error("shape mismatch at op '" + op.name + "' (" + std::string(op_kind_name(op.kind)) + "): output '" +
                        out.name + "' is declared " + out.shape.to_string() + " " + std::string(dtype_name(out.dtype)) +
                        " but its inputs give " + inferred.shape.to_string() + " " +
                        std::string(dtype_name(inferred.dtype)),
                    "make the declared output match the op's inputs");
      }
    }
  }

  const auto order = execution_order();
  if (order.size() != m_ops.size()) {
    std::vector<bool> placed(m_ops.size(), false);
    for (OpId id : order) placed[static_cast<std::size_t>(id)] = true;
    std::string names;
    for (OpId id : ops_on_a_cycle(*this, placed)) {
      if (names.size() > 200) break;
      names += (names.empty() ? "'" : ", '") + m_ops[static_cast<std::size_t>(id)].name + "'";
    }
    throw Error("the graph has a cycle through ops " + names, "an op cannot read, directly or not, its own output");
  }
}

}  // namespace anesim
