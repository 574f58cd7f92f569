#pragma once
// What one simulated inference produced: totals and one record per op. Report writers read only
// this. SI units throughout.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/name_arena.hpp"
#include "ir/dtype.hpp"
#include "sim/run_choices.hpp"
#include "sim/lower/program.hpp"
#include "sim/timing/regime.hpp"

namespace anesim {

// The names of a run's op records: a graph op's record names it from the graph's own arena; the
// steps the lowering added (rule 3's transposes) have names of the run's own.
struct OpRecordNameStore {
  std::shared_ptr<const NameArena> graph_names;
  NameArena added;
};

// One step of the run, one member per ANESIM_OP line of sim/result_fields.def (docs there); the
// ANESIM_OP_DERIVED values are the methods below.
struct OpRecord {
#define ANESIM_OP(type, name, init, unit, json, doc) type name = init;
#include "sim/result_fields.def"

  [[nodiscard]] double latency_s() const { return end_s - start_s; }
  [[nodiscard]] bool l2_hit() const { return l2_misses == 0 && l2_hits > 0; }
};

// What the run cost, one member per ANESIM_TOTAL line of sim/result_fields.def (their docs are there).
struct RunTotals {
#define ANESIM_TOTAL(type, name, init, unit, csv, doc) type name = init;
#include "sim/result_fields.def"
};

struct RunResult {
  // The labels and the device fit, one member per ANESIM_LABEL and ANESIM_FIT line of
  // sim/result_fields.def; the labels are filled by whoever asked for the run (the executor does
  // not know the model), the fit by sim/device_fit.hpp.
#define ANESIM_LABEL(type, name, init, unit, csv, doc) type name = init;
#define ANESIM_FIT(type, name, init, unit, csv, doc) type name = init;
#include "sim/result_fields.def"

  RunTotals totals;
  // The ops of kind `unsupported` (an imported ONNX graph's operators `--unsupported cpu` placed on
  // the CPU) by ONNX operator type; empty for every other run, and then not reported.
  std::map<std::string, std::int32_t> unsupported_ops;
  std::vector<OpRecord> ops;  // in execution order
  // Where the records' names live, shared by copies of the result: a heap string per record was a
  // tenth of a distilbert simulation (issue 7), and copying them into an arena of the run's own
  // still 2 % (graph_names keeps the graph's tensor names alive too).
  std::shared_ptr<const OpRecordNameStore> op_names;
};

}  // namespace anesim
