#include "generation/chunks.hpp"

#include <algorithm>

namespace anesim {

ChunkCost chunk_cost(const ChipSpec& chip, std::int64_t chunks, std::int64_t batch, std::int64_t tokens,
                     std::int64_t hidden_size) {
  const std::int64_t borders = chunks - 1;
  ChunkCost c;
  c.seconds = static_cast<double>(borders) * (chip.program_dispatch_s + chip.handover_sync_s);
  const BoundaryTraffic hidden = tensor_crossing(batch * tokens * hidden_size, DType::fp16);
  for (std::int64_t i = 0; i < 2 * borders; ++i) c.io += hidden;  // out of one chunk, into the next
  return c;
}

ChipSpec chunked_chip(const ChipSpec& chip, std::int64_t chunks) {
  ChipSpec c = chip;
  if (c.address_window_bytes > 0) c.address_window_bytes *= chunks;
  return c;
}

std::int64_t chunks_needed(std::int64_t weight_bytes, const ChipSpec& chip) {
  const std::int64_t window = chip.address_window_bytes;
  return window > 0 ? std::max<std::int64_t>(1, (weight_bytes + window - 1) / window) : 1;
}

}  // namespace anesim
