#pragma once
// RunResults as JSON (schema in README.md, "JSON output"). Numbers are written in their shortest
// round-trip form, keys in a fixed order, so the same run gives byte-identical files.
#include <cstddef>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "sim/run_result.hpp"

namespace anesim {

void write_json(std::ostream& out, const std::vector<RunResult>& runs, bool with_ops);

// The same text a run at a time, for a sweep that writes each point as it finishes; add() refuses
// a run with a non-finite number before writing any of it. finish() closes the document.
class JsonRunsWriter {
 public:
  JsonRunsWriter(std::ostream& out, bool with_ops);
  void add(const RunResult& run);
  void finish();

 private:
  std::ostream& out_;
  bool with_ops_;
  std::size_t count_ = 0;
  // Layout and totals of the first runs: a few runs may be one comparison (reports/comparison.hpp).
  std::vector<std::pair<std::string, RunTotals>> compared_;
};

}  // namespace anesim
