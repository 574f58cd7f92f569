#pragma once
// Runs a sweep's cartesian product on a pool of threads. The order of the points is fixed by the
// spec alone, never by the number of threads:
//
//   for chip, for power_state, for model, for layout, for weights, for phase, for kv_len, for seq, for batch
//
// (chips outermost, batch innermost), with three collapses so that no point is run twice:
// prefill points have one kv_len (0, not used), decode points one seq (1 new token), and a model
// whose input fixes the sequence (ViT, Whisper) one seq (that length).
//
// Each graph is built once per (model, layout, weights, phase, kv_len, seq, batch) and executed on
// every chip. Worker threads take the next graph from an atomic counter and write their results
// into fixed slots. An error in a point is rethrown (as the anesim::Error it was, naming the point)
// after every thread has joined; when several points fail, the first in sweep order is reported.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/run_result.hpp"
#include "sweep/sweep_spec.hpp"

namespace anesim {

// One point of the product, in sweep order; `chip` and `model` index the spec's lists.
struct SweepPoint {
  std::size_t chip = 0;
  std::size_t model = 0;
  std::string layout;
  std::string weights;
  std::string phase;
  std::int64_t kv_len = 0;  // 0 for prefill
  std::int64_t seq = 0;     // 1 for decode
  std::int64_t batch = 0;
  std::string power_state = "high";
};

[[nodiscard]] std::vector<SweepPoint> sweep_points(const SweepSpec& spec);

struct SweepOptions {
  unsigned jobs = 0;                // worker threads; 0: std::thread::hardware_concurrency()
  std::ostream* progress = nullptr;  // "\r[12/40] ..." once the sweep has run for over a second
  bool keep_ops = true;              // keep every point's per-op records (the HTML report's breakdown); false
                                     // never builds their names (RunRequest::keep_ops), same totals
  // Asked every 100 ms by the calling thread while the workers run; once it returns true, no new
  // graph is started, the running ones finish, and the sweep throws SweepInterrupted. The Python
  // module checks for Ctrl-C here.
  std::function<bool()> interrupted = nullptr;
};

// Thrown by run_sweep when options.interrupted asked it to stop; not an anesim::Error (the input
// was fine).
struct SweepInterrupted : std::exception {
  [[nodiscard]] const char* what() const noexcept override { return "sweep interrupted"; }
};

struct SweepResult {
  std::string name;
  std::string description;
  std::vector<RunResult> points;  // in sweep_points() order
};

[[nodiscard]] SweepResult run_sweep(const SweepSpec& spec, const SweepOptions& options = {});

// Points [first, last) of sweep_points(spec) only, in that order, with the same numbers run_sweep
// gives them: a sweep split into ranges and run anywhere (threads, processes, Dask workers) and
// concatenated equals the whole. first > last or last > sweep_size(spec) is an anesim::Error.
[[nodiscard]] SweepResult run_sweep_range(const SweepSpec& spec, std::size_t first, std::size_t last,
                                          const SweepOptions& options = {});
// The number of points: sweep_points(spec).size(), without building the list.
[[nodiscard]] std::size_t sweep_size(const SweepSpec& spec);

}  // namespace anesim
