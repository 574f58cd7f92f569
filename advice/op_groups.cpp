#include "advice/op_groups.hpp"

#include <unordered_map>

namespace anesim {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::string folded_op_name(std::string_view name) {
  // '.' parts a builder's names and a Hugging Face export's ("layer.3."), '/' torch.onnx.export's
  // node names ("/encoder/layers/encoder_layer_0/").
  for (std::size_t dot = name.find_first_of("./"); dot != std::string_view::npos; dot = name.find_first_of("./", dot + 1)) {
    if (dot == 0 || !is_digit(name[dot - 1])) continue;
    std::size_t first = dot - 1;  // the index's first digit
    while (first > 0 && is_digit(name[first - 1])) --first;
    return std::string(name.substr(0, first)) + "*" + std::string(name.substr(dot));
  }
  return std::string(name);
}

std::vector<OpGroup> fold_op_names(const std::vector<std::string_view>& names) {
  std::vector<OpGroup> groups;
  std::unordered_map<std::string, std::size_t> index_of;
  for (const std::string_view name : names) {
    std::string folded = folded_op_name(name);
    const auto [it, added] = index_of.try_emplace(folded, groups.size());
    if (added) groups.push_back({std::move(folded), 0});
    ++groups[it->second].count;
  }
  return groups;
}

}  // namespace anesim
