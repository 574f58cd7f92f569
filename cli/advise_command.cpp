// `anesim advise`: what costs time or memory in one run, grouped by the seed's principle it
// breaks, each with the saving anesim predicts if it were fixed (advice/advise.hpp), largest first.
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "advice/advise.hpp"
#include "advice/waterfall.hpp"
#include "chip/chip_loader.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "cli/request_options.hpp"
#include "cli/text_table.hpp"
#include "cli/whole_number_option.hpp"
#include "core/config_paths.hpp"
#include "models/layout_strategy.hpp"
#include "models/run_sizes.hpp"
#include "reports/advice_json.hpp"
#include "reports/html_advice.hpp"
#include "reports/units.hpp"
#include "sim/run_choices.hpp"

namespace anesim {

namespace {

struct AdviseOptions {
  std::string model = "distilbert";
  std::string chip = "A15";
  std::string layout = "baseline";  // the layout with most to fix
  RequestOptions request;  // the sizes, read as `run` reads them
  bool json = false;
  std::string html;  // advise.html to write; empty: none
};

// A saving may be negative (the fix costs more); each unit's text keeps the sign.
std::string signed_text(double x, std::string (*text)(double)) { return x < 0 ? "-" + text(-x) : text(x); }
std::string seconds(double s) { return signed_text(s, format_seconds); }
std::string bytes(double b) { return signed_text(b, format_bytes); }
// Three significant digits in the nearest SI unit, as `anesim run` prints energy.
std::string joules(double j) {
  return signed_text(j, [](double x) {
    if (x == 0) return std::string("0 J");
    if (x < 1e-6) return fmt::format("{:.3g} nJ", x * 1e9);
    if (x < 1e-3) return fmt::format("{:.3g} uJ", x * 1e6);
    if (x < 1) return fmt::format("{:.3g} mJ", x * 1e3);
    return fmt::format("{:.3g} J", x);
  });
}

// At most this many op groups a finding in the text; --json lists them all.
constexpr std::size_t k_shown_groups = 6;

std::string op_groups_text(const Finding& f) {
  std::string text;
  for (std::size_t i = 0; i < f.ops.size() && i < k_shown_groups; ++i)
    text += fmt::format("{}{} x{}", i ? ", " : "", f.ops[i].name, f.ops[i].count);
  if (f.ops.size() > k_shown_groups) text += fmt::format(", and {} more groups", f.ops.size() - k_shown_groups);
  return text;
}

void print_advice(std::ostream& out, const Advice& a) {
  const RunResult& r = a.run;
  out << fmt::format("{} on {} ({} power state), {} layout, batch {}, seq {}, {} weights: {}, {} peak memory, {}\n\n",
                     r.model, r.chip, r.power_state, r.layout, r.batch, r.seq, r.weights, format_seconds(r.totals.latency_s),
                     format_bytes(static_cast<double>(r.totals.peak_memory_bytes)), joules(r.totals.energy_j));
  if (a.findings.empty()) {
    out << "no findings: nothing in this run breaks a principle anesim checks\n";
    return;
  }
  TextTable table({"#", "principle", "finding", "ops", "latency saved", "memory saved", "energy saved", "from"});
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    const Finding& f = a.findings[i];
    table.row({std::to_string(i + 1), std::string(principle_name(f.principle)), f.title, std::to_string(f.op_count),
               seconds(f.saving.latency_s), bytes(static_cast<double>(f.saving.peak_memory_bytes)), joules(f.saving.energy_j),
               std::string(saving_basis_name(f.basis))});
  }
  table.print(out);
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    const Finding& f = a.findings[i];
    out << fmt::format("\n{}. {} ({}): {}\n", i + 1, f.title, principle_name(f.principle), f.mechanism);
    if (!f.ops.empty()) out << "   ops: " << op_groups_text(f) << '\n';
    out << "   saving: " << f.basis_text << '\n';
  }
}

// How many times smaller `after` is than `before` ("2.79x").
std::string ratio(double before, double after) { return after > 0 ? fmt::format("{:.2f}x", before / after) : "-"; }

