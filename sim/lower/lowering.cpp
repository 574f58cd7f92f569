#include "sim/lower/lowering.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/lower/buffer_layout.hpp"
#include "sim/lower/mapped_pages.hpp"
#include "ir/op_cost.hpp"
#include "sim/lower/placement.hpp"

namespace anesim {

namespace {

Shape swap_last_two(const Shape& s) {
  std::array<std::int64_t, Shape::k_max_rank> d{};
  std::copy(s.dim_span().begin(), s.dim_span().end(), d.begin());
  if (s.rank() >= 2) std::swap(d[s.rank() - 1], d[s.rank() - 2]);
  return Shape(std::span<const std::int64_t>(d.data(), s.rank()));
}

// One byte per flag: std::vector<bool>'s bit packing made every read and write a shift and a mask,
// an eighth of the lowering.
using Flags = std::vector<std::uint8_t>;

// Per-tensor and per-op working arrays, kept per thread from one lowering to the next: a sweep
// lowers thousands of graphs, and allocating and zeroing them afresh each time showed in profiles.
// A Lowerer swaps them in for its run (as plain members, which the compiler optimises better than
// references to thread-local storage) and back out when it ends; run() sizes and resets each.
struct LowererScratch {
  std::vector<BufferId> tensor_buffer;
  std::vector<TensorId> parent;
  std::vector<BufferId> root_buffer;
  std::vector<TensorId> buffer_root;
  Flags on_ane;
  std::vector<BufferLayout> layouts;
  Flags have_layout;
  Flags is_free;
  Flags transposed;
  std::vector<std::uint8_t> repacks_in, repacks_out;
  std::vector<std::int32_t> first_step_of, first, last;
};

[[gnu::noinline]] LowererScratch& lowerer_scratch() {
  thread_local LowererScratch s;
  return s;
}

class Lowerer {
 public:
  Lowerer(const Graph& g, const ChipSpec& chip, LowererScratch& s) : m_g(g), m_chip(chip), m_scratch(s) { swap_scratch(); }
  ~Lowerer() { swap_scratch(); }
  Lowerer(const Lowerer&) = delete;
  Lowerer& operator=(const Lowerer&) = delete;

