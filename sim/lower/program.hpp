#pragma once
// A graph lowered onto a chip: every op placed on an engine, with its FLOPs, its streamed weight
// bytes and the ordered buffer accesses it makes. The allocator, the L2 model and the scheduler
// all read this, and nothing else, so each can be tested on a hand-made Program.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "ir/graph.hpp"

namespace anesim {

enum class Engine : std::uint8_t { ane, cpu };
[[nodiscard]] std::string_view engine_name(Engine engine);

using BufferId = std::int32_t;

enum class BufferKind : std::uint8_t { input, activation, constant, temporary };

struct Buffer {
  BufferKind kind = BufferKind::activation;
  std::int64_t logical_bytes = 0;
  std::int64_t allocated_bytes = 0;  // with the last-axis padding of the engine that holds it
  std::int32_t first_step = 0;       // first step (index in Program::ops) that touches it
  std::int32_t last_step = 0;        // last step that needs it; graph outputs live to the end
  bool graph_output = false;
};

struct Access {
  BufferId buffer = 0;
  std::int32_t view = 0;   // the tensor accessed (a view of the buffer); temporaries use -1 - buffer
  std::int64_t bytes = 0;  // of the view accessed; a split head reads a slice of its buffer
  bool write = false;
};

// A program step the lowering adds around a graph op: rule 3's hardware transposes around an ANE
// op, and rule 7's repacks around a CPU op that reads or writes an ANE buffer (the engines' formats
// differ: fp16 with 64-byte rows on the ANE, packed fp32 on the CPU).
enum class SyntheticStep : std::uint8_t { none, transpose_in, transpose_out, repack_in, repack_out };
[[nodiscard]] std::string_view synthetic_step_suffix(SyntheticStep step);  // ".transpose_in", ".to_fp32", ...
[[nodiscard]] std::string_view synthetic_step_kind(SyntheticStep step);    // "transpose" or "cast"

struct LoweredOp {
  OpId op = k_none;  // the graph op this step belongs to
  SyntheticStep synthetic = SyntheticStep::none;
  Engine engine = Engine::ane;
  bool free = false;  // a relabel that the compiler elides: no time, no traffic
  double mac_flops = 0;
  double vector_flops = 0;
  // The share of the MAC array its MAC work fills: below 1 for a convolution whose outputs reduce
  // over fewer MACs than the array's reduction width (a depthwise one), else 1.
  double mac_utilisation = 1;
  std::int64_t weight_bytes = 0;      // parameters this op streams from DRAM
  std::int64_t cpu_table_bytes = 0;   // rows a CPU gather reads from its table
  std::int64_t work_rows = 1;         // output rows the op splits over the cores
  // Batch elements the op walks one at a time: the N axis of its output on the ANE (rule 11). Its
  // weights pass through a small coefficient store, so each element after the first streams them again.
  std::int64_t batch_passes = 1;
  std::int32_t transposes = 0;        // hardware transposes rule 3 adds
  bool copies = false;                // a layout op that moves data (rule 2)
  std::int64_t out_logical_bytes = 0;
  std::int64_t out_allocated_bytes = 0;
  // Its accesses, in the order the op makes them: Program::accesses[first_access, + access_count).
  std::int32_t first_access = 0;
  std::int32_t access_count = 0;
};

// Consecutive stretches of the program lowered from layers the builder appended as copies of one
// another (Graph::block_copies): period k runs the graph ops [first_op + k * ops, + ops) in the
// steps [first_step + k * steps, + steps), and creates the graph buffers [first_buffer + k *
// buffers, + buffers), the temporaries likewise, and the views (tensors) [first_view + k * views,
// + views). The periods pass finds them; emit-steps emits a period as the one before it renamed
// when that is exact (sim/lower/renamed_period.hpp) and marks it `renamed`; the memory walk
// replays a period after checking that what is not known from that, and the caches entering it,
// repeat the period before under the renaming below (sim/memory/period_replay.hpp).
struct ProgramPeriods {
  OpId first_op = 0, ops = 0;
  std::int32_t first_step = 0, steps = 0;
  std::int32_t count = 0;  // periods
  BufferId first_buffer = 0, buffers = 0;
  BufferId first_temporary = 0, temporaries = 0;
  std::int32_t first_view = 0, views = 0;
  // By period: its steps, their accesses and its temporaries are those of the period before,
  // renamed (each step's op moved one period on), by construction.
  std::vector<std::uint8_t> renamed;

