// The Chrome trace writer (reports/trace_writer.*): its output is JSON (checked by Python's json
// module, a parser we did not write), it has one CPU event per CPU op, events on one track never
// partially overlap, it is byte-identical across writes, and the CLI's --trace writes it.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "models/simulate.hpp"
#include "reports/trace_writer.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"

using namespace anesim;
namespace fs = std::filesystem;

namespace {
constexpr const char* k_python = "/usr/bin/python3";

RunResult distilbert_a15(const std::string& layout) {
  static const ChipSpec chip = load_chip("A15", default_config_dir());
  static const ModelSpec model = load_model("distilbert", default_config_dir());
  RunRequest r;
  r.layout = layout;
  r.batch = 1;
  r.seq = 128;
  return simulate(model, chip, r);
}

const RunResult& ane_run() {
  static const RunResult r = distilbert_a15("ane");
  return r;
}

// A temp file removed when it goes out of scope.
struct TempFile {
  fs::path path;
  explicit TempFile(const std::string& tag)
      : path(fs::temp_directory_path() / fmt::format("anesim_trace_test_{}_{}", ::getpid(), tag)) {}
  ~TempFile() {
    std::error_code ignored;
    fs::remove(path, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int run_shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool have_python() { return run_shell(fmt::format("{} -c 'import json' >/dev/null 2>&1", k_python)) == 0; }

struct Event {
  int pid = 0;
  int tid = 0;
  double ts_us = 0;
  double dur_us = 0;
};

struct ParsedTrace {
  std::vector<Event> complete;                            // "X" events
  std::map<std::pair<int, int>, std::string> thread_names;  // (pid, tid) -> name
  std::map<int, std::string> process_names;
};

// Parses `trace` with Python's json module and returns what the checks need; fails the test if the
// trace is not JSON. Python prints one line per event: X pid tid ts dur, or M kind pid tid name.
ParsedTrace parse_with_python(const std::string& trace) {
  REQUIRE_MESSAGE(have_python(), "the trace tests need Debian's python3 (json module) at /usr/bin/python3");
  TempFile json("in.json"), script("parse.py"), out("parsed.txt");
  write_file(json.path, trace);
  write_file(script.path,
             "import json, sys\n"
             "doc = json.load(open(sys.argv[1]))\n"
             "for e in doc['traceEvents']:\n"
             "    if e['ph'] == 'X':\n"
             "        print('X', e['pid'], e['tid'], repr(float(e['ts'])), repr(float(e['dur'])))\n"
             "    elif e['ph'] == 'M':\n"
             "        print('M', e['name'], e['pid'], e['tid'], e['args']['name'])\n"
             "    else:\n"
             "        sys.exit('unexpected phase ' + e['ph'])\n");
  const int rc = run_shell(fmt::format("{} {} {} > {}", k_python, script.path.string(), json.path.string(), out.path.string()));
  REQUIRE_MESSAGE(rc == 0, "python3 could not parse the trace as JSON");
  ParsedTrace parsed;
  std::istringstream lines(read_file(out.path));
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string phase;
    fields >> phase;
    if (phase == "X") {
      Event e;
      fields >> e.pid >> e.tid >> e.ts_us >> e.dur_us;
      if (!fields) FAIL("unreadable line from python: " << line);
      parsed.complete.push_back(e);
    } else {
      std::string kind, name;
      int pid = 0, tid = 0;
      fields >> kind >> pid >> tid;
      std::getline(fields >> std::ws, name);
      if (kind == "process_name") parsed.process_names[pid] = name;
      if (kind == "thread_name") parsed.thread_names[{pid, tid}] = name;
    }
  }
  return parsed;
}

int tid_named(const ParsedTrace& t, int pid, const std::string& name) {
  for (const auto& [key, n] : t.thread_names) {
    if (key.first == pid && n == name) return key.second;
  }
  return -1;
}

std::string trace_of(const std::vector<RunResult>& runs) {
  std::ostringstream out;
  write_trace(out, runs);
  return out.str();
}
}  // namespace

TEST_CASE("trace of distilbert on A15, ANE layout: valid JSON, one CPU event per CPU op, no overlaps") {
  const RunResult& run = ane_run();
  const ParsedTrace t = parse_with_python(trace_of({run}));

  CHECK(t.process_names.at(1) == "distilbert on A15, ane layout, batch 1, seq 128");

  // Every non-free CPU step is one event on the CPU track. The ANE layout has the seed's 4 CPU ops
  // (totals.cpu_ops: word_gather, add, to_bcs, to_bc1s), but to_bc1s is an expand_dims relabel the
  // compiler elides (free), so 3 of them take time; the fp32 result they hand to the ANE is repacked
  // to fp16 by one more CPU step (rule 7): 4 events.
  std::int64_t cpu_ops = 0, ane_core_events = 0, dma_events = 0, borders = 0;
  for (const OpRecord& r : run.ops) {
    if (r.free) continue;
    borders += r.border_s > 0 ? 1 : 0;
    if (r.engine == Engine::cpu) {
      ++cpu_ops;
    } else {
      ane_core_events += r.cores_used;
      dma_events += r.dram_read_bytes + r.dram_write_bytes > 0 ? 1 : 0;
    }
  }
  CHECK(run.totals.cpu_ops == 4);
  CHECK(cpu_ops == 4);
  const int cpu_tid = tid_named(t, 1, "CPU");
  REQUIRE(cpu_tid >= 0);
  std::map<int, std::int64_t> per_tid;
  for (const Event& e : t.complete) ++per_tid[e.tid];
  CHECK(per_tid[cpu_tid] == cpu_ops);
  CHECK(per_tid[tid_named(t, 1, "DMA")] == dma_events);
  CHECK(per_tid[tid_named(t, 1, "hand-over")] == borders);
  std::int64_t on_cores = 0;
  for (int k = 0; k < 16; ++k) {
    const int tid = tid_named(t, 1, fmt::format("ANE core {}", k));
    if (tid >= 0) on_cores += per_tid[tid];
  }
  CHECK(on_cores == ane_core_events);
  // And one event for the model I/O's copies across the app boundary, on a track of its own.
  CHECK(per_tid[tid_named(t, 1, "app boundary")] == 1);
  CHECK(static_cast<std::int64_t>(t.complete.size()) == cpu_ops + dma_events + borders + ane_core_events + 1);
  // Every op runs on core 0 and the widest op uses all 16 cores, so all 16 core tracks exist.
  CHECK(tid_named(t, 1, "ANE core 15") >= 0);
  CHECK(tid_named(t, 1, "ANE core 16") < 0);

  // Durations are non-negative; on each track, sorted by start, each event starts at or after the
  // previous one's end (1e-9 relative tolerance for the seconds -> microseconds rounding).
  std::map<std::pair<int, int>, std::vector<Event>> tracks;
  double min_dur_us = 0;
  for (const Event& e : t.complete) {
    min_dur_us = std::min(min_dur_us, e.dur_us);
    tracks[{e.pid, e.tid}].push_back(e);
  }
  CHECK(min_dur_us >= 0);
  std::int64_t overlaps = 0;
  std::string first_overlap;
  for (auto& [key, events] : tracks) {
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.ts_us < b.ts_us; });
    for (std::size_t k = 1; k < events.size(); ++k) {
      const double prev_end = events[k - 1].ts_us + events[k - 1].dur_us;
      if (events[k].ts_us < prev_end - 1e-9 * std::max(1.0, std::abs(prev_end))) {
        if (overlaps++ == 0) {
          first_overlap = fmt::format("pid {} tid {}: event at {} us starts before {} us", key.first, key.second,
                                      events[k].ts_us, prev_end);
        }
      }
    }
  }
  INFO(first_overlap);
  CHECK(overlaps == 0);

