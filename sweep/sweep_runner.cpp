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
  request.dims = spec.dims;
  request.options.unsupported = spec.unsupported;
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

namespace {

// One streamed range: worker threads run its units, the calling thread hands their results to
// the sink in order. Every member below `m_mutex` is guarded by it. Finished points wait in
// `m_pending` until every point before them has been handed to the sink; `m_delivered` counts
// those handed over.
class RangeRun {
 public:
  RangeRun(const SweepSpec& spec, std::size_t first, std::size_t last, const SweepOptions& opts, const SweepSink& sink)
      : m_spec(spec), m_opts(opts), m_sink(sink), m_first(first), m_last(last), m_total(last - first),
        m_per_slot(points_per_chip_slot(spec)), m_slots(chip_slots(spec)), m_share(opts.share_graphs),
        m_units(m_share ? m_per_slot : m_total), m_window(std::max<std::size_t>(opts.window, 1)), m_error_unit(m_units) {}

  // Work units: a graph each when graphs are shared, else a point each.
  [[nodiscard]] std::size_t units() const { return m_units; }
  void run(unsigned jobs);

 private:
  void work();
  bool claim(std::size_t& unit);
  void run_claimed(std::size_t unit);
  void record_error(std::size_t unit, std::exception_ptr error);
  bool take_ready(std::vector<std::pair<std::size_t, RunResult>>& ready);
  void hand_over(std::vector<std::pair<std::size_t, RunResult>>& ready);
  void check_interrupted(std::chrono::steady_clock::time_point now);
  void stop_all();

  const SweepSpec& m_spec;
  const SweepOptions& m_opts;
  const SweepSink& m_sink;
  const std::size_t m_first, m_last, m_total, m_per_slot, m_slots;
  const bool m_share;
  const std::size_t m_units, m_window;

  std::mutex m_mutex;
  std::condition_variable m_changed;  // a point finished, a worker ended, or room opened in the window
  std::size_t m_next_unit = 0;
  std::size_t m_delivered = 0;
  std::map<std::size_t, RunResult> m_pending;
  bool m_stop = false;
  unsigned m_running = 0;
  std::size_t m_error_unit;
  std::exception_ptr m_error;
  std::atomic<std::size_t> m_finished{0};

  // The calling thread's own.
  bool m_interrupted = false;
  std::exception_ptr m_sink_error;
  std::chrono::steady_clock::time_point m_last_check;
};

// Units are claimed in increasing order and `m_stop` only prevents new claims, so every unit
// before a failing one runs: the first failure in sweep order is always the one reported.
bool RangeRun::claim(std::size_t& unit) {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return m_stop || m_next_unit >= m_units || m_share || m_next_unit < m_delivered + m_window; });
  if (m_stop || m_next_unit >= m_units) return false;
  unit = m_next_unit++;
  return true;
}

void RangeRun::record_error(std::size_t unit, std::exception_ptr error) {
  const std::lock_guard lock(m_mutex);
  if (unit < m_error_unit) {
    m_error_unit = unit;
    m_error = std::move(error);
  }
  m_stop = true;
}

void RangeRun::run_claimed(std::size_t unit) {
  const GraphWork work = work_unit(m_share, unit, m_per_slot, m_slots, m_first, m_last);
  if (work.chip_slots.empty()) return;
  const SweepPoint point = chip_slot_point_at(m_spec, work.slot);
  try {
    auto results = run_unit(m_spec, point, work, m_per_slot, m_opts);
    m_finished.fetch_add(results.size());
    const std::lock_guard lock(m_mutex);
    for (auto& [index, result] : results) m_pending.emplace(index, std::move(result));
    m_changed.notify_all();
  } catch (const Error& e) {
    SweepPoint at = point;
    at.chip = work.chip_slots.front() / m_spec.power_states.size();
    at.power_state = m_spec.power_states[work.chip_slots.front() % m_spec.power_states.size()];
    record_error(unit, std::make_exception_ptr(Error(e.message() + " (sweep point: " + describe(m_spec, at) + ")", e.hint(), e.where())));
  } catch (...) {
    record_error(unit, std::current_exception());
  }
}

