#pragma once
// What the writers say of a layout without building one (models/layouts.def): its prose label,
// its shape and which layout the others are compared with. Names layouts.def does not list (a
// results file from elsewhere, a test's) are still reported: by their own name, with no shape.
#include <string>

namespace anesim {

struct LayoutText {
  std::string label;  // "ANE", "baseline"
  std::string shape;  // "(B,C,1,S)"; empty for an unlisted name
};

[[nodiscard]] LayoutText layout_text(const std::string& name);
// layouts.def's ANESIM_REFERENCE_LAYOUT.
[[nodiscard]] std::string reference_layout();

}  // namespace anesim
