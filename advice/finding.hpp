#pragma once
// What `anesim advise` reports: findings on one run, each grouped by the seed's principle it
// breaks, naming the ops it is about, the mechanism, and what fixing it is predicted to save.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/run_result.hpp"

namespace anesim {

// The seed's principles a finding can break, plus the two conditions that are not principles of
// the seed's list but cost as much: ops off the ANE, and a run the device cannot hold.
enum class Principle : std::uint8_t { data_format, chunking, copies, bandwidth, hybrid, fit };
[[nodiscard]] std::string_view principle_name(Principle p);  // "1 data format", "2 chunking", ..., "fit"

// A saving is the baseline run minus the fixed one: positive is better; a rerun may cost more
// (a negative saving), which is reported as it is.
struct Saving {
  double latency_s = 0;
  std::int64_t peak_memory_bytes = 0;
  double energy_j = 0;
};

// Where a finding's saving comes from: a what-if the simulator ran; where no rerun exists, the
// cost of the named ops themselves (an upper bound on what removing them buys) or, for padding,
// the padding in the run's peak activations; none for a finding with nothing to save (fit).
enum class SavingBasis : std::uint8_t { rerun, op_cost, padding_at_peak, none };
[[nodiscard]] std::string_view saving_basis_name(SavingBasis b);  // "rerun", "op cost", ...

// Ops whose names differ only by a layer index, folded into one line ("layer.*.attn.q", 6).
struct OpGroup {
  std::string name;
  std::int32_t count = 0;
};

struct Finding {
  Principle principle = Principle::data_format;
  std::string id;         // a stable key for scripts: padding, transposes, spills, copies, weight-bandwidth, int8, int4, cpu, fit, chunks
  std::string title;      // what was found, in a few words
  std::string mechanism;  // why it costs, with the run's own figures
  std::vector<OpGroup> ops;
  std::int32_t op_count = 0;            // op records named (the sum of the groups' counts)
  std::int64_t allocated_bytes = 0;     // the named ops' outputs as allocated (0 where not about bytes)
  std::int64_t logical_bytes = 0;       // the same outputs unpadded
  std::int64_t dram_bytes = 0;          // DRAM bytes the named ops move (0 where not about traffic)
  double op_time_s = 0;                 // the named ops' own time
  Saving saving;
  SavingBasis basis = SavingBasis::none;
  std::string basis_text;  // which rerun, or which ops' cost, the saving is
};

}  // namespace anesim
