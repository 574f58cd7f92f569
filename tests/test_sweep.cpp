// Sweeps (sweep/, reports/csv_writer, reports/markdown_writer): the shipped figure2 sweep gives one
// CSV row per point in the documented order; the thread count changes no byte of the CSV, JSON or
// Markdown; a point run by the sweep equals the same point through simulate(); malformed sweep
// files are rejected by the loader (so before any point runs) with the sweep file's line.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/simulate.hpp"
#include "reports/csv_writer.hpp"
#include "reports/json_writer.hpp"
#include "reports/markdown_writer.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "sweep/sweep_runner.hpp"
#include "sweep/sweep_spec.hpp"

using namespace anesim;
namespace fs = std::filesystem;

namespace {

const SweepSpec& figure2() {
  static const SweepSpec spec = load_sweep("figure2", default_config_dir());
  return spec;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, ',');) out.push_back(field);
  return out;
}

std::string csv(const SweepResult& r) {
  std::ostringstream out;
  write_csv(out, r.points);
  return out.str();
}

std::string json(const std::vector<RunResult>& runs, bool with_ops) {
  std::ostringstream out;
  write_json(out, runs, with_ops);
  return out.str();
}

std::string markdown(const SweepResult& r) {
  std::ostringstream out;
  write_markdown(out, r.name, r.description, r.points);
  return out.str();
}

// The variants' folder, removed when the test program exits.
const fs::path& temp_dir() {
  struct Dir {
    fs::path path = fs::temp_directory_path() / ("anesim_test_sweep_" + std::to_string(getpid()));
    Dir() { fs::create_directories(path); }
    ~Dir() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  };
  static const Dir dir;
  return dir.path;
}

// figure2.yaml with one line replaced (`from` must occur in it), written to a temp file.
std::string variant(const std::string& name, const std::string& from, const std::string& to) {
  std::ifstream in(fs::path(default_config_dir()) / "sweeps" / "figure2.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const auto at = yaml.find(from);
  REQUIRE(at != std::string::npos);
  yaml.replace(at, from.size(), to);
  const fs::path path = temp_dir() / name;
  std::ofstream(path) << yaml;
  return path.string();
}

int line_containing(const std::string& path, const std::string& text) {
  std::ifstream in(path);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.find(text) != std::string::npos) return n;
  }
  return 0;
}

// Loading must throw; returns the error. A loader never runs a point, so a rejected file ran none.
Error rejected(const std::string& path) {
  try {
    (void)load_sweep_file(path, default_config_dir());
  } catch (const Error& e) {
    CHECK(e.where().file == path);
    return e;
  }
  FAIL("the sweep file was accepted: " << path);
  return Error("unreachable");
}

}  // namespace