  Program run() {
    const auto order = m_g.execution_order();
    const auto engines = place_ops(m_g, order, m_chip);
    m_tensor_buffer.assign(m_g.tensor_count(), -1);
    m_root_buffer.assign(m_g.tensor_count(), -1);
    m_layouts.resize(2 * m_g.tensor_count());
    m_have_layout.assign(2 * m_g.tensor_count(), false);
    m_on_ane.clear();
    m_buffer_root.clear();

    // Pass 1: tensors joined by free layout ops share one buffer, sized by the group's largest
    // tensor (a split's input, a concat's output).
    Flags& is_free = m_is_free;
    is_free.assign(m_g.op_count(), false);
    m_parent.resize(m_g.tensor_count());
    for (TensorId t = 0; t < static_cast<TensorId>(m_g.tensor_count()); ++t) m_parent[static_cast<std::size_t>(t)] = t;
    for (OpId id : order) {
      const Op& op = m_g.op(id);
      if (updates_in_place(op.kind)) join(op.inputs[0], op.outputs[0]);
      if (fuses_into_producer(id, engines)) {
        is_free[static_cast<std::size_t>(id)] = true;
        join(op.inputs[0], op.outputs[0]);
        continue;
      }
      if (op_class(op.kind) != OpClass::layout || layout_op_copies(m_g, op)) continue;
      is_free[static_cast<std::size_t>(id)] = true;
      for (TensorId in : op.inputs) {
        for (TensorId out : op.outputs) join(in, out);
      }
    }
    for (TensorId t = 0; t < static_cast<TensorId>(m_g.tensor_count()); ++t) {
      const Tensor& tensor = m_g.tensor(t);
      if (tensor.role == TensorRole::weight) continue;
      const TensorId root = find(t);
      if (m_root_buffer[static_cast<std::size_t>(root)] < 0) {
        m_root_buffer[static_cast<std::size_t>(root)] = static_cast<BufferId>(m_buffers.size());
        m_buffers.emplace_back();
        m_buffer_root.push_back(t);
        m_on_ane.push_back(false);
      }
      const BufferId b = m_root_buffer[static_cast<std::size_t>(root)];
      m_tensor_buffer[static_cast<std::size_t>(t)] = b;
      Buffer& buf = m_buffers[static_cast<std::size_t>(b)];
      if (tensor.role == TensorRole::input) buf.kind = BufferKind::input;
      if (tensor.role == TensorRole::constant) buf.kind = BufferKind::constant;
      const Tensor& largest = m_g.tensor(m_buffer_root[static_cast<std::size_t>(b)]);
      if (storage_bytes(tensor.shape.elements(), tensor.dtype) > storage_bytes(largest.shape.elements(), largest.dtype)) {
        m_buffer_root[static_cast<std::size_t>(b)] = t;
      }
    }

    // Which buffers an ANE op touches: they are ANE buffers (fp16, 64-byte rows), and a CPU op that
    // reads or writes one repacks it (rule 7).
    for (OpId id : order) {
      const auto i = static_cast<std::size_t>(id);
      if (engines[i] != Engine::ane || is_free[i]) continue;
      const Op& op = m_g.op(id);
      for (TensorId t : op.inputs) mark_on_ane(t);
      for (TensorId t : op.outputs) mark_on_ane(t);
    }

    // Rule 3 expands an ANE op into transpose-in, the op, transpose-out; rule 7 puts a repack before
    // a CPU op for each ANE buffer it reads and after it for each it writes.
    std::vector<std::int32_t>& first_step_of = m_first_step_of;
    first_step_of.assign(m_g.op_count(), 0);
    m_transposed.assign(m_g.op_count(), false);
    m_repacks_in.assign(m_g.op_count(), 0);
    m_repacks_out.assign(m_g.op_count(), 0);
    std::int32_t steps = 0;
    for (OpId id : order) {
      const auto i = static_cast<std::size_t>(id);
      m_transposed[i] = needs_transposes(id, engines[i], is_free[i]);
      if (engines[i] == Engine::cpu && !is_free[i]) {
        const Op& op = m_g.op(id);
        for (TensorId t : op.inputs) m_repacks_in[i] += needs_repack(t) ? 1 : 0;
        if (!updates_in_place(op.kind)) {
          for (TensorId t : op.outputs) m_repacks_out[i] += needs_repack(t) ? 1 : 0;
        }
      }
      first_step_of[i] = steps;
      steps += m_transposed[i] ? 3 : 1 + m_repacks_in[i] + m_repacks_out[i];
    }

    // Pass 2: which engine touches each buffer, and when. Inputs are read at an op's first step,
    // outputs written at its last.
    std::vector<std::int32_t>& first = m_first;
    std::vector<std::int32_t>& last = m_last;
    first.assign(m_buffers.size(), steps);
    last.assign(m_buffers.size(), -1);
    for (OpId id : order) {
      const Op& op = m_g.op(id);
      const auto i = static_cast<std::size_t>(id);
      const std::int32_t begin = first_step_of[i];
      const std::int32_t end = begin + (m_transposed[i] ? 2 : m_repacks_in[i] + m_repacks_out[i]);
      auto touch = [&](TensorId t, std::int32_t step) {
        const BufferId b = m_tensor_buffer[static_cast<std::size_t>(t)];
        if (b < 0) return;
        first[static_cast<std::size_t>(b)] = std::min(first[static_cast<std::size_t>(b)], step);
        last[static_cast<std::size_t>(b)] = std::max(last[static_cast<std::size_t>(b)], step);
      };
      for (TensorId t : op.inputs) touch(t, begin);
      for (TensorId t : op.outputs) touch(t, end);
    }
    for (std::size_t b = 0; b < m_buffers.size(); ++b) {
      Buffer& buf = m_buffers[b];
      const BufferLayout& layout = layout_on(m_buffer_root[b], m_on_ane[b] ? Engine::ane : Engine::cpu);
      buf.logical_bytes = layout.logical_bytes;
      buf.allocated_bytes = layout.allocated_bytes;
      buf.first_step = first[b] == steps ? 0 : first[b];
      buf.last_step = std::max(last[b], buf.first_step);
      if (buf.kind == BufferKind::input) {
        // The caller's buffers (ids, masks, the KV cache) exist for the whole call.
        buf.first_step = 0;
        buf.last_step = std::max(steps - 1, 0);
      }
    }
    for (TensorId t = 0; t < static_cast<TensorId>(m_g.tensor_count()); ++t) {
      const BufferId b = m_tensor_buffer[static_cast<std::size_t>(t)];
      if (b >= 0 && m_g.tensor(t).graph_output) {
        m_buffers[static_cast<std::size_t>(b)].graph_output = true;
        m_buffers[static_cast<std::size_t>(b)].last_step = steps - 1;
      }
    }

    // Pass 3: the ops themselves.
    Program program;
    program.ops.reserve(static_cast<std::size_t>(steps));
    m_accesses.reserve(3 * static_cast<std::size_t>(steps));
    for (OpId id : order) {
      lower_op(program.ops, id, engines[static_cast<std::size_t>(id)], is_free[static_cast<std::size_t>(id)],
               first_step_of[static_cast<std::size_t>(id)]);
    }
    program.buffers = std::move(m_buffers);
    program.accesses = std::move(m_accesses);
    program.resident_weight_bytes = resident_weight_bytes();
    for (const Buffer& b : program.buffers) {
      if (b.kind == BufferKind::constant) program.resident_constant_bytes += b.allocated_bytes;
    }
    program.parameter_count = m_g.parameter_count();
    return program;
  }

