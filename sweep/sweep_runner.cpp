#include "sweep/sweep_runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "models/simulate.hpp"
#include "sim/dtype.hpp"
#include "sim/error.hpp"

namespace anesim {

namespace {

// The points of one chip in one power state; every (chip, state) pair, a "chip slot", has the same
// list, so point i of slot k is k * size + i, with slot k = chip * power_states + state.
std::vector<SweepPoint> points_per_chip(const SweepSpec& spec) {
  std::vector<SweepPoint> out;
  for (std::size_t m = 0; m < spec.models.size(); ++m) {
    const std::int64_t fixed = spec.models[m].fixed_sequence();
    for (const auto& layout : spec.layouts) {
      for (const auto& weights : spec.weights) {
        for (const auto& phase : spec.phases) {
          const bool decode = phase == "decode";
          const std::vector<std::int64_t> kv_lens = decode ? spec.kv_lens : std::vector<std::int64_t>{0};
          const std::vector<std::int64_t> seqs = decode ? std::vector<std::int64_t>{1}
                                                 : fixed > 0 ? std::vector<std::int64_t>{fixed}
                                                             : spec.seqs;
          for (const auto kv_len : kv_lens) {
            for (const auto seq : seqs) {
              for (const auto batch : spec.batches) out.push_back({0, m, layout, weights, phase, kv_len, seq, batch, "high"});
            }
          }
        }
      }
    }
  }
  return out;
}

std::size_t chip_slots(const SweepSpec& spec) { return spec.chips.size() * spec.power_states.size(); }

std::string describe(const SweepSpec& spec, const SweepPoint& p) {
  const std::string phase = p.phase == "decode" ? fmt::format("decode, kv_len {}", p.kv_len) : fmt::format("seq {}", p.seq);
  const std::string state = p.power_state == "high" ? "" : fmt::format(" ({} power state)", p.power_state);
  return fmt::format("{} on {}{}, {} layout, {} weights, {}, batch {}", spec.models[p.model].name, spec.chips[p.chip].name,
                     state, p.layout, p.weights, phase, p.batch);
}

// One graph to build and the chips to run it on: the points chip * per_chip + slot, for each listed
// chip, that fall in the requested range.
struct GraphWork {
  std::size_t slot = 0;
  std::vector<std::size_t> chips;
};

std::vector<GraphWork> work_in_range(std::size_t per_chip, std::size_t chips, std::size_t first, std::size_t last) {
  std::vector<GraphWork> out;
  for (std::size_t slot = 0; slot < per_chip; ++slot) {
    GraphWork work{slot, {}};
    for (std::size_t c = 0; c < chips; ++c) {
      const std::size_t index = c * per_chip + slot;
      if (index >= first && index < last) work.chips.push_back(c);
    }
    if (!work.chips.empty()) out.push_back(std::move(work));
  }
  return out;
}

// What simulate() (models/simulate.cpp) does for one point, with the graph built once for every
// chip; tests/test_sweep.cpp holds the two to the same result. Results land at index - first.
void run_point_graph(const SweepSpec& spec, const SweepPoint& point, const GraphWork& work, std::size_t per_chip,
                     std::size_t first, bool keep_ops, std::vector<RunResult>& results, std::atomic<std::size_t>& done) {
  const ModelSpec& model = spec.models[point.model];
  RunRequest request;
  request.layout = point.layout;
  request.batch = point.batch;
  request.seq = point.seq;
  request.weights = parse_dtype(point.weights);
  request.options.phase = point.phase == "decode" ? Phase::decode : Phase::prefill;
  request.options.kv_len = point.kv_len;
  request.keep_ops = keep_ops;
  const Graph graph = build_graph(model, request);  // once, for every chip
  const std::size_t states = spec.power_states.size();
  for (const std::size_t c : work.chips) {  // chip slots
    request.power_state = spec.power_states[c % states];
    RunResult result = run_graph(graph, model, spec.chips[c / states], request);
    results[c * per_chip + work.slot - first] = std::move(result);
    done.fetch_add(1);
  }
}

}  // namespace

std::vector<SweepPoint> sweep_points(const SweepSpec& spec) {
  const std::vector<SweepPoint> inner = points_per_chip(spec);
  std::vector<SweepPoint> out;
  out.reserve(inner.size() * chip_slots(spec));
  for (std::size_t c = 0; c < spec.chips.size(); ++c) {
    for (const auto& state : spec.power_states) {
      for (SweepPoint p : inner) {
        p.chip = c;
        p.power_state = state;
        out.push_back(std::move(p));
      }
    }
  }
  return out;
}

std::size_t sweep_size(const SweepSpec& spec) { return points_per_chip(spec).size() * chip_slots(spec); }

SweepResult run_sweep(const SweepSpec& spec, const SweepOptions& opts) {
  return run_sweep_range(spec, 0, sweep_size(spec), opts);
}

SweepResult run_sweep_range(const SweepSpec& spec, std::size_t first, std::size_t last, const SweepOptions& opts) {
  const std::vector<SweepPoint> graphs = points_per_chip(spec);
  const std::size_t size = graphs.size() * chip_slots(spec);
  if (first > last || last > size) {
    throw Error(fmt::format("sweep range [{}, {}) is outside the sweep's {} points", first, last, size),
                fmt::format("use 0 <= first <= last <= {}", size));
  }
  const std::vector<GraphWork> work = work_in_range(graphs.size(), chip_slots(spec), first, last);
  const std::size_t total = last - first;
  SweepResult out{spec.name, spec.description, std::vector<RunResult>(total)};
  if (total == 0) return out;

  unsigned jobs = opts.jobs > 0 ? opts.jobs : std::max(1U, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, work.size()));

  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable finished;
  unsigned running = jobs;
  std::size_t error_slot = work.size();
  std::exception_ptr error;

