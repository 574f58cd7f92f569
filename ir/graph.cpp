#include "ir/graph.hpp"

#include <cmath>
#include <functional>
#include <queue>

#include <fmt/format.h>

#include "core/error.hpp"
#include "ir/graph_cycles.hpp"
#include "ir/shape_rules.hpp"

namespace anesim {

std::int64_t weight_storage_bytes(const Tensor& t) {
  const auto kept = static_cast<double>(storage_bytes(t.shape.elements(), t.dtype)) * t.density;
  return static_cast<std::int64_t>(std::ceil(kept));
}

namespace {
// fmt formats a string_view, not its Name subclass.
std::string_view sv(const Name& name) { return name; }
}  // namespace

Graph::Graph(const Graph& other)
    : m_tensors(other.m_tensors),
      m_ops(other.m_ops),
      m_ids_topological(other.m_ids_topological),
      m_inferred(other.m_inferred),
      m_parameter_count(other.m_parameter_count),
      m_block_copies(other.m_block_copies) {
  for (Tensor& t : m_tensors) t.name = names().store(t.name);
  for (Op& op : m_ops) {
    op.name = names().store(op.name);
    store_equation(op.attrs);
  }
}

Graph& Graph::operator=(const Graph& other) {
  if (this != &other) *this = Graph(other);
  return *this;
}

TensorId Graph::add_tensor(const NameParts& name, const Shape& shape, DType dtype, TensorRole role) {
  Tensor& t = m_tensors.emplace_back();  // filled in place, as add_output does
  t.name = names().store(name);
  t.shape = shape;
  t.dtype = dtype;
  t.role = role;
  if (role == TensorRole::weight) m_parameter_count += t.shape.elements();
  return static_cast<TensorId>(m_tensors.size() - 1);
}

TensorId Graph::add_folded_constant(const NameParts& name, const Shape& shape, DType dtype, std::int64_t source_parameters) {
  m_parameter_count += source_parameters;
  return add_tensor(name, shape, dtype, TensorRole::constant);
}

void Graph::reserve(std::size_t ops, std::size_t tensors) {
  m_ops.reserve(ops);
  m_inferred.reserve(ops);
  m_tensors.reserve(tensors);
}

OpId Graph::add_op(std::string_view name, OpKind kind, OpInputs inputs, const std::vector<OutputSpec>& outputs,
                   OpAttrs attrs) {
  const OpId id = start_op(name, inputs, false);
  Op& op = m_ops.emplace_back();  // filled in place (see add_inferred_op)
  op.kind = kind;
  op.inputs = std::move(inputs);
  op.attrs = std::move(attrs);
  store_equation(op.attrs);
  op.outputs.reserve(outputs.size());
  for (const auto& spec : outputs) op.outputs.push_back(add_output(id, names().store(spec.name), spec.shape, spec.dtype));
  op.name = names().store(name);
  return id;
}

OpId Graph::add_inferred_op(Name stored_name, OpKind kind, OpInputs&& inputs, OpAttrs&& attrs, const Shape& shape,
                            DType dtype, std::size_t count) {
  const OpId id = start_op(stored_name, inputs, true);
  Op& op = m_ops.emplace_back();  // filled in place: an Op is 200 bytes, and moving one in cost as much as the rest
  op.kind = kind;
  op.inputs = std::move(inputs);
  op.attrs = std::move(attrs);
  store_equation(op.attrs);
  op.name = stored_name;
  op.outputs.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    // A single output shares the op's stored name.
    op.outputs.push_back(add_output(id, count == 1 ? op.name : names().store_indexed(op.name, k), shape, dtype));
  }
  return id;
}

OpId Graph::start_op(std::string_view name, const OpInputs& inputs, bool inferred) {
  const auto id = static_cast<OpId>(m_ops.size());
  for (TensorId in : inputs) {
    if (in < 0 || static_cast<std::size_t>(in) >= m_tensors.size()) {
      throw Error(fmt::format("op '{}' reads tensor #{}, which does not exist", name, in),
                  "create the tensor before the op that reads it");
    }
  }
  m_inferred.push_back(inferred ? 1 : 0);
  for (TensorId in : inputs) {
    m_tensors[static_cast<std::size_t>(in)].consumers.push_back(id);  // its producer, if any, has a lower id
  }
  return id;
}

TensorId Graph::add_output(OpId op, Name name, const Shape& shape, DType dtype) {
  Tensor& t = m_tensors.emplace_back();  // filled in place: moving a 144-byte Tensor in cost more than filling it
  t.name = name;  // already stored
  t.shape = shape;
  t.dtype = dtype;
  t.role = TensorRole::activation;
  t.producer = op;
  return static_cast<TensorId>(m_tensors.size() - 1);
}

void Graph::bind_output(OpId op, TensorId tensor) {
  Tensor& t = m_tensors.at(static_cast<std::size_t>(tensor));
  if (t.role != TensorRole::activation || t.producer != k_none) {
    throw Error(fmt::format("tensor '{}' cannot be bound as an output of op '{}'", sv(t.name), sv(this->op(op).name)),
                "only an activation without a producer can be bound");
  }
  t.producer = op;
  m_ops.at(static_cast<std::size_t>(op)).outputs.push_back(tensor);
  for (OpId consumer : t.consumers) {
    if (consumer <= op) m_ids_topological = false;
  }
}

