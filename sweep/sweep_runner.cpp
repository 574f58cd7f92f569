#include "sweep/sweep_runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <map>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "models/simulate.hpp"
#include "ir/dtype.hpp"
#include "core/error.hpp"
#include "sweep/sweep_order.hpp"
#include "sim/run_choices.hpp"

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
          const bool decode = is_decode(phase);
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
  const std::string phase = is_decode(p.phase) ? fmt::format("decode, kv_len {}", p.kv_len) : fmt::format("seq {}", p.seq);
  const std::string state = p.power_state == "high" ? "" : fmt::format(" ({} power state)", p.power_state);
  return fmt::format("{} on {}{}, {} layout, {} weights, {}, batch {}", spec.models[p.model].name, spec.chips[p.chip].name,
                     state, p.layout, p.weights, phase, p.batch);
}

// One graph to build and the chip slots to run it on (point chip_slot * per_slot + slot of each).
struct GraphWork {
  std::size_t slot = 0;
  std::vector<std::size_t> chip_slots;
};

// Work unit `unit` of points [first, last). Sharing graphs, unit s is graph slot s on every chip
// slot whose point falls in the range (empty when none does); otherwise unit u is point first + u.
GraphWork work_unit(bool share, std::size_t unit, std::size_t per_slot, std::size_t slots, std::size_t first,
                    std::size_t last) {
  if (!share) return {(first + unit) % per_slot, {(first + unit) / per_slot}};
  GraphWork work{unit, {}};
  for (std::size_t c = 0; c < slots; ++c) {
    const std::size_t index = c * per_slot + unit;
    if (index >= first && index < last) work.chip_slots.push_back(c);
  }
  return work;
}

// What simulate() (models/simulate.cpp) does for one point, with the graph built once for every
// chip slot of the unit; tests/test_sweep.cpp holds the two to the same result.
std::vector<std::pair<std::size_t, RunResult>> run_unit(const SweepSpec& spec, const SweepPoint& point, const GraphWork& work,
                                                        std::size_t per_slot, const SweepOptions& opts) {
  const ModelSpec& model = spec.models[point.model];
  RunRequest request;
  request.layout = point.layout;
  request.batch = point.batch;
  request.seq = point.seq;
  request.weights = parse_dtype(point.weights);
  request.options.phase = phase_of(point.phase);
  request.options.kv_len = point.kv_len;
  const Graph graph = build_graph(model, request);  // once, for every chip slot
  const std::size_t states = spec.power_states.size();
  std::vector<std::pair<std::size_t, RunResult>> out;
  out.reserve(work.chip_slots.size());
  for (const std::size_t c : work.chip_slots) {
    const std::size_t index = c * per_slot + work.slot;
    request.power_state = spec.power_states[c % states];
    request.keep_ops = opts.keep_ops_for ? opts.keep_ops_for(index) : opts.keep_ops;
    out.emplace_back(index, run_graph(graph, model, spec.chips[c / states], request));
  }
  return out;
}

