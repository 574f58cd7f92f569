#pragma once
// The op graph: ops and the tensors between them, stored on a Boost.Graph adjacency_list whose
// vertices are ops and whose edges carry the tensor that flows from producer to consumer.
// validate() rejects cycles, dangling tensors and shape mismatches with a clear anesim::Error.
#include <cstdint>
#include <string>
#include <memory>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/dtype.hpp"
#include "sim/op_kind.hpp"
#include "sim/shape.hpp"

namespace anesim {

using TensorId = std::int32_t;
using OpId = std::int32_t;
constexpr std::int32_t k_none = -1;

enum class TensorRole : std::uint8_t {
  input,       // fed by the caller
  activation,  // produced by an op
  weight,      // a parameter; MAC-op kernels are stored packed in the engine's own format
  constant,    // a compile-time constant used as an operand; laid out like an activation buffer
};

struct Tensor {
  std::string name;
  Shape shape;
  DType dtype = DType::fp16;
  TensorRole role = TensorRole::activation;
  double density = 1.0;  // a pruned weight keeps this share of its values (1 - sparsity)
  OpId producer = k_none;
  std::vector<OpId> consumers;
  bool graph_output = false;
};

struct OpAttrs {
  std::vector<std::int64_t> ints;  // transpose perm, tile reps, reshape target
  std::int64_t axis = 0;
  std::int64_t begin = 0, end = 0;  // slice range on `axis`
  std::int64_t parts = 1;           // split count
  bool keep_dims = true;            // reduce_mean; slice: false drops the sliced axis
  std::string equation;             // einsum
  DType to = DType::fp16;           // cast
  double scalar = 0;                // element-wise op with a scalar operand
  bool has_scalar = false;
};

struct Op {
  std::string name;
  OpKind kind = OpKind::add;
  std::vector<TensorId> inputs;
  std::vector<TensorId> outputs;
  OpAttrs attrs;
};

struct OutputSpec {
  std::string name;
  Shape shape;
  DType dtype = DType::fp16;
};

class Graph {
 public:
  TensorId add_tensor(std::string name, Shape shape, DType dtype, TensorRole role);
  // A compile-time constant the converter folded out of a parameter table (the position
  // embedding sliced to the sequence length): the table's parameters still count as the model's.
  TensorId add_folded_constant(std::string name, Shape shape, DType dtype, std::int64_t source_parameters);
  // Adds an op producing new activation tensors; returns the op id.
  OpId add_op(std::string name, OpKind kind, std::vector<TensorId> inputs, std::vector<OutputSpec> outputs,
              OpAttrs attrs = {}, bool inferred = false);
  // Room for a known number of ops and tensors, so a large build does not reallocate.
  void reserve(std::size_t ops, std::size_t tensors);
  // Makes `op` the producer of an existing activation that has none yet (used to wire graphs
  // whose tensors are declared before their producers, and by tests to build a cycle).
  void bind_output(OpId op, TensorId tensor);
  void mark_output(TensorId tensor);
  void set_density(TensorId tensor, double density);

  [[nodiscard]] const Tensor& tensor(TensorId id) const { return m_tensors.at(static_cast<std::size_t>(id)); }
  [[nodiscard]] const Op& op(OpId id) const { return m_ops.at(static_cast<std::size_t>(id)); }
  [[nodiscard]] std::size_t op_count() const { return m_ops.size(); }
  [[nodiscard]] std::size_t tensor_count() const { return m_tensors.size(); }
  [[nodiscard]] const std::vector<Op>& ops() const { return m_ops; }
  [[nodiscard]] const std::vector<Tensor>& tensors() const { return m_tensors; }

  // Throws anesim::Error on a cycle, a dangling tensor or a shape mismatch.
  void validate() const;
  // A topological order, stable: among ready ops the lowest id runs first, so a builder's
  // program order is kept whenever it is valid.
  [[nodiscard]] std::vector<OpId> execution_order() const;
  // The model parameters the graph was built from: weight elements plus folded tables.
  [[nodiscard]] std::int64_t parameter_count() const { return m_parameter_count; }

 private:
  struct EdgeData {
    TensorId tensor = k_none;
  };
  using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, EdgeData>;

  std::vector<Tensor> m_tensors;
  std::vector<Op> m_ops;
  // Held by pointer: Boost 1.74's adjacency_list has no move constructor, and a Graph is moved
  // out of every builder.
  std::unique_ptr<BoostGraph> m_graph = std::make_unique<BoostGraph>();
  // Ops whose outputs a shape rule produced when they were added (GraphBuilder): validate()
  // need not infer them again.
  std::vector<bool> m_inferred;
  std::int64_t m_parameter_count = 0;
};

}  // namespace anesim