TEST_CASE("figure2: 40 CSV rows in the documented column and point order") {
  const SweepResult result = run_sweep(figure2(), {.jobs = 1});
  CHECK(result.name == "figure2");
  const auto lines = lines_of(csv(result));
  // 1 chip x 1 model x 2 layouts x 5 seq x 4 batch = 40 points, plus the header.
  REQUIRE(lines.size() == 41);
  CHECK(lines[0] ==
        "model,chip,layout,phase,kv_len,weights,sparsity,power_state,ane_instances,batch,seq,latency_s,"
        "peak_memory_bytes,weight_bytes,constant_bytes,peak_activation_bytes,dram_read_bytes,dram_write_bytes,flops,ane_ops,cpu_ops,"
        "handovers,handover_s,app_io_s,app_io_bytes,regime,compute_share,bandwidth_share,overhead_share,energy_j,avg_power_w");
  // Order: layout (as listed: baseline, ane) outside seq outside batch: row i is layout i / 20,
  // seq index (i / 4) % 5, batch index i % 4.
  const std::vector<std::string> layouts{"baseline", "ane"};
  const std::vector<std::string> seqs{"32", "64", "128", "256", "512"};
  const std::vector<std::string> batches{"1", "2", "4", "8"};
  for (std::size_t i = 0; i < 40; ++i) {
    const auto f = fields_of(lines[i + 1]);
    REQUIRE(f.size() == 31);
    CHECK(f[0] == "distilbert");
    CHECK(f[1] == "A15");
    CHECK(f[2] == layouts[i / 20]);
    CHECK(f[3] == "prefill");
    CHECK(f[4] == "0");  // kv_len is not used by prefill
    CHECK(f[5] == "fp16");
    CHECK(f[6] == "0");
    CHECK(f[7] == "high");
    CHECK(f[8] == "1");
    CHECK(f[9] == batches[i % 4]);
    CHECK(f[10] == seqs[(i / 4) % 5]);
    CHECK(std::stod(f[11]) > 0);
    // The app boundary per sequence: seq int32 ids at 8 bytes, seq mask values at 6 (fp16 from the
    // app's fp32) and two logits at 6: 14 x seq + 12 bytes (1,804 at seq 128), times the batch.
    CHECK(std::stoll(f[24]) == std::stoll(batches[i % 4]) * (std::stoll(seqs[(i / 4) % 5]) * 14 + 12));  // app_io_bytes
    CHECK((f[25] == "compute-bound" || f[25] == "bandwidth-bound" || f[25] == "overhead-bound"));
    CHECK(std::stod(f[29]) > 0);  // energy_j
    CHECK(std::stod(f[30]) == doctest::Approx(std::stod(f[29]) / std::stod(f[11])));  // avg_power_w = energy / latency
  }
  // The Markdown report pairs every point's two layouts: 40 run rows and 20 ratio rows.
  const std::string md = markdown(result);
  CHECK(md.find("# figure2") == 0);
  CHECK(md.find("Every run: chip A15, model distilbert, weights fp16, phase prefill.") != std::string::npos);
  CHECK(md.find("## Baseline (B,S,C) over ANE (B,C,1,S) layout") != std::string::npos);
  std::size_t table_rows = 0;
  for (const auto& line : lines_of(md)) {
    // Data rows only: not the two header rows and their "| --- |" separators.
    const bool header = line.starts_with("| layout") || line.starts_with("| batch") || line.starts_with("| ---");
    table_rows += line.starts_with("| ") && !header ? 1 : 0;
  }
  CHECK(table_rows == 40 + 20);
}

TEST_CASE("the thread count changes no byte of the CSV, JSON or Markdown") {
  const SweepResult one = run_sweep(figure2(), {.jobs = 1});
  const SweepResult two = run_sweep(figure2(), {.jobs = 2});
  const SweepResult many = run_sweep(figure2(), {.jobs = 7});
  CHECK(csv(one) == csv(two));
  CHECK(csv(one) == csv(many));
  CHECK(json(one.points, false) == json(two.points, false));
  CHECK(json(one.points, true) == json(two.points, true));
  CHECK(markdown(one) == markdown(two));
}

TEST_CASE("a sweep point equals the same run through simulate()") {
  // The runner builds each graph once for every chip instead of calling simulate(); the two must
  // agree on every number and label, ops included.
  const SweepResult result = run_sweep(figure2(), {.jobs = 2});
  const auto points = sweep_points(figure2());
  REQUIRE(points.size() == result.points.size());
  const ModelSpec& model = figure2().models.front();
  const ChipSpec& chip = figure2().chips.front();
  for (const std::size_t i : {std::size_t{0}, std::size_t{10}, std::size_t{39}}) {
    RunRequest request;
    request.layout = points[i].layout;
    request.seq = points[i].seq;
    request.batch = points[i].batch;
    CHECK(json({simulate(model, chip, request)}, true) == json({result.points[i]}, true));
  }
}

TEST_CASE("sweep order: chips outermost, batch innermost; prefill has one kv_len, decode one seq") {
  const std::string path = variant("order.yaml", "chips: [A15]", "chips: [A15, M4]");
  const SweepSpec spec = load_sweep_file(path, default_config_dir());
  const auto points = sweep_points(spec);
  REQUIRE(points.size() == 80);
  CHECK(points[0].chip == 0);
  CHECK(points[40].chip == 1);
  CHECK(points[1].batch == 2);
  CHECK(points[4].seq == 64);
  CHECK(points[20].layout == "ane");

  std::ofstream(path) << "name: decoder\ndescription: d\nchips: [M4]\nmodels: [qwen2.5-0.5b]\nlayouts: [ane]\n"
                         "seq: [16, 32]\nbatch: [1]\nphase: [prefill, decode]\nkv_len: [256, 512]\n";
  const auto mixed = sweep_points(load_sweep_file(path, default_config_dir()));
  REQUIRE(mixed.size() == 4);  // prefill x seq 16, 32; decode x kv_len 256, 512
  CHECK((mixed[0].phase == "prefill" && mixed[0].seq == 16 && mixed[0].kv_len == 0));
  CHECK((mixed[1].phase == "prefill" && mixed[1].seq == 32));
  CHECK((mixed[2].phase == "decode" && mixed[2].seq == 1 && mixed[2].kv_len == 256));
  CHECK((mixed[3].phase == "decode" && mixed[3].kv_len == 512));
}