void print_waterfall(std::ostream& out, const Waterfall& w) {
  out << "\nWhat-if, principle by principle (each step reruns the one before with one more fix):\n";
  if (w.steps.empty()) {
    out << "  none: " << w.not_applicable << '\n';
    return;
  }
  TextTable table({"step", "layout", "weights", "latency", "peak memory", "DRAM", "energy", "latency saved", "memory saved",
                   "DRAM saved", "energy saved"});
  for (std::size_t i = 0; i < w.steps.size(); ++i) {
    const WaterfallStep& s = w.steps[i];
    const StepFigures& f = s.figures;
    const StepFigures& d = s.saving;
    const bool first = i == 0;
    table.row({s.title + (s.fits ? "" : " (does not fit)"), s.layout, s.weights, format_seconds(f.latency_s),
               format_bytes(static_cast<double>(f.peak_memory_bytes)), format_bytes(static_cast<double>(f.dram_bytes)), joules(f.energy_j),
               first ? "" : seconds(d.latency_s), first ? "" : bytes(static_cast<double>(d.peak_memory_bytes)),
               first ? "" : bytes(static_cast<double>(d.dram_bytes)), first ? "" : joules(d.energy_j)});
  }
  table.print(out);
  const StepFigures& base = w.steps.front().figures;
  const StepFigures& ane = w.steps[w.ane_step].figures;
  out << fmt::format(
      "baseline -> ane: the layout steps save {} of latency ({} faster), {} of peak memory ({} less), {} of DRAM traffic, {} of energy\n",
      seconds(base.latency_s - ane.latency_s), ratio(base.latency_s, ane.latency_s),
      bytes(static_cast<double>(base.peak_memory_bytes - ane.peak_memory_bytes)),
      ratio(static_cast<double>(base.peak_memory_bytes), static_cast<double>(ane.peak_memory_bytes)),
      bytes(static_cast<double>(base.dram_bytes - ane.dram_bytes)), joules(base.energy_j - ane.energy_j));
  out << "\nOne fix at a time (each against the baseline, or the switches it needs):\n";
  TextTable alone({"fix", "from", "latency saved", "memory saved", "DRAM saved", "energy saved"});
  for (const WaterfallStep& s : w.alone) {
    alone.row({s.title + (s.fits ? "" : " (does not fit)"), s.from, seconds(s.saving.latency_s),
               bytes(static_cast<double>(s.saving.peak_memory_bytes)), bytes(static_cast<double>(s.saving.dram_bytes)),
               joules(s.saving.energy_j)});
  }
  alone.print(out);
}

void run(const AdviseOptions& o) {
  const std::string dir = default_config_dir();
  const ChipSpec chip = load_chip(o.chip, dir);
  const ModelSpec model = load_model(o.model, dir);
  RunRequest request = base_request(o.request, model);
  request.layout = o.layout;
  const Advice advice = advise(model, chip, request);
  if (!o.html.empty()) write_output_file(o.html, [&](std::ostream& out) { write_advice_html(out, advice); });
  if (o.json) {
    write_advice_json(std::cout, advice);
  } else {
    print_advice(std::cout, advice);
    print_waterfall(std::cout, advice.waterfall);
  }
}

}  // namespace

void add_advise_command(CLI::App& app) {
  auto options = std::make_shared<AdviseOptions>();
  auto* cmd = app.add_subcommand("advise", "Find what costs time or memory in a run, by the seed's principles, with predicted savings");
  cmd->add_option("--model", options->model, "Shipped model name or path to a model YAML or config.json")->capture_default_str();
  cmd->add_option("--chip", options->chip, "Shipped chip name or path to a chip YAML")->capture_default_str();
  cmd->add_option("--layout", options->layout, "One layout to advise on: baseline, ane or baseline+SWITCHES (see `anesim run --help`)")
      ->check(layout_validator({}))
      ->capture_default_str();
  add_size_options(*cmd, std::shared_ptr<RequestOptions>(options, &options->request));
  cmd->add_option("--weights", options->request.weights, "Weight precision (default: the model file's, fp16)")
      ->check(CLI::IsMember(weight_precision_names()));
  cmd->add_option("--power-state", options->request.power_state, "The chip file's power state (high, low)")->capture_default_str();
  cmd->add_flag("--json", options->json, "Print the findings as JSON (schema in README.md, \"advise\")");
  cmd->add_option("--html", options->html, "Also write an HTML page: a waterfall chart per metric and the findings table");
  cmd->footer(
      "Savings are from reruns where a what-if exists (without the transposes pass; int8 and int4 weights),\n"
      "else the named ops' own cost; the `from` column says which.\n"
      "The what-if table below them runs baseline, then each principle's switch on in turn up to the ane\n"
      "layout (baseline+bc1s, +heads, +einsum, +mask), then int8 and int4 weights; each step's saving is\n"
      "the step before minus it, so the layout steps add up to baseline minus ane.\n"
      "\n"
      "Examples:\n"
      "  anesim advise --model distilbert --chip A15\n"
      "  anesim advise --model distilbert --chip A15 --layout ane --seq 512 --batch 8\n"
      "  anesim advise --model distilbert --chip A15 --seq 512 --batch 8 --html advise.html\n"
      "  anesim advise --model llama-3.2-1b --chip M4 --layout ane --phase decode --json");
  cmd->callback([options] { run(*options); });
}

}  // namespace anesim
