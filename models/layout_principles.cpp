#include "models/layout_principles.hpp"

#include "core/choice_list.hpp"
#include "core/error.hpp"
#include "models/layout_strategy.hpp"

namespace anesim {

namespace {

constexpr std::string_view k_prefix = "baseline+";

// Every combination of the four switches, in binary order of k_principle_switches (bc1s lowest).
std::vector<LayoutPrinciples> every_combination() {
  std::vector<LayoutPrinciples> out;
  for (unsigned bits = 0; bits < (1U << k_principle_switches.size()); ++bits) {
    LayoutPrinciples p;
    for (std::size_t i = 0; i < k_principle_switches.size(); ++i) p.*k_principle_switches[i].flag = ((bits >> i) & 1U) != 0;
    out.push_back(p);
  }
  return out;
}

std::string combination_spelling(const LayoutPrinciples& p) {
  std::string name = "baseline";
  for (const auto& s : k_principle_switches)
    if (p.*s.flag) name.append("+").append(s.name);  // append: GCC 12 warns falsely on "+" + string
  return name;
}

[[noreturn]] void refuse(const std::string& name, const std::string& why) {
  throw Error("unknown layout '" + name + "': " + why, "valid layouts: " + choice_list(layout_choices()));
}

}  // namespace

std::string principles_conflict(const LayoutPrinciples& p) {
  // The per-head split is on the channel axis of (B,C,1,S); the einsums read those per-head views.
  if (p.heads && !p.bc1s) return "heads needs bc1s (the split is on the channels of (B,C,1,S))";
  if (p.einsum && !p.heads) return "einsum needs heads (the seed's einsums work one head at a time)";
  return "";
}

std::string principles_name(const LayoutPrinciples& p) {
  if (p == k_baseline_principles) return "baseline";
  if (p == k_ane_principles) return "ane";
  return combination_spelling(p);
}

std::vector<std::string> layout_choices() {
  std::vector<std::string> names = layout_names();
  for (const LayoutPrinciples& p : every_combination())
    if (principles_conflict(p).empty() && p != k_baseline_principles) names.push_back(combination_spelling(p));
  return names;
}

LayoutPrinciples layout_principles(const std::string& name) {
  if (name == "baseline") return k_baseline_principles;
  if (name == "ane") return k_ane_principles;
  if (!name.starts_with(k_prefix)) refuse(name, "not a layout nor baseline+SWITCHES");
  LayoutPrinciples p;
  std::size_t next = 0;  // switches are written in k_principle_switches' order, each once
  std::string_view rest = std::string_view(name).substr(k_prefix.size() - 1);
  while (!rest.empty()) {
    if (rest.front() != '+') refuse(name, "switches are joined by '+'");
    rest.remove_prefix(1);
    const std::string_view word = rest.substr(0, rest.find('+'));
    rest.remove_prefix(word.size());
    std::size_t i = next;
    while (i < k_principle_switches.size() && k_principle_switches[i].name != word) ++i;
    if (i == k_principle_switches.size()) {
      std::string known;
      for (const auto& s : k_principle_switches) known += (known.empty() ? "" : ", ") + std::string(s.name);
      std::string why = "'";
      why.append(word).append("' is not a switch after the ones before it (switches, in this order: ").append(known).append(")");
      refuse(name, why);
    }
    p.*k_principle_switches[i].flag = true;
    next = i + 1;
  }
  if (const std::string why = principles_conflict(p); !why.empty()) refuse(name, why);
  return p;
}

std::vector<LayoutPrinciples> principles_path() {
  std::vector<LayoutPrinciples> path{k_baseline_principles};
  LayoutPrinciples p;
  for (const auto& s : k_principle_switches) {
    p.*s.flag = true;
    path.push_back(p);
  }
  return path;
}

}  // namespace anesim
