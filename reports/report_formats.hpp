#pragma once
// The report formats of reports/formats.def as lists the commands walk: `anesim sweep` opens
// every row format's file before the first point and writes every report format's after the
// last; `anesim run` offers a flag per run format.
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "reports/measured_points.hpp"
#include "sim/run_result.hpp"

namespace anesim {

// A file a sweep writes a row at a time, as its points finish; finish() ends the document (and
// may still refuse it: a non-finite ratio), before the file is committed.
class SweepRowWriter {
 public:
  virtual ~SweepRowWriter() = default;
  virtual void add(const RunResult& run) = 0;
  virtual void finish() = 0;
};

// What a report written after the sweep reads: the sweep's name and description, and the two sets
// of points its plan keeps, each with the notice that says what it leaves out (empty: nothing).
struct SweepReport {
  std::string title;
  std::string description;
  const std::vector<RunResult>* listed = nullptr;  // the first points, in sweep order (report.md's)
  std::string listed_notice;
  const std::vector<RunResult>* drawn = nullptr;  // a spread of seq and batch values (report.html's); op records kept
  std::string drawn_notice;
  const std::vector<MeasuredPoint>* measured = nullptr;  // device measurements to draw over the predictions, if any
};

#define ANESIM_SWEEP_ROWS(file, open) [[nodiscard]] std::unique_ptr<SweepRowWriter> open(std::ostream& out);
#define ANESIM_SWEEP_REPORT(file, write) void write(std::ostream& out, const SweepReport& report);
#define ANESIM_RUN_FORMAT(flag, name, help, write) void write(std::ostream& out, const std::vector<RunResult>& runs);
#include "reports/formats.def"

struct SweepRowsFormat {
  const char* file;
  std::unique_ptr<SweepRowWriter> (*open)(std::ostream&);
};
struct SweepReportFormat {
  const char* file;
  void (*write)(std::ostream&, const SweepReport&);
};
struct RunFormat {
  const char* flag;  // without the dashes
  const char* name;
  const char* help;
  void (*write)(std::ostream&, const std::vector<RunResult>&);
};

[[nodiscard]] std::span<const SweepRowsFormat> sweep_row_formats();
[[nodiscard]] std::span<const SweepReportFormat> sweep_report_formats();
[[nodiscard]] std::span<const RunFormat> run_formats();
// Every file a sweep writes, rows first, in formats.def's order.
[[nodiscard]] std::vector<std::string> sweep_files();

}  // namespace anesim
