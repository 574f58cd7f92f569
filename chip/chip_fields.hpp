#pragma once
// The numeric fields of a chip: where each sits in a chip file, which ChipSpec member holds it, and
// the range it must lie in, one line each in chip/chip_fields.def. The YAML loader (errors at
// file:line), check_chip (chips built or changed in code) and the Python bindings all read this
// one table, so they cannot disagree.
#include <cstdint>
#include <span>
#include <string>

#include "chip/chip_spec.hpp"

namespace anesim {

enum class FieldRange {
  positive,  // a rate: > 0, and in [min, max], the range hardware can have
  fraction,  // a share: in (0, 1]
  span,      // a real number in [min, max]
  count,     // a whole number in [min, max]
};

struct ChipField {
  const char* section;  // the chip file's block: "ane", "memory" or "cpu"
  const char* key;      // the key inside it
  const char* name;     // the ChipSpec member, which is also the Python attribute
  const char* doc;      // one line, unit included
  double ChipSpec::*real = nullptr;  // exactly one of real and whole is set
  std::int64_t ChipSpec::*whole = nullptr;
  FieldRange range = FieldRange::positive;
  double min = 0;  // positive, span and count
  double max = 0;
  bool power_of_two = false;
  bool optional = false;  // the key may be left out; the member then keeps `fallback`, its initial value
  double fallback = 0;  // a whole number for a count
};

// In chip-file order: ane, memory, cpu.
std::span<const ChipField> chip_fields();

double chip_field_value(const ChipSpec& chip, const ChipField& field);
void set_chip_field(ChipSpec& chip, const ChipField& field, double value);

bool chip_field_valid(const ChipField& field, double value);
// What a valid value looks like, for an error message: "> 0", "in (0, 1]", "a whole number in
// [1, 4096] and a power of two".
std::string chip_field_expected(const ChipField& field);

}  // namespace anesim
