#pragma once
// What the lowering passes (sim/lower/passes.def) hand one another: the graph, the chip fields
// that drive the lowering, the placement, per-tensor, per-op and per-buffer facts, and the
// Program being built. Each pass reads what earlier ones set and adds its own part; the comment on
// each field names the pass that sets it.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "ir/graph.hpp"
#include "ir/op_cost.hpp"
#include "sim/lower/buffer_layout.hpp"
#include "sim/lower/lowering_params.hpp"
#include "sim/lower/placement.hpp"
#include "sim/lower/program.hpp"

namespace anesim {

// An op's chip-independent costs (ir/op_cost.hpp), which the lowering reads once per op.
struct OpCost {
  OpFlops flops;
  double conv_depth = 0;  // conv_reduction_depth
};

// One byte per flag: std::vector<bool>'s bit packing made every read and write a shift and a mask,
// an eighth of the lowering.
using Flags = std::vector<std::uint8_t>;

// The working arrays, by tensor, op or buffer. They are kept per thread from one lowering to the
// next (a sweep lowers thousands of graphs, and allocating them afresh each time showed in
// profiles): a LoweringState swaps the thread's set in when it starts and back out when it ends,
// and holds them as plain members, which the compiler optimises better than references to
// thread-local storage.
struct LoweringArrays {
  std::vector<TensorId> parent;          // by tensor: union-find of the tensors that share a buffer
  std::vector<BufferId> root_buffer;     // by root tensor (group-buffers)
  std::vector<BufferId> tensor_buffer;   // by tensor, -1 for weights (group-buffers)
  std::vector<TensorId> buffer_root;     // by buffer: its largest tensor, which sizes it (group-buffers)
  std::vector<std::int64_t> root_bytes;  // by buffer: that tensor's packed bytes (group-buffers)
  Flags on_ane;                          // by buffer: an ANE op touches it (ane-buffers)
  std::vector<BufferLayout> layouts;     // by 2 x tensor + (0 on the ANE, 1 packed); see layout_on
  Flags have_layout;
  Flags is_free;                         // by op: elided, no time, no traffic (fuse-activations, elide-relabels)
  Flags transposed;                      // by op: rule 3 adds transposes around it (transposes)
  std::vector<std::uint8_t> repacks_in, repacks_out;  // by CPU op: rule 7's repacks before and after it (repacks)
  std::vector<std::int32_t> first_step_of;            // by op: its first program step (number-steps)
  std::vector<std::int32_t> first, last;              // by buffer: first and last step that touches it (liveness)
  // By tensor and by op: its counterpart in the block a copied block copies (Graph::block_copies),
  // or -1. Whatever depends only on a tensor's or an op's own fields is computed for the source and
  // taken for the copy: the copy's fields are the source's (ir/graph_block.hpp).
  std::vector<TensorId> tensor_twin;
  std::vector<OpId> op_twin;
  std::vector<OpCost> op_costs;  // by op (see cost_of)
  Flags have_cost;
};

struct LoweringState : LoweringArrays {
  // Takes the thread's scratch arrays and sizes them for `graph`: every per-op flag starts clear,
  // so a pass left out of the pipeline leaves its default (no op fused, none transposed, ...).
  LoweringState(const Graph& graph, const LoweringParams& params);
  ~LoweringState();
  LoweringState(const LoweringState&) = delete;
  LoweringState& operator=(const LoweringState&) = delete;

  const Graph& graph;
  const LoweringParams params;
  std::vector<OpId> order;      // execution order (place)
  std::vector<Engine> engines;  // by op (place)
  std::int32_t steps = 0;       // program steps in all (number-steps)
  Program program;              // buffers (group-buffers, emit-steps), steps and accesses (emit-steps)

  [[nodiscard]] static std::size_t at(std::int32_t id) { return static_cast<std::size_t>(id); }

  TensorId find(TensorId t) {
    while (parent[at(t)] != t) {
      parent[at(t)] = parent[at(parent[at(t)])];
      t = parent[at(t)];
    }
    return t;
  }
  // The group's root is its lowest tensor id, whatever order the joins come in: the buffers come
  // out the same however the passes that join are ordered.
  void join(TensorId a, TensorId b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[at(std::max(a, b))] = std::min(a, b);
  }

  [[nodiscard]] BufferId buffer_of(TensorId t) const { return tensor_buffer[at(t)]; }
  [[nodiscard]] std::int64_t bytes_of(BufferId b) const { return program.buffers[at(b)].allocated_bytes; }
  [[nodiscard]] std::int32_t access_count() const { return static_cast<std::int32_t>(program.accesses.size()); }

  // A CPU op's operand held in an ANE buffer in a float type: the CPU works on a packed fp32 copy.
  [[nodiscard]] bool needs_repack(TensorId t) const {
    const Tensor& tensor = graph.tensor(t);
    const BufferId b = tensor_buffer[at(t)];
    return b >= 0 && on_ane[at(b)] && tensor.role != TensorRole::weight && is_float(tensor.dtype);
  }

  // A tensor's layout on an engine, computed once per lowering: ops read their operands' layouts
  // several times (work rows, view bytes, output bytes, buffer sizes).
  const BufferLayout& layout_on(TensorId t, Engine engine) {
    const std::size_t slot = 2 * at(t) + (engine == Engine::ane ? 0 : 1);
    if (!have_layout[slot]) fill_layout(t, engine, slot);
    return layouts[slot];
  }
  // An op's FLOPs and convolution depth, computed once (a copied op takes its source's).
  const OpCost& cost_of(OpId op) {
    if (!have_cost[at(op)]) fill_cost(op);
    return op_costs[at(op)];
  }
  // Bytes of one tensor as a view on the engine that accesses it.
  std::int64_t view_bytes(TensorId t, Engine engine) { return layout_on(t, engine).allocated_bytes; }

  // A step's own buffer, alive from its first to its last step: rule 3's transposed copies on the
  // ANE (64-byte rows), rule 7's packed fp32 copies on the CPU, a reduction's statistics.
  BufferId temporary(const BufferLayout& layout, std::int32_t first_step, std::int32_t last_step);
  BufferId ane_temporary(const Shape& shape, DType dtype, std::int32_t first_step, std::int32_t last_step) {
    return temporary(ane_buffer_layout(shape, dtype, params.last_axis_alignment_bytes), first_step, last_step);
  }

 private:
  void fill_layout(TensorId t, Engine engine, std::size_t slot);
  void fill_cost(OpId op);
};

}  // namespace anesim
