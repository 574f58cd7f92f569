#include "sweep/sweep_order.hpp"

#include <string>

#include "sim/run_choices.hpp"

namespace anesim {

namespace {

// (kv_len, seq) pairs of one phase of one model: decode has one seq, prefill one kv_len, and a
// model whose input fixes the sequence one seq.
std::size_t kv_count(const SweepSpec& spec, const std::string& phase) { return is_decode(phase) ? spec.kv_lens.size() : 1; }
std::size_t seq_count(const SweepSpec& spec, const ModelSpec& model, const std::string& phase) {
  return is_decode(phase) || model.fixed_sequence() > 0 ? 1 : spec.seqs.size();
}
std::size_t phase_points(const SweepSpec& spec, const ModelSpec& model, const std::string& phase) {
  return kv_count(spec, phase) * seq_count(spec, model, phase) * spec.batches.size();
}
std::size_t phases_points(const SweepSpec& spec, const ModelSpec& model) {
  std::size_t n = 0;
  for (const auto& phase : spec.phases) n += phase_points(spec, model, phase);
  return n;
}
std::size_t model_points(const SweepSpec& spec, const ModelSpec& model) {
  return spec.layouts.size() * spec.weights.size() * phases_points(spec, model);
}

}  // namespace

std::size_t points_per_chip_slot(const SweepSpec& spec) {
  std::size_t n = 0;
  for (const auto& model : spec.models) n += model_points(spec, model);
  return n;
}

SweepPoint chip_slot_point_at(const SweepSpec& spec, std::size_t index) {
  SweepPoint p;
  std::size_t m = 0;
  while (index >= model_points(spec, spec.models[m])) index -= model_points(spec, spec.models[m++]);
  const ModelSpec& model = spec.models[m];
  p.model = m;
  const std::size_t per_weights = phases_points(spec, model);
  p.layout = spec.layouts[index / (spec.weights.size() * per_weights)];
  index %= spec.weights.size() * per_weights;
  p.weights = spec.weights[index / per_weights];
  index %= per_weights;
  std::size_t f = 0;
  while (index >= phase_points(spec, model, spec.phases[f])) index -= phase_points(spec, model, spec.phases[f++]);
  p.phase = spec.phases[f];
  const std::size_t seqs = seq_count(spec, model, p.phase);
  const std::size_t batches = spec.batches.size();
  const std::size_t kv = index / (seqs * batches);
  const std::size_t seq = (index / batches) % seqs;
  p.batch = spec.batches[index % batches];
  const bool decode = is_decode(p.phase);
  p.kv_len = decode ? spec.kv_lens[kv] : 0;
  p.seq = decode ? 1 : model.fixed_sequence() > 0 ? model.fixed_sequence() : spec.seqs[seq];
  return p;
}

SweepPoint sweep_point_at(const SweepSpec& spec, std::size_t index) {
  const std::size_t per_slot = points_per_chip_slot(spec);
  const std::size_t slot = index / per_slot;
  SweepPoint p = chip_slot_point_at(spec, index % per_slot);
  p.chip = slot / spec.power_states.size();
  p.power_state = spec.power_states[slot % spec.power_states.size()];
  return p;
}

RunResult planned_labels(const SweepSpec& spec, const SweepPoint& point) {
  const ModelSpec& model = spec.models[point.model];
  RunResult r;
  r.model = model.name;
  r.chip = spec.chips[point.chip].name;
  r.layout = point.layout;
  r.batch = point.batch;
  r.seq = point.seq;
  r.phase = point.phase;
  r.kv_len = point.kv_len;
  r.weights = point.weights;
  r.sparsity = model.sparsity;
  r.power_state = point.power_state;
  return r;
}

}  // namespace anesim
