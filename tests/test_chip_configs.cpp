// Chip files: every shipped chip loads, every number carries a source, bad files are rejected
// with file:line, the key and the fix.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>

#include <fmt/format.h>
#include <sstream>

#include "chip/chip_fields.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "tests/mutated_config.hpp"

using namespace anesim;

namespace {
std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A15.yaml with one piece of text replaced: the error message loading it gives.
std::string error_with(const std::string& from, const std::string& to) {
  return test::error_loading_mutation(default_config_dir() + "/chips/A15.yaml", from, to, "anesim_bad_chip.yaml",
                                      [](const std::string& path) { return load_chip(path, default_config_dir()); });
}
}  // namespace

TEST_CASE("every shipped chip loads and the A15 carries the seed's figures") {
  const auto chips = load_all_chips(default_config_dir());
  CHECK(chips.size() >= 12);
  const ChipSpec a15 = load_chip("a15", default_config_dir());
  CHECK(a15.peak_fp16_flops_per_s == 15.8e12);
  CHECK(a15.cores == 16);
  CHECK(a15.last_axis_alignment_bytes == 64);
  // min(34.1 GB/s x 0.89, 60.9 GB/s) = 30.349 GB/s.
  CHECK(a15.ane_dram_bandwidth_Bps() == doctest::Approx(30.349e9));
  CHECK(load_chip("A17 Pro", default_config_dir()).name == "A17 Pro");
}

TEST_CASE("every number in every chip file has a comment naming its source or saying estimate") {
  const std::regex number_line(R"(^\s*[a-z_A-Z]+:\s*[-+0-9.][0-9.eE+-]*\s*(#.*)?$)");
  for (const auto& file : config_files(default_config_dir(), "chips")) {
    std::istringstream lines(read(file));
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
      ++n;
      std::smatch m;
      if (!std::regex_match(line, m, number_line)) continue;
      INFO(file << ":" << n << ": " << line);
      CHECK(m[1].matched);
      CHECK(m[1].str().size() > 12);
    }
  }
}

TEST_CASE("an unknown key names the file, the line and the nearest valid key") {
  const std::string msg = error_with("  l2_bytes:", "  l2_byte:");
  CHECK(msg.find("anesim_bad_chip.yaml:15:") != std::string::npos);  // A15.yaml line 15 is l2_bytes
  CHECK(msg.find("unknown key 'ane.l2_byte'") != std::string::npos);
  CHECK(msg.find("did you mean 'l2_bytes'") != std::string::npos);
}

TEST_CASE("out-of-range, missing and malformed values are rejected with the fix") {
  CHECK(error_with("dram_bandwidth_Bps: 34.1e9", "dram_bandwidth_Bps: -34.1e9").find("expected a positive number") !=
        std::string::npos);
  CHECK(error_with("last_axis_alignment_bytes: 64", "last_axis_alignment_bytes: 48").find("not a power of two") !=
        std::string::npos);
  CHECK(error_with("  cores: 16", "  cores: sixteen").find("expected a number, found 'sixteen'") != std::string::npos);
  CHECK(error_with("  cores: 16", "").find("missing required key 'ane.cores'") != std::string::npos);
  // A missing key's fix says what it takes: the innermost accessor's description (integer over
  // number, positive and fraction over number), or the caller's own (family).
  const auto takes = [](const std::string& line, const std::string& key) {
    const std::string error = error_with(line, "");
    const std::string marker = "add `" + key + ": <value>` to this mapping, where <value> is ";
    const std::size_t at = error.find(marker);
    return at == std::string::npos ? error : error.substr(at + marker.size());
  };
  CHECK(takes("  cores: 16", "cores") == "a whole number from 1 to 1024");
  CHECK(takes("  dram_bandwidth_Bps: 34.1e9", "dram_bandwidth_Bps") == "a positive number");
  CHECK(takes("  dram_efficiency: 0.89", "dram_efficiency") == "a fraction in (0, 1]");
  CHECK(takes("family: A", "family") == "A (iPhone, iPad) or M (Mac)");
  CHECK(error_with("dram_efficiency: 0.89", "dram_efficiency: 1.5").find("fraction in (0, 1]") != std::string::npos);
  const std::string syntax = error_with("ane:\n", "ane: [\n");
  CHECK(syntax.find("YAML syntax error") != std::string::npos);
  CHECK(syntax.find("anesim_bad_chip.yaml:") != std::string::npos);
}

TEST_CASE("an unknown chip name lists the valid choices") {
  try {
    (void)load_chip("Z99", default_config_dir());
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("unknown chip 'Z99'") != std::string::npos);
    CHECK(e.hint().find("A15") != std::string::npos);
    CHECK(e.hint().find("M4") != std::string::npos);
  }
}

