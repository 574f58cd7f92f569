#pragma once
// What one simulated inference produced: totals and one record per op. Report writers read only
// this. SI units throughout.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/name_arena.hpp"
#include "sim/lower/program.hpp"
#include "sim/timing/regime.hpp"

namespace anesim {

// The names of a run's op records: a graph op's record names it from the graph's own arena; the
// steps the lowering added (rule 3's transposes) have names of the run's own.
struct OpRecordNameStore {
  std::shared_ptr<const NameArena> graph_names;
  NameArena added;
};

struct OpRecord {
  // Held by RunResult::op_names: valid while the RunResult it came from, or a copy of it, lives.
  Name name;
  std::string_view kind;  // static text: op_kind_name(), or "transpose" for rule 3's steps
  Engine engine = Engine::ane;
  double start_s = 0;
  double end_s = 0;
  double border_s = 0;
  double mac_flops = 0;
  double vector_flops = 0;
  std::int64_t weight_bytes = 0;
  std::int64_t dram_read_bytes = 0;  // including streamed weights
  std::int64_t dram_write_bytes = 0;
  std::int64_t l2_bytes = 0;
  std::int32_t l2_hits = 0;
  std::int32_t l2_misses = 0;
  bool free = false;
  bool copies = false;
  std::int32_t transposes = 0;
  std::int64_t logical_bytes = 0;  // of the op's outputs
  std::int64_t padded_bytes = 0;   // the same outputs as allocated on their engine
  std::int64_t cores_used = 0;
  Regime regime = Regime::overhead;
  double energy_j = 0;  // the op's actions plus static power over its own time (sim/energy.hpp)

  [[nodiscard]] double latency_s() const { return end_s - start_s; }
  [[nodiscard]] bool l2_hit() const { return l2_misses == 0 && l2_hits > 0; }
};

struct RunTotals {
  double latency_s = 0;
  std::int64_t peak_memory_bytes = 0;      // weight_bytes + constant_bytes + peak_activation_bytes
  std::int64_t weight_bytes = 0;           // resident parameters (a gathered table: the pages its rows sit on)
  std::int64_t constant_bytes = 0;         // constants folded into the model: a (B,H,S,S) fill value is not a weight
  std::int64_t peak_activation_bytes = 0;  // largest live total of activation buffers (padded)
  std::int64_t peak_activation_logical_bytes = 0;
  std::int64_t arena_bytes = 0;
  std::int64_t dram_read_bytes = 0;
  std::int64_t dram_write_bytes = 0;
  double flops = 0;
  double mac_flops = 0;
  double vector_flops = 0;
  std::int64_t parameter_count = 0;
  std::int32_t op_count = 0;    // graph ops; ane_ops + cpu_ops
  std::int32_t ane_ops = 0;
  std::int32_t cpu_ops = 0;
  std::int32_t free_ops = 0;    // of those, relabels the compiler elides
  std::int32_t copy_ops = 0;    // layout ops that move data
  std::int32_t transposes = 0;  // hardware transposes added for W reductions (extra program steps)
  std::int32_t handovers = 0;   // engine borders crossed
  double handover_s = 0;        // time lost at the borders (program launches and syncs after the first)
  std::int64_t handover_bytes = 0;
  Regime regime = Regime::overhead;
  double compute_share = 0;    // share of latency in compute-bound ops
  double bandwidth_share = 0;
  double overhead_share = 0;   // overhead-bound ops plus border time
  // Energy per inference (sim/energy.hpp): energy_j = the five parts below.
  double energy_j = 0;
  double compute_energy_j = 0;  // ANE MAC and vector FLOPs
  double l2_energy_j = 0;       // bytes served by or written into the ANE's L2
  double dram_energy_j = 0;     // the engine side of DRAM traffic
  double cpu_energy_j = 0;      // CPU-fallback ops' FLOPs and bytes
  double static_energy_j = 0;   // the state's static power x latency_s
  double avg_power_w = 0;       // energy_j / latency_s
};

struct RunResult {
  // Labels, filled by whoever asked for the run; the executor does not know the model.
  std::string model;
  std::string chip;
  std::string layout;
  std::int64_t batch = 0;
  std::int64_t seq = 0;           // new tokens per sequence (1 when decoding)
  std::string phase = "prefill";  // or "decode"
  std::int64_t kv_len = 0;        // decode: tokens already in the KV cache
  std::string weights = "fp16";
  double sparsity = 0;
  std::string power_state = "high";
  std::int64_t ane_instances = 1;  // ANE instances the model ran on (chip/ane_instances.hpp)
  // Whether the run fits the chip's device (sim/device_fit.hpp); the reason names each limit broken.
  bool fits = true;
  std::string fit_reason;

  RunTotals totals;
  std::vector<OpRecord> ops;  // in execution order
  // Where the records' names live, shared by copies of the result: a heap string per record was a
  // tenth of a distilbert simulation (issue 7), and copying them into an arena of the run's own
  // still 2 % (graph_names keeps the graph's tensor names alive too).
  std::shared_ptr<const OpRecordNameStore> op_names;
};

}  // namespace anesim
