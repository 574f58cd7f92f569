#pragma once
// Measurements a report draws over its predictions (`anesim sweep ... --measured SET`): one device
// figure each, with the run it belongs to. The CLI fills them from a validation set; the report
// writers only read them.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/run_result.hpp"

namespace anesim {

struct MeasuredPoint {
  std::string model, chip, layout;
  std::int64_t batch = 1, seq = 1;
  // The state the figure was measured in, or "mean": a published curve that averages the states
  // (Apple's Figure 2), drawn over the mean of the sweep's power states.
  std::string power_state = "high";
  bool latency = true;  // else peak memory
  double value = 0;     // seconds or bytes
};

// The runs' latency averaged over their power states, one run per (model, chip, layout, seq, batch,
// phase, kv_len, weights, sparsity) that the points hold in at least two states, with power_state
// "mean": what a curve averaging the states is compared with. Peak memory does not depend on the
// state; the first state's run gives the rest.
[[nodiscard]] std::vector<RunResult> mean_of_power_states(const std::vector<RunResult>& runs);

}  // namespace anesim
