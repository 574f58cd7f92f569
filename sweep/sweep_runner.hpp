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
// Results reach the caller in that order, whatever the number of threads: run_sweep collects them,
// stream_sweep_range hands each to a sink as soon as every point before it has finished, so a CLI
// sweep writes its rows while later points run. With share_graphs, each graph is built once per
// (model, layout, weights, phase, kv_len, seq, batch) and executed on every chip; without, every
// point builds its own and at most a fixed window of finished points waits for its turn, so the
// memory taken does not grow with the sweep. An error in a point is rethrown (as the anesim::Error
// it was, naming the point) after every thread has joined; when several points fail, the first in
// sweep order is reported.
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
  // When set, decides for each point (by its index in the whole sweep) whether its op records are
  // kept, in place of keep_ops: a report draws the records of a few points only, and 110-188 KB of
  // records a point took 1.1 GB for 10,000 points.
  std::function<bool(std::size_t index)> keep_ops_for = nullptr;
  // true: a graph is built once for every chip, and the later chips' results wait in memory until
  // the earlier chips' are delivered (all of them, at worst). false: each point builds its graph
  // and at most `window` finished points wait, so memory does not grow with the sweep.
  bool share_graphs = true;
  std::size_t window = 256;
};

// Receives each point's result on the thread that called stream_sweep_range, in sweep order;
// `index` is the point's index in the whole sweep. An exception it throws stops the sweep (the
// running points finish) and is rethrown.
using SweepSink = std::function<void(std::size_t index, RunResult&& result)>;

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
// Points [first, last) handed to `sink` one by one, in order, as they finish.
void stream_sweep_range(const SweepSpec& spec, std::size_t first, std::size_t last, const SweepOptions& options,
                        const SweepSink& sink);
// The number of points: sweep_points(spec).size(), without building the list.
[[nodiscard]] std::size_t sweep_size(const SweepSpec& spec);

}  // namespace anesim
