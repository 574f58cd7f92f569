#include "reports/advice_json.hpp"

#include <fmt/format.h>

#include "reports/json_text.hpp"

namespace anesim {

namespace {

void write_run(std::ostream& o, const RunResult& r) {
  o << fmt::format(
      "  \"run\": {{\"model\": {}, \"chip\": {}, \"layout\": {}, \"batch\": {}, \"seq\": {}, \"weights\": {}, "
      "\"power_state\": {}, \"fits\": {}, \"fit_reason\": {}, \"latency_s\": {}, \"peak_memory_bytes\": {}, \"energy_j\": {}}},\n",
      json_quoted(r.model), json_quoted(r.chip), json_quoted(r.layout), r.batch, r.seq, json_quoted(r.weights),
      json_quoted(r.power_state), r.fits ? "true" : "false", json_quoted(r.fit_reason), r.totals.latency_s,
      r.totals.peak_memory_bytes, r.totals.energy_j);
}

void write_finding(std::ostream& o, const Finding& f) {
  o << fmt::format("    {{\"principle\": {}, \"id\": {}, \"title\": {}, \"mechanism\": {}, \"ops\": [",
                   json_quoted(principle_name(f.principle)), json_quoted(f.id), json_quoted(f.title), json_quoted(f.mechanism));
  for (std::size_t i = 0; i < f.ops.size(); ++i)
    o << fmt::format("{}{{\"name\": {}, \"count\": {}}}", i ? ", " : "", json_quoted(f.ops[i].name), f.ops[i].count);
  o << fmt::format(
      "], \"op_count\": {}, \"allocated_bytes\": {}, \"logical_bytes\": {}, \"dram_bytes\": {}, \"op_time_s\": {}, "
      "\"saving\": {{\"latency_s\": {}, \"peak_memory_bytes\": {}, \"energy_j\": {}}}, \"basis\": {}, \"basis_text\": {}}}",
      f.op_count, f.allocated_bytes, f.logical_bytes, f.dram_bytes, f.op_time_s, f.saving.latency_s, f.saving.peak_memory_bytes,
      f.saving.energy_j, json_quoted(saving_basis_name(f.basis)), json_quoted(f.basis_text));
}

std::string figures_json(const StepFigures& f) {
  return fmt::format("\"latency_s\": {}, \"peak_memory_bytes\": {}, \"dram_bytes\": {}, \"energy_j\": {}", f.latency_s,
                     f.peak_memory_bytes, f.dram_bytes, f.energy_j);
}

// `first_is_reference`: the cumulative path's first step is the baseline itself, with no principle.
void write_steps(std::ostream& o, const std::vector<WaterfallStep>& steps, bool first_is_reference) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const WaterfallStep& s = steps[i];
    const bool reference = first_is_reference && i == 0;
    o << fmt::format("{}\n    {{\"title\": {}, \"principle\": {}, \"layout\": {}, \"weights\": {}, \"fits\": {}, {}, \"from\": {}, "
                     "\"saving\": {{{}}}}}",
                     i ? "," : "", json_quoted(s.title), json_quoted(reference ? std::string_view("none") : principle_name(s.principle)),
                     json_quoted(s.layout), json_quoted(s.weights), s.fits ? "true" : "false", figures_json(s.figures),
                     json_quoted(s.from), figures_json(s.saving));
  }
  o << (steps.empty() ? "]" : "\n  ]");
}

void write_waterfall(std::ostream& o, const Waterfall& w) {
  o << fmt::format("  \"waterfall\": {{\"not_applicable\": {}, \"ane_step\": {}, \"steps\": [", json_quoted(w.not_applicable),
                   w.steps.empty() ? std::string("null") : std::to_string(w.ane_step));
  write_steps(o, w.steps, true);
  o << ", \"alone\": [";
  write_steps(o, w.alone, false);
  o << "}\n";
}

}  // namespace

void write_advice_json(std::ostream& out, const Advice& advice) {
  out << "{\n";
  write_run(out, advice.run);
  out << "  \"findings\": [";
  for (std::size_t i = 0; i < advice.findings.size(); ++i) {
    out << (i ? ",\n" : "\n");
    write_finding(out, advice.findings[i]);
  }
  out << (advice.findings.empty() ? "],\n" : "\n  ],\n");
  write_waterfall(out, advice.waterfall);
  out << "}\n";
}

}  // namespace anesim
