#include "python/advice_bindings.hpp"

#include <string>

namespace py = pybind11;

namespace anesim {

namespace {

py::dict finding_columns(const std::vector<Finding>& findings) {
  py::list principle, id, title, mechanism, ops, op_count, allocated, logical, dram, op_time, latency, memory, energy, basis, basis_text;
  for (const Finding& f : findings) {
    principle.append(std::string(principle_name(f.principle)));
    id.append(f.id);
    title.append(f.title);
    mechanism.append(f.mechanism);
    std::string names;
    for (const OpGroup& g : f.ops) names += (names.empty() ? "" : ", ") + g.name + " x" + std::to_string(g.count);
    ops.append(names);
    op_count.append(f.op_count);
    allocated.append(f.allocated_bytes);
    logical.append(f.logical_bytes);
    dram.append(f.dram_bytes);
    op_time.append(f.op_time_s);
    latency.append(f.saving.latency_s);
    memory.append(f.saving.peak_memory_bytes);
    energy.append(f.saving.energy_j);
    basis.append(std::string(saving_basis_name(f.basis)));
    basis_text.append(f.basis_text);
  }
  py::dict c;
  c["principle"] = principle, c["id"] = id, c["title"] = title, c["mechanism"] = mechanism, c["ops"] = ops;
  c["op_count"] = op_count, c["allocated_bytes"] = allocated, c["logical_bytes"] = logical, c["dram_bytes"] = dram;
  c["op_time_s"] = op_time, c["latency_saved_s"] = latency, c["peak_memory_saved_bytes"] = memory, c["energy_saved_j"] = energy;
  c["basis"] = basis, c["basis_text"] = basis_text;
  return c;
}

// `first_is_reference`: the cumulative path's first step is the baseline itself, with no principle.
py::dict step_columns(const std::vector<WaterfallStep>& steps, bool first_is_reference) {
  py::list title, principle, layout, weights, fits, latency, memory, dram, energy, from, d_latency, d_memory, d_dram, d_energy;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const WaterfallStep& s = steps[i];
    title.append(s.title);
    from.append(s.from);
    principle.append(first_is_reference && i == 0 ? std::string("none") : std::string(principle_name(s.principle)));
    layout.append(s.layout);
    weights.append(s.weights);
    fits.append(s.fits);
    latency.append(s.figures.latency_s);
    memory.append(s.figures.peak_memory_bytes);
    dram.append(s.figures.dram_bytes);
    energy.append(s.figures.energy_j);
    d_latency.append(s.saving.latency_s);
    d_memory.append(s.saving.peak_memory_bytes);
    d_dram.append(s.saving.dram_bytes);
    d_energy.append(s.saving.energy_j);
  }
  py::dict c;
  c["title"] = title, c["principle"] = principle, c["layout"] = layout, c["weights"] = weights, c["fits"] = fits;
  c["latency_s"] = latency, c["peak_memory_bytes"] = memory, c["dram_bytes"] = dram, c["energy_j"] = energy;
  c["from"] = from;
  c["latency_saved_s"] = d_latency, c["peak_memory_saved_bytes"] = d_memory, c["dram_saved_bytes"] = d_dram;
  c["energy_saved_j"] = d_energy;
  return c;
}

}  // namespace

py::dict advice_columns(const Advice& a) {
  py::dict run;
  run["model"] = a.run.model, run["chip"] = a.run.chip, run["layout"] = a.run.layout, run["batch"] = a.run.batch;
  run["seq"] = a.run.seq, run["weights"] = a.run.weights, run["power_state"] = a.run.power_state, run["fits"] = a.run.fits;
  run["latency_s"] = a.run.totals.latency_s, run["peak_memory_bytes"] = a.run.totals.peak_memory_bytes;
  run["energy_j"] = a.run.totals.energy_j;
  py::dict out;
  out["run"] = run;
  out["findings"] = finding_columns(a.findings);
  out["steps"] = step_columns(a.waterfall.steps, true);
  out["alone"] = step_columns(a.waterfall.alone, false);
  out["ane_step"] = a.waterfall.steps.empty() ? py::object(py::none()) : py::object(py::int_(a.waterfall.ane_step));
  out["not_applicable"] = a.waterfall.not_applicable;
  return out;
}

}  // namespace anesim
