#pragma once
// RunResults as a Chrome trace-event JSON file (the "JSON Object Format": {"traceEvents": [...]}),
// which Perfetto (ui.perfetto.dev) and chrome://tracing open. Reads only RunResult.
//
// One process per run, pid 1, 2, ... in the order given (the CLI's --layout both gives pid 1
// baseline, pid 2 ane), named by a "process_name" metadata event: model, chip, layout, batch, seq.
// Tracks (tid), each named by a "thread_name" metadata event, only those a run uses:
//   1        "CPU"        one event per CPU op
//   2        "hand-over"  border time (OpRecord::border_s), the interval just before the op's start
//   3        "DMA"        one event spanning each ANE op that moves DRAM bytes, named after the op
//   10 + k   "ANE core k" an ANE op occupies cores 0 .. cores_used-1, one event on each
// Ops with free == true (elided relabels) are skipped. Events are "X" (complete) events with ts and
// dur in microseconds; args hold kind, engine, flops, dram_read_bytes, dram_write_bytes,
// padded_bytes, logical_bytes, regime (a hand-over event has kind "hand-over", zero flops and
// bytes, and is overhead-bound). Ops run one after another, so events never overlap on a track.
// Keys are in a fixed order and numbers in their shortest round-trip form: the same runs give
// byte-identical output.
#include <ostream>
#include <vector>

#include "sim/run_result.hpp"

namespace anesim {

void write_trace(std::ostream& out, const std::vector<RunResult>& runs);

}  // namespace anesim
