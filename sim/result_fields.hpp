#pragma once
// The fields of sim/result_fields.def as data and as member pointers, for the writers that list
// them (JSON, CSV, Python): each walks the declaration instead of naming the fields again.
#include <array>
#include <cstddef>
#include <string_view>

#include "sim/run_result.hpp"

namespace anesim {

struct ResultField {
  std::string_view name;
  std::string_view unit;  // SI; "count", "share" (of latency_s), "text", "bool"
  bool in_csv = false;
  std::string_view doc;
};

// Calls f(field, member pointer) for each field in declaration (JSON) order: the labels and the
// fit on RunResult, the totals on RunTotals.
template <class F>
constexpr void for_each_label(F&& f) {
#define ANESIM_LABEL(type, name, init, unit, csv, doc) f(ResultField{#name, unit, csv, doc}, &RunResult::name);
#include "sim/result_fields.def"
}

template <class F>
constexpr void for_each_fit(F&& f) {
#define ANESIM_FIT(type, name, init, unit, csv, doc) f(ResultField{#name, unit, csv, doc}, &RunResult::name);
#include "sim/result_fields.def"
}

template <class F>
constexpr void for_each_total(F&& f) {
#define ANESIM_TOTAL(type, name, init, unit, csv, doc) f(ResultField{#name, unit, csv, doc}, &RunTotals::name);
#include "sim/result_fields.def"
}

namespace detail {
template <class Walk>
constexpr std::size_t count_fields(Walk walk) {
  std::size_t n = 0;
  walk([&n](const ResultField&, auto) { ++n; });
  return n;
}
template <std::size_t N, class Walk>
constexpr std::array<ResultField, N> field_table(Walk walk) {
  std::array<ResultField, N> table{};
  std::size_t i = 0;
  walk([&](const ResultField& field, auto) { table[i++] = field; });
  return table;
}
inline constexpr auto k_labels = [](auto f) { for_each_label(f); };
inline constexpr auto k_fits = [](auto f) { for_each_fit(f); };
inline constexpr auto k_totals = [](auto f) { for_each_total(f); };
}  // namespace detail

// The same fields as tables, for lists: Python's total_fields(), the README check.
inline constexpr auto k_label_fields = detail::field_table<detail::count_fields(detail::k_labels)>(detail::k_labels);
inline constexpr auto k_fit_fields = detail::field_table<detail::count_fields(detail::k_fits)>(detail::k_fits);
inline constexpr auto k_total_fields = detail::field_table<detail::count_fields(detail::k_totals)>(detail::k_totals);

}  // namespace anesim
