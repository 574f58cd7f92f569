#pragma once
// A plain-text table with aligned columns, for terminal output.
#include <ostream>
#include <string>
#include <vector>

namespace anesim {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : m_header(std::move(header)) {}
  void row(std::vector<std::string> cells) { m_rows.push_back(std::move(cells)); }
  // Columns after the first are right-aligned (they hold numbers).
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> m_header;
  std::vector<std::vector<std::string>> m_rows;
};

}  // namespace anesim