GraphBlock Graph::append_copy(const GraphBlock& source, TensorId input, std::string_view prefix, std::int64_t parameters) {
  GraphBlock copy;
  copy.ops_begin = static_cast<OpId>(m_ops.size());
  copy.tensors_begin = static_cast<TensorId>(m_tensors.size());
  copy.input = input;
  copy.prefix = prefix;
  const OpId op_shift = copy.ops_begin - source.ops_begin;
  const TensorId tensor_shift = copy.tensors_begin - source.tensors_begin;
  auto rename = [&](Name name) { return names().store({prefix, std::string_view(name).substr(source.prefix.size())}); };
  m_tensors.reserve(m_tensors.size() + static_cast<std::size_t>(source.tensors_end - source.tensors_begin));
  m_ops.reserve(m_ops.size() + static_cast<std::size_t>(source.ops_end - source.ops_begin));
  for (TensorId t = source.tensors_begin; t < source.tensors_end; ++t) {
    // Field by field, not a copy: the consumers are the copied ops' (added below), not the source's.
    Tensor& to = m_tensors.emplace_back();  // reserved: the source stays put
    const Tensor& from = m_tensors[static_cast<std::size_t>(t)];
    to.name = from.name;
    to.shape = from.shape;
    to.dtype = from.dtype;
    to.role = from.role;
    to.density = from.density;
    to.producer = from.producer;
    to.graph_output = from.graph_output;
    to.state = from.state;
    if (to.producer != k_none) to.producer += op_shift;
    // An op's single output shares the op's name (add_inferred_op); the op, copied below, takes it again.
    const Op* producer = to.producer != k_none ? &m_ops[static_cast<std::size_t>(to.producer - op_shift)] : nullptr;
    if (!(producer && producer->name.data() == to.name.data())) to.name = rename(to.name);
  }
  for (OpId o = source.ops_begin; o < source.ops_end; ++o) {
    const OpId id = static_cast<OpId>(m_ops.size());
    Op& op = m_ops.emplace_back(m_ops[static_cast<std::size_t>(o)]);
    const bool shares_name = op.outputs.size() == 1 &&
                             m_tensors[static_cast<std::size_t>(op.outputs[0])].name.data() == op.name.data();
    op.name = rename(op.name);
    for (TensorId& in : op.inputs) {
      if (in >= source.tensors_begin && in < source.tensors_end) {
        in += tensor_shift;
      } else if (in == source.input) {
        in = input;
      }
      m_tensors[static_cast<std::size_t>(in)].consumers.push_back(id);
    }
    for (TensorId& out : op.outputs) out += tensor_shift;
    if (shares_name) m_tensors[static_cast<std::size_t>(op.outputs[0])].name = op.name;
    const std::uint8_t inferred = m_inferred[static_cast<std::size_t>(o)];
    m_inferred.push_back(inferred);
  }
  m_parameter_count += parameters;
  copy.ops_end = static_cast<OpId>(m_ops.size());
  copy.tensors_end = static_cast<TensorId>(m_tensors.size());
  GraphBlockCopy& listed = m_block_copies.emplace_back(GraphBlockCopy{source, copy});
  listed.source.prefix = {};
  listed.copy.prefix = {};
  return copy;
}

void Graph::mark_output(TensorId tensor) { m_tensors.at(static_cast<std::size_t>(tensor)).graph_output = true; }
void Graph::mark_state(TensorId tensor) { m_tensors.at(static_cast<std::size_t>(tensor)).state = true; }

void Graph::set_density(TensorId tensor, double density) {
  if (!(density > 0 && density <= 1)) {
    throw Error(fmt::format("density {} of tensor '{}' is not in (0, 1]", std::to_string(density), sv(this->tensor(tensor).name)),
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
      const std::string reader =
          t.consumers.empty() ? "nothing" : fmt::format("op '{}'", sv(m_ops[static_cast<std::size_t>(t.consumers[0])].name));
      throw Error(fmt::format("dangling tensor '{}': read by {} but produced by no op", sv(t.name), reader),
                  "produce it with an op, or declare it as a graph input");
    }
    if (t.consumers.empty() && !t.graph_output) {
      throw Error(fmt::format("tensor '{}' produced by op '{}' is never used", sv(t.name),
                              sv(m_ops[static_cast<std::size_t>(t.producer)].name)),
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
      throw Error(fmt::format("op '{}' declares {} outputs but {} produces {}", sv(op.name), op.outputs.size(),
                              op_kind_name(op.kind), inferred.count),
                  "declare one output per result");
    }
    for (std::size_t k = 0; k < inferred.count; ++k) {
      const Tensor& out = tensor(op.outputs[k]);
      if (!(out.shape == inferred.shape) || out.dtype != inferred.dtype) {
        throw Error(fmt::format("shape mismatch at op '{}' ({}): output '{}' is declared {} {} but its inputs give {} {}",
                                sv(op.name), op_kind_name(op.kind), sv(out.name), out.shape.to_string(),
                                dtype_name(out.dtype), inferred.shape.to_string(), dtype_name(inferred.dtype)),
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
      names += fmt::format("{}'{}'", names.empty() ? "" : ", ", sv(m_ops[static_cast<std::size_t>(id)].name));
    }
    throw Error("the graph has a cycle through ops " + names, "an op cannot read, directly or not, its own output");
  }
}

}  // namespace anesim
