// `anesim calibrate`: a chip's parameters fitted to measurements, recovered when the measurements
// come from a known chip, with its leave-one-out predictions and the chip file it writes.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "calibration/calibrate.hpp"
#include "chip/chip_fields.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "reports/calibration_report.hpp"
#include "validation/validate.hpp"

using namespace anesim;

namespace {

// Figure 2's latency points at the sizes each mechanism dominates: seq 32 (fixed costs, weights
// streamed), seq 512 (compute; the baseline's CPU segments), batch 1 and 8, both layouts.
ValidationSet figure2_corners() {
  ValidationSet set = load_validation("figure2", default_config_dir());
  set.source_file = "a15-figure2-corners.yaml";
  std::vector<ValidationPoint> kept;
  for (const ValidationPoint& p : set.points) {
    if (p.metric != PointMetric::latency) continue;
    if ((p.request.seq == 32 || p.request.seq == 512) && (p.request.batch == 1 || p.request.batch == 8)) kept.push_back(p);
  }
  set.points = kept;
  return set;
}

const ChipField& field(const std::string& name) {
  for (const ChipField& f : chip_fields()) {
    if (name == f.name) return f;
  }
  FAIL("no field " << name);
  return chip_fields().front();
}

// The set's measurements replaced by `truth`'s predictions: a device whose parameters are known.
// `truth` keeps its file's name, "A15", so calibrate() takes the points as the A15's.
void measure_on(ValidationSet& set, const ChipSpec& truth) {
  for (ValidationPoint& p : set.points) p.chip = truth;
  std::vector<double> predicted;
  for (const ValidationRow& row : run_validation(set)) predicted.push_back(row.predicted());
  for (std::size_t i = 0; i < set.points.size(); ++i) set.points[i].measured = predicted[i];
}

}  // namespace

TEST_CASE("parameters perturbed on a known chip are recovered within 2%") {
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  ChipSpec truth = a15;
  // Each moved 10-20% from the shipped value, one per mechanism Figure 2's corners show.
  truth.mac_efficiency = 0.50;        // was 0.45: the ANE layout's compute-bound seq-512 points
  truth.dram_efficiency = 0.78;       // was 0.89: the weights streamed at seq 32
  truth.cpu_bandwidth_Bps = 8.2e9;    // was 7e9: the baseline's seq-512 CPU segments
  truth.cpu_op_overhead_s = 12.5e-6;  // was 15 us: the baseline's 39 CPU steps at seq 32
  ValidationSet set = figure2_corners();
  REQUIRE(set.points.size() == 8);  // 2 layouts x 2 seqs x 2 batches
  measure_on(set, truth);
  CalibrationOptions options;
  options.fit = {"mac_efficiency", "dram_efficiency", "cpu_bandwidth_Bps", "cpu_op_overhead_s"};
  options.leave_one_out = false;
  const Calibration c = calibrate(set, a15, options);
  CHECK(c.converged);
  REQUIRE(c.parameters.size() == 4);
  for (const FittedParameter& p : c.parameters) {
    CAPTURE(p.name);
    CHECK(p.identifiable);
    CHECK(p.after == doctest::Approx(chip_field_value(truth, field(p.name))).epsilon(0.02));
  }
  // The fitted chip reproduces the "measurements" it was fitted to.
  CHECK(calibration_error(c, CalibrationColumn::after).worst_ratio < 1.01);
  CHECK(calibration_error(c, CalibrationColumn::before).worst_ratio > 1.05);
}