 private:
  TensorId find(TensorId t) {
    while (m_parent[static_cast<std::size_t>(t)] != t) {
      m_parent[static_cast<std::size_t>(t)] = m_parent[static_cast<std::size_t>(m_parent[static_cast<std::size_t>(t)])];
      t = m_parent[static_cast<std::size_t>(t)];
    }
    return t;
  }
  void join(TensorId a, TensorId b) {
    a = find(a);
    b = find(b);
    if (a != b) m_parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
  }

  // An activation applied to a convolution's or matmul's result on the ANE runs in that op's own
  // pipeline (the engine's kernel DMA feeds weights, bias and the nonlinearity to each op: tinygrad's
  // ANE notes), so it neither takes a pass of its own nor a buffer: its result is the producer's.
  bool fuses_into_producer(OpId id, const std::vector<Engine>& engines) const {
    const Op& op = m_g.op(id);
    if (!is_activation(op.kind) || engines[static_cast<std::size_t>(id)] != Engine::ane || op.inputs.size() != 1) return false;
    const Tensor& in = m_g.tensor(op.inputs[0]);
    if (in.role != TensorRole::activation || in.graph_output || in.consumers.size() != 1) return false;
    const OpId producer = in.producer;
    return op_class(m_g.op(producer).kind) == OpClass::mac && engines[static_cast<std::size_t>(producer)] == Engine::ane;
  }

  void mark_on_ane(TensorId t) {
    const BufferId b = m_tensor_buffer[static_cast<std::size_t>(t)];
    if (b >= 0) m_on_ane[static_cast<std::size_t>(b)] = true;
  }

  // A CPU op's operand held in an ANE buffer in a float type: the CPU works on a packed fp32 copy.
  bool needs_repack(TensorId t) const {
    const Tensor& tensor = m_g.tensor(t);
    const BufferId b = m_tensor_buffer[static_cast<std::size_t>(t)];
    return b >= 0 && m_on_ane[static_cast<std::size_t>(b)] && tensor.role != TensorRole::weight && is_float(tensor.dtype);
  }

  // Bytes of one tensor as a view on the engine that accesses it.
  std::int64_t view_bytes(TensorId t, Engine engine) { return layout_on(t, engine).allocated_bytes; }

