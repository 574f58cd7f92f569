#include "sim/device_fit.hpp"

#include <fmt/format.h>

#include "core/si_text.hpp"

namespace anesim {

namespace {

struct DeviceFit {
  bool fits = true;
  std::string reason;
};

std::string where(const ChipSpec& chip) {
  return chip.dram_device.empty() ? chip.name : fmt::format("{}, {}", chip.name, chip.dram_device);
}

DeviceFit check_device_fit(const RunTotals& totals, const ChipSpec& chip) {
  DeviceFit fit;
  auto add = [&fit](const std::string& text) {
    fit.fits = false;
    fit.reason += (fit.reason.empty() ? "" : "; ") + text;
  };
  if (chip.dram_bytes > 0) {
    const double usable_bytes = static_cast<double>(chip.dram_bytes) * chip.app_dram_share;
    if (static_cast<double>(totals.peak_memory_bytes) > usable_bytes) {
      const std::string usable = chip.app_dram_share < 1 ? fmt::format("{} an app may use of ", byte_text(usable_bytes)) : "";
      add(fmt::format("peak {} > {}{} DRAM ({})", byte_text(static_cast<double>(totals.peak_memory_bytes)), usable,
                      byte_text(static_cast<double>(chip.dram_bytes)), where(chip)));
    }
  }
  if (chip.address_window_bytes > 0 && totals.weight_bytes > chip.address_window_bytes) {
    // The placement has then put every op on the CPU (sim/lower/placement.hpp), which the reason says.
    add(fmt::format("weights {} > {} ANE address window ({}){}", byte_text(static_cast<double>(totals.weight_bytes)),
                    byte_text(static_cast<double>(chip.address_window_bytes)), chip.name,
                    totals.ane_ops == 0 ? ": the model runs on the CPU" : ""));
  }
  return fit;
}

}  // namespace

void label_device_fit(RunResult& result, const ChipSpec& chip) {
  DeviceFit fit = check_device_fit(result.totals, chip);
  result.fits = fit.fits;
  result.fit_reason = std::move(fit.reason);
}

}  // namespace anesim
