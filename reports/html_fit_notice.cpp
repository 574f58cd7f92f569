#include "reports/html_fit_notice.hpp"

#include <fmt/format.h>

#include "reports/svg_chart.hpp"
#include "sim/run_choices.hpp"

namespace anesim {

namespace {
// A list longer than this is a wall, not a warning: the rest are counted, and the CSV/JSON have each.
constexpr std::size_t k_max_listed = 20;
}  // namespace

std::string html_fit_notice(const std::vector<RunResult>& points) {
  std::vector<const RunResult*> misfits;
  for (const RunResult& r : points)
    if (!r.fits) misfits.push_back(&r);
  if (misfits.empty()) return "";
  std::string out = "<h2>Does not fit on the device</h2>\n<p class=\"note\">" +
                    svg::escape(fmt::format("{} of {} runs do not fit: their figures below are predictions for a device "
                                            "that could not load them (\"fits\": false in results.json).",
                                            misfits.size(), points.size())) +
                    "</p>\n<ul class=\"misfits\">\n";
  for (std::size_t i = 0; i < misfits.size() && i < k_max_listed; ++i) {
    const RunResult& r = *misfits[i];
    const std::string size = is_decode(r.phase) ? fmt::format("decode, KV cache {}", r.kv_len) : fmt::format("seq {}", r.seq);
    out += "<li>" +
           svg::escape(fmt::format("{} on {}, {} layout, {}, batch {}, {} weights: {}", r.model, r.chip, r.layout, size, r.batch,
                                   r.weights, r.fit_reason)) +
           "</li>\n";
  }
  if (misfits.size() > k_max_listed) out += fmt::format("<li>and {} more</li>\n", misfits.size() - k_max_listed);
  return out + "</ul>\n";
}

}  // namespace anesim
