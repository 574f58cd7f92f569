#pragma once
// The one error type of anesim: what went wrong, where (file:line:column when it came from a
// file), and how to fix it. Evaluation code throws it; only the CLI and the Python module catch it.
#include <stdexcept>
#include <string>

namespace anesim {

struct SourceLocation {
  std::string file;  // empty when the error did not come from a file
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown

  [[nodiscard]] std::string to_string() const;
};

class Error : public std::runtime_error {
 public:
  Error(std::string message, std::string hint = {}, SourceLocation where = {});

  [[nodiscard]] const std::string& message() const { return m_message; }
  [[nodiscard]] const std::string& hint() const { return m_hint; }
  [[nodiscard]] const SourceLocation& where() const { return m_where; }

 private:
  std::string m_message;
  std::string m_hint;
  SourceLocation m_where;
};

}  // namespace anesim
