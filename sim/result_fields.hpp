#pragma once
// The fields of sim/result_fields.def as data and as member pointers (getters for op records), for
// the writers that list them (JSON, CSV, Python): each walks the declaration instead of naming the
// fields again.
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

// An op record's field: `in_json` says whether the JSON's "ops" records carry it (Python's
// Result.ops has them all).
struct OpField {
  std::string_view name;
  std::string_view unit;
  bool in_json = false;
  std::string_view doc;
};

// Calls f(field, getter) for each op record field in Result.ops' column order; getter(record)
// returns the member or the derived value.
template <class F>
constexpr void for_each_op_field(F&& f) {
#define ANESIM_OP(type, name, init, unit, json, doc) \
  f(OpField{#name, unit, json, doc}, [](const OpRecord& r) -> const type& { return r.name; });
#define ANESIM_OP_DERIVED(type, name, unit, json, doc) \
  f(OpField{#name, unit, json, doc}, [](const OpRecord& r) -> type { return r.name(); });
#include "sim/result_fields.def"
}

namespace detail {
template <class Walk>
constexpr std::size_t count_fields(Walk walk) {
  std::size_t n = 0;
  walk([&n](const auto&, auto) { ++n; });
  return n;
}
template <class Field, std::size_t N, class Walk>
constexpr std::array<Field, N> field_table(Walk walk) {
  std::array<Field, N> table{};
  std::size_t i = 0;
  walk([&](const Field& field, auto) { table[i++] = field; });
  return table;
}
template <class Field, class Walk>
constexpr auto field_table(Walk walk) {
  return field_table<Field, count_fields(Walk{})>(walk);
}
}  // namespace detail

// The same fields as tables, for lists: Python's total_fields() and op_fields(), the README check.
inline constexpr auto k_label_fields = detail::field_table<ResultField>([](auto f) { for_each_label(f); });
inline constexpr auto k_fit_fields = detail::field_table<ResultField>([](auto f) { for_each_fit(f); });
inline constexpr auto k_total_fields = detail::field_table<ResultField>([](auto f) { for_each_total(f); });
inline constexpr auto k_op_fields = detail::field_table<OpField>([](auto f) { for_each_op_field(f); });

}  // namespace anesim