TEST_CASE("a decode sweep without kv_len takes a default every model can hold") {
  const std::string path = variant("decode_default.yaml", "chips: [A15]", "chips: [A15]");
  std::ofstream(path) << "name: d\ndescription: d\nchips: [M4]\nmodels: [gpt2, qwen2.5-0.5b]\nlayouts: [ane]\n"
                         "seq: [16]\nbatch: [1]\nphase: [decode]\n";
  CHECK(load_sweep_file(path, default_config_dir()).kv_lens == std::vector<std::int64_t>{1023});  // gpt2: 1024 positions
  std::ofstream(path) << "name: d\ndescription: d\nchips: [M4]\nmodels: [qwen2.5-0.5b]\nlayouts: [ane]\n"
                         "seq: [16]\nbatch: [1]\nphase: [decode]\n";
  CHECK(load_sweep_file(path, default_config_dir()).kv_lens == std::vector<std::int64_t>{1024});
}

TEST_CASE("malformed sweep files are rejected with the sweep file's line before any point runs") {
  SUBCASE("unknown axis, with the nearest valid key") {
    const std::string path = variant("unknown_axis.yaml", "batch: [1, 2, 4, 8]", "batch: [1, 2, 4, 8]\nweight: [int8]");
    const Error e = rejected(path);
    CHECK(e.message() == "unknown key 'weight'");
    CHECK(e.hint().find("did you mean 'weights'?") != std::string::npos);
    CHECK(e.where().line == line_containing(path, "weight:"));
  }
  SUBCASE("empty axis") {
    const std::string path = variant("empty_axis.yaml", "seq: [32, 64, 128, 256, 512]", "seq: []");
    const Error e = rejected(path);
    CHECK(e.message().find("key 'seq'") != std::string::npos);
    CHECK(e.message().find("empty") != std::string::npos);
    CHECK(e.where().line == line_containing(path, "seq:"));
  }
  SUBCASE("unknown chip, in a block list: the item's own line") {
    const std::string path = variant("unknown_chip.yaml", "chips: [A15]", "chips:\n  - A15\n  - A99");
    const Error e = rejected(path);
    CHECK(e.message().find("unknown chip 'A99'") != std::string::npos);
    CHECK(e.hint().find("A15") != std::string::npos);  // lists the shipped names
    CHECK(e.where().line == line_containing(path, "- A99"));
    CHECK(e.where().column == 5);
  }
  SUBCASE("unknown model") {
    const std::string path = variant("unknown_model.yaml", "models: [distilbert]", "models: [distilbart]");
    const Error e = rejected(path);
    CHECK(e.message().find("unknown model 'distilbart'") != std::string::npos);
    CHECK(e.where().line == line_containing(path, "models:"));
  }
  SUBCASE("unknown layout, with the nearest valid one") {
    const std::string path = variant("unknown_layout.yaml", "layouts: [baseline, ane]", "layouts: [baseline, anee]");
    const Error e = rejected(path);
    CHECK(e.hint().find("did you mean 'ane'?") != std::string::npos);
    CHECK(e.where().line == line_containing(path, "layouts:"));
    CHECK(e.where().column == 21);  // `layouts: [baseline, anee]`: the bad item, not the key
  }
  SUBCASE("a size the model cannot take") {
    const std::string path = variant("too_long.yaml", "seq: [32, 64, 128, 256, 512]", "seq: [32, 1024]");
    const Error e = rejected(path);
    CHECK(e.message().find("exceeds distilbert's 512 positions") != std::string::npos);
    CHECK(e.where().line == line_containing(path, "seq:"));
  }
  SUBCASE("kv_len in a sweep without decode points: it would be ignored") {
    const std::string path = variant("prefill_kv.yaml", "batch: [1, 2, 4, 8]", "batch: [1]\nkv_len: [256]");
    const Error e = rejected(path);
    CHECK(e.message() == "key 'kv_len': only decode points have a KV cache, and `phase` has no decode: the axis would be ignored");
    CHECK(e.hint() == "add decode to `phase`, or leave kv_len out");
    CHECK(e.where().line == line_containing(path, "kv_len:"));
  }
  SUBCASE("decode asked of an encoder") {
    const std::string path = variant("decode_encoder.yaml", "batch: [1, 2, 4, 8]", "batch: [1]\nphase: [decode]");
    const Error e = rejected(path);
    CHECK(e.message().find("encoder") != std::string::npos);
    CHECK(e.where().line == line_containing(path, "phase:"));
  }
}

