// ConfigNode's look-up of its own keys. The sixty-odd fields of a chip file are each asked for
// two or three times, so a mapping's keys are sorted once, on the first look-up, and searched by
// halves. It answers as a scan in file order would: the first key with that text (a file's keys
// are distinct, load_string checks; a Python dict's are too).
#include <algorithm>

#include "core/config_node.hpp"

namespace anesim {

bool ConfigNode::has_own(const std::string& key) const { return own_value(key) != nullptr; }

const ConfigValue* ConfigNode::own_value(const std::string& key) const {
  if (!m_node->is_mapping()) return nullptr;
  if (!m_index) {
    auto index = std::make_shared<std::vector<std::pair<std::string_view, const ConfigValue*>>>();
    index->reserve(m_node->entries.size());
    for (const ConfigEntry& entry : m_node->entries) {
      if (entry.key.is_scalar()) index->emplace_back(entry.key.text, &entry.value);
    }
    std::stable_sort(index->begin(), index->end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    m_index = std::move(index);
  }
  const auto found = std::lower_bound(m_index->begin(), m_index->end(), std::string_view(key),
                                      [](const auto& entry, std::string_view k) { return entry.first < k; });
  return found == m_index->end() || found->first != key ? nullptr : found->second;
}

}  // namespace anesim
