#include "chip/chip_loader.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>

#include <fmt/format.h>

#include "chip/chip_fields.hpp"
#include "core/config_node.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"

namespace anesim {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t max_base_depth = 8;

struct LoadedChip {
  ChipSpec chip;
  ConfigNode root;  // the file's node, inheriting its base's: what a variant of this chip inherits
};

// `base: M3` names a chip file beside this one (a user's variant of a user's chip), else a shipped
// chip; a path is taken relative to this file.
std::string resolve_base(ConfigNode& root, const std::string& name, const std::string& path) {
  const fs::path dir = fs::path(path).parent_path();
  if (looks_like_path(name)) {
    const fs::path base = fs::path(name).is_absolute() ? fs::path(name) : dir / name;
    std::error_code ec;
    if (!fs::exists(base, ec)) root.fail("base", "no such file '" + base.string() + "'", "give a chip name (M3) or a path relative to this file");
    return base.string();
  }
  if (auto sibling = find_named_config(dir.empty() ? "." : dir.string(), name)) return *sibling;
  try {
    return resolve_config(name, default_config_dir(), "chips");
  } catch (const Error& e) {
    root.fail("base", e.message(), e.hint());
  }
}

double read_field(ConfigNode& node, const ChipField& field) {
  switch (field.range) {
    case FieldRange::positive: {
      // Zero and negative values keep their own message; then the physical range.
      const double x = node.positive(field.key);
      if (node.has(field.key) && (x < field.min || x > field.max)) {
        node.fail(field.key, fmt::format("value {:g} is out of range for a real chip", x),
                  fmt::format("use a value in [{:g}, {:g}], the range real hardware spans (beyond it results overflow to inf)", field.min, field.max));
      }
      return x;
    }
    case FieldRange::fraction: return node.fraction(field.key);
    case FieldRange::span:
      return field.optional ? node.number_or(field.key, field.fallback, field.min, field.max)
                            : node.number(field.key, field.min, field.max);
    case FieldRange::count: {
      const auto min = static_cast<std::int64_t>(field.min), max = static_cast<std::int64_t>(field.max);
      return static_cast<double>(field.optional ? node.integer_or(field.key, static_cast<std::int64_t>(field.fallback), min, max) : node.integer(field.key, min, max));
    }
  }
  return 0;
}

// dram_bytes is one device's: name it, from the chip's own device list. A variant inherits its
// base's memory block, but not its base's device: one that writes neither dram_bytes nor
// dram_device (a user's what-if) has no known DRAM, and is not checked, rather than carrying the
// base's device's DRAM under its own name (M1 Pro with the 8 GB of a MacBook Air).
void check_dram_device(ChipSpec& chip, const std::optional<ChipSpec>& base, const ConfigNode& memory) {
  // A calibrated copy is its base's device, DRAM and all.
  if (base && chip.calibrated_to.empty() && base->dram_device == chip.dram_device && base->dram_bytes == chip.dram_bytes) {
    chip.dram_bytes = 0;
    chip.dram_device.clear();
    return;
  }
  if (chip.dram_device.empty()) {
    if (chip.dram_bytes > 0) memory.fail("dram_bytes", "dram_bytes is given without the device it is from", "add `dram_device:`, one of the chip's devices");
    return;
  }
  if (chip.devices.find(chip.dram_device) == std::string::npos) {
    memory.fail("dram_device", "dram_device '" + chip.dram_device + "' is not among the chip's devices (" + chip.devices + ")",
                "name one of the devices listed in `devices:`");
  }
}

// What a file says of itself alone, never inherited: its variant, or that it is a calibrated copy.
struct FileIdentity {
  std::string variant;
  std::string calibrated_to;
};

// The chip's names and where it sits in its family: a variant differs from its base in name and
// devices; a calibrated copy in name only, and takes its base's place in the family.
void read_identity(ConfigNode& root, ChipSpec& chip, const std::optional<ChipSpec>& base, const FileIdentity& identity) {
  const bool calibrated = !identity.calibrated_to.empty();
  chip.name = root.string("name");
  root.expect("family", "A (iPhone, iPad) or M (Mac)");  // checked once every key is known
  chip.family = root.string("family");
  chip.year = root.integer("year", 2017, 2100);
  chip.devices = root.string("devices");
  if (base) {
    if (chip.name == base->name) root.fail("name", "a variant has the name of its base '" + base->name + "'", "give the variant its own name, e.g. `name: " + base->name + " Max`");
    if (!calibrated && chip.devices == base->devices) root.fail("devices", "a variant lists its base's devices", "list the devices this variant ships in");
    chip.base = base->name;
  }
  chip.calibrated_to = identity.calibrated_to;
  chip.variant = calibrated ? base->variant : identity.variant;
  chip.generation = base && (calibrated || !identity.variant.empty()) ? base->generation : chip.name;
}

// The chip file's blocks that hold the numeric fields (chip_fields()), in the table's section order.
struct FieldSections {
  static constexpr std::array<std::string_view, 3> names{"ane", "memory", "cpu"};
  std::array<ConfigNode, 3> nodes;

