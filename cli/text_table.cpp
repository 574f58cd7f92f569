#include "cli/text_table.hpp"

#include <algorithm>

namespace anesim {

void TextTable::print(std::ostream& out) const {
  std::vector<std::size_t> width(m_header.size(), 0);
  auto measure = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size() && i < width.size(); ++i) width[i] = std::max(width[i], cells[i].size());
  };
  measure(m_header);
  for (const auto& r : m_rows) measure(r);
  auto emit = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < width.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      const std::string pad(width[i] - cell.size(), ' ');
      out << (i ? "  " : "") << (i == 0 ? cell + pad : pad + cell);
    }
    out << '\n';
  };
  emit(m_header);
  std::size_t total = 0;
  for (auto w : width) total += w;
  out << std::string(total + 2 * (width.size() - 1), '-') << '\n';
  for (const auto& r : m_rows) emit(r);
}

}  // namespace anesim
