
#include "models/layout_strategy.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>

#include "core/choice_list.hpp"
#include "core/error.hpp"
#include "models/layout_catalogue.hpp"

namespace anesim {

namespace {
struct LayoutEntry {
  const char* name;
  const char* label;
  const char* shape;
  std::unique_ptr<LayoutStrategy> (*make)();
};
// An explicit list, not static initialisers in each strategy's file: a static library keeps only
// the objects something references, so self-registration would silently drop a layout.
constexpr LayoutEntry k_layouts[] = {
#define ANESIM_LAYOUT(name, label, shape, factory) {name, label, shape, &factory},
#include "models/layouts.def"
};

constexpr std::string_view k_references[] = {
#define ANESIM_REFERENCE_LAYOUT(name) name,
#include "models/layouts.def"
};
static_assert(std::size(k_references) == 1, "layouts.def names one reference layout");

constexpr bool listed(std::string_view name) {
  for (const auto& entry : k_layouts)
    if (name == entry.name) return true;
  return false;
}
static_assert(listed(k_references[0]), "the reference layout is one of layouts.def's layouts");
}  // namespace

LayoutText layout_text(const std::string& name) {
  for (const auto& entry : k_layouts)
    if (name == entry.name) return {entry.label, entry.shape};
  const std::vector<std::string> combinations = layout_choices();
  if (std::find(combinations.begin(), combinations.end(), name) != combinations.end())
    return {name, layout_principles(name).bc1s ? "(B,C,1,S)" : "(B,S,C)"};
  return {name, ""};
}

std::string reference_layout() { return std::string(k_references[0]); }

std::vector<std::string> layout_names() {
  std::vector<std::string> names;
  for (const auto& entry : k_layouts) names.emplace_back(entry.name);
  return names;
}

std::unique_ptr<LayoutStrategy> make_layout(const std::string& name) {
  for (const auto& entry : k_layouts) {
    if (name == entry.name) return entry.make();
  }
  const LayoutPrinciples principles = layout_principles(name);  // throws, listing the valid names
  return principles.bc1s ? make_bc1s_layout(principles) : make_bsc_layout(principles);
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
