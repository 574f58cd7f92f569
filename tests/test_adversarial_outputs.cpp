// Issue 16's adversarial results: a number that is not finite never reaches a JSON or CSV writer
// (a bare `inf` made --json unreadable with exit 0).
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <sstream>

#include "reports/csv_writer.hpp"
#include "reports/json_text.hpp"
#include "reports/json_writer.hpp"
#include "core/error.hpp"

using namespace anesim;

namespace {
RunResult run_with_latency(const char* layout, double latency_s) {
  RunResult r;
  r.model = "gpt2";
  r.chip = "A15";
  r.layout = layout;
  r.totals.latency_s = latency_s;
  return r;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("a result that is not finite is an error before the JSON or CSV writer writes a byte") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<RunResult> runs{run_with_latency("ane", inf)};
  std::ostringstream json, csv;
  CHECK(error_of([&] { write_json(json, runs, false); })
            .find("the result of 'gpt2' on 'A15' (ane layout) has totals.latency_s = inf, not a finite number") !=
        std::string::npos);
  CHECK(json.str().empty());
  CHECK(error_of([&] { write_csv(csv, runs); }).find("has totals.latency_s = inf") != std::string::npos);
  CHECK(csv.str().empty());

  RunResult nan_op = run_with_latency("ane", 1e-3);
  nan_op.ops.emplace_back();
  nan_op.ops.back().energy_j = std::nan("");
  CHECK(error_of([&] { write_json(json, {nan_op}, true); }).find("energy_j = nan, not a finite number") != std::string::npos);
  // Without op records the same run is written.
  CHECK(error_of([&] { write_json(json, {nan_op}, false); }) == "no error");

  // The baseline / ane ratios: finite latencies may still divide to inf.
  CHECK(error_of([&] { write_json(json, {run_with_latency("baseline", 1e300), run_with_latency("ane", 1e-300)}, false); })
            .find("the baseline / ane ratio of latency is inf") != std::string::npos);
}

TEST_CASE("JSON strings are always UTF-8: well-formed characters are kept, a stray byte is U+FFFD") {
  CHECK(json_quoted("caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x98\x80") == "\"caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x98\x80\"");
  CHECK(json_quoted("gpt\xff" "2") == "\"gpt\\ufffd2\"");
  CHECK(json_quoted("\xc0\xaf") == "\"\\ufffd\\ufffd\"");      // an overlong '/'
  CHECK(json_quoted("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");  // a surrogate
  CHECK(json_quoted(std::string_view("a\0b", 3)) == "\"a\\u0000b\"");
}
