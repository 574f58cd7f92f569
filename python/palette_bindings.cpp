#include "python/palette_bindings.hpp"

#include <string>

#include <pybind11/stl.h>

#include "reports/palette.hpp"

namespace py = pybind11;

void bind_palette(py::module_& m) {
  m.def(
      "palette",
      [] {
        using namespace anesim;
        py::dict regimes;
        for (Regime r : {Regime::compute, Regime::bandwidth, Regime::overhead})
          regimes[py::str(std::string(regime_name(r)))] = std::string(palette::regime_colour(r));
        py::dict layouts, light;
        layouts["baseline"] = std::string(palette::k_baseline);
        layouts["ane"] = std::string(palette::k_ane);
        light["baseline"] = std::string(palette::k_baseline_light);
        light["ane"] = std::string(palette::k_ane_light);
        py::list series;
        for (std::string_view c : palette::k_series) series.append(std::string(c));
        py::dict out;
        out["regime"] = regimes;
        out["layout"] = layouts;
        out["layout_light"] = light;
        out["series"] = series;
        out["batch_axis"] = std::string(palette::k_batch_axis);
        return out;
      },
      "report.html's chart colours (regime, layout, series) and batch-axis orientation, as plain dicts");
}
