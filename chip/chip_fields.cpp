#include "chip/chip_fields.hpp"

#include <array>
#include <cmath>
#include <type_traits>

#include <fmt/format.h>

namespace anesim {

namespace {

constexpr double k_tib = 1099511627776.0;  // a bound no real memory reaches, to reject typos

// What a field's line in chip/chip_fields.def says of its range.
struct FieldRule {
  FieldRange range = FieldRange::positive;
  double min = 0;
  double max = 0;
  bool power_of_two = false;
  bool optional = false;

  [[nodiscard]] constexpr FieldRule pow2() const {
    FieldRule r = *this;
    r.power_of_two = true;
    return r;
  }
  [[nodiscard]] constexpr FieldRule optional_key() const {
    FieldRule r = *this;
    r.optional = true;
    return r;
  }
};

// Rates are bounded to what hardware can be, so that no work divided by a rate, and no rate
// multiplied by a time, leaves the finite doubles (1e-300 B/s made latencies inf, exit 0).
// FLOP/s: 1 MFLOP/s is below any processor of the last forty years; 1 EFLOP/s is a whole
// supercomputer, 25,000 times the largest ANE (38 TOPS).
constexpr FieldRule flop_rate() { return {FieldRange::positive, 1e6, 1e18}; }
// Bytes/s: 1 MB/s is below any memory or on-chip bus; 1 PB/s is a thousand times an M-series
// Ultra's DRAM (800 GB/s) and far beyond any SRAM port.
constexpr FieldRule byte_rate() { return {FieldRange::positive, 1e6, 1e15}; }
constexpr FieldRule share() { return {FieldRange::fraction}; }
// Fixed costs: a second is already far beyond any per-op or per-dispatch cost.
constexpr FieldRule seconds() { return {FieldRange::span, 0, 1}; }
constexpr FieldRule span(double min, double max) { return {FieldRange::span, min, max}; }
constexpr FieldRule count(double min, double max) { return {FieldRange::count, min, max}; }

// A .def line's table entry; `Member` (double or std::int64_t) says which member pointer it sets.
template <class Member>
ChipField field(const char* section, const char* key, const char* name, const char* doc, Member ChipSpec::*member,
                FieldRule rule, double initial) {
  ChipField f{section, key, name, doc};
  if constexpr (std::is_same_v<Member, double>) {
    f.real = member;
  } else {
    f.whole = member;
  }
  f.range = rule.range;
  f.min = rule.min;
  f.max = rule.max;
  f.power_of_two = rule.power_of_two;
  f.optional = rule.optional;
  f.fallback = initial;
  return f;
}

const std::array k_fields{
#define ANESIM_CHIP_FIELD(section, key, member, type, initial, rule, doc) \
  field(section, key, #member, doc, &ChipSpec::member, rule, initial),
#include "chip/chip_fields.def"
#undef ANESIM_CHIP_FIELD
};

}  // namespace

std::span<const ChipField> chip_fields() { return k_fields; }

double chip_field_value(const ChipSpec& chip, const ChipField& field) {
  return field.real ? chip.*field.real : static_cast<double>(chip.*field.whole);
}

void set_chip_field(ChipSpec& chip, const ChipField& field, double value) {
  if (field.real) {
    chip.*field.real = value;
  } else {
    chip.*field.whole = static_cast<std::int64_t>(value);
  }
}

bool chip_field_valid(const ChipField& field, double x) {
  if (!std::isfinite(x)) return false;
  switch (field.range) {
    case FieldRange::positive: return x > 0 && x >= field.min && x <= field.max;
    case FieldRange::fraction: return x > 0 && x <= 1;
    case FieldRange::span: return x >= field.min && x <= field.max;
    case FieldRange::count: {
      if (x != std::floor(x) || x < field.min || x > field.max) return false;
      const auto n = static_cast<std::int64_t>(x);
      return !field.power_of_two || (n & (n - 1)) == 0;
    }
  }
  return false;
}

std::string chip_field_expected(const ChipField& field) {
  switch (field.range) {
    case FieldRange::positive: return fmt::format("> 0 and in [{:g}, {:g}]", field.min, field.max);
    case FieldRange::fraction: return "in (0, 1]";
    case FieldRange::span: return fmt::format("in [{:g}, {:g}]", field.min, field.max);
    case FieldRange::count:
      return fmt::format("a whole number in [{:g}, {:g}]{}", field.min, field.max, field.power_of_two ? " and a power of two" : "");
  }
  return {};
}

}  // namespace anesim