  ConfigNode& of(const ChipField& field) {
    return nodes[static_cast<std::size_t>(std::find(names.begin(), names.end(), field.section) - names.begin())];
  }
  ConfigNode& ane() { return nodes[0]; }
  ConfigNode& memory() { return nodes[1]; }
};

// The optional blocks (a user's chip file may leave them out) and the nodes finish() must judge.
struct OptionalBlocks {
  std::optional<ConfigNode> states;
  std::vector<ConfigNode> state_nodes;
  std::optional<ConfigNode> energy;

  void finish() const {
    if (states) states->finish();
    for (const auto& node : state_nodes) node.finish();
    if (energy) energy->finish();
  }
};

void read_power_states(ConfigNode& root, ChipSpec& chip, OptionalBlocks& blocks) {
  if (!root.has("power_states")) return;
  blocks.states.emplace(root.child("power_states"));
  // The state names are the user's, not declared keys: list them (a variant's, after its base's).
  const std::vector<std::string> names = blocks.states->keys();
  if (names.empty()) root.fail("power_states", "power_states lists no state", "give at least `high:` with its scales and static_w");
  for (const auto& name : names) {
    ConfigNode node = blocks.states->child(name);
    PowerState state;
    state.name = name;
    state.compute_clock_scale = node.number("compute_clock_scale", 1e-3, 10);
    state.bandwidth_scale = node.number("bandwidth_scale", 1e-3, 10);
    state.cpu_clock_scale = node.number_or("cpu_clock_scale", 1, 1e-3, 10);
    state.dynamic_energy_scale = node.number("dynamic_energy_scale", 1e-3, 10);
    state.static_w = node.number("static_w", 0, 1000);
    chip.power_states.push_back(state);
    blocks.state_nodes.push_back(std::move(node));
  }
}

void read_energy(ConfigNode& root, ChipSpec& chip, OptionalBlocks& blocks) {
  if (!root.has("energy")) return;
  ConfigNode& node = blocks.energy.emplace(root.child("energy"));
  constexpr double pj = 1e-12;
  chip.energy.mac_j_per_flop = node.number("mac_pj_per_flop", 0, 1e6) * pj;
  chip.energy.vector_j_per_flop = node.number("vector_pj_per_flop", 0, 1e6) * pj;
  chip.energy.l2_j_per_byte = node.number("l2_pj_per_byte", 0, 1e6) * pj;
  chip.energy.dram_j_per_byte = node.number("dram_pj_per_byte", 0, 1e6) * pj;
  chip.energy.cpu_j_per_flop = node.number("cpu_pj_per_flop", 0, 1e6) * pj;
  chip.energy.cpu_j_per_byte = node.number("cpu_pj_per_byte", 0, 1e6) * pj;
  chip.has_energy = true;
}

// The chip file's rates are the high state's, so it comes first and scales nothing.
void check_power_states(const ChipSpec& chip, const OptionalBlocks& blocks) {
  if (chip.power_states.empty()) return;
  const PowerState& first = chip.power_states.front();
  if (first.name != "high") {
    blocks.states->fail(first.name, "the first power state is '" + first.name + "'",
                        "list `high:` first: the chip file's rates are the high state's");
  }
  if (first.compute_clock_scale != 1 || first.bandwidth_scale != 1 || first.dynamic_energy_scale != 1 ||
      first.cpu_clock_scale != 1) {
    blocks.states->fail("high", "the high state scales the chip file's figures",
                        "give `high:` compute_clock_scale, bandwidth_scale and dynamic_energy_scale 1.0");
  }
}

// Reads the whole chip from `root`; a variant's absent keys come from its base's node.
ChipSpec read_chip(ConfigNode& root, const std::string& path, const std::optional<ChipSpec>& base, const FileIdentity& identity) {
  ChipSpec chip;
  chip.source_file = path;
  read_identity(root, chip, base, identity);

  // The numeric fields, section by section, from the one table check_chip also reads.
  FieldSections sections{{root.child("ane"), root.child("memory"), root.child("cpu")}};
  for (const ChipField& field : chip_fields()) set_chip_field(chip, field, read_field(sections.of(field), field));
  const auto dtypes = sections.ane().strings("dtypes");
  chip.dram_device = sections.memory().string_or("dram_device", "");
  OptionalBlocks blocks;
  read_power_states(root, chip, blocks);
  read_energy(root, chip, blocks);

  // Keys first (unknown, then missing), then the checks that need real values.
  root.finish();
  for (const auto& node : sections.nodes) node.finish();
  blocks.finish();
  check_power_states(chip, blocks);
  if (chip.family != "A" && chip.family != "M") root.fail("family", "expected A or M, found '" + chip.family + "'", "write A or M");
  for (const ChipField& field : chip_fields()) {
    const double value = chip_field_value(chip, field);
    if (field.power_of_two && !chip_field_valid(field, value)) {
      sections.of(field).fail(field.key, fmt::format("{} {:g} is not a power of two", field.key, value), "use 1, 2, 4, ..., 64 (the seed's figure), ...");
    }
  }
  check_dram_device(chip, base, sections.memory());
  for (const auto& name : dtypes) {
    try {
      chip.ane_dtypes.push_back(parse_dtype(name));
    } catch (const Error& e) {
      sections.ane().fail("dtypes", e.message(), e.hint());
    }
  }
  return chip;
}

LoadedChip load_chip_chain(const std::string& path, std::vector<std::string> chain, std::vector<std::string>* files_read) {
  if (files_read != nullptr) files_read->push_back(path);
  ConfigNode root = ConfigNode::load_file(path);
  std::optional<ChipSpec> base;
  FileIdentity identity;
  if (root.has("base")) {
    // All are this file's own, never inherited. Without a variant, the file starts a new
    // generation that borrows its base's figures (A19 from A18 Pro).
    const std::string base_name = root.string("base");
    identity.variant = root.has("variant") ? root.string("variant") : "";
    identity.calibrated_to = root.has("calibrated_to") ? root.string("calibrated_to") : "";
    if (!identity.variant.empty() && !identity.calibrated_to.empty()) {
      root.fail("calibrated_to", "a calibrated copy of a chip is not a variant of it", "drop variant: (a calibrated file is its base's chip)");
    }
    const std::string base_path = resolve_base(root, base_name, path);
    std::error_code ec;
    const std::string key = fs::weakly_canonical(base_path, ec).string();
    chain.push_back(fs::weakly_canonical(path, ec).string());
    if (std::find(chain.begin(), chain.end(), key) != chain.end()) {
      root.fail("base", "chip '" + base_name + "' is its own base (a cycle of base: keys)", "point base: at a chip file without this one in its chain");
    }
    if (chain.size() > max_base_depth) {
      root.fail("base", fmt::format("more than {} chip files chained by base:", max_base_depth), "base a variant on its family's base chip");
    }
    LoadedChip loaded = load_chip_chain(base_path, chain, files_read);  // validates the base on its own first
    base = std::move(loaded.chip);
    root.inherit_from(std::move(loaded.root));
  } else if (root.has("variant") || root.has("calibrated_to")) {
    const std::string key = root.has("variant") ? "variant" : "calibrated_to";
    root.fail(key, "a chip file names a " + key + " only with its base", "add `base: <chip>` or drop " + key + ":");
  }
  ChipSpec chip = read_chip(root, path, base, identity);
  return {std::move(chip), std::move(root)};
}

}  // namespace

