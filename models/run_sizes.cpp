#include "models/run_sizes.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/error.hpp"

namespace anesim {

std::int64_t default_kv_len(const ModelSpec& model) {
  return std::max<std::int64_t>(1, std::min(k_default_kv_len, model.position_limit() - 1));
}

void check_given_sizes(const ModelSpec& model, Phase phase, const GivenSizes& given) {
  const bool decode = phase == Phase::decode;
  if (given.kv_len && !decode) {
    throw Error(fmt::format("kv_len {} is not used: only a decode run has a KV cache", *given.kv_len),
                "set phase to decode, or leave kv_len out");
  }
  if (given.seq && decode) {
    throw Error(fmt::format("seq {} is not used: a decode run feeds one new token a sequence", *given.seq),
                "leave seq out, and set the cache with kv_len");
  }
  const std::int64_t fixed = model.fixed_sequence();
  if (given.seq && fixed > 0 && *given.seq != fixed) {
    const char* input = model.input == InputKind::image ? "image" : "audio";
    throw Error(fmt::format("seq {} is not used: {}'s {} input fixes its sequence at {} tokens", *given.seq, model.name, input, fixed),
                fmt::format("leave seq out, or set it to {}", fixed));
  }
}

}  // namespace anesim