  // The timeline ends where the run ends.
  double last_end_us = 0;
  for (const Event& e : t.complete) last_end_us = std::max(last_end_us, e.ts_us + e.dur_us);
  CHECK(last_end_us == doctest::Approx(run.totals.latency_s * 1e6).epsilon(1e-9));
}

TEST_CASE("trace: the same runs give byte-identical output") {
  const std::string first = trace_of({ane_run()});
  CHECK(first == trace_of({ane_run()}));
  CHECK(first == trace_of({distilbert_a15("ane")}));
}

TEST_CASE("trace of both layouts: pid 1 baseline, pid 2 ane, each named") {
  const ParsedTrace t = parse_with_python(trace_of({distilbert_a15("baseline"), ane_run()}));
  CHECK(t.process_names.size() == 2);
  CHECK(t.process_names.at(1) == "distilbert on A15, baseline layout, batch 1, seq 128");
  CHECK(t.process_names.at(2) == "distilbert on A15, ane layout, batch 1, seq 128");
  std::int64_t pid1 = 0, pid2 = 0;
  for (const Event& e : t.complete) (e.pid == 1 ? pid1 : pid2) += 1;
  CHECK(pid1 > 0);
  CHECK(pid2 > 0);
}

TEST_CASE("anesim run --trace writes a JSON file (python3 -m json.tool); an unwritable path is exit 1") {
  REQUIRE_MESSAGE(have_python(), "the trace tests need Debian's python3 at /usr/bin/python3");
  // The test binary is build/tests/anesim_tests; the CLI is build/cli/anesim.
  const fs::path cli = fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "cli" / "anesim";
  REQUIRE_MESSAGE(fs::exists(cli), ("no CLI at " + cli.string()));
  TempFile trace("cli.json");
  CHECK(run_shell(fmt::format("{} run --model distilbert --chip A15 --layout both --seq 128 --batch 1 --trace {} > /dev/null",
                              cli.string(), trace.path.string())) == 0);
  CHECK(run_shell(fmt::format("{} -m json.tool {} > /dev/null", k_python, trace.path.string())) == 0);
  // Same inputs as the library call: the CLI writes exactly what write_trace writes.
  CHECK(read_file(trace.path) == trace_of({distilbert_a15("baseline"), ane_run()}));
  CHECK(run_shell(fmt::format("{} run --layout ane --trace /nonexistent-anesim-dir/t.json > /dev/null 2>&1", cli.string())) == 1);
}