  auto worker = [&] {
    // Graphs are claimed in increasing order and `stop` only prevents new claims, so every graph
    // before a failing one runs: the first failure in sweep order is always the one reported.
    while (!stop.load()) {
      const std::size_t slot = next.fetch_add(1);
      if (slot >= work.size()) break;
      const SweepPoint& point = graphs[work[slot].slot];
      try {
        run_point_graph(spec, point, work[slot], graphs.size(), first, opts.keep_ops, out.points, done);
      } catch (const Error& e) {
        SweepPoint at = point;
        at.chip = work[slot].chips.front() / spec.power_states.size();
        at.power_state = spec.power_states[work[slot].chips.front() % spec.power_states.size()];
        const std::lock_guard lock(mutex);
        if (slot < error_slot) {
          error_slot = slot;
          error = std::make_exception_ptr(Error(e.message() + " (sweep point: " + describe(spec, at) + ")", e.hint(), e.where()));
        }
        stop.store(true);
      } catch (...) {
        const std::lock_guard lock(mutex);
        if (slot < error_slot) {
          error_slot = slot;
          error = std::current_exception();
        }
        stop.store(true);
      }
    }
    const std::lock_guard lock(mutex);
    --running;
    finished.notify_all();
  };

  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  threads.reserve(jobs);
  for (unsigned i = 0; i < jobs; ++i) threads.emplace_back(worker);

  // The calling thread only reports progress, and only once the sweep has run over a second.
  bool printed = false;
  bool interrupted = false;
  std::size_t shown = 0;
  {
    std::unique_lock lock(mutex);
    while (!finished.wait_for(lock, std::chrono::milliseconds(100), [&] { return running == 0; })) {
      if (opts.interrupted && !interrupted) {
        lock.unlock();  // the check may take a while (the Python module takes the GIL)
        try {
          interrupted = opts.interrupted();
        } catch (...) {
          interrupted = true;  // the workers must still be joined below, whatever the check threw
        }
        lock.lock();
        if (interrupted) stop.store(true);
      }
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const std::size_t now_done = done.load();
      if (opts.progress != nullptr && elapsed > 1.0 && now_done != shown) {
        *opts.progress << fmt::format("\r[{}/{}] {} ({:.1f} s)", now_done, total, spec.name, elapsed) << std::flush;
        shown = now_done;
        printed = true;
      }
    }
  }
  for (auto& t : threads) t.join();
  if (printed) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    *opts.progress << fmt::format("\r[{}/{}] {} ({:.1f} s)\n", done.load(), total, spec.name, elapsed) << std::flush;
  }
  if (interrupted) throw SweepInterrupted();
  if (error) std::rethrow_exception(error);
  return out;
}

}  // namespace anesim
