#include "reports/json_writer.hpp"

#include <fmt/format.h>

#include "reports/json_text.hpp"

#include "reports/comparison.hpp"
#include "reports/finite_check.hpp"
#include "sim/result_fields.hpp"

namespace anesim {

namespace {

std::string num(double x) { return fmt::format("{}", x); }
std::string num(std::int64_t x) { return fmt::format("{}", x); }
std::string num(std::int32_t x) { return fmt::format("{}", x); }

// One declared field's value as JSON; the field's C++ type picks the form.
std::string json_value(double x) { return num(x); }
std::string json_value(std::int64_t x) { return num(x); }
std::string json_value(std::int32_t x) { return num(x); }
std::string json_value(bool x) { return x ? "true" : "false"; }
std::string json_value(std::string_view x) { return json_quoted(x); }
std::string json_value(Engine x) { return json_quoted(engine_name(x)); }
std::string json_value(Regime x) { return json_quoted(std::string(regime_name(x))); }

// `"name": value` for each field of one declared group, ", " before all but the run's first.
template <class Walk, class Record>
void fields(std::ostream& o, Walk walk, const Record& record, bool& first) {
  walk([&](const ResultField& field, auto member) {
    o << (first ? "" : ", ") << '"' << field.name << "\": " << json_value(record.*member);
    first = false;
  });
}

void totals(std::ostream& o, const RunTotals& t) {
  bool first = true;
  o << "{";
  fields(o, [](auto f) { for_each_total(f); }, t, first);
  o << "}";
}

void op_record(std::ostream& o, const OpRecord& r) {
  bool first = true;
  o << "{";
  for_each_op_field([&](const OpField& field, auto get) {
    if (!field.in_json) return;
    o << (first ? "" : ", ") << '"' << field.name << "\": " << json_value(get(r));
    first = false;
  });
  o << "}";
}

// A comparison has a run per layout: more runs than this are a study, not one comparison.
constexpr std::size_t k_max_compared_runs = 16;

// The reference layout's ratios over each other layout, when the runs are one comparison.
template <typename Visit>
void for_each_ratio(const std::vector<std::pair<std::string, RunTotals>>& runs, Visit visit) {
  std::vector<std::string> layouts;
  for (const auto& run : runs) layouts.push_back(run.first);
  if (runs.size() > k_max_compared_runs || !is_reference_comparison(layouts)) return;
  for (std::size_t i = 1; i < runs.size(); ++i)
    visit(LayoutPair{runs.front().first, runs[i].first}, layout_ratios(runs.front().second, runs[i].second));
}
}  // namespace

void write_json(std::ostream& o, const std::vector<RunResult>& runs, bool with_ops) {
  // Checked before the first byte: a refused result leaves no half-written JSON behind.
  require_finite(runs, with_ops);
  std::vector<std::pair<std::string, RunTotals>> compared;
  for (std::size_t i = 0; i < runs.size() && i <= k_max_compared_runs; ++i) compared.emplace_back(runs[i].layout, runs[i].totals);
  for_each_ratio(compared, [](const LayoutPair& pair, const LayoutRatios& ratio) { require_finite(ratio, pair); });
  JsonRunsWriter writer(o, with_ops);
  for (const RunResult& r : runs) writer.add(r);
  writer.finish();
}

JsonRunsWriter::JsonRunsWriter(std::ostream& out, bool with_ops) : out_(out), with_ops_(with_ops) { out_ << "{\n  \"runs\": ["; }

void JsonRunsWriter::add(const RunResult& r) {
  require_finite(r, with_ops_);
  std::ostream& o = out_;
  const std::size_t i = count_++;
  if (i < k_max_compared_runs + 1) compared_.emplace_back(r.layout, r.totals);
  {
    o << (i ? ",\n" : "\n") << "    {";
    bool first = true;
    fields(o, [](auto f) { for_each_label(f); }, r, first);
    fields(o, [](auto f) { for_each_fit(f); }, r, first);
    o << ",\n     \"totals\": ";
    totals(o, r.totals);
    if (!r.unsupported_ops.empty()) {  // only a run that has them: --unsupported cpu's count by ONNX type
      o << ",\n     \"unsupported_ops\": {";
      bool first_type = true;
      for (const auto& [type, count] : r.unsupported_ops) {
        o << (first_type ? "" : ", ") << json_quoted(type) << ": " << num(count);
        first_type = false;
      }
      o << "}";
    }
    if (with_ops_) {
      o << ",\n     \"ops\": [";
      for (std::size_t k = 0; k < r.ops.size(); ++k) {
        o << (k ? ",\n       " : "\n       ");
        op_record(o, r.ops[k]);
      }
      o << "\n     ]";
    }
    o << "}";
  }
}

void JsonRunsWriter::finish() {
  std::ostream& o = out_;
  // The runs of one comparison (`anesim run --layout both`: the reference layout, then each other
  // once) are followed by the reference's ratios over each other layout.
  for_each_ratio(compared_, [](const LayoutPair& pair, const LayoutRatios& ratio) { require_finite(ratio, pair); });
  o << "\n  ]";
  for_each_ratio(compared_, [&](const LayoutPair& pair, const LayoutRatios& r) {
    o << ",\n  " << json_quoted(pair.reference + "_over_" + pair.other) << ": {\"latency\": " << num(r.latency)
      << ", \"peak_memory\": " << num(r.peak_memory) << ", \"dram_traffic\": " << num(r.dram_traffic)
      << ", \"energy\": " << num(r.energy) << "}";
  });
  o << "\n}\n";
}

}  // namespace anesim