void RangeRun::work() {
  for (std::size_t unit = 0; claim(unit);) run_claimed(unit);
  const std::lock_guard lock(m_mutex);
  --m_running;
  m_changed.notify_all();
}

void RangeRun::stop_all() {
  const std::lock_guard lock(m_mutex);
  m_stop = true;
  m_changed.notify_all();
}

// Moves the results that are next in order into `ready`; false once every worker has ended and
// nothing was ready.
bool RangeRun::take_ready(std::vector<std::pair<std::size_t, RunResult>>& ready) {
  std::unique_lock lock(m_mutex);
  m_changed.wait_for(lock, std::chrono::milliseconds(100), [&] {
    return m_running == 0 || (!m_pending.empty() && m_pending.begin()->first == m_first + m_delivered);
  });
  while (!m_pending.empty() && m_pending.begin()->first == m_first + m_delivered) {
    auto node = m_pending.extract(m_pending.begin());
    ready.emplace_back(node.key(), std::move(node.mapped()));
    ++m_delivered;
  }
  if (!ready.empty()) m_changed.notify_all();  // room in the window
  return m_running > 0 || !ready.empty();
}

void RangeRun::hand_over(std::vector<std::pair<std::size_t, RunResult>>& ready) {
  if (m_sink_error) return;
  try {
    for (auto& [index, result] : ready) m_sink(index, std::move(result));
  } catch (...) {
    m_sink_error = std::current_exception();
    stop_all();
  }
}

void RangeRun::check_interrupted(std::chrono::steady_clock::time_point now) {
  if (!m_opts.interrupted || m_interrupted || now - m_last_check < std::chrono::milliseconds(100)) return;
  m_last_check = now;
  try {
    m_interrupted = m_opts.interrupted();  // may take a while (the Python module takes the GIL)
  } catch (...) {
    m_interrupted = true;  // the workers must still be joined below, whatever the check threw
  }
  if (m_interrupted) stop_all();
}

// The calling thread hands results to the sink, checks for interruption every 100 ms and
// reports progress once the sweep has run over a second.
void RangeRun::run(unsigned jobs) {
  const auto start = std::chrono::steady_clock::now();
  m_last_check = start;
  m_running = jobs;
  std::vector<std::thread> threads;
  threads.reserve(jobs);
  for (unsigned i = 0; i < jobs; ++i) threads.emplace_back([this] { work(); });
  bool printed = false;
  std::size_t shown = 0;
  for (bool more = true; more;) {
    std::vector<std::pair<std::size_t, RunResult>> ready;
    more = take_ready(ready);
    hand_over(ready);
    const auto now = std::chrono::steady_clock::now();
    check_interrupted(now);
    const double elapsed = std::chrono::duration<double>(now - start).count();
    const std::size_t now_done = m_finished.load();
    if (m_opts.progress != nullptr && elapsed > 1.0 && now_done != shown) {
      *m_opts.progress << progress_line(now_done, m_total, m_spec.name, elapsed) << std::flush;
      shown = now_done;
      printed = true;
    }
  }
  for (auto& t : threads) t.join();
  if (printed) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    *m_opts.progress << progress_line(m_finished.load(), m_total, m_spec.name, elapsed) << '\n' << std::flush;
  }
  if (m_sink_error) std::rethrow_exception(m_sink_error);
  if (m_interrupted) throw SweepInterrupted();
  if (m_error) std::rethrow_exception(m_error);
}

}  // namespace

void stream_sweep_range(const SweepSpec& spec, std::size_t first, std::size_t last, const SweepOptions& opts,
                        const SweepSink& sink) {
  const std::size_t size = points_per_chip_slot(spec) * chip_slots(spec);
  if (first > last || last > size) {
    throw Error(fmt::format("sweep range [{}, {}) is outside the sweep's {} points", first, last, size),
                fmt::format("use 0 <= first <= last <= {}", size));
  }
  if (last == first) return;
  RangeRun range(spec, first, last, opts, sink);
  const unsigned jobs = opts.jobs > 0 ? opts.jobs : std::max(1U, std::thread::hardware_concurrency());
  range.run(static_cast<unsigned>(std::min<std::size_t>(jobs, range.units())));
}

}  // namespace anesim