TEST_CASE("a chip changed in code is checked before it runs: no negative, zero or NaN rates") {
  // The loader rejects these with file:line; a chip built or edited in code (Python what-ifs)
  // goes through check_chip, which names the field, instead of giving a NaN or negative latency.
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  CHECK_NOTHROW(check_chip(a15));
  auto message = [&](auto change) {
    ChipSpec c = a15;
    change(c);
    try {
      check_chip(c);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(message([](ChipSpec& c) { c.dram_bandwidth_Bps = -1; }).find("chip 'A15': dram_bandwidth_Bps is -1, expected > 0") == 0);
  CHECK(message([](ChipSpec& c) { c.cores = 0; }).find("cores is 0, expected a whole number in [1, 1024]") != std::string::npos);
  CHECK(message([](ChipSpec& c) { c.mac_efficiency = 1.5; }).find("mac_efficiency is 1.5, expected in (0, 1]") != std::string::npos);
  CHECK(message([](ChipSpec& c) { c.stream_ceiling_Bps = std::nan(""); }).find("stream_ceiling_Bps is nan") != std::string::npos);
  CHECK(message([](ChipSpec& c) { c.last_axis_alignment_bytes = 48; }).find("a power of two") != std::string::npos);
  CHECK(message([](ChipSpec& c) { c.l2_bytes = 0; }).empty());  // a chip without L2 is a valid what-if
  for (const auto& chip : load_all_chips(default_config_dir())) CHECK_NOTHROW(check_chip(chip));
}

namespace {
// A15.yaml with `section.key` set to `value` (added to the section when the file leaves it out).
std::string a15_with(const ChipField& field, double value) {
  std::string text = read(default_config_dir() + "/chips/A15.yaml");
  const std::string header = std::string("\n") + field.section + ":\n";
  const std::size_t section = text.find(header);
  REQUIRE(section != std::string::npos);
  const std::string line = fmt::format("  {}: {}", field.key, value);
  const std::string key = std::string("\n  ") + field.key + ":";
  const std::size_t at = text.find(key, section);
  const std::size_t next_section = text.find("\n\n", section + 1);
  if (at == std::string::npos || at > next_section) {
    text.insert(section + header.size(), line + "\n");
  } else {
    text.replace(at + 1, text.find_first_of("#\n", at + key.size()) - at - 1, line + " ");
  }
  return text;
}

// Just outside the field's range.
double invalid_value(const ChipField& field) {
  switch (field.range) {
    case FieldRange::positive: return 0;
    case FieldRange::fraction: return 1.5;
    case FieldRange::span: return field.max * 2;
    case FieldRange::count: return field.min - 1;
  }
  return 0;
}
}  // namespace

TEST_CASE("the chip loader and check_chip take every field's range from one table") {
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  for (const ChipField& field : chip_fields()) {
    CAPTURE(field.name);
    const double bad = invalid_value(field);
    const std::string path = test::write_temp_config("anesim_chip_fields", "A15.yaml", a15_with(field, bad));
    const std::string loaded = test::error_loading(path, [](const std::string& p) { return load_chip_file(p); });
    CHECK(loaded.find(fmt::format("key '{}.{}'", field.section, field.key)) != std::string::npos);

    ChipSpec changed = a15;
    set_chip_field(changed, field, bad);
    try {
      check_chip(changed);
      FAIL("check_chip accepted ", bad);
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find(fmt::format("{} is {:g}, expected {}", field.name, bad, chip_field_expected(field))) !=
            std::string::npos);
    }
    // The A15's own value passes both, written back through the same helpers.
    const double own = chip_field_value(a15, field);
    CHECK(chip_field_valid(field, own));
    const std::string same = test::write_temp_config("anesim_chip_fields", "A15.yaml", a15_with(field, own));
    ChipSpec reloaded = load_chip_file(same);
    reloaded.source_file = a15.source_file;
    CHECK(reloaded == a15);
  }
}

TEST_CASE("chip_fields.def declares each numeric field once: the member, its key and its rule") {
  // In chip-file order (ane, memory, cpu), each with exactly one member pointer. No count here: a
  // new field is its line in the .def alone.
  const auto fields = chip_fields();
  const std::vector<std::string> order{"ane", "memory", "cpu"};
  std::size_t section = 0;
  for (const ChipField& field : fields) {
    while (section < order.size() && order[section] != field.section) ++section;
    REQUIRE(section < order.size());  // never back to an earlier block
    CHECK((field.real == nullptr) != (field.whole == nullptr));
  }
  // An optional key left out keeps the member's initial value: the same number in both places.
  const ChipSpec blank;
  for (const ChipField& field : fields) {
    if (field.optional) CHECK(chip_field_value(blank, field) == field.fallback);
  }
  // The members' initial values: 16 cores, 64-byte rows, one instance, 16 KiB pages, the whole DRAM.
  CHECK(blank.cores == 16);
  CHECK(blank.last_axis_alignment_bytes == 64);
  CHECK(blank.ane_instances == 1);
  CHECK(blank.page_bytes == 16384);
  CHECK(blank.app_dram_share == 1);
  // The rules: the alignment a power of two in [1, 4096]; the instance count optional in [1, 8].
  const auto named = [&](const std::string& name) {
    return *std::find_if(fields.begin(), fields.end(), [&](const ChipField& f) { return f.name == name; });
  };
  CHECK(named("last_axis_alignment_bytes").power_of_two);
  CHECK(named("last_axis_alignment_bytes").max == 4096);
  CHECK(named("ane_instances").optional);
  CHECK(named("ane_instances").max == 8);
  CHECK(std::string(named("cpu_flops_per_s").key) == "flops_per_s");
}
