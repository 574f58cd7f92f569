// `anesim run`: one model on one chip, in one layout or both side by side.
#include <algorithm>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "cli/request_options.hpp"
#include "cli/text_table.hpp"
#include "cli/whole_number_option.hpp"
#include "models/layout_catalogue.hpp"
#include "models/layout_strategy.hpp"
#include "models/onnx/onnx_import.hpp"
#include "models/run_sizes.hpp"
#include "models/simulate.hpp"
#include "reports/comparison.hpp"
#include "reports/report_formats.hpp"
#include "reports/trace_writer.hpp"
#include "reports/units.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "sim/run_choices.hpp"

namespace anesim {

namespace {

// `--layout both`: every layout of models/layouts.def side by side, the reference first (the
// name is from the days of two).
constexpr const char* k_every_layout = "both";

// An option left unset is nullopt where its default depends on the model or the phase, or where
// a value given but unused must be refused rather than ignored.
struct RunOptions {
  std::string model = "distilbert";
  std::string chip = "A15";
  std::string layout = k_every_layout;
  RequestOptions request;  // the sizes, read as `advise` reads them
  std::optional<double> sparsity;    // the model file's when unset (no sentinel: NaN compared false to one)
  const RunFormat* format = nullptr;  // nullptr: the tables (reports/formats.def's run formats)
  bool ops = false;
  std::optional<std::int64_t> top;  // all ops when unset or 0
  std::string trace;  // Chrome trace-event JSON file to write; empty: none
  std::int64_t ane_instances = 1;
  std::vector<std::string> without_passes;  // lowering passes a what-if leaves out
};

// "baseline: (B,S,C); ane: (B,C,1,S); both: side by side".
std::string layout_help() {
  const std::vector<std::string> names = layout_names();
  std::string help;
  for (const std::string& name : ordered_layouts({names.begin(), names.end()}))
    help += name + ": " + layout_text(name).shape + "; ";
  help += k_every_layout + std::string(": side by side; ");
  // The switches between the two (models/layout_principles.hpp), named after `baseline+`.
  std::string switches;
  for (const auto& sw : k_principle_switches) switches += (switches.empty() ? "" : ", ") + std::string(sw.name) + " (" + std::string(sw.what) + ")";
  return help + "baseline+SWITCHES, in this order: " + switches + ", e.g. baseline+bc1s+heads";
}

std::string share(double x) { return fmt::format("{:.0f}%", 100 * x); }

// Energies and powers to three significant digits in the nearest SI unit.
std::string joules(double j) {
  if (j == 0) return "0 J";
  if (j < 1e-6) return fmt::format("{:.3g} nJ", j * 1e9);
  if (j < 1e-3) return fmt::format("{:.3g} uJ", j * 1e6);
  if (j < 1) return fmt::format("{:.3g} mJ", j * 1e3);
  return fmt::format("{:.3g} J", j);
}
std::string watts(double w) { return w < 1 ? fmt::format("{:.3g} mW", w * 1e3) : fmt::format("{:.3g} W", w); }

void print_totals(std::ostream& out, const std::vector<RunResult>& runs) {
  const RunResult& first = runs.front();
  const std::string phase = is_decode(first.phase) ? fmt::format("decode with a {}-token KV cache", first.kv_len)
                                                     : fmt::format("seq {}", first.seq);
  const std::string weights = first.sparsity > 0 ? fmt::format("{} weights, {:.0f}% pruned", first.weights, 100 * first.sparsity)
                                                 : first.weights + " weights";
  const std::string instances = first.ane_instances > 1 ? fmt::format(", {} ANE instances", first.ane_instances) : "";
  out << fmt::format("{} on {} ({} power state{}), batch {}, {}, {}\n\n", first.model, first.chip, first.power_state,
                     instances, first.batch, phase, weights);
  std::vector<std::string> header{"figure"};
  std::vector<std::string> layouts;
  for (const auto& r : runs) layouts.push_back(r.layout);
  header.insert(header.end(), layouts.begin(), layouts.end());
  // The reference layout's run over each other layout's, a column each (reports/comparison.hpp).
  std::vector<LayoutRatios> ratios;
  if (is_reference_comparison(layouts)) {
    for (std::size_t i = 1; i < runs.size(); ++i) {
      header.push_back(runs.front().layout + " / " + runs[i].layout);
      ratios.push_back(layout_ratios(runs.front().totals, runs[i].totals));
    }
  }
  TextTable table(header);
  auto add = [&](const std::string& name, auto cell, double LayoutRatios::*ratio = nullptr) {
    std::vector<std::string> row{name};
    for (const auto& r : runs) row.push_back(cell(r.totals));
    for (const LayoutRatios& rs : ratios) row.push_back(ratio != nullptr ? fmt::format("{:.2f}x", rs.*ratio) : "");
    table.row(row);
  };
  add("latency", [](const RunTotals& t) { return format_seconds(t.latency_s); }, &LayoutRatios::latency);
  add("peak memory", [](const RunTotals& t) { return format_bytes(static_cast<double>(t.peak_memory_bytes)); },
      &LayoutRatios::peak_memory);
  add("  weights (resident parameters)", [](const RunTotals& t) { return format_bytes(static_cast<double>(t.weight_bytes)); });
  add("  constants (folded into the model)", [](const RunTotals& t) { return format_bytes(static_cast<double>(t.constant_bytes)); });
  add("  activations at peak", [](const RunTotals& t) { return format_bytes(static_cast<double>(t.peak_activation_bytes)); });
  add("  of which padding", [](const RunTotals& t) {
    return format_bytes(static_cast<double>(t.peak_activation_bytes - t.peak_activation_logical_bytes));
  });
  add("DRAM traffic", [](const RunTotals& t) { return format_bytes(static_cast<double>(t.dram_read_bytes + t.dram_write_bytes)); },
      &LayoutRatios::dram_traffic);
  add("  read", [](const RunTotals& t) { return format_bytes(static_cast<double>(t.dram_read_bytes)); });
  add("  written", [](const RunTotals& t) { return format_bytes(static_cast<double>(t.dram_write_bytes)); });
  add("FLOPs (MAC + vector)", [](const RunTotals& t) { return format_flops(t.flops); });
  add("ops: ANE / CPU (elided)", [](const RunTotals& t) { return fmt::format("{} / {} ({})", t.ane_ops, t.cpu_ops, t.free_ops); });
  add("layout copies", [](const RunTotals& t) { return std::to_string(t.copy_ops); });
  add("hardware transposes", [](const RunTotals& t) { return std::to_string(t.transposes); });
  add("engine hand-overs", [](const RunTotals& t) { return std::to_string(t.handovers); });
  add("time at hand-overs", [](const RunTotals& t) { return format_seconds(t.handover_s); });
  add("app boundary (model I/O copies)", [](const RunTotals& t) {
    return format_seconds(t.app_io_s) + " / " + format_bytes(static_cast<double>(t.app_io_bytes));
  });
  add("regime", [](const RunTotals& t) { return std::string(regime_name(t.regime)); });
  add("  time compute / BW / overhead", [](const RunTotals& t) {
    return share(t.compute_share) + " / " + share(t.bandwidth_share) + " / " + share(t.overhead_share);
  });
  add("energy", [](const RunTotals& t) { return joules(t.energy_j); }, &LayoutRatios::energy);
  add("  compute / L2 / DRAM", [](const RunTotals& t) {
    return joules(t.compute_energy_j) + " / " + joules(t.l2_energy_j) + " / " + joules(t.dram_energy_j);
  });
  add("  CPU / static", [](const RunTotals& t) { return joules(t.cpu_energy_j) + " / " + joules(t.static_energy_j); });
  add("average power", [](const RunTotals& t) { return watts(t.avg_power_w); });
  // Not totals: --unsupported cpu's ops by ONNX type, a row only when a run has them.
  if (std::any_of(runs.begin(), runs.end(), [](const RunResult& r) { return !r.unsupported_ops.empty(); })) {
    std::vector<std::string> row{"unsupported ops on the CPU"};
    for (const auto& r : runs) {
      std::string cell;
      for (const auto& [type, count] : r.unsupported_ops) cell += fmt::format("{}{} {}", cell.empty() ? "" : ", ", count, type);
      row.push_back(cell.empty() ? "0" : cell);
    }
    row.resize(header.size());
    table.row(row);
  }
  // Not a total: a label on the run (sim/device_fit.hpp), so it is added apart from add().
  std::vector<std::string> fit_row{"fits on device"};
  for (const auto& r : runs) fit_row.push_back(r.fits ? "yes" : "no: " + r.fit_reason);
  fit_row.resize(header.size());
  table.row(fit_row);
  table.print(out);
}

void print_ops(std::ostream& out, const RunResult& run, std::int64_t top) {
  std::vector<const OpRecord*> ops;
  for (const auto& op : run.ops) {
    if (!op.free) ops.push_back(&op);
  }
  std::stable_sort(ops.begin(), ops.end(), [](const OpRecord* a, const OpRecord* b) { return a->latency_s() > b->latency_s(); });
  if (top > 0 && ops.size() > static_cast<std::size_t>(top)) ops.resize(static_cast<std::size_t>(top));
  out << fmt::format("\nops of the {} layout, slowest first ({} shown; elided relabels omitted)\n", run.layout, ops.size());
  TextTable table({"op", "kind", "engine", "time", "start", "FLOPs", "DRAM read", "DRAM write", "L2 hit", "out padded/logical",
                   "regime", "energy"});
  for (const OpRecord* op : ops) {
    table.row({op->name, fmt::format("{}{}", op->kind, op->transposes ? "+T" : ""), std::string(engine_name(op->engine)),
               format_seconds(op->latency_s()), format_seconds(op->start_s), format_flops(op->mac_flops + op->vector_flops),
               format_bytes(static_cast<double>(op->dram_read_bytes)), format_bytes(static_cast<double>(op->dram_write_bytes)),
               op->l2_hit() ? "yes" : "no",
               fmt::format("{} / {}", format_bytes(static_cast<double>(op->padded_bytes)),
                           format_bytes(static_cast<double>(op->logical_bytes))),
               std::string(regime_name(op->regime)), joules(op->energy_j)});
  }
  table.print(out);
}

// Options that only shape the text tables, refused where they would change nothing.
void check_table_options(const RunOptions& o) {
  if (o.top && o.format != nullptr) {
    throw Error(fmt::format("--top is not used with --{}: it limits the --ops table, and the {} always holds every op",
                            o.format->flag, o.format->name),
                fmt::format("leave --top out, or drop --{} and add --ops", o.format->flag));
  }
  if (o.top && !o.ops) throw Error("--top is not used without --ops: it limits the --ops table", "add --ops, or leave --top out");
}

void run(const RunOptions& o) {
  check_table_options(o);
  const std::string dir = default_config_dir();
  const ChipSpec chip = load_chip(o.chip, dir);
  const ModelSpec model = load_model(o.model, dir);
  const RunRequest base = base_request(o.request, model);
  std::vector<std::string> layouts;
  if (o.layout == k_every_layout && model.onnx) {
    layouts = {k_imported_layout};  // an imported graph is one graph, not rebuilt per layout
  } else if (o.layout == k_every_layout) {
    const std::vector<std::string> names = layout_names();
    layouts = ordered_layouts({names.begin(), names.end()});
  } else {
    layouts = {o.layout};
  }
  std::vector<RunResult> runs;
  for (const auto& layout : layouts) {
    RunRequest request = base;
    request.layout = layout;
    request.sparsity = o.sparsity;
    request.ane_instances = o.ane_instances;
    request.without_passes = o.without_passes;
    runs.push_back(simulate(model, chip, request));
  }
  if (!o.trace.empty()) {
    write_output_file(o.trace, [&](std::ostream& out) { write_trace(out, runs); });
  }
  if (o.format != nullptr) {
    o.format->write(std::cout, runs);
    return;
  }
  // A what-if says so above its figures; without one the tables are as they always were.
  if (!o.without_passes.empty()) {
    std::string names;
    for (const auto& name : o.without_passes) names += (names.empty() ? "" : ", ") + name;
    std::cout << "what-if: the lowering without " << names << "\n";
  }
  print_totals(std::cout, runs);
  if (o.ops) {
    for (const auto& r : runs) print_ops(std::cout, r, o.top.value_or(0));
  }
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "Simulate one inference of a model on a chip");
  cmd->add_option("--model", options->model, "Shipped model name or path to a model YAML")->capture_default_str();
  cmd->add_option("--chip", options->chip, "Shipped chip name (see `anesim chips`) or path to a chip YAML")->capture_default_str();
  cmd->add_option("--layout", options->layout, layout_help())
      ->check(layout_validator({k_every_layout}))
      ->capture_default_str();
  // Aliasing: the shared pointer keeps `options` alive and points at its sizes.
  add_size_options(*cmd, std::shared_ptr<RequestOptions>(options, &options->request));
  cmd->add_option("--weights", options->request.weights, "Weight precision (default: the model file's, fp16)")
      ->check(CLI::IsMember(weight_precision_names()));
  // CLI11's Range lets NaN through (every comparison with it is false); the builder refuses it.
  cmd->add_option_function<double>(
         "--sparsity", [options](double v) { options->sparsity = v; },
         "Share of weights pruned away, in [0, 0.99] (default: the model file's)")
      ->check(CLI::Range(0.0, 0.99));
  cmd->add_option("--power-state", options->request.power_state,
                  "The engine's operating point, one of the chip file's power_states (high, low)")
      ->capture_default_str();
  add_whole_number_option(*cmd, "--ane-instances", [options](std::int64_t v) { options->ane_instances = v; },
                          "ANE instances working on the model (an Ultra has 2; an upper bound: compute adds up, the ANE's "
                          "streaming ceiling does not)")
      ->default_str(std::to_string(options->ane_instances));
  cmd->add_option("--without-pass", options->without_passes,
                  "Leave an optional lowering pass out, a what-if (repeatable; e.g. transposes: rule 3 costs nothing; "
                  "sim/lower/passes.def lists them)")
      ->type_name("NAME")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  for (const RunFormat& format : run_formats()) {
    cmd->add_flag_callback(
        fmt::format("--{}", format.flag),
        [options, chosen = &format] {
          if (options->format != nullptr && options->format != chosen) {
            throw Error(fmt::format("--{} and --{} each choose what `anesim run` prints", options->format->flag, chosen->flag),
                        "give one of them");
          }
          options->format = chosen;
        },
        format.help);
  }
  cmd->add_flag("--ops", options->ops, "Also print every op, slowest first");
  add_whole_number_option(*cmd, "--top", [options](std::int64_t v) { options->top = v; },
                          "With --ops (not --json), print only the N slowest ops (0 = all)", {.min = 0, .fix = "use --top 0 (every op) or more"});
  cmd->add_option("--trace", options->trace,
                  "Also write the op timeline of every run to FILE as Chrome trace-event JSON (open in ui.perfetto.dev)")
      ->type_name("FILE");
  cmd->footer(
      "Examples:\n"
      "  anesim run --model distilbert --chip A15 --layout both --seq 128 --batch 1\n"
      "  anesim run --model distilbert --chip A15 --layout ane --seq 512 --batch 8 --json\n"
      "  anesim run --chip my-chip.yaml --ops --top 20\n"
      "  anesim run --model distilbert --chip A15 --layout ane --power-state low\n"
      "  anesim run --model distilbert --chip A15 --layout both --trace distilbert.json\n"
      "  anesim run --model distilbert --chip A15 --layout baseline --without-pass transposes");
  cmd->callback([options] { run(*options); });
}

}  // namespace anesim
