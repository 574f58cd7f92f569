#include "advice/run_findings.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "advice/op_groups.hpp"
#include "core/si_text.hpp"

namespace anesim {

namespace {

std::string ms(double s) { return fmt::format("{:.3g} ms", s * 1e3); }

// The records `named` picks, summed into a finding with op_cost savings; nullopt-like (op_count 0)
// when none match. `costed` picks the records whose time and energy the saving is, which may be
// other records than those named (a Linear is named, its transpose steps cost).
Finding gather(const RunResult& run, Principle principle, const std::function<bool(const OpRecord&)>& named,
               const std::function<bool(const OpRecord&)>& costed) {
  Finding f;
  f.principle = principle;
  std::vector<std::string_view> names;
  for (const OpRecord& op : run.ops) {
    if (named(op)) {
      names.push_back(op.name);
      f.allocated_bytes += op.padded_bytes;
      f.logical_bytes += op.logical_bytes;
    }
    if (costed(op)) {
      f.op_time_s += op.latency_s();
      f.saving.energy_j += op.energy_j;
    }
  }
  f.ops = fold_op_names(names);
  f.op_count = static_cast<std::int32_t>(names.size());
  f.saving.latency_s = f.op_time_s;
  f.basis = SavingBasis::op_cost;
  return f;
}

void add_padding(const RunResult& run, std::vector<Finding>& out) {
  auto padded = [](const OpRecord& op) {
    return op.engine == Engine::ane && !op.free && op.logical_bytes > 0 &&
           static_cast<double>(op.padded_bytes) >= k_padded_over_logical * static_cast<double>(op.logical_bytes);
  };
  Finding f = gather(run, Principle::data_format, padded, [](const OpRecord&) { return false; });
  if (f.op_count == 0) return;
  f.id = "padding";
  f.title = "padded last axis";
  f.mechanism = fmt::format("ANE buffers pad the last axis (W) to the chip's alignment: {} allocated for {} logical ({:.1f}x)",
                            byte_text(static_cast<double>(f.allocated_bytes)), byte_text(static_cast<double>(f.logical_bytes)),
                            static_cast<double>(f.allocated_bytes) / static_cast<double>(f.logical_bytes));
  f.saving = {.latency_s = 0,
              .peak_memory_bytes = run.totals.peak_activation_bytes - run.totals.peak_activation_logical_bytes,
              .energy_j = 0};
  f.basis = SavingBasis::padding_at_peak;
  f.basis_text = "the padding in the peak activations (run total); time not estimated: the ops still run";
  out.push_back(std::move(f));
}

// Rule 3's steps are records of their own, named after the op they serve ("q_lin.transpose_in").
bool is_rule3_step(const OpRecord& op) { return op.kind == "transpose" && op.transposes > 0; }

std::string_view served_op(std::string_view step_name) { return step_name.substr(0, step_name.rfind('.')); }

// Names the ops that pay the transposes (each once), costs the transpose steps.
void add_transposes(const RunResult& run, std::vector<Finding>& out) {
  Finding f = gather(run, Principle::data_format, [](const OpRecord&) { return false; }, is_rule3_step);
  std::vector<std::string_view> served;
  for (const OpRecord& op : run.ops) {
    if (is_rule3_step(op) && (served.empty() || served.back() != served_op(op.name))) served.push_back(served_op(op.name));
  }
  if (served.empty()) return;
  f.ops = fold_op_names(served);
  f.op_count = static_cast<std::int32_t>(served.size());
  f.id = "transposes";
  f.title = "hardware transposes";
  f.mechanism = fmt::format("{} Linear/matmul ops reduce over W, so the hardware transposes in and out: {} transposes, {}",
                            f.op_count, run.totals.transposes, ms(f.op_time_s));
  f.basis_text = "the transpose steps' time";
  out.push_back(std::move(f));
}

// Principle 2: ANE ops without weights whose outputs outgrow L2 and the SLC and go to DRAM (the
// (B,H,S,S) scores of a fused multi-head attention at long sequences).
void add_spills(const RunResult& run, std::vector<Finding>& out) {
  auto spills = [](const OpRecord& op) { return op.engine == Engine::ane && op.weight_bytes == 0 && op.dram_write_bytes > 0; };
  Finding f = gather(run, Principle::chunking, spills, spills);
  if (f.op_count == 0) return;
  std::int64_t written = 0, read = 0;
  for (const OpRecord& op : run.ops) {
    if (!spills(op)) continue;
    written += op.dram_write_bytes;
    read += op.dram_read_bytes;
  }
  f.dram_bytes = written + read;
  f.id = "spills";
  f.title = "intermediates spill to DRAM";
  f.mechanism = fmt::format("{} ops' outputs outgrow L2 and the SLC: {} written to DRAM, {} read by them, {}", f.op_count,
                            byte_text(static_cast<double>(written)), byte_text(static_cast<double>(read)), ms(f.op_time_s));
  f.basis_text = "the spilling ops' time";
  out.push_back(std::move(f));
}

void add_copies(const RunResult& run, std::vector<Finding>& out) {
  // Rule 3's steps and the CPU's repacks (kind cast) copy too, but are findings of their own.
  auto copy = [](const OpRecord& op) { return op.copies && !op.free && !is_rule3_step(op) && op.kind != "cast"; };
  Finding f = gather(run, Principle::copies, copy, copy);
  if (f.op_count == 0) return;
  f.id = "copies";
  f.title = "layout copies";
  f.mechanism = fmt::format("reshapes and transposes that move data across W: {} copies of {}, {}", f.op_count,
                            byte_text(static_cast<double>(f.logical_bytes)), ms(f.op_time_s));
  f.basis_text = "the copies' time";
  out.push_back(std::move(f));
}

void add_weight_bandwidth(const RunResult& run, std::vector<Finding>& out) {
  auto bound = [](const OpRecord& op) { return op.regime == Regime::bandwidth && op.weight_bytes > 0; };
  Finding f = gather(run, Principle::bandwidth, bound, bound);
  if (f.op_count == 0) return;
  f.id = "weight-bandwidth";
  f.title = "bandwidth-bound on weights";
  f.mechanism = fmt::format("{} ops wait on their {} weights streamed from memory: {} of the run's {}", f.op_count,
                            run.weights, ms(f.op_time_s), ms(run.totals.latency_s));
  f.basis_text = "the weight-bound ops' time";
  out.push_back(std::move(f));
}

void add_cpu(const RunResult& run, std::vector<Finding>& out) {
  auto cpu = [](const OpRecord& op) { return op.engine == Engine::cpu; };
  Finding f = gather(run, Principle::hybrid, cpu, cpu);
  if (f.op_count == 0) return;
  f.id = "cpu";
  f.title = "ops on the CPU";
  f.op_time_s += run.totals.handover_s;
  f.saving.latency_s = f.op_time_s;
  f.mechanism = fmt::format("{} steps run on the CPU (ops the ANE cannot run, their fp16 <-> fp32 repacks): {} hand-overs "
                            "costing {}, {} in all",
                            f.op_count, run.totals.handovers, ms(run.totals.handover_s), ms(f.op_time_s));
  f.basis_text = "the CPU steps' time and the hand-overs' (upper bound: on the ANE they would take some time)";
  out.push_back(std::move(f));
}

void add_fit(const RunResult& run, std::vector<Finding>& out) {
  if (run.fits) return;
  Finding f;
  f.principle = Principle::fit;
  f.id = "fit";
  f.title = "does not fit the device";
  f.mechanism = run.fit_reason;
  f.basis_text = "nothing to save: the run exceeds the device";
  out.push_back(std::move(f));
}

}  // namespace

std::vector<Finding> run_findings(const RunResult& run) {
  std::vector<Finding> findings;
  add_fit(run, findings);
  add_padding(run, findings);
  add_transposes(run, findings);
  add_spills(run, findings);
  add_copies(run, findings);
  add_weight_bandwidth(run, findings);
  add_cpu(run, findings);
  rank_findings(findings);
  return findings;
}

void rank_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    const bool a_fit = a.principle == Principle::fit;
    const bool b_fit = b.principle == Principle::fit;
    if (a_fit != b_fit) return a_fit;
    if (a_fit) return false;  // in the order found: the limit, then its fix
    if (a.saving.latency_s != b.saving.latency_s) return a.saving.latency_s > b.saving.latency_s;
    return a.saving.peak_memory_bytes > b.saving.peak_memory_bytes;
  });
}

}  // namespace anesim