std::string progress_line(std::size_t done, std::size_t total, const std::string& name, double elapsed_s) {
  std::string line = fmt::format("\r[{}/{}] {} ({:.1f} s", done, total, name, elapsed_s);
  // The estimate assumes the remaining points cost what the finished ones did on average.
  if (done > 0 && done < total) line += fmt::format(", about {:.0f} s left", elapsed_s / static_cast<double>(done) * static_cast<double>(total - done));
  return line + ")   ";  // the spaces clear a longer line left from before
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

std::size_t sweep_size(const SweepSpec& spec) { return points_per_chip_slot(spec) * chip_slots(spec); }

SweepResult run_sweep(const SweepSpec& spec, const SweepOptions& opts) {
  return run_sweep_range(spec, 0, sweep_size(spec), opts);
}

SweepResult run_sweep_range(const SweepSpec& spec, std::size_t first, std::size_t last, const SweepOptions& opts) {
  SweepResult out{spec.name, spec.description, {}};
  if (last >= first) out.points.reserve(last - first);
  stream_sweep_range(spec, first, last, opts, [&](std::size_t, RunResult&& r) { out.points.push_back(std::move(r)); });
  return out;
}

void stream_sweep_range(const SweepSpec& spec, std::size_t first, std::size_t last, const SweepOptions& opts,
                        const SweepSink& sink) {
  const std::size_t per_slot = points_per_chip_slot(spec);
  const std::size_t slots = chip_slots(spec);
  const std::size_t size = per_slot * slots;
  if (first > last || last > size) {
    throw Error(fmt::format("sweep range [{}, {}) is outside the sweep's {} points", first, last, size),
                fmt::format("use 0 <= first <= last <= {}", size));
  }
  const std::size_t total = last - first;
  if (total == 0) return;
  const bool share = opts.share_graphs;
  const std::size_t units = share ? per_slot : total;
  const std::size_t window = std::max<std::size_t>(opts.window, 1);

  unsigned jobs = opts.jobs > 0 ? opts.jobs : std::max(1U, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, units));

  // Everything below is guarded by `mutex`. Finished points wait in `pending` until every point
  // before them has been handed to the sink; `delivered` counts those handed over.
  std::mutex mutex;
  std::condition_variable changed;  // a point finished, a worker ended, or room opened in the window
  std::size_t next_unit = 0;
  std::size_t delivered = 0;
  std::map<std::size_t, RunResult> pending;
  bool stop = false;
  unsigned running = jobs;
  std::size_t error_unit = units;
  std::exception_ptr error;
  std::atomic<std::size_t> finished{0};

  auto worker = [&] {
    // Units are claimed in increasing order and `stop` only prevents new claims, so every unit
    // before a failing one runs: the first failure in sweep order is always the one reported.
    for (;;) {
      std::size_t unit = 0;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || next_unit >= units || share || next_unit < delivered + window; });
        if (stop || next_unit >= units) break;
        unit = next_unit++;
      }
      const GraphWork work = work_unit(share, unit, per_slot, slots, first, last);
      if (work.chip_slots.empty()) continue;
      const SweepPoint point = chip_slot_point_at(spec, work.slot);
      try {
        auto results = run_unit(spec, point, work, per_slot, opts);
        finished.fetch_add(results.size());
        const std::lock_guard lock(mutex);
        for (auto& [index, result] : results) pending.emplace(index, std::move(result));
        changed.notify_all();
      } catch (const Error& e) {
        SweepPoint at = point;
        at.chip = work.chip_slots.front() / spec.power_states.size();
        at.power_state = spec.power_states[work.chip_slots.front() % spec.power_states.size()];
        const std::lock_guard lock(mutex);
        if (unit < error_unit) {
          error_unit = unit;
          error = std::make_exception_ptr(Error(e.message() + " (sweep point: " + describe(spec, at) + ")", e.hint(), e.where()));
        }
        stop = true;
      } catch (...) {
        const std::lock_guard lock(mutex);
        if (unit < error_unit) {
          error_unit = unit;
          error = std::current_exception();
        }
        stop = true;
      }
    }
    const std::lock_guard lock(mutex);
    --running;
    changed.notify_all();
  };

  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  threads.reserve(jobs);
  for (unsigned i = 0; i < jobs; ++i) threads.emplace_back(worker);

  // The calling thread hands results to the sink, checks for interruption every 100 ms and
  // reports progress once the sweep has run over a second.
  bool printed = false;
  bool interrupted = false;
  std::exception_ptr sink_error;
  std::size_t shown = 0;
  auto last_check = start;
  for (bool more = true; more;) {
    std::vector<std::pair<std::size_t, RunResult>> ready;
    {
      std::unique_lock lock(mutex);
      changed.wait_for(lock, std::chrono::milliseconds(100), [&] {
        return running == 0 || (!pending.empty() && pending.begin()->first == first + delivered);
      });
      while (!pending.empty() && pending.begin()->first == first + delivered) {
        auto node = pending.extract(pending.begin());
        ready.emplace_back(node.key(), std::move(node.mapped()));
        ++delivered;
      }
      more = running > 0 || !ready.empty();
      if (!ready.empty()) changed.notify_all();  // room in the window
    }
    if (!sink_error) {
      try {
        for (auto& [index, result] : ready) sink(index, std::move(result));
      } catch (...) {
        sink_error = std::current_exception();
        const std::lock_guard lock(mutex);
        stop = true;
        changed.notify_all();
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (opts.interrupted && !interrupted && now - last_check >= std::chrono::milliseconds(100)) {
      last_check = now;
      try {
        interrupted = opts.interrupted();  // may take a while (the Python module takes the GIL)
      } catch (...) {
        interrupted = true;  // the workers must still be joined below, whatever the check threw
      }
      if (interrupted) {
        const std::lock_guard lock(mutex);
        stop = true;
        changed.notify_all();
      }
    }
    const double elapsed = std::chrono::duration<double>(now - start).count();
    const std::size_t now_done = finished.load();
    if (opts.progress != nullptr && elapsed > 1.0 && now_done != shown) {
      *opts.progress << progress_line(now_done, total, spec.name, elapsed) << std::flush;
      shown = now_done;
      printed = true;
    }
  }
  for (auto& t : threads) t.join();
  if (printed) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    *opts.progress << progress_line(finished.load(), total, spec.name, elapsed) << '\n' << std::flush;
  }
  if (sink_error) std::rethrow_exception(sink_error);
  if (interrupted) throw SweepInterrupted();
  if (error) std::rethrow_exception(error);
}

}  // namespace anesim
