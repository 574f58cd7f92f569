#include "advice/advise.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "advice/run_findings.hpp"
#include "advice/weight_bits.hpp"
#include "chip/power_state.hpp"
#include "core/si_text.hpp"
#include "generation/chunks.hpp"
#include "ir/dtype.hpp"
#include "models/layout_principles.hpp"

namespace anesim {

namespace {

std::string ms(double s) { return fmt::format("{:.3g} ms", s * 1e3); }

// The transposes finding's saving, measured: the same graph lowered without the pass.
void rerun_without_transposes(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request, const RunResult& run,
                              Finding& f) {
  RunRequest what_if = request;
  what_if.keep_ops = false;
  what_if.without_passes.emplace_back("transposes");
  const RunResult fixed = simulate(model, chip, what_if);
  f.saving = saving_between(run.totals, fixed.totals);
  f.basis = SavingBasis::rerun;
  f.basis_text = "rerun without the transposes pass (anesim run --without-pass transposes)";
}

// The weight-bound finding becomes one finding per narrower precision, each a rerun; with none
// narrower (already int4) it keeps its op-cost saving.
std::vector<Finding> rerun_narrower_weights(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request,
                                            const RunResult& run, const Finding& bound) {
  std::vector<Finding> out;
  for (const DType narrower : {DType::int8, DType::int4}) {
    if (weight_bits(narrower) >= weight_bits(parse_dtype(run.weights))) continue;
    RunRequest what_if = request;
    what_if.keep_ops = false;
    what_if.weights = narrower;
    const RunResult fixed = simulate(model, chip, what_if);
    Finding f = bound;
    f.id = std::string(dtype_name(narrower));
    f.title = fmt::format("{} weights", dtype_name(narrower));
    f.saving = saving_between(run.totals, fixed.totals);
    f.basis = SavingBasis::rerun;
    f.basis_text = fmt::format("rerun with --weights {} (fewer bytes streamed, a dequantize pass added)", dtype_name(narrower));
    out.push_back(std::move(f));
  }
  if (out.empty()) out.push_back(bound);
  return out;
}

// The spills finding's saving, measured: the layout with the per-head split switched on, against
// the same layout without it. The split needs (B,C,1,S), so a (B,S,C) layout is compared as
// +bc1s with and without +heads: the saving is the split's own, not the format's.
void rerun_with_heads(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request, const RunResult& run,
                      const LayoutPrinciples& given, Finding& f) {
  RunRequest what_if = request;
  what_if.keep_ops = false;
  LayoutPrinciples split = given;
  split.bc1s = true;
  split.heads = true;
  what_if.layout = principles_name(split);
  const RunResult fixed = simulate(model, chip, what_if);
  if (given.bc1s) {
    f.saving = saving_between(run.totals, fixed.totals);
    f.basis_text = "rerun as --layout " + what_if.layout + " (the per-head split)";
  } else {
    RunRequest base = what_if;
    LayoutPrinciples formatted = given;
    formatted.bc1s = true;
    base.layout = principles_name(formatted);
    f.saving = saving_between(simulate(model, chip, base).totals, fixed.totals);
    f.basis_text = "rerun as --layout " + what_if.layout + " against " + base.layout + " (the split needs (B,C,1,S))";
  }
  f.basis = SavingBasis::rerun;
}

// The CPU finding's saving where its fix is known: a `replace` model's bool mask path replaced by
// the additive fp16 mask (the `mask` switch), rerun.
void rerun_with_additive_mask(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request, const RunResult& run,
                              LayoutPrinciples given, Finding& f) {
  RunRequest what_if = request;
  what_if.keep_ops = false;
  given.additive_mask = true;
  what_if.layout = principles_name(given);
  f.saving = saving_between(run.totals, simulate(model, chip, what_if).totals);
  f.basis = SavingBasis::rerun;
  f.basis_text = "rerun as --layout " + what_if.layout + " (the bool mask path replaced by an additive fp16 mask)";
}

// A layout that already applies a principle has nothing left to fix by it: what remains (the
// key's one transpose the seed keeps, a classifier's (B,K,1,1) padding) is the reference's own.
bool applied(const LayoutPrinciples& p, Principle principle) {
  switch (principle) {
    case Principle::data_format: return p.bc1s;
    case Principle::chunking: return p.heads;
    case Principle::copies: return p.einsum;
    default: return false;
  }
}

// The switches of the run's layout, or none for a graph not written by the builder (an import).
std::optional<LayoutPrinciples> principles_of(const ModelSpec& model, const std::string& layout) {
  if (model.onnx) return std::nullopt;
  return layout_principles(layout);
}

// What `chunks` chunks add to one prediction of `tokens` positions: the launches and waits, and
// the hidden states' copies with the CPU's energy and the static power over both.
struct ChunkTotals {
  double latency_s = 0, energy_j = 0;
};
ChunkTotals chunk_totals(const ModelSpec& model, const ChipSpec& state_chip, std::int64_t chunks, std::int64_t batch,
                         std::int64_t tokens) {
  const ChunkCost c = chunk_cost(state_chip, chunks, batch, tokens, model.hidden_size);
  const double static_w = state_chip.has_energy ? state_chip.current_power_state().static_w : 0.0;
  return {.latency_s = c.seconds + boundary_seconds(c.io, state_chip),
          .energy_j = boundary_energy_j(c.io, state_chip) + static_w * c.seconds};
}

// Weights past the ANE's window: the model does not load on the engine (it runs on the CPU)
// unless it is split into chunks, each a model of its own with its own window
// (generation/chunks.hpp, `anesim generate --chunks N`). The saving is a rerun on the chunked
// chip plus what the chunks add to the run's prediction.
void add_chunks(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request, Advice& advice) {
  const RunTotals& t = advice.run.totals;
  const std::int64_t needed = chunks_needed(t.weight_bytes, chip);
  if (needed <= 1) return;
  RunRequest what_if = request;
  what_if.keep_ops = false;
  const RunResult fixed = simulate(model, chunked_chip(chip, needed), what_if);
  const ChipSpec state_chip = apply_power_state(chip, request.power_state);
  const ChunkTotals run_cost = chunk_totals(model, state_chip, needed, advice.run.batch, advice.run.seq);
  const ChunkTotals token_cost = chunk_totals(model, state_chip, needed, advice.run.batch, 1);
  Finding f;
  f.principle = Principle::fit;
  f.id = "chunks";
  f.title = fmt::format("weights need {} chunks of the ANE's window", needed);
  f.mechanism = fmt::format(
      "weights {} / the {} ANE address window = {} chunks, each a model with its own window (anesim generate --chunks {}); "
      "each chunk after the first adds a launch, a wait and the hidden state across the app boundary: {} per prediction "
      "of {} tokens, {} per generated token",
      byte_text(static_cast<double>(t.weight_bytes)), byte_text(static_cast<double>(chip.address_window_bytes)), needed, needed,
      ms(run_cost.latency_s), advice.run.seq, ms(token_cost.latency_s));
  RunTotals chunked = fixed.totals;
  chunked.latency_s += run_cost.latency_s;
  chunked.energy_j += run_cost.energy_j;
  f.saving = saving_between(t, chunked);
  f.basis = SavingBasis::rerun;
  f.basis_text = fmt::format("rerun in {} chunks, each its own weight window, plus their launches and hidden-state copies", needed);
  advice.findings.push_back(std::move(f));
}

}  // namespace

Saving saving_between(const RunTotals& base, const RunTotals& fixed) {
  return {.latency_s = base.latency_s - fixed.latency_s,
          .peak_memory_bytes = base.peak_memory_bytes - fixed.peak_memory_bytes,
          .energy_j = base.energy_j - fixed.energy_j};
}

Advice advise(const ModelSpec& model, const ChipSpec& chip, const RunRequest& request) {
  RunRequest kept = request;
  kept.keep_ops = true;  // the findings read the op records
  Advice advice{.run = simulate(model, chip, kept), .findings = {}, .waterfall = principles_waterfall(model, chip, request)};
  const std::optional<LayoutPrinciples> principles = principles_of(model, request.layout);
  for (Finding& f : run_findings(advice.run)) {
    if (principles && applied(*principles, f.principle)) continue;
    if (f.id == "spills" && principles) {
      rerun_with_heads(model, chip, kept, advice.run, *principles, f);
    } else if (f.id == "cpu" && principles && !principles->additive_mask && model.padding_mask == PaddingMask::replace) {
      rerun_with_additive_mask(model, chip, kept, advice.run, *principles, f);
    } else if (f.id == "transposes") {
      rerun_without_transposes(model, chip, kept, advice.run, f);
    } else if (f.principle == Principle::bandwidth) {
      for (Finding& narrower : rerun_narrower_weights(model, chip, kept, advice.run, f)) advice.findings.push_back(std::move(narrower));
      continue;
    }
    advice.findings.push_back(std::move(f));
  }
  add_chunks(model, chip, kept, advice);
  rank_findings(advice.findings);
  return advice;
}

}  // namespace anesim
