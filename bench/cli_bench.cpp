// The CLI's cost per call (issue 22: `anesim run`, table output, <= 1.5 ms): each iteration starts
// build/cli/anesim as a new process, its standard output to /dev/null, and waits for it, so the
// time holds what a user's script pays per call: exec, loading shared libraries, static
// initialisers, the command-line setup, reading the two config files, both layouts' simulations
// and the table. `BM_ProcessStart` (/bin/true) is the floor any program pays here, and
// `BM_CliVersion` (`anesim --version`) the start-up and command-line setup without a run.
// Wall time; the counter `child_cpu_ms` is the child's own user + system time per call (from
// wait4), which moves less than wall time when other jobs share the machine. ANESIM_BENCH_CLI
// names another anesim binary to time (an older build, to compare under the same load).
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef ANESIM_CLI_PATH
#error "ANESIM_CLI_PATH names the anesim binary (bench/CMakeLists.txt)"
#endif

extern char** environ;

namespace {

std::string cli_path() {
  const char* other = std::getenv("ANESIM_BENCH_CLI");
  return other != nullptr && *other != '\0' ? other : ANESIM_CLI_PATH;
}

// Runs `argv` once with stdout to /dev/null; returns the child's CPU seconds. Throws on failure,
// so a broken binary cannot pass for a fast one.
double run_once(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + argv[0]);
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(argv[0] + " failed");
  }
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void time_process(benchmark::State& state, const std::vector<std::string>& argv) {
  double cpu_s = 0;
  for (auto _ : state) {
    try {
      cpu_s += run_once(argv);
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      return;
    }
  }
  state.counters["child_cpu_ms"] = benchmark::Counter(cpu_s * 1e3 / static_cast<double>(state.iterations()));
}

void BM_ProcessStart(benchmark::State& state) { time_process(state, {"/bin/true"}); }
BENCHMARK(BM_ProcessStart)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_CliVersion(benchmark::State& state) { time_process(state, {cli_path(), "--version"}); }
BENCHMARK(BM_CliVersion)->UseRealTime()->Unit(benchmark::kMillisecond);

// The case: `anesim run --model distilbert --chip A15`, both layouts (the default), tables.
void BM_CliRun(benchmark::State& state) {
  time_process(state, {cli_path(), "run", "--model", "distilbert", "--chip", "A15"});
}
BENCHMARK(BM_CliRun)->UseRealTime()->Unit(benchmark::kMillisecond);

// The same run with `--json`: the tables' cost against writing every op record.
void BM_CliRunJson(benchmark::State& state) {
  time_process(state, {cli_path(), "run", "--model", "distilbert", "--chip", "A15", "--json"});
}
BENCHMARK(BM_CliRunJson)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
