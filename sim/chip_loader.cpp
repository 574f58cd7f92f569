#include "sim/chip_loader.hpp"

#include <algorithm>
#include <optional>

#include <yaml-cpp/yaml.h>

#include "sim/config_node.hpp"
#include "sim/config_paths.hpp"
#include "sim/error.hpp"

namespace anesim {

ChipSpec load_chip_file(const std::string& path) {
  ConfigNode root = ConfigNode::load_file(path);
  ChipSpec chip;
  chip.source_file = path;
  chip.name = root.string("name");
  chip.family = root.string("family");
  chip.year = root.integer("year", 2017, 2100);
  chip.devices = root.string("devices");

  ConfigNode ane = root.child("ane");
  chip.cores = ane.integer("cores", 1, 1024);
  chip.peak_fp16_flops_per_s = ane.positive("peak_fp16_flops_per_s");
  chip.mac_efficiency = ane.fraction("mac_efficiency");
  chip.vector_flops_per_s = ane.positive("vector_flops_per_s");
  chip.l2_bytes = ane.integer("l2_bytes", 0, std::int64_t{1} << 40);
  chip.l2_bandwidth_Bps = ane.positive("l2_bandwidth_Bps");
  chip.last_axis_alignment_bytes = ane.integer("last_axis_alignment_bytes", 1, 4096);
  chip.op_overhead_s = ane.number("op_overhead_s", 0, 1);
  chip.program_dispatch_s = ane.number("program_dispatch_s", 0, 1);
  chip.handover_sync_s = ane.number("handover_sync_s", 0, 1);
  const auto dtypes = ane.strings("dtypes");
  chip.stream_ceiling_Bps = ane.positive("stream_ceiling_Bps");

  ConfigNode memory = root.child("memory");
  chip.dram_bandwidth_Bps = memory.positive("dram_bandwidth_Bps");
  chip.dram_efficiency = memory.fraction("dram_efficiency");
  chip.slc_bytes = memory.integer("slc_bytes", 0, std::int64_t{1} << 40);
  chip.page_bytes = memory.integer("page_bytes", 1, std::int64_t{1} << 30);

  ConfigNode cpu = root.child("cpu");
  chip.cpu_flops_per_s = cpu.positive("flops_per_s");
  chip.cpu_bandwidth_Bps = cpu.positive("bandwidth_Bps");
  chip.cpu_op_overhead_s = cpu.number("op_overhead_s", 0, 1);

  // Power states and the energy table are optional (a user's chip file may leave them out).
  std::vector<ConfigNode> state_nodes;
  std::optional<ConfigNode> states_node;
  if (root.has("power_states")) {
    states_node.emplace(root.child("power_states"));
    // ConfigNode reads declared keys; the state names are the user's, so list them from the YAML.
    std::vector<std::string> names;
    try {
      const YAML::Node states = YAML::LoadFile(path)["power_states"];
      if (states.IsMap()) {
        for (const auto& entry : states) names.push_back(entry.first.as<std::string>());
      }
    } catch (const YAML::Exception&) {
      // load_file above already parsed the file; nothing new to report here
    }
    if (names.empty()) root.fail("power_states", "power_states lists no state", "give at least `high:` with its scales and static_w");
    for (const auto& name : names) {
      ConfigNode node = states_node->child(name);
      PowerState state;
      state.name = name;
      state.compute_clock_scale = node.number("compute_clock_scale", 1e-3, 10);
      state.bandwidth_scale = node.number("bandwidth_scale", 1e-3, 10);
      state.dynamic_energy_scale = node.number("dynamic_energy_scale", 1e-3, 10);
      state.static_w = node.number("static_w", 0, 1000);
      chip.power_states.push_back(state);
      state_nodes.push_back(std::move(node));
    }
  }
  std::optional<ConfigNode> energy_node;
  if (root.has("energy")) {
    energy_node.emplace(root.child("energy"));
    constexpr double pj = 1e-12;
    chip.energy.mac_j_per_flop = energy_node->number("mac_pj_per_flop", 0, 1e6) * pj;
    chip.energy.vector_j_per_flop = energy_node->number("vector_pj_per_flop", 0, 1e6) * pj;
    chip.energy.l2_j_per_byte = energy_node->number("l2_pj_per_byte", 0, 1e6) * pj;
    chip.energy.dram_j_per_byte = energy_node->number("dram_pj_per_byte", 0, 1e6) * pj;
    chip.energy.cpu_j_per_flop = energy_node->number("cpu_pj_per_flop", 0, 1e6) * pj;
    chip.energy.cpu_j_per_byte = energy_node->number("cpu_pj_per_byte", 0, 1e6) * pj;
    chip.has_energy = true;
  }

  // Keys first (unknown, then missing), then the checks that need real values.
  root.finish();
  ane.finish();
  memory.finish();
  cpu.finish();
  if (states_node) states_node->finish();
  for (const auto& node : state_nodes) node.finish();
  if (energy_node) energy_node->finish();
  if (!chip.power_states.empty()) {
    const PowerState& first = chip.power_states.front();
    if (first.name != "high") {
      states_node->fail(first.name, "the first power state is '" + first.name + "'",
                        "list `high:` first: the chip file's rates are the high state's");
    }
    if (first.compute_clock_scale != 1 || first.bandwidth_scale != 1 || first.dynamic_energy_scale != 1) {
      states_node->fail("high", "the high state scales the chip file's figures",
                        "give `high:` compute_clock_scale, bandwidth_scale and dynamic_energy_scale 1.0");
    }
  }
  if (chip.family != "A" && chip.family != "M") root.fail("family", "expected A or M, found '" + chip.family + "'", "write A or M");
  if ((chip.last_axis_alignment_bytes & (chip.last_axis_alignment_bytes - 1)) != 0) {
    ane.fail("last_axis_alignment_bytes", "alignment " + std::to_string(chip.last_axis_alignment_bytes) + " is not a power of two",
             "use 1, 2, 4, ..., 64 (the seed's figure), ...");
  }
  for (const auto& name : dtypes) {
    try {
      chip.ane_dtypes.push_back(parse_dtype(name));
    } catch (const Error& e) {
      ane.fail("dtypes", e.message(), e.hint());
    }
  }
  return chip;
}

ChipSpec load_chip(const std::string& name_or_path, const std::string& config_dir) {
  return load_chip_file(resolve_config(name_or_path, config_dir, "chips"));
}

std::vector<ChipSpec> load_all_chips(const std::string& config_dir) {
  std::vector<ChipSpec> chips;
  for (const auto& file : config_files(config_dir, "chips")) chips.push_back(load_chip_file(file));
  std::stable_sort(chips.begin(), chips.end(), [](const ChipSpec& a, const ChipSpec& b) {
    if (a.family != b.family) return a.family < b.family;
    if (a.year != b.year) return a.year < b.year;
    return a.name < b.name;
  });
  return chips;
}

}  // namespace anesim
