#include "models/run_sizes.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/error.hpp"
#include "models/onnx/onnx_import.hpp"

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
    if (model.onnx) {
      throw Error(fmt::format("seq {} is not used: {}'s inputs have no sequence axis", *given.seq, model.name),
                  "leave seq out (an axis named seq, or a token input's second, is one)");
    }
    const char* input = model.input == InputKind::image ? "image" : "audio";
    throw Error(fmt::format("seq {} is not used: {}'s {} input fixes its sequence at {} tokens", *given.seq, model.name, input, fixed),
                fmt::format("leave seq out, or set it to {}", fixed));
  }
}

void check_dim_bindings(const ModelSpec& model, const DimBindings& dims) {
  if (dims.empty()) return;
  if (!model.onnx) {
    throw Error(fmt::format("dims bind the symbolic axes of an ONNX file, and {} is not one", model.name),
                "drop --dim (a sweep's dims, Python's dims=), or give a .onnx model", {model.source_file, 0, 0});
  }
  const std::vector<std::string> symbols = onnx_dim_symbols(*model.onnx);
  for (const auto& [name, value] : dims) {
    if (value < 1 || value > k_max_dim) {
      throw Error(fmt::format("dim {}={} is out of range", name, value), fmt::format("bind it to 1 to {}", k_max_dim));
    }
    if (std::find(symbols.begin(), symbols.end(), name) == symbols.end()) {
      std::string list;
      for (const std::string& s : symbols) list += (list.empty() ? "'" : ", '") + s + "'";
      throw Error(fmt::format("dim '{}' names no symbolic axis of {}'s inputs", name, model.name),
                  symbols.empty() ? "the file's inputs have fixed sizes only: drop the binding"
                                  : "its symbolic axes are " + list, {model.onnx->path, 0, 0});
    }
  }
}

}  // namespace anesim
