// libFuzzer target: run requests from raw bytes (issue 16) on the shipped models and chips:
// sizes from the edges of their types (0, -1, 2^63 - 1, the bounds and one past them) as well as
// random ones, both phases, every element type as weights, sparsities including NaN and inf,
// known and unknown power states, ANE instance counts. A request must either be an anesim::Error
// or give totals that are finite and non-negative; a crash, a sanitizer report or a wrapped
// (negative) size fails. The op count, not the sizes, sets a run's time, and the shipped models
// are all under ~2,500 ops, so every input runs in milliseconds.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "models/run_sizes.hpp"
#include "models/simulate.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "sim/result_fields.hpp"

namespace {

struct Bytes {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t at = 0;
  std::uint64_t next(int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes && at < size; ++i) v = (v << 8) | data[at++];
    return v;
  }
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(next(1) % n); }
};

// Half the time a value from the edges, else any 64-bit value or a small one.
std::int64_t size_value(Bytes& in) {
  constexpr std::int64_t k_max = std::numeric_limits<std::int64_t>::max();
  const std::int64_t edges[] = {0, 1, 2, 3, -1, k_max, std::numeric_limits<std::int64_t>::min(), anesim::k_max_batch,
                                anesim::k_max_batch + 1, 511, 512, 1023, 1024, 1500, 197, std::int64_t{1} << 20,
                                std::int64_t{1} << 22, (std::int64_t{1} << 22) + 1, std::int64_t{1} << 32, k_max / 2};
  switch (in.next(1) % 4) {
    case 0:
    case 1: return edges[in.pick(std::size(edges))];
    case 2: return static_cast<std::int64_t>(in.next(8));
    default: return static_cast<std::int64_t>(in.next(2));
  }
}

double sparsity_value(Bytes& in) {
  const double edges[] = {0, 0.5, 0.99, 0.990001, 1, -0.0, -1, std::nan(""), INFINITY, -INFINITY, 1e-300};
  if (in.next(1) % 2) return edges[in.pick(std::size(edges))];
  const std::uint64_t bits = in.next(8);
  double x = 0;
  std::memcpy(&x, &bits, sizeof x);  // any double, NaN payloads included
  return x;
}

void check_finite_non_negative(const anesim::RunTotals& t) {
  // Every numeric total the JSON carries (sim/result_fields.def); a failure aborts, which
  // libFuzzer reports.
  anesim::for_each_total([&](const anesim::ResultField& field, auto member) {
    using Value = std::remove_cvref_t<decltype(t.*member)>;
    if constexpr (std::is_arithmetic_v<Value>) {
      const auto value = static_cast<double>(t.*member);
      if (!std::isfinite(value) || value < 0) {
        __builtin_printf("total %.*s is %g\n", static_cast<int>(field.name.size()), field.name.data(), value);
        std::abort();
      }
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = anesim::default_config_dir();
  static const std::vector<anesim::ChipSpec> chips = anesim::load_all_chips(dir);
  static const std::vector<anesim::ModelSpec> models = [] {
    std::vector<anesim::ModelSpec> out;
    for (const auto& file : anesim::config_files(dir, "models")) out.push_back(anesim::load_model_file(file));
    return out;
  }();
  static const char* const power_states[] = {"high", "low", "turbo", ""};

  Bytes in{data, size};
  const anesim::ModelSpec& model = models[in.pick(models.size())];
  const anesim::ChipSpec& chip = chips[in.pick(chips.size())];
  anesim::RunRequest r;
  r.layout = in.next(1) % 2 ? "ane" : "baseline";
  r.batch = size_value(in);
  r.seq = size_value(in);
  r.options.phase = in.next(1) % 2 ? anesim::Phase::decode : anesim::Phase::prefill;
  r.options.kv_len = in.next(1) % 4 == 0 ? anesim::default_kv_len(model) : size_value(in);
  if (in.next(1) % 2) r.weights = static_cast<anesim::DType>(in.pick(anesim::k_dtype_bits.size()));
  if (in.next(1) % 2) r.sparsity = sparsity_value(in);
  r.power_state = power_states[in.pick(std::size(power_states))];
  r.ane_instances = in.next(1) % 4 == 0 ? size_value(in) : 1 + static_cast<std::int64_t>(in.pick(3));
  r.keep_ops = false;  // the totals are the same either way
  try {
    check_finite_non_negative(anesim::simulate(model, chip, r).totals);
  } catch (const anesim::Error&) {
  }
  return 0;
}
