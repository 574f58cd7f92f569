// ConfigNode's look-up of its own keys. yaml-cpp finds a key in a mapping by converting every key
// before it to a string and comparing, and the sixty-odd fields of a chip file are each asked for
// two or three times: an index of the mapping's keys, made once, took 0.4 M instructions off an
// `anesim run` (12.45 -> 12.05 M; issue 22). It answers as yaml-cpp's own search does: the first
// scalar key with that text.
#include "core/config_node.hpp"

namespace anesim {

bool ConfigNode::has_own(const std::string& key) const { return static_cast<bool>(own_value(key)); }

YAML::Node ConfigNode::own_value(const std::string& key) const {
  const YAML::Node& node = m_node;  // the const operator[] never inserts
  if (!node.IsMap()) return node[key];
  if (!m_index) {
    auto index = std::make_shared<std::map<std::string, YAML::Node>>();
    for (const auto& entry : node) {
      if (entry.first.IsScalar()) index->try_emplace(entry.first.Scalar(), entry.second);
    }
    m_index = std::move(index);
  }
  const auto found = m_index->find(key);
  return found == m_index->end() ? YAML::Node(YAML::NodeType::Undefined) : found->second;
}

}  // namespace anesim
