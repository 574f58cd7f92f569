#pragma once
// The op graph: ops and the tensors between them, in flat arrays indexed by OpId and TensorId. The
// edges are implicit: a tensor's producer feeds each of its consumers. validate() rejects cycles,
// dangling tensors and shape mismatches with a clear anesim::Error.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ir/dtype.hpp"
#include "ir/graph_block.hpp"
#include "ir/graph_ids.hpp"
#include "core/name_arena.hpp"
#include "ir/op_kind.hpp"
#include "ir/shape.hpp"
#include "core/small_vector.hpp"

namespace anesim {

// Inline capacities: most ops read at most three tensors (a biased projection) and write one; most
// tensors feed one or two ops.
using OpInputs = SmallVector<TensorId, 3>;
using OpOutputs = SmallVector<TensorId, 1>;
using TensorConsumers = SmallVector<OpId, 2>;

enum class TensorRole : std::uint8_t {
  input,       // fed by the caller
  activation,  // produced by an op
  weight,      // a parameter; MAC-op kernels are stored packed in the engine's own format
  constant,    // a compile-time constant used as an operand; laid out like an activation buffer
};

struct Tensor {
  Name name;  // held by the graph
  Shape shape;
  DType dtype = DType::fp16;
  TensorRole role = TensorRole::activation;
  double density = 1.0;  // a pruned weight keeps this share of its values (1 - sparsity)
  OpId producer = k_none;
  TensorConsumers consumers;
  bool graph_output = false;
  // The model's state between predictions (a KV cache: a decode step's cache input, a prefill's
  // cache writes): a Core ML stateful model keeps it in the engine's buffers, so it does not
  // cross the app boundary as the other inputs and outputs do (sim/app_boundary.hpp).
  bool state = false;
};

// Packed bytes of a weight, less what pruning removed: what an engine holds and streams of it.
[[nodiscard]] std::int64_t weight_storage_bytes(const Tensor& t);

struct OpAttrs {
  std::vector<std::int64_t> ints;  // transpose perm, tile reps, reshape target
  std::int64_t axis = 0;
  std::int64_t begin = 0, end = 0;  // slice range on `axis`
  std::int64_t parts = 1;           // split count
  bool keep_dims = true;            // reduce_mean; slice: false drops the sliced axis
  // einsum: the equation; unsupported: the ONNX operator type it stands for. When the op is added
  // the graph stores the text in its own arena and points this at it, so the caller's string need
  // only outlive the call; a std::string here was moved twice and destroyed for every op (issue 7).
  std::string_view equation;
  DType to = DType::fp16;           // cast
  double scalar = 0;                // element-wise op with a scalar operand
  bool has_scalar = false;
};

struct Op {
  Name name;  // held by the graph
  OpKind kind = OpKind::add;
  OpInputs inputs;
  OpOutputs outputs;
  OpAttrs attrs;
};

struct OutputSpec {
  std::string name;
  Shape shape;
  DType dtype = DType::fp16;
};

class Graph {
 public:
  Graph() = default;
  // Names live in the graph's arena: a copy stores them again, a move takes the arena along.
  Graph(const Graph& other);
  Graph& operator=(const Graph& other);
  Graph(Graph&&) noexcept = default;
  Graph& operator=(Graph&&) noexcept = default;
  ~Graph() = default;