TEST_CASE("a left-out point's prediction is that of a fit without it") {
  ValidationSet set = figure2_corners();
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  set.points.resize(3);  // the baseline's seq-32 and seq-512 points at batch 1 and one more
  CalibrationOptions options;
  options.fit = {"cpu_bandwidth_Bps"};
  const Calibration c = calibrate(set, a15, options);
  REQUIRE(c.leave_one_out);
  for (std::size_t k = 0; k < set.points.size(); ++k) {
    ValidationSet others = set;
    others.points.erase(others.points.begin() + static_cast<std::ptrdiff_t>(k));
    CalibrationOptions refit = options;
    refit.leave_one_out = false;
    const Calibration without = calibrate(others, a15, refit);
    ValidationSet alone = set;
    alone.points = {set.points[k]};
    alone.points[0].chip = without.after;
    alone.points[0].chip.name = "A15";
    const double predicted = run_validation(alone).front().predicted();
    CAPTURE(k);
    // The refit starts from the shipped value, the leave-one-out one from the full fit: the same
    // minimum to the solver's tolerance.
    CHECK(c.points[k].predicted_left_out == doctest::Approx(predicted).epsilon(1e-6));
  }
}

TEST_CASE("the calibrated chip file loads as the fitted chip") {
  ValidationSet set = figure2_corners();
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  CalibrationOptions options;
  options.fit = {"mac_efficiency", "cpu_op_overhead_s"};
  options.leave_one_out = false;
  const Calibration c = calibrate(set, a15, options);
  // A folder of its own: `base: A15` would resolve to an A15.yaml beside the file before the shipped one.
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "anesim_test_calibrated_chip";
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / "A15-calibrated.yaml";
  {
    std::ofstream out(path);
    write_calibrated_chip_file(out, c, "A15", "A15 calibrated");
  }
  const ChipSpec loaded = load_chip_file(path.string());
  std::filesystem::remove_all(dir);
  CHECK(loaded.name == "A15 calibrated");
  CHECK(loaded.base == "A15");
  for (const ChipField& f : chip_fields()) {
    CAPTURE(f.name);
    CHECK(chip_field_value(loaded, f) == chip_field_value(c.after, f));  // exact: shortest round-trip text
  }
  CHECK(loaded.power_states.size() == a15.power_states.size());
  // The same chip in the same devices, so its DRAM is still checked (a variant's would not be).
  CHECK(loaded.devices == a15.devices);
  CHECK(loaded.dram_device == "iPhone 13");
  CHECK(loaded.calibrated_to == "a15-figure2-corners.yaml, 8 points");
  CHECK(loaded.generation == "A15");
}

TEST_CASE("calibrated_to belongs to a copy of a base chip, not a variant or a base") {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "anesim_test_calibrated_keys";
  std::filesystem::create_directories(dir);
  const auto load = [&](const std::string& text) {
    std::ofstream(dir / "chip.yaml") << text;
    return load_chip_file((dir / "chip.yaml").string());
  };
  CHECK_THROWS_WITH_AS(load("base: A15\nname: x\nvariant: Pro\ncalibrated_to: \"f.yaml, 3 points\"\n"),
                       doctest::Contains("not a variant"), Error);
  CHECK_THROWS_WITH_AS(load("name: x\ncalibrated_to: \"f.yaml, 3 points\"\n"), doctest::Contains("only with its base"), Error);
  std::filesystem::remove_all(dir);
}

TEST_CASE("calibration inputs that cannot work are errors that say why") {
  const ValidationSet set = figure2_corners();
  const ChipSpec m4 = load_chip("M4", default_config_dir());
  CHECK_THROWS_WITH_AS(static_cast<void>(calibrate(set, m4)), doctest::Contains("no point"), Error);
  const ChipSpec a15 = load_chip("A15", default_config_dir());
  CalibrationOptions unknown;
  unknown.fit = {"mac_efficiency", "mac_eficiency"};
  CHECK_THROWS_WITH_AS(static_cast<void>(calibrate(set, a15, unknown)), doctest::Contains("no chip parameter 'mac_eficiency'"), Error);
  CalibrationOptions whole;
  whole.fit = {"cores"};
  CHECK_THROWS_WITH_AS(static_cast<void>(calibrate(set, a15, whole)), doctest::Contains("whole number"), Error);
  CalibrationOptions twice;
  twice.fit = {"mac_efficiency", "mac_efficiency"};
  CHECK_THROWS_WITH_AS(static_cast<void>(calibrate(set, a15, twice)), doctest::Contains("named twice"), Error);
}
