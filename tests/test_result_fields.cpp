// The result fields are declared once (sim/result_fields.def): the README's tables, the CSV's
// columns and the JSON's op records must list exactly those, so a new field cannot be documented
// or written half-way.
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "reports/csv_writer.hpp"
#include "reports/json_writer.hpp"
#include "sim/result_fields.hpp"

namespace {

struct TableRow {
  std::string name;
  std::string unit;
  std::string flag;  // the csv or json column ("yes" or empty); empty for the run fields
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

// The README table under `header` against the declared rows, one by one.
void check_table(const std::string& header, const std::vector<TableRow>& declared) {
  const std::vector<TableRow> rows = readme_table(header);
  REQUIRE(rows.size() == declared.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(declared[i].name);
    CHECK(rows[i].name == declared[i].name);
    CHECK(rows[i].unit == declared[i].unit);
    CHECK(rows[i].flag == declared[i].flag);
  }
}

template <class Fields, class Flag>
void append_rows(std::vector<TableRow>& rows, const Fields& fields, Flag flag) {
  for (const auto& f : fields) rows.push_back({std::string(f.name), std::string(f.unit), flag(f) ? "yes" : ""});
}

}  // namespace

TEST_CASE("the README's field tables list exactly the declared fields, in order, with their units") {
  const auto none = [](const auto&) { return false; };
  std::vector<TableRow> run;
  append_rows(run, anesim::k_label_fields, none);
  append_rows(run, anesim::k_fit_fields, none);
  check_table("| run field | unit | what |", run);

  std::vector<TableRow> totals;
  append_rows(totals, anesim::k_total_fields, [](const anesim::ResultField& f) { return f.in_csv; });
  check_table("| total | unit | csv | what |", totals);

  std::vector<TableRow> ops;
  append_rows(ops, anesim::k_op_fields, [](const anesim::OpField& f) { return f.in_json; });
  check_table("| op record field | unit | json | what |", ops);
}

TEST_CASE("the declaration holds the 11 labels, the fit and the 35 totals the JSON writes") {
  // model, chip, layout, batch, seq, phase, kv_len, weights, sparsity, power_state, ane_instances;
  // fits, fit_reason; latency_s ... avg_power_w as in a run's "totals" object.
  CHECK(anesim::k_label_fields.size() == 11);
  CHECK(anesim::k_fit_fields.size() == 2);
  REQUIRE(anesim::k_total_fields.size() == 35);
  CHECK(anesim::k_total_fields.front().name == "latency_s");
  CHECK(anesim::k_total_fields[22].name == "app_io_s");  // the app boundary, after the hand-overs
  CHECK(anesim::k_total_fields[23].name == "app_io_bytes");
  CHECK(anesim::k_total_fields[24].name == "regime");
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
  // The header of every results.csv since the app boundary's columns: 11 labels, 20 totals.
  std::ostringstream out;
  anesim::write_csv(out, {});
  CHECK(out.str() ==
        "model,chip,layout,phase,kv_len,weights,sparsity,power_state,ane_instances,batch,seq,latency_s,peak_memory_bytes,"
        "weight_bytes,constant_bytes,peak_activation_bytes,dram_read_bytes,dram_write_bytes,flops,ane_ops,cpu_ops,handovers,"
        "handover_s,app_io_s,app_io_bytes,regime,compute_share,bandwidth_share,overhead_share,energy_j,avg_power_w\n");
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
  CHECK(row.str() == "\"my,model\",A15,ane,prefill,0,fp16,0,high,1,8,512,0.00385,123456789,0,0,0,0,0,0,262,4,0,0,0,0,bandwidth-bound,0,0,0,0,0\n");
}

TEST_CASE("a JSON op record carries the fields marked json, in declared order") {
  // 24 op fields, of which latency_s, l2_hits and l2_misses are Python's alone: 21 in the JSON,
  // with l2_hit (1 hit, 0 misses: true) where the two counts sit.
  anesim::RunResult r;
  anesim::OpRecord op;
  op.name = anesim::Name(std::string_view("layer0.q_proj"));
  op.kind = "conv";
  op.end_s = 2.5e-05;
  op.l2_hits = 1;
  op.regime = anesim::Regime::compute;
  r.ops.push_back(op);
  std::ostringstream out;
  anesim::write_json(out, {r}, true);
  const std::string expected =
      "{\"name\": \"layer0.q_proj\", \"kind\": \"conv\", \"engine\": \"ANE\", \"start_s\": 0, \"end_s\": 2.5e-05, "
      "\"border_s\": 0, \"mac_flops\": 0, \"vector_flops\": 0, \"weight_bytes\": 0, \"dram_read_bytes\": 0, "
      "\"dram_write_bytes\": 0, \"l2_bytes\": 0, \"l2_hit\": true, \"free\": false, \"copies\": false, \"transposes\": 0, "
      "\"logical_bytes\": 0, \"padded_bytes\": 0, \"cores_used\": 0, \"regime\": \"compute-bound\", \"energy_j\": 0}";
  CHECK(out.str().find(expected) != std::string::npos);
  std::size_t in_json = 0;
  for (const auto& f : anesim::k_op_fields) in_json += f.in_json ? 1 : 0;
  CHECK(anesim::k_op_fields.size() == 24);
  CHECK(in_json == 21);
}
