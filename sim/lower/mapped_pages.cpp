#include "sim/lower/mapped_pages.hpp"

#include <algorithm>
#include <cmath>

namespace anesim {

std::int64_t expected_resident_bytes(std::int64_t table_rows, std::int64_t row_bytes, std::int64_t rows_read,
                                     std::int64_t page_bytes) {
  if (table_rows <= 0 || row_bytes <= 0 || rows_read <= 0) return 0;
  const std::int64_t table_bytes = table_rows * row_bytes;
  const std::int64_t table_pages = (table_bytes + page_bytes - 1) / page_bytes;
  const bool rows_share_pages = row_bytes < page_bytes;
  const auto units = static_cast<double>(rows_share_pages ? table_pages : table_rows);
  const double unit_bytes = rows_share_pages ? static_cast<double>(page_bytes)
                                             : static_cast<double>((row_bytes + page_bytes - 1) / page_bytes * page_bytes);
  // A unit stays untouched by one draw with probability 1 - 1/units: the expected units touched by
  // n draws are units x (1 - (1 - 1/units)^n), computed with log1p to stay exact for large tables.
  const double untouched = std::exp(static_cast<double>(rows_read) * std::log1p(-1.0 / units));
  const double touched = units == 1 ? 1.0 : units * (1.0 - untouched);
  const std::int64_t bytes = std::llround(touched * unit_bytes);  // an expectation: to the nearest byte
  return std::min(bytes, table_pages * page_bytes);
}

}  // namespace anesim
