// The report formats are reports/formats.def's list (reports/report_formats.hpp): `anesim sweep`
// writes each listed file and `anesim run` offers each run format, and each entry writes what its
// writer writes.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "reports/csv_writer.hpp"
#include "reports/json_writer.hpp"
#include "reports/markdown_writer.hpp"
#include "reports/report_formats.hpp"
#include "tests/run_points.hpp"

using namespace anesim;

namespace {

RunResult point(const std::string& layout, double latency_s) { return test::distilbert_point(layout, latency_s, 100'000'000); }

template <typename Format>
const Format* find(std::span<const Format> formats, const std::string& file) {
  for (const Format& f : formats)
    if (file == f.file) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("a sweep writes formats.def's files, rows first") {
  CHECK(sweep_files() == std::vector<std::string>{"results.csv", "results.json", "report.md", "report.html"});
  REQUIRE(run_formats().size() == 1);
  CHECK(std::string(run_formats()[0].flag) == "json");
}

TEST_CASE("the row formats write what their writers write at once") {
  const std::vector<RunResult> runs{point("baseline", 0.01), point("ane", 0.004)};
  for (const char* file : {"results.csv", "results.json"}) {
    const SweepRowsFormat* format = find(sweep_row_formats(), file);
    REQUIRE(format != nullptr);
    std::ostringstream rows, whole;
    const auto writer = format->open(rows);
    for (const RunResult& r : runs) writer->add(r);
    writer->finish();
    if (std::string(file) == "results.csv") write_csv(whole, runs);
    else write_json(whole, runs, false);  // a sweep's JSON has no op records
    CHECK_MESSAGE(rows.str() == whole.str(), file);
  }
}

TEST_CASE("report.md says what the plan left out under the description") {
  const std::vector<RunResult> runs{point("ane", 0.004)};
  const SweepReport report{"study", "What it shows.", &runs, "This report lists the first 1 of 2 points.", &runs, "", nullptr};
  const SweepReportFormat* format = find(sweep_report_formats(), "report.md");
  REQUIRE(format != nullptr);
  std::ostringstream via_format, direct;
  format->write(via_format, report);
  write_markdown(direct, "study", "What it shows.\n\nThis report lists the first 1 of 2 points.", runs);
  CHECK(via_format.str() == direct.str());
}
