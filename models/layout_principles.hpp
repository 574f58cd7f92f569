#pragma once
// The seed's principles as switches of the layout builder (docs/layouts.md). `baseline` is every
// switch off, `ane` every switch on, and a name like `baseline+bc1s+heads` any valid point between:
// the what-if path of `anesim advise` is these points, so each step is a graph the builder writes,
// not an estimate. (B,S,C) vs (B,C,1,S) changes every op (projections, norms, shapes), so it picks
// the strategy class; the other switches change only attention and are flags inside it.
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace anesim {

struct LayoutPrinciples {
  bool bc1s = false;           // principle 1: (B,C,1,S) activations, Conv2d 1x1 projections, norms over C
  bool heads = false;          // principle 2: attention split per head on channels (needs bc1s)
  bool einsum = false;         // principle 3: the seed's two einsums, no transposes around them (needs heads)
  bool additive_mask = false;  // hybrid execution: an fp16 additive padding mask, not a bool masked_fill
  bool operator==(const LayoutPrinciples&) const = default;
};

inline constexpr LayoutPrinciples k_baseline_principles{};
inline constexpr LayoutPrinciples k_ane_principles{.bc1s = true, .heads = true, .einsum = true, .additive_mask = true};

// A switch's spelling after `baseline+`, in the one order names are written in.
struct PrincipleSwitch {
  std::string_view name;
  bool LayoutPrinciples::*flag;
  std::string_view what;  // for --help and docs
};
inline constexpr std::array<PrincipleSwitch, 4> k_principle_switches{{
    {"bc1s", &LayoutPrinciples::bc1s, "(B,C,1,S) and Conv2d 1x1"},
    {"heads", &LayoutPrinciples::heads, "per-head split"},
    {"einsum", &LayoutPrinciples::einsum, "einsum, no transposes"},
    {"mask", &LayoutPrinciples::additive_mask, "additive fp16 mask"},
}};

// Empty when the switches can be combined, else why not ("heads needs bc1s").
[[nodiscard]] std::string principles_conflict(const LayoutPrinciples& p);
// `baseline`, `ane`, or `baseline+` and the switches on, in k_principle_switches' order.
[[nodiscard]] std::string principles_name(const LayoutPrinciples& p);
// The switches a layout name sets; throws anesim::Error naming the fault and listing every valid
// name when it is neither a layout of models/layouts.def nor a valid combination.
[[nodiscard]] LayoutPrinciples layout_principles(const std::string& name);
// Every name --layout, sweep files and validation sets accept: layouts.def's, then each valid
// combination of switches other than those two (the all-on spelling included: it builds `ane`).
[[nodiscard]] std::vector<std::string> layout_choices();
// The cumulative what-if path: baseline, then each switch turned on in turn; ends at every switch on.
[[nodiscard]] std::vector<LayoutPrinciples> principles_path();

}  // namespace anesim