  BufferId temporary(const Shape& shape, DType dtype, std::int32_t first_step, std::int32_t last_step) {
    return temporary(ane_buffer_layout(shape, dtype, m_chip.last_axis_alignment_bytes), first_step, last_step);
  }

  // A step's own buffer, alive from its first to its last step: rule 3's transposed copies on the ANE
  // (64-byte rows), rule 7's packed fp32 copies on the CPU.
  BufferId temporary(const BufferLayout& layout, std::int32_t first_step, std::int32_t last_step) {
    Buffer buf;
    buf.kind = BufferKind::temporary;
    buf.logical_bytes = layout.logical_bytes;
    buf.allocated_bytes = layout.allocated_bytes;
    buf.first_step = first_step;
    buf.last_step = last_step;
    m_buffers.push_back(buf);
    return static_cast<BufferId>(m_buffers.size() - 1);
  }

  BufferId buffer_of(TensorId t) const { return m_tensor_buffer[static_cast<std::size_t>(t)]; }

  bool needs_transposes(OpId id, Engine engine, bool is_free) const {
    return engine == Engine::ane && !is_free && reduces_over_last_axis(m_g.op(id));
  }

  // Appends the op's program steps: the op itself, and for rule 3 a hardware transpose of its
  // first operand into channels-first before it and of its result back after it. The transposes
  // are copies in their own right: they run before and after the MAC work, not under it.
  void lower_op(std::vector<LoweredOp>& out, OpId id, Engine engine, bool is_free, std::int32_t step) {
    const Op& op = m_g.op(id);
    LoweredOp lo;
    lo.op = id;
    lo.engine = engine;
    lo.free = is_free;
    const OpFlops flops = op_flops(m_g, op);
    lo.mac_flops = flops.mac;
    lo.vector_flops = flops.vector;
    lo.copies = op_class(op.kind) == OpClass::layout && !is_free;
    const Tensor& out0 = m_g.tensor(op.outputs[0]);
    lo.work_rows = layout_on(op.outputs[0], engine).rows();
    if (engine == Engine::ane) lo.batch_passes = layout_on(op.outputs[0], engine).nchw[0];
    for (TensorId t : op.outputs) {
      const BufferLayout& l = layout_on(t, engine);
      lo.out_logical_bytes += l.logical_bytes;
      lo.out_allocated_bytes += l.allocated_bytes;
    }
    if (is_free) {
      lo.first_access = access_count();
      out.push_back(lo);
      return;
    }

    if (m_repacks_in[static_cast<std::size_t>(id)] + m_repacks_out[static_cast<std::size_t>(id)] > 0) {
      lower_repacked_cpu_op(out, lo, step);
      return;
    }
    const bool transposed = m_transposed[static_cast<std::size_t>(id)] != 0;
    const std::int32_t main_step = transposed ? step + 1 : step;
    // After its transposes the MAC work is channels-first: it splits over output channels.
    if (transposed) lo.work_rows = ane_buffer_layout(swap_last_two(out0.shape), out0.dtype, m_chip.last_axis_alignment_bytes).rows();
    BufferId tin = -1, tout = -1;
    if (transposed) {
      const Tensor& in = m_g.tensor(op.inputs[0]);
      tin = temporary(swap_last_two(in.shape), in.dtype, step, main_step);
      tout = temporary(swap_last_two(out0.shape), out0.dtype, main_step, main_step + 1);
      out.push_back(transpose_step(id, op.inputs[0], buffer_of(op.inputs[0]), view_bytes(op.inputs[0], engine), tin,
                                   TransposeSide::in));
    }
    lo.first_access = access_count();
    for (std::size_t k = 0; k < op.inputs.size(); ++k) {
      const Tensor& in = m_g.tensor(op.inputs[k]);
      if (in.role == TensorRole::weight) {
        add_weight(lo, op, in);
      } else if (transposed && k == 0) {
        m_accesses.push_back({tin, -1 - tin, bytes_of(tin), false});
      } else {
        m_accesses.push_back({buffer_of(op.inputs[k]), op.inputs[k], view_bytes(op.inputs[k], engine), false});
      }
    }
    if (engine == Engine::ane) {
      // Statistics of a fused reduction live only inside the op: written, then read back.
      const int stats_count = reduction_stats_count(op);
      if (stats_count > 0) {
        const Shape stats_shape = reduction_stats_shape(m_g, op);
        for (int s = 0; s < stats_count; ++s) {
          const BufferId stats = temporary(stats_shape, m_g.tensor(op.inputs[0]).dtype, main_step, main_step);
          m_accesses.push_back({stats, -1 - stats, bytes_of(stats), true});
          m_accesses.push_back({stats, -1 - stats, bytes_of(stats), false});
        }
      }
    }
    if (transposed) {
      m_accesses.push_back({tout, -1 - tout, bytes_of(tout), true});
      lo.access_count = access_count() - lo.first_access;
      out.push_back(lo);
      out.push_back(transpose_step(id, op.outputs[0], tout, bytes_of(tout), buffer_of(op.outputs[0]), TransposeSide::out));
      return;
    }
    if (updates_in_place(op.kind)) {
      // Only the slice is written; the rest of the buffer stays where it is.
      m_accesses.resize(static_cast<std::size_t>(lo.first_access));
      m_accesses.push_back({buffer_of(op.inputs[1]), op.inputs[1], view_bytes(op.inputs[1], engine), false});
      m_accesses.push_back({buffer_of(op.outputs[0]), op.inputs[1], view_bytes(op.inputs[1], engine), true});
      lo.access_count = access_count() - lo.first_access;
      out.push_back(lo);
      return;
    }
    for (TensorId t : op.outputs) m_accesses.push_back({buffer_of(t), t, view_bytes(t, engine), true});
    lo.access_count = access_count() - lo.first_access;
    out.push_back(lo);
  }

