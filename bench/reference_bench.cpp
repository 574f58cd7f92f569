// A fixed amount of work that no anesim change touches, for measuring the simulator's speed as a
// ratio when this machine is noisy (issue 22): its vCPUs run 1.4-1.5x slower for minutes at a
// time, and other jobs share them, so a wall time alone cannot be compared across runs. Timing
// BM_Reference in the same run, interleaved with the others (--benchmark_enable_random_interleaving),
// and dividing by it cancels most of that; bench/ratios.py does the division.
//
// The work resembles a simulation's mix: integer arithmetic, data-dependent branches and reads
// over a working set of about 1 MB (the size of a distilbert lowering's arrays), with no heap
// allocation inside the timed loop and nothing from anesim's own code.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace {

constexpr std::size_t k_table_slots = std::size_t{1} << 16;  // 64 Ki slots x 16 bytes = 1 MiB
constexpr std::size_t k_keys = 40'000;                        // the table stays 61 % full
constexpr std::size_t k_sorted = 8'192;

std::uint64_t xorshift(std::uint64_t& state) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

struct Slot {
  std::uint64_t key;
  std::uint64_t value;
};

// Fills an open-addressing table from a fixed key stream, looks every key up again, and sorts a
// fixed sequence: the same instructions on every machine and every run.
std::uint64_t reference_work(std::vector<Slot>& table, std::vector<std::uint64_t>& sorted) {
  std::fill(table.begin(), table.end(), Slot{0, 0});
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  for (std::size_t i = 0; i < k_keys; ++i) {
    const std::uint64_t key = xorshift(state) | 1;
    std::size_t slot = static_cast<std::size_t>(key * 0xff51afd7ed558ccdULL >> 48) & (k_table_slots - 1);
    while (table[slot].key != 0 && table[slot].key != key) slot = (slot + 1) & (k_table_slots - 1);
    table[slot] = {key, i};
  }
  std::uint64_t sum = 0;
  state = 0x9e3779b97f4a7c15ULL;
  for (std::size_t i = 0; i < k_keys; ++i) {
    const std::uint64_t key = xorshift(state) | 1;
    std::size_t slot = static_cast<std::size_t>(key * 0xff51afd7ed558ccdULL >> 48) & (k_table_slots - 1);
    while (table[slot].key != key) slot = (slot + 1) & (k_table_slots - 1);
    sum += table[slot].value;
  }
  for (std::uint64_t& v : sorted) v = xorshift(state);
  std::sort(sorted.begin(), sorted.end());
  return sum + sorted[k_sorted / 2];
}

void BM_Reference(benchmark::State& state) {
  std::vector<Slot> table(k_table_slots);
  std::vector<std::uint64_t> sorted(k_sorted);
  for (auto _ : state) benchmark::DoNotOptimize(reference_work(table, sorted));
}
BENCHMARK(BM_Reference)->Unit(benchmark::kMicrosecond);

}  // namespace