  // Stores a name in the graph, for add_inferred_op.
  Name store_name(const NameParts& name) { return names().store(name); }
  TensorId add_tensor(const NameParts& name, const Shape& shape, DType dtype, TensorRole role);
  // A compile-time constant the converter folded out of a parameter table (the position
  // embedding sliced to the sequence length): the table's parameters still count as the model's.
  TensorId add_folded_constant(const NameParts& name, const Shape& shape, DType dtype, std::int64_t source_parameters);
  // Parameters the converter folded into another op's weights (a BatchNorm's scale into its
  // convolution's): they count as the model's, with no tensor of their own.
  void add_folded_parameters(std::int64_t count) { m_parameter_count += count; }
  // Adds an op producing new activation tensors of the declared shapes, which validate() checks
  // against its shape rule; returns the op id.
  OpId add_op(std::string_view name, OpKind kind, OpInputs inputs, const std::vector<OutputSpec>& outputs,
              OpAttrs attrs = {});
  // Adds an op whose `count` outputs a shape rule gave (GraphBuilder): named after the op, or
  // `name.k` when there are several; validate() does not infer them again. The name comes from
  // store_name().
  OpId add_inferred_op(Name stored_name, OpKind kind, OpInputs&& inputs, OpAttrs&& attrs, const Shape& shape,
                       DType dtype, std::size_t count);
  // Room for a known number of ops and tensors, so a large build does not reallocate.
  void reserve(std::size_t ops, std::size_t tensors);
  // Makes `op` the producer of an existing activation that has none yet: for graphs whose tensors
  // are declared before their producers (an importer reading nodes in file order), and for tests
  // that build a cycle. The builder never needs it.
  void bind_output(OpId op, TensorId tensor);
  // Appends a copy of `source` (every name in it starting with source.prefix) named with `prefix`
  // instead, reading `input` where the source reads source.input and sharing every other tensor
  // from outside it, and counts `parameters` more; returns the copy, which block_copies() lists.
  // The caller has checked that building would give the same (ir/graph_block.hpp).
  GraphBlock append_copy(const GraphBlock& source, TensorId input, std::string_view prefix, std::int64_t parameters);
  // Every block append_copy added, in order, with its source. The lowering reads them: whatever
  // depends only on an op's or a tensor's own fields (a buffer layout, FLOPs) it computes once for
  // the source and takes for the copy.
  [[nodiscard]] const std::vector<GraphBlockCopy>& block_copies() const { return m_block_copies; }
  void mark_output(TensorId tensor);
  void mark_state(TensorId tensor);
  void set_density(TensorId tensor, double density);

  [[nodiscard]] const Tensor& tensor(TensorId id) const { return m_tensors.at(static_cast<std::size_t>(id)); }
  [[nodiscard]] const Op& op(OpId id) const { return m_ops.at(static_cast<std::size_t>(id)); }
  [[nodiscard]] std::size_t op_count() const { return m_ops.size(); }
  [[nodiscard]] std::size_t tensor_count() const { return m_tensors.size(); }
  [[nodiscard]] const std::vector<Op>& ops() const { return m_ops; }
  [[nodiscard]] const std::vector<Tensor>& tensors() const { return m_tensors; }
  // Whether the op's outputs came from its shape rule when it was added (add_inferred_op).
  [[nodiscard]] bool inferred(OpId id) const { return m_inferred.at(static_cast<std::size_t>(id)) != 0; }

  // Throws anesim::Error on a cycle, a dangling tensor or a shape mismatch.
  void validate() const;
  // A topological order, stable: among ready ops the lowest id runs first, so a builder's
  // program order is kept whenever it is valid.
  [[nodiscard]] std::vector<OpId> execution_order() const;
  // The model parameters the graph was built from: weight elements plus folded tables.
  [[nodiscard]] std::int64_t parameter_count() const { return m_parameter_count; }
  // The arena holding the graph's names, for a run's op records to share rather than copy: the
  // names stay valid while any holder lives, after the graph is gone. Null before the first name.
  [[nodiscard]] std::shared_ptr<const NameArena> name_arena() const { return m_names; }

 private:
  // Checks the inputs exist and records the new op as their consumer; returns its id.
  OpId start_op(std::string_view name, const OpInputs& inputs, bool inferred);
  TensorId add_output(OpId op, Name name, const Shape& shape, DType dtype);
  void store_equation(OpAttrs& attrs) {
    if (!attrs.equation.empty()) attrs.equation = names().store(attrs.equation);
  }
  // Made on the first name (a moved-from graph has none).
  NameArena& names() {
    if (!m_names) m_names = std::make_shared<NameArena>();
    return *m_names;
  }

  // Shared with the op records of runs (see name_arena()); a copy of the graph stores its names
  // again in an arena of its own.
  std::shared_ptr<NameArena> m_names;
  std::vector<Tensor> m_tensors;
  std::vector<Op> m_ops;
  // True while every producer -> consumer edge goes from a lower op id to a higher one (only
  // bind_output can break it); execution_order() then needs no search.
  bool m_ids_topological = true;
  // Ops whose outputs a shape rule produced when they were added (GraphBuilder): validate()
  // need not infer them again. A byte each: std::vector<bool>'s bit packing cost a shift and a
  // mask per op added.
  std::vector<std::uint8_t> m_inferred;
  std::int64_t m_parameter_count = 0;
  std::vector<GraphBlockCopy> m_block_copies;  // prefixes not kept: they view the builder's strings
};

}  // namespace anesim