  // A CPU op over ANE buffers (rule 7): each float operand in an ANE buffer is converted to a packed
  // fp32 copy first (a CPU step that reads the padded fp16 buffer and writes the copy), and each such
  // result is written to a packed fp32 copy and converted back after. The op itself works on the
  // copies, which live only from their conversion to their use.
  void lower_repacked_cpu_op(std::vector<LoweredOp>& out, LoweredOp lo, std::int32_t step) {
    const Op& op = m_g.op(lo.op);
    const std::int32_t main_step = step + m_repacks_in[static_cast<std::size_t>(lo.op)];
    std::vector<BufferId> copies_in(op.inputs.size(), -1);
    std::int32_t at = step;
    for (std::size_t k = 0; k < op.inputs.size(); ++k) {
      const TensorId t = op.inputs[k];
      if (!needs_repack(t)) continue;
      copies_in[k] = temporary(packed_layout(m_g.tensor(t).shape, DType::fp32), at, main_step);
      out.push_back(repack_step(lo.op, t, buffer_of(t), view_bytes(t, Engine::ane), copies_in[k], bytes_of(copies_in[k]),
                                SyntheticStep::repack_in));
      ++at;
    }
    lo.first_access = access_count();
    for (std::size_t k = 0; k < op.inputs.size(); ++k) {
      const TensorId t = op.inputs[k];
      if (m_g.tensor(t).role == TensorRole::weight) {
        add_weight(lo, op, m_g.tensor(t));
      } else if (copies_in[k] >= 0) {
        m_accesses.push_back({copies_in[k], -1 - copies_in[k], bytes_of(copies_in[k]), false});
      } else {
        m_accesses.push_back({buffer_of(t), t, view_bytes(t, Engine::cpu), false});
      }
    }
    std::vector<BufferId> copies_out(op.outputs.size(), -1);
    at = main_step + 1;
    for (std::size_t k = 0; k < op.outputs.size(); ++k) {
      const TensorId t = op.outputs[k];
      if (!needs_repack(t)) {
        m_accesses.push_back({buffer_of(t), t, view_bytes(t, Engine::cpu), true});
        continue;
      }
      copies_out[k] = temporary(packed_layout(m_g.tensor(t).shape, DType::fp32), main_step, at++);
      m_accesses.push_back({copies_out[k], -1 - copies_out[k], bytes_of(copies_out[k]), true});
    }
    lo.access_count = access_count() - lo.first_access;
    out.push_back(lo);
    for (std::size_t k = 0; k < op.outputs.size(); ++k) {
      if (copies_out[k] < 0) continue;
      const TensorId t = op.outputs[k];
      out.push_back(repack_step(lo.op, t, copies_out[k], bytes_of(copies_out[k]), buffer_of(t), view_bytes(t, Engine::ane),
                                SyntheticStep::repack_out));
    }
  }

