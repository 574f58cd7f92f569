#include <map>

#include "models/layout_strategy.hpp"
#include "sim/error.hpp"

namespace anesim {

namespace {
std::map<std::string, LayoutFactory>& registry() {
  static std::map<std::string, LayoutFactory> factories;
  return factories;
}
}  // namespace

LayoutRegistration::LayoutRegistration(const std::string& name, LayoutFactory factory) {
  registry().emplace(name, std::move(factory));
}

std::vector<std::string> layout_names() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : registry()) names.push_back(name);
  return names;
}

std::unique_ptr<LayoutStrategy> make_layout(const std::string& name) {
  const auto it = registry().find(name);
  if (it == registry().end()) {
    std::string valid;
    for (const auto& n : layout_names()) valid += (valid.empty() ? "" : ", ") + n;
    throw Error("unknown layout '" + name + "'", "valid layouts: " + valid);
  }
  return it->second();
}

OpAttrs scalar_attrs(double value) {
  OpAttrs a;
  a.scalar = value;
  a.has_scalar = true;
  return a;
}

OpAttrs axis_attrs(std::int64_t axis) {
  OpAttrs a;
  a.axis = axis;
  return a;
}

OpAttrs ints_attrs(std::vector<std::int64_t> ints) {
  OpAttrs a;
  a.ints = std::move(ints);
  return a;
}

}  // namespace anesim
