// The result fields are declared once (sim/result_fields.def): the README's tables and the CSV's
// columns must list exactly those, so a new field cannot be documented or written half-way.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "reports/csv_writer.hpp"
#include "sim/result_fields.hpp"

namespace {

struct TableRow {
  std::string name;
  std::string unit;
  std::string csv;  // the totals table's csv column ("yes" or empty); empty for the run fields
};

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line.substr(1));  // past the leading '|'
  std::string cell;
  while (std::getline(in, cell, '|')) {
    const auto first = cell.find_first_not_of(' ');
    const auto last = cell.find_last_not_of(' ');
    out.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return out;
}

// The rows of the README table whose header line is `header`, up to the first line not in it.
std::vector<TableRow> readme_table(const std::string& header) {
  std::ifstream readme(ANESIM_README_PATH);
  REQUIRE(readme);
  std::vector<TableRow> rows;
  std::string line;
  bool inside = false;
  while (std::getline(readme, line)) {
    if (line == header) {
      inside = true;
      std::getline(readme, line);  // the | --- | line
      continue;
    }
    if (!inside) continue;
    if (line.empty() || line[0] != '|') break;
    const std::vector<std::string> c = cells(line);
    REQUIRE(c.size() >= 3);
    std::string name = c[0];
    if (name.size() > 2 && name.front() == '`' && name.back() == '`') name = name.substr(1, name.size() - 2);
    rows.push_back({name, c[1], c.size() == 4 ? c[2] : ""});
  }
  return rows;
}

}  // namespace

TEST_CASE("the README's field tables list exactly the declared fields, in order, with their units") {
  std::vector<TableRow> declared_run;
  for (const auto& f : anesim::k_label_fields) declared_run.push_back({std::string(f.name), std::string(f.unit), ""});
  for (const auto& f : anesim::k_fit_fields) declared_run.push_back({std::string(f.name), std::string(f.unit), ""});
  const std::vector<TableRow> run = readme_table("| run field | unit | what |");
  REQUIRE(run.size() == declared_run.size());
  for (std::size_t i = 0; i < run.size(); ++i) {
    CAPTURE(declared_run[i].name);
    CHECK(run[i].name == declared_run[i].name);
    CHECK(run[i].unit == declared_run[i].unit);
  }

  const std::vector<TableRow> totals = readme_table("| total | unit | csv | what |");
  REQUIRE(totals.size() == anesim::k_total_fields.size());
  for (std::size_t i = 0; i < totals.size(); ++i) {
    const auto& f = anesim::k_total_fields[i];
    CAPTURE(f.name);
    CHECK(totals[i].name == f.name);
    CHECK(totals[i].unit == f.unit);
    CHECK(totals[i].csv == (f.in_csv ? "yes" : ""));
  }
}

TEST_CASE("the declaration holds the 11 labels, the fit and the 33 totals the JSON writes") {
  // model, chip, layout, batch, seq, phase, kv_len, weights, sparsity, power_state, ane_instances;
  // fits, fit_reason; latency_s ... avg_power_w as in a run's "totals" object.
  CHECK(anesim::k_label_fields.size() == 11);
  CHECK(anesim::k_fit_fields.size() == 2);
  REQUIRE(anesim::k_total_fields.size() == 33);
  CHECK(anesim::k_total_fields.front().name == "latency_s");
  CHECK(anesim::k_total_fields[22].name == "regime");
  CHECK(anesim::k_total_fields.back().name == "avg_power_w");
  // A default RunResult is a prefill at fp16 in the high state on one ANE instance, and fits.
  const anesim::RunResult r;
  CHECK(r.phase == "prefill");
  CHECK(r.weights == "fp16");
  CHECK(r.power_state == "high");
  CHECK(r.ane_instances == 1);
  CHECK(r.fits);
  CHECK(r.totals.regime == anesim::Regime::overhead);
}

TEST_CASE("the CSV writes the labels in their shipped order, then the totals marked for it") {
  // The header of every results.csv since the energy columns: 11 labels, 18 totals.
  std::ostringstream out;
  anesim::write_csv(out, {});
  CHECK(out.str() ==
        "model,chip,layout,phase,kv_len,weights,sparsity,power_state,ane_instances,batch,seq,latency_s,peak_memory_bytes,"
        "weight_bytes,constant_bytes,peak_activation_bytes,dram_read_bytes,dram_write_bytes,flops,ane_ops,cpu_ops,handovers,"
        "handover_s,regime,compute_share,bandwidth_share,overhead_share,energy_j,avg_power_w\n");
  // One hand-built run: a name with a comma is quoted, numbers in shortest round-trip form,
  // 3.85 ms as 0.00385, the regime by name.
  anesim::RunResult r;
  r.model = "my,model";
  r.chip = "A15";
  r.layout = "ane";
  r.batch = 8;
  r.seq = 512;
  r.totals.latency_s = 0.00385;
  r.totals.peak_memory_bytes = 123456789;
  r.totals.ane_ops = 262;
  r.totals.cpu_ops = 4;
  r.totals.regime = anesim::Regime::bandwidth;
  std::ostringstream row;
  anesim::write_csv_row(row, r);
  CHECK(row.str() == "\"my,model\",A15,ane,prefill,0,fp16,0,high,1,8,512,0.00385,123456789,0,0,0,0,0,0,262,4,0,0,bandwidth-bound,0,0,0,0,0\n");
}
