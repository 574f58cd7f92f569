#include "sim/device_fit.hpp"

#include <cmath>

#include <fmt/format.h>

namespace anesim {

namespace {

// Three significant digits in decimal units, as the CLI table prints bytes (GB = 1e9 bytes).
std::string bytes_text(double bytes) {
  static const char* const units[] = {"B", "kB", "MB", "GB", "TB"};
  int i = 0;
  while (i < 4 && std::fabs(bytes) >= 1000) {
    bytes /= 1000;
    ++i;
  }
  return fmt::format("{:.3g} {}", bytes, units[i]);
}

std::string where(const ChipSpec& chip) {
  return chip.dram_device.empty() ? chip.name : fmt::format("{}, {}", chip.name, chip.dram_device);
}

}  // namespace

DeviceFit check_device_fit(const RunTotals& totals, const ChipSpec& chip) {
  DeviceFit fit;
  auto add = [&fit](const std::string& text) {
    fit.fits = false;
    fit.reason += (fit.reason.empty() ? "" : "; ") + text;
  };
  if (chip.dram_bytes > 0) {
    const double usable_bytes = static_cast<double>(chip.dram_bytes) * chip.app_dram_share;
    if (static_cast<double>(totals.peak_memory_bytes) > usable_bytes) {
      const std::string usable = chip.app_dram_share < 1 ? fmt::format("{} an app may use of ", bytes_text(usable_bytes)) : "";
      add(fmt::format("peak {} > {}{} DRAM ({})", bytes_text(static_cast<double>(totals.peak_memory_bytes)), usable,
                      bytes_text(static_cast<double>(chip.dram_bytes)), where(chip)));
    }
  }
  if (chip.address_window_bytes > 0 && totals.weight_bytes > chip.address_window_bytes) {
    // The placement has then put every op on the CPU (sim/lower/placement.hpp), which the reason says.
    add(fmt::format("weights {} > {} ANE address window ({}){}", bytes_text(static_cast<double>(totals.weight_bytes)),
                    bytes_text(static_cast<double>(chip.address_window_bytes)), chip.name,
                    totals.ane_ops == 0 ? ": the model runs on the CPU" : ""));
  }
  return fit;
}

void label_device_fit(RunResult& result, const ChipSpec& chip) {
  DeviceFit fit = check_device_fit(result.totals, chip);
  result.fits = fit.fits;
  result.fit_reason = std::move(fit.reason);
}

}  // namespace anesim