TEST_CASE("an error in a point is rethrown after the threads join, naming the point") {
  // A spec built by hand skips the loader's checks: seq 100000 fails in the graph builder.
  SweepSpec spec = figure2();
  spec.layouts = {"baseline"};
  spec.seqs = {64, 100000};
  spec.batches = {1, 2};
  try {
    (void)run_sweep(spec, {.jobs = 2});
    FAIL("the sweep did not fail");
  } catch (const Error& e) {
    CHECK(e.message().find("exceeds") != std::string::npos);
    // The first failing point in sweep order, whatever thread ran it.
    CHECK(e.message().find("seq 100000, batch 1)") != std::string::npos);
  }
}

TEST_CASE("ranges of a sweep, run apart and joined, equal the whole sweep") {
  // The Dask path: contiguous ranges run anywhere and concatenated. The generations sweep has one
  // graph per layout run on 26 chips, so a range can cut one graph's chips in two (at 7 and 30).
  const SweepSpec spec = load_sweep("generations", default_config_dir());
  REQUIRE(sweep_size(spec) == sweep_points(spec).size());
  const SweepResult whole = run_sweep(spec, SweepOptions{.jobs = 2, .progress = nullptr, .keep_ops = false});
  std::vector<RunResult> joined;
  const std::vector<std::size_t> cuts{0, 7, 30, sweep_size(spec)};
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const SweepResult part = run_sweep_range(spec, cuts[i], cuts[i + 1], SweepOptions{.jobs = 1, .progress = nullptr, .keep_ops = false});
    CHECK(part.points.size() == cuts[i + 1] - cuts[i]);
    joined.insert(joined.end(), part.points.begin(), part.points.end());
  }
  REQUIRE(joined.size() == whole.points.size());
  for (std::size_t i = 0; i < joined.size(); ++i) {
    INFO("point " << i);
    CHECK(joined[i].chip == whole.points[i].chip);
    CHECK(joined[i].layout == whole.points[i].layout);
    CHECK(joined[i].totals.latency_s == whole.points[i].totals.latency_s);
    CHECK(joined[i].totals.peak_memory_bytes == whole.points[i].totals.peak_memory_bytes);
  }
  CHECK_THROWS_AS((void)run_sweep_range(spec, 5, 4), Error);
  CHECK_THROWS_AS((void)run_sweep_range(spec, 0, sweep_size(spec) + 1), Error);
}

TEST_CASE("a power_state axis runs every chip in each state, right after the chip in sweep order") {
  const std::string text =
      "name: states\ndescription: two chips, two states\nchips: [A15, M1]\nmodels: [distilbert]\n"
      "layouts: [ane]\nseq: [128]\nbatch: [1]\npower_state: [high, low]\n";
  const SweepSpec spec = load_sweep_text(text, "<states>", default_config_dir());
  const SweepResult r = run_sweep(spec, {.jobs = 2});
  REQUIRE(r.points.size() == 4);
  const std::vector<std::pair<std::string, std::string>> order{{"A15", "high"}, {"A15", "low"}, {"M1", "high"}, {"M1", "low"}};
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(r.points[i].chip == order[i].first);
    CHECK(r.points[i].power_state == order[i].second);
    CHECK(sweep_points(spec)[i].power_state == order[i].second);
  }
  // The A15 low point is the seed's second operating point, as `anesim run --power-state low`.
  RunRequest low;
  low.power_state = "low";
  const RunResult direct = simulate(spec.models[0], spec.chips[0], low);
  CHECK(r.points[1].totals.latency_s == direct.totals.latency_s);
  CHECK(r.points[1].totals.energy_j == direct.totals.energy_j);
  CHECK(r.points[1].totals.latency_s > 2 * r.points[0].totals.latency_s);

  try {
    (void)load_sweep_text(text.substr(0, text.find("power_state")) + "power_state: [high, turbo]\n", "<states>",
                          default_config_dir());
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("chip A15 has no power state 'turbo'") != std::string::npos);
    CHECK(e.hint().find("high, low") != std::string::npos);
    CHECK(e.where().line == 8);
    CHECK(e.where().column == 21);  // the bad item
  }
}
