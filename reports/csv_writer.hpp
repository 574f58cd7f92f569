#pragma once
// RunResults as CSV, one row per run in the given order, for spreadsheets and pandas. Columns
// (csv_columns()): the run's labels, then the totals sim/result_fields.def marks for the CSV, in
// its order (SI units, as declared there).
// Numbers are written in their shortest round-trip form, so the same runs give byte-identical files.
#include <ostream>
#include <string>
#include <vector>

#include "sim/run_result.hpp"

namespace anesim {

[[nodiscard]] const std::vector<std::string>& csv_columns();
void write_csv(std::ostream& out, const std::vector<RunResult>& runs);
// The same file a row at a time, for a sweep that writes each point as it finishes: the header,
// then one row per run (a run with a non-finite number is an anesim::Error before its row).
void write_csv_header(std::ostream& out);
void write_csv_row(std::ostream& out, const RunResult& run);

}  // namespace anesim
