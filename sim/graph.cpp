#include "sim/graph.hpp"

#include <functional>
#include <queue>

#include "sim/error.hpp"
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
  const auto id = static_cast<OpId>(m_ops.size());
  const auto vertex = boost::add_vertex(*m_graph);
  (void)vertex;
  m_inferred.push_back(inferred);
  for (TensorId in : inputs) {
    if (in < 0 || static_cast<std::size_t>(in) >= m_tensors.size()) {
      throw Error("op '" + name + "' reads tensor #" + std::to_string(in) + ", which does not exist",
                  "create the tensor before the op that reads it");
    }
    Tensor& t = m_tensors[static_cast<std::size_t>(in)];
    t.consumers.push_back(id);
    if (t.producer != k_none) {
      boost::add_edge(static_cast<std::size_t>(t.producer), static_cast<std::size_t>(id), EdgeData{in}, *m_graph);
    }
  }
  Op op;
  op.name = std::move(name);
  op.kind = kind;
  op.inputs = std::move(inputs);
  op.attrs = std::move(attrs);
  for (auto& spec : outputs) {
    const TensorId out = add_tensor(std::move(spec.name), std::move(spec.shape), spec.dtype, TensorRole::activation);
    m_tensors[static_cast<std::size_t>(out)].producer = id;
    op.outputs.push_back(out);
  }
  m_ops.push_back(std::move(op));
  return id;
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
    boost::add_edge(static_cast<std::size_t>(op), static_cast<std::size_t>(consumer), EdgeData{tensor}, *m_graph);
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
  std::vector<std::size_t> pending(n, 0);
  for (std::size_t v = 0; v < n; ++v) pending[v] = boost::in_degree(v, *m_graph);
  std::priority_queue<OpId, std::vector<OpId>, std::greater<>> ready;
  for (std::size_t v = 0; v < n; ++v) {
    if (pending[v] == 0) ready.push(static_cast<OpId>(v));
  }
  std::vector<OpId> order;
  order.reserve(n);
  while (!ready.empty()) {
    const OpId v = ready.top();
    ready.pop();
    order.push_back(v);
    for (auto [e, end] = boost::out_edges(static_cast<std::size_t>(v), *m_graph); e != end; ++e) {
      const std::size_t w = boost::target(*e, *m_graph);
      if (--pending[w] == 0) ready.push(static_cast<OpId>(w));
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
    if (inferred.size() != op.outputs.size()) {
      throw Error("op '" + op.name + "' declares " + std::to_string(op.outputs.size()) + " outputs but " +
                      std::string(op_kind_name(op.kind)) + " produces " + std::to_string(inferred.size()),
                  "declare one output per result");
    }
    for (std::size_t k = 0; k < inferred.size(); ++k) {
      const Tensor& out = tensor(op.outputs[k]);
      if (!(out.shape == inferred[k].shape) || out.dtype != inferred[k].dtype) {
        throw Error("shape mismatch at op '" + op.name + "' (" + std::string(op_kind_name(op.kind)) + "): output '" +
                        out.name + "' is declared " + out.shape.to_string() + " " + std::string(dtype_name(out.dtype)) +
                        " but its inputs give " + inferred[k].shape.to_string() + " " +
                        std::string(dtype_name(inferred[k].dtype)),
                    "make the declared output match the op's inputs");
      }
    }
  }

  const auto order = execution_order();
  if (order.size() != m_ops.size()) {
    std::vector<bool> placed(m_ops.size(), false);
    for (OpId id : order) placed[static_cast<std::size_t>(id)] = true;
    std::string stuck;
    for (std::size_t i = 0; i < m_ops.size() && stuck.size() < 200; ++i) {
      if (!placed[i]) stuck += (stuck.empty() ? "'" : ", '") + m_ops[i].name + "'";
    }
    throw Error("the graph has a cycle through ops " + stuck, "an op cannot read, directly or not, its own output");
  }
}

}  // namespace anesim