  // One conversion between the ANE's fp16 rows and the CPU's packed fp32: a CPU copy that reads one
  // and writes the other (a vector op per element).
  LoweredOp repack_step(OpId id, TensorId tensor, BufferId from, std::int64_t from_bytes, BufferId to, std::int64_t to_bytes,
                        SyntheticStep side) {
    LoweredOp r;
    r.op = id;
    r.engine = Engine::cpu;
    r.synthetic = side;
    r.copies = true;
    r.vector_flops = static_cast<double>(m_g.tensor(tensor).shape.elements());
    r.first_access = access_count();
    const bool from_is_temp = side == SyntheticStep::repack_out;
    m_accesses.push_back({from, from_is_temp ? -1 - from : tensor, from_bytes, false});
    m_accesses.push_back({to, from_is_temp ? tensor : -1 - to, to_bytes, true});
    r.access_count = 2;
    r.out_logical_bytes = layout_on(tensor, from_is_temp ? Engine::ane : Engine::cpu).logical_bytes;
    r.out_allocated_bytes = to_bytes;
    return r;
  }

  std::int32_t access_count() const { return static_cast<std::int32_t>(m_accesses.size()); }

  // A weight operand: a gather reads the rows it picks from its table; any other op streams the
  // whole (pruned) tensor. Rule 8: quantized weights change the bytes fetched, not the math; the
  // engine expands each kept value back to fp16 on the vector path.
  void add_weight(LoweredOp& lo, const Op& op, const Tensor& w) const {
    if (op.kind == OpKind::gather) {
      lo.cpu_table_bytes += m_g.tensor(op.inputs[1]).shape.elements() * storage_bytes(w.shape[1], w.dtype);
      return;
    }
    lo.weight_bytes += weight_storage_bytes(w);
    if (w.dtype != DType::fp16) lo.vector_flops += static_cast<double>(w.shape.elements()) * w.density;
  }

  enum class TransposeSide { in, out };

  LoweredOp transpose_step(OpId id, TensorId tensor, BufferId from, std::int64_t from_bytes, BufferId to,
                           TransposeSide side) {
    LoweredOp t;
    t.op = id;
    t.engine = Engine::ane;
    t.synthetic = side == TransposeSide::in ? SyntheticStep::transpose_in : SyntheticStep::transpose_out;
    t.copies = true;
    t.transposes = 1;
    const BufferLayout& l = layout_on(tensor, Engine::ane);
    t.work_rows = l.rows();
    t.first_access = access_count();
    if (side == TransposeSide::in) {
      m_accesses.push_back({from, tensor, from_bytes, false});
      m_accesses.push_back({to, -1 - to, bytes_of(to), true});
      t.out_logical_bytes = l.logical_bytes;
      t.out_allocated_bytes = bytes_of(to);
    } else {
      m_accesses.push_back({from, -1 - from, from_bytes, false});
      m_accesses.push_back({to, tensor, view_bytes(tensor, Engine::ane), true});
      t.out_logical_bytes = l.logical_bytes;
      t.out_allocated_bytes = l.allocated_bytes;
    }
    t.access_count = 2;
    return t;
  }

