// The units people read in tables: a huge latency prints in a few characters (a 1e307 s latency
// was 308 digits in the text table), and every size the shipped models reach prints as before.
#include <doctest/doctest.h>

#include "reports/units.hpp"

using namespace anesim;

TEST_CASE("huge latencies print in a few characters; every shipped size prints as before") {
  CHECK(format_seconds(1e307) == "1e+307 s");
  CHECK(format_seconds(-2.5e9) == "-2.5e+09 s");
  CHECK(format_seconds(1e6) == "1e+06 s");
  CHECK(format_seconds(999999) == "999999 s");
  CHECK(format_seconds(123.4) == "123 s");
  CHECK(format_seconds(3.47e-3) == "3.47 ms");
}