  // A buffer or view of period k renamed to its counterpart `periods` later: shifted when it
  // belongs to a period k with k + periods < count, unchanged when it belongs to none (a shared
  // constant, the embeddings), and k_no_counterpart when k + periods runs past the last period.
  // The renaming is injective where defined, which is all the walk's replay argument needs.
  static constexpr std::int32_t k_no_counterpart = INT32_MIN;
  [[nodiscard]] BufferId renamed_buffer(BufferId b, std::int32_t periods) const;
  // Views: a tensor id, -1 - b for temporary b's own view, and -1 for an access of no view (a
  // write-back), which stays -1.
  [[nodiscard]] std::int32_t renamed_view(std::int32_t view, std::int32_t periods) const;
  [[nodiscard]] std::int32_t end_step() const { return first_step + count * steps; }
};

// ProgramPeriods' renaming by a fixed number of periods, set up once: emit-steps and the memory
// walk rename every access of a period, so each id takes one unsigned compare in the common case.
class PeriodRenaming {
 public:
  PeriodRenaming(const ProgramPeriods& p, std::int32_t periods)
      : m_buffers(p.first_buffer, p.buffers, p.count, periods),
        m_temporaries(p.first_temporary, p.temporaries, p.count, periods),
        m_views(p.first_view, p.views, p.count, periods) {}

  [[nodiscard]] BufferId buffer(BufferId b) const {
    return m_temporaries.holds(b) ? m_temporaries.renamed(b) : m_buffers.renamed(b);
  }
  // Whether buffer b is one of a period's own (a graph buffer or temporary of some layer), not
  // one outside the periods.
  [[nodiscard]] bool in_periods(BufferId b) const { return m_buffers.holds(b) || m_temporaries.holds(b); }
  [[nodiscard]] std::int32_t view(std::int32_t v) const {
    if (v >= 0) return m_views.renamed(v);
    if (v == -1) return -1;
    const BufferId b = buffer(-1 - v);
    return b == ProgramPeriods::k_no_counterpart ? b : -1 - b;
  }

 private:
  // [first, + count * stride): the first count - periods periods move `periods` strides on, the
  // rest have no counterpart, and what lies outside stays.
  struct Range {
    Range(std::int32_t first, std::int32_t stride, std::int32_t count, std::int32_t periods)
        : first(first),
          moved(static_cast<std::uint32_t>(std::max(stride, 0) * std::max(count - periods, 0))),
          all(static_cast<std::uint32_t>(std::max(stride, 0) * std::max(count, 0))),
          shift(stride * periods) {}
    [[nodiscard]] bool holds(std::int32_t id) const { return static_cast<std::uint32_t>(id - first) < all; }
    [[nodiscard]] std::int32_t renamed(std::int32_t id) const {
      const auto at = static_cast<std::uint32_t>(id - first);
      if (at < moved) return id + shift;
      return at < all ? ProgramPeriods::k_no_counterpart : id;
    }
    std::int32_t first;
    std::uint32_t moved, all;
    std::int32_t shift;
  };
  Range m_buffers, m_temporaries, m_views;
};

struct Program {
  std::vector<LoweredOp> ops;
  std::vector<Buffer> buffers;
  std::vector<Access> accesses;  // every step's, in step order; one array rather than one per step
  std::int64_t resident_weight_bytes = 0;    // parameters the engines hold (a gathered table: its pages read)
  std::int64_t resident_constant_bytes = 0;  // constants folded into the model (masks, fill values, tables)
  std::int64_t parameter_count = 0;
  std::vector<ProgramPeriods> periods;  // in step order, not overlapping (the periods pass)

  [[nodiscard]] std::span<const Access> accesses_of(const LoweredOp& op) const {
    return {accesses.data() + op.first_access, static_cast<std::size_t>(op.access_count)};
  }
};

}  // namespace anesim