ChipSpec load_chip_file(const std::string& path) { return load_chip_chain(path, {}, nullptr).chip; }

ChipSpec load_chip_file_recording(const std::string& path, std::vector<std::string>& files_read) {
  return load_chip_chain(path, {}, &files_read).chip;
}

ChipSpec load_chip(const std::string& name_or_path, const std::string& config_dir) {
  return load_chip_file(resolve_config(name_or_path, config_dir, "chips"));
}

std::vector<ChipSpec> load_all_chips(const std::string& config_dir) {
  std::vector<ChipSpec> chips;
  for (const auto& file : config_files(config_dir, "chips")) chips.push_back(load_chip_file(file));
  // A family stays together: its base chip's year, then base, Pro, Max, Ultra.
  std::map<std::string, std::int64_t> generation_year;
  for (const auto& chip : chips) {
    if (chip.base.empty()) generation_year[chip.name] = chip.year;
  }
  const auto year_of = [&](const ChipSpec& c) {
    const auto it = generation_year.find(c.generation);
    return it == generation_year.end() ? c.year : it->second;
  };
  const auto rank = [](const std::string& variant) {
    static const std::array<std::string, 4> order{"", "Pro", "Max", "Ultra"};
    return static_cast<std::size_t>(std::find(order.begin(), order.end(), variant) - order.begin());
  };
  std::stable_sort(chips.begin(), chips.end(), [&](const ChipSpec& a, const ChipSpec& b) {
    return std::tuple(a.family, year_of(a), a.generation, rank(a.variant), a.name) <
           std::tuple(b.family, year_of(b), b.generation, rank(b.variant), b.name);
  });
  return chips;
}

}  // namespace anesim
