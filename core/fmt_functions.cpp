// fmt's compiled functions, built once here instead of in every file (header-only fmt compiled
// format-inl.h into each of 65 files: a Release build took 10.7 min instead of 6.9) or loaded from
// libfmt.so (with libstdc++.so and libyaml-cpp.so, 2 M instructions of dynamic loading in each
// `anesim run`: CMakeLists.txt, ANESIM_SELF_CONTAINED_PROGRAMS). The templates below are the ones format.h declares extern, or
// calls without defining, for the char formatting anesim uses.
#include <fmt/format.h>

#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
FMT_BEGIN_DETAIL_NAMESPACE
template auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;
template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl(locale_ref) -> char;
FMT_END_DETAIL_NAMESPACE
FMT_END_NAMESPACE
