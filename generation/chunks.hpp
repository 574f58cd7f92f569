#pragma once
// A model split into chunks: N models, each with its share of the layers and a weight window of
// its own (sim/device_fit.hpp: every weight the ANE reads must be mapped into the window, so a
// model whose weights exceed it runs on the CPU unless it is split). The rule `anesim generate
// --chunks N` runs and `anesim advise` quotes: each chunk after the first adds, per prediction,
// a program launch (program_dispatch_s), a completion wait (handover_sync_s) and the hidden
// state across the app boundary out of one chunk and into the next (sim/app_boundary.hpp).
#include <cstdint>

#include "chip/chip_spec.hpp"
#include "sim/app_boundary.hpp"

namespace anesim {

struct ChunkCost {
  double seconds = 0;  // the launches and waits
  BoundaryTraffic io;  // the hidden states handed across
};

// What `chunks` chunks add to a prediction of `tokens` positions in each of `batch` sequences of
// a model whose hidden state is `hidden_size` wide (fp16 in the engine, fp32 in the app).
[[nodiscard]] ChunkCost chunk_cost(const ChipSpec& chip, std::int64_t chunks, std::int64_t batch, std::int64_t tokens,
                                   std::int64_t hidden_size);
// The chip a chunked model runs on: N chunks hold N windows' worth of weights.
[[nodiscard]] ChipSpec chunked_chip(const ChipSpec& chip, std::int64_t chunks);
// Chunks `weight_bytes` need: ceil(weight_bytes / address_window_bytes), at least 1; 1 for a chip
// file that gives no window.
[[nodiscard]] std::int64_t chunks_needed(std::int64_t weight_bytes, const ChipSpec& chip);

}  // namespace anesim