  // A tensor's layout on an engine, computed once per lowering: ops read their operands' layouts
  // several times (work rows, view bytes, output bytes, buffer sizes).
  const BufferLayout& layout_on(TensorId t, Engine engine) {
    const std::size_t slot = 2 * static_cast<std::size_t>(t) + (engine == Engine::ane ? 0 : 1);
    if (!m_have_layout[slot]) {
      const Tensor& tensor = m_g.tensor(t);
      // The CPU runs float ops in fp32 (Core ML's typed execution: an fp16 program's CPU ops compute in
      // fp32), so its float buffers take 4 bytes an element.
      // A constant stays in the type the model file stores it in; the CPU converts as it reads.
      const DType cpu_type = tensor.role == TensorRole::constant ? tensor.dtype : cpu_dtype(tensor.dtype);
      m_layouts[slot] = engine == Engine::ane ? ane_buffer_layout(tensor.shape, tensor.dtype, m_chip.last_axis_alignment_bytes)
                                              : packed_layout(tensor.shape, cpu_type);
      m_have_layout[slot] = true;
    }
    return m_layouts[slot];
  }

  std::int64_t bytes_of(BufferId b) const { return m_buffers[static_cast<std::size_t>(b)].allocated_bytes; }

  std::int64_t resident_weight_bytes() const {
    std::int64_t total = 0;
    for (TensorId t = 0; t < static_cast<TensorId>(m_g.tensor_count()); ++t) {
      const Tensor& tensor = m_g.tensor(t);
      if (tensor.role != TensorRole::weight) continue;
      const std::int64_t bytes = weight_storage_bytes(tensor);
      bool gathered_only = !tensor.consumers.empty();
      std::int64_t rows_read = 0;
      for (OpId c : tensor.consumers) {
        const Op& op = m_g.op(c);
        if (op.kind != OpKind::gather) {
          gathered_only = false;
          break;
        }
        rows_read += m_g.tensor(op.inputs[1]).shape.elements();
      }
      if (gathered_only) {
        // A gathered table is memory-mapped: only the pages of the rows read become resident.
        const std::int64_t row_bytes = storage_bytes(tensor.shape[1], tensor.dtype);
        total += std::min(bytes, expected_resident_bytes(tensor.shape[0], row_bytes, rows_read, m_chip.page_bytes));
      } else {
        total += bytes;
      }
    }
    return total;
  }

  void swap_scratch() {
    m_tensor_buffer.swap(m_scratch.tensor_buffer);
    m_parent.swap(m_scratch.parent);
    m_root_buffer.swap(m_scratch.root_buffer);
    m_buffer_root.swap(m_scratch.buffer_root);
    m_on_ane.swap(m_scratch.on_ane);
    m_layouts.swap(m_scratch.layouts);
    m_have_layout.swap(m_scratch.have_layout);
    m_is_free.swap(m_scratch.is_free);
    m_transposed.swap(m_scratch.transposed);
    m_repacks_in.swap(m_scratch.repacks_in);
    m_repacks_out.swap(m_scratch.repacks_out);
    m_first_step_of.swap(m_scratch.first_step_of);
    m_first.swap(m_scratch.first);
    m_last.swap(m_scratch.last);
  }

  const Graph& m_g;
  const ChipSpec& m_chip;
  LowererScratch& m_scratch;
  std::vector<BufferId> m_tensor_buffer;
  std::vector<TensorId> m_parent;
  std::vector<BufferId> m_root_buffer;  // by root tensor
  std::vector<TensorId> m_buffer_root;
  Flags m_on_ane;
  std::vector<BufferLayout> m_layouts;  // by 2 x tensor + (0 on the ANE, 1 packed)
  Flags m_have_layout;
  Flags m_is_free;                            // by op
  Flags m_transposed;                         // by op: rule 3 adds transposes around it
  std::vector<std::uint8_t> m_repacks_in, m_repacks_out;  // by CPU op: rule 7's repacks before and after it
  std::vector<std::int32_t> m_first_step_of;  // by op
  std::vector<std::int32_t> m_first, m_last;  // by buffer: first and last step that touches it
  std::vector<Buffer> m_buffers;   // handed to the Program
  std::vector<Access> m_accesses;  // handed to the Program
};

}  // namespace

Program lower(const Graph& graph, const ChipSpec& chip) { return Lowerer(graph, chip, lowerer_scratch()).run(); }

}  // namespace anesim
