#include "reports/trace_writer.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "reports/json_text.hpp"
#include "sim/run_choices.hpp"

namespace anesim {

namespace {
constexpr int k_cpu_tid = 1;
constexpr int k_handover_tid = 2;
constexpr int k_dma_tid = 3;
constexpr int k_app_io_tid = 4;
constexpr int k_first_core_tid = 10;
constexpr double k_us_per_s = 1e6;


// Writes the events of one process, each preceded by ",\n" except the very first of the file.
class EventSink {
 public:
  explicit EventSink(std::ostream& out) : m_out(out) {}

  void metadata(const char* what, int pid, int tid, const std::string& name) {
    begin();
    m_out << fmt::format("{{\"name\": \"{}\", \"ph\": \"M\", \"pid\": {}, \"tid\": {}, \"args\": {{\"name\": {}}}}}", what, pid,
                         tid, json_quoted(name));
  }

  void complete(std::string_view name, const char* cat, double start_s, double end_s, int pid, int tid,
                const std::string& args) {
    begin();
    m_out << fmt::format("{{\"name\": {}, \"cat\": \"{}\", \"ph\": \"X\", \"ts\": {}, \"dur\": {}, \"pid\": {}, \"tid\": {}, "
                         "\"args\": {}}}",
                         json_quoted(name), cat, start_s * k_us_per_s, (end_s - start_s) * k_us_per_s, pid, tid, args);
  }

 private:
  void begin() {
    m_out << (m_first ? "\n  " : ",\n  ");
    m_first = false;
  }
  std::ostream& m_out;
  bool m_first = true;
};

std::string op_args(const OpRecord& r) {
  return fmt::format(
      "{{\"kind\": {}, \"engine\": \"{}\", \"flops\": {}, \"dram_read_bytes\": {}, \"dram_write_bytes\": {}, "
      "\"padded_bytes\": {}, \"logical_bytes\": {}, \"regime\": \"{}\"}}",
      json_quoted(r.kind), engine_name(r.engine), r.mac_flops + r.vector_flops, r.dram_read_bytes, r.dram_write_bytes,
      r.padded_bytes, r.logical_bytes, regime_name(r.regime));
}

// Border time is charged as overhead (see RunTotals::overhead_share); it moves no bytes.
std::string handover_args(const OpRecord& next) {
  return fmt::format(
      "{{\"kind\": \"hand-over\", \"engine\": \"{}\", \"flops\": 0, \"dram_read_bytes\": 0, \"dram_write_bytes\": 0, "
      "\"padded_bytes\": 0, \"logical_bytes\": 0, \"regime\": \"{}\"}}",
      engine_name(next.engine), regime_name(Regime::overhead));
}

// The model I/O's copies across the app boundary (sim/app_boundary.hpp) have no op record: one
// event after the engines' timeline, where the run's latency counts them (inputs and outputs).
std::string app_io_args(const RunTotals& t) {
  return fmt::format(
      "{{\"kind\": \"app boundary\", \"engine\": \"{}\", \"flops\": 0, \"dram_read_bytes\": 0, \"dram_write_bytes\": 0, "
      "\"padded_bytes\": 0, \"logical_bytes\": 0, \"app_io_bytes\": {}, \"regime\": \"{}\"}}",
      engine_name(Engine::cpu), t.app_io_bytes, regime_name(Regime::bandwidth));
}

std::int64_t cores_of(const OpRecord& r) { return std::max<std::int64_t>(r.cores_used, 1); }

void write_run(EventSink& sink, const RunResult& run, int pid) {
  sink.metadata("process_name", pid, 0,
                fmt::format("{} on {}, {} layout, batch {}, {}", run.model, run.chip, run.layout, run.batch,
                            is_decode(run.phase) ? fmt::format("decode, kv {}", run.kv_len) : fmt::format("seq {}", run.seq)));
  bool cpu = false, handover = false, dma = false;
  std::int64_t cores = 0;
  for (const OpRecord& r : run.ops) {
    if (r.free) continue;
    handover = handover || r.border_s > 0;
    if (r.engine == Engine::cpu) {
      cpu = true;
    } else {
      cores = std::max(cores, cores_of(r));
      dma = dma || r.dram_read_bytes + r.dram_write_bytes > 0;
    }
  }
  if (cpu) sink.metadata("thread_name", pid, k_cpu_tid, "CPU");
  if (handover) sink.metadata("thread_name", pid, k_handover_tid, "hand-over");
  if (dma) sink.metadata("thread_name", pid, k_dma_tid, "DMA");
  if (run.totals.app_io_s > 0) sink.metadata("thread_name", pid, k_app_io_tid, "app boundary");
  for (std::int64_t k = 0; k < cores; ++k) {
    sink.metadata("thread_name", pid, k_first_core_tid + static_cast<int>(k), fmt::format("ANE core {}", k));
  }

  for (const OpRecord& r : run.ops) {
    if (r.free) continue;
    if (r.border_s > 0) {
      sink.complete(fmt::format("hand-over before {}", std::string_view(r.name)), "hand-over", r.start_s - r.border_s,
                    r.start_s, pid, k_handover_tid, handover_args(r));
    }
    const std::string args = op_args(r);
    if (r.engine == Engine::cpu) {
      sink.complete(r.name, "cpu", r.start_s, r.end_s, pid, k_cpu_tid, args);
      continue;
    }
    for (std::int64_t k = 0; k < cores_of(r); ++k) {
      sink.complete(r.name, "ane", r.start_s, r.end_s, pid, k_first_core_tid + static_cast<int>(k), args);
    }
    if (r.dram_read_bytes + r.dram_write_bytes > 0) sink.complete(r.name, "dma", r.start_s, r.end_s, pid, k_dma_tid, args);
  }
  if (run.totals.app_io_s > 0) {
    const double end_s = run.totals.latency_s;
    sink.complete("model inputs and outputs copied", "app-io", end_s - run.totals.app_io_s, end_s, pid, k_app_io_tid,
                  app_io_args(run.totals));
  }
}
}  // namespace

void write_trace(std::ostream& out, const std::vector<RunResult>& runs) {
  out << "{\"traceEvents\": [";
  EventSink sink(out);
  for (std::size_t i = 0; i < runs.size(); ++i) write_run(sink, runs[i], static_cast<int>(i) + 1);
  out << "\n],\n\"displayTimeUnit\": \"ms\"}\n";
}

}  // namespace anesim
