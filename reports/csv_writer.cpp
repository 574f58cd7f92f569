#include "reports/csv_writer.hpp"

#include <array>
#include <string_view>

#include <fmt/format.h>

#include "reports/csv_field.hpp"
#include "reports/finite_check.hpp"
#include "sim/result_fields.hpp"

namespace anesim {

namespace {

// The label columns keep the order the CSV first shipped with (batch and seq after the run's
// other labels), which is not the JSON's.
constexpr std::array<std::string_view, 11> k_csv_labels{"model",    "chip",        "layout",        "phase", "kv_len", "weights",
                                                        "sparsity", "power_state", "ane_instances", "batch", "seq"};
// Exactly the labels sim/result_fields.def puts in the CSV, each once.
static_assert([] {
  std::size_t in_csv = 0;
  for (const ResultField& field : k_label_fields) {
    if (!field.in_csv) continue;
    ++in_csv;
    std::size_t listed = 0;
    for (const std::string_view name : k_csv_labels) listed += name == field.name ? 1 : 0;
    if (listed != 1) return false;
  }
  return in_csv == k_csv_labels.size();
}());

std::string cell(double x) { return fmt::format("{}", x); }
std::string cell(std::int64_t x) { return fmt::format("{}", x); }
std::string cell(std::int32_t x) { return fmt::format("{}", x); }
std::string cell(const std::string& x) { return csv_field(x); }
std::string cell(Regime x) { return std::string(regime_name(x)); }

// The cell of the label called `name`, or nothing when no label has that name.
std::string label_cell(const RunResult& r, std::string_view name) {
  std::string out;
  for_each_label([&](const ResultField& field, auto member) {
    if (field.name == name) out = cell(r.*member);
  });
  return out;
}

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> names(k_csv_labels.begin(), k_csv_labels.end());
    for (const ResultField& field : k_total_fields) {
      if (field.in_csv) names.emplace_back(field.name);
    }
    return names;
  }();
  return columns;
}

void write_csv_header(std::ostream& out) {
  std::string line;
  for (const auto& column : csv_columns()) line += (line.empty() ? "" : ",") + column;
  out << line << '\n';
}

void write_csv_row(std::ostream& out, const RunResult& r) {
  require_finite(r, false);
  std::string line;
  for (const std::string_view name : k_csv_labels) {
    if (!line.empty()) line += ',';
    line += label_cell(r, name);
  }
  for_each_total([&](const ResultField& field, auto member) {
    if (!field.in_csv) return;
    line += ',';
    line += cell(r.totals.*member);
  });
  out << line << '\n';
}

void write_csv(std::ostream& out, const std::vector<RunResult>& runs) {
  require_finite(runs, false);  // before the header: no half-written file
  write_csv_header(out);
  for (const auto& r : runs) write_csv_row(out, r);
}

}  // namespace anesim
