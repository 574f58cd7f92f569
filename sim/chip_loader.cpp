#include "sim/chip_loader.hpp"

#include <algorithm>

#include "sim/config_node.hpp"
#include "sim/config_paths.hpp"

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

  // Keys first (unknown, then missing), then the checks that need real values.
  root.finish();
  ane.finish();
  memory.finish();
  cpu.finish();
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
