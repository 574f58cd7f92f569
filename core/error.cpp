#include "core/error.hpp"

#include <fmt/format.h>

namespace anesim {

std::string SourceLocation::to_string() const {
  if (file.empty()) return {};
  if (line <= 0) return file;
  return column > 0 ? fmt::format("{}:{}:{}", file, line, column) : fmt::format("{}:{}", file, line);
}

namespace {
std::string compose(const std::string& message, const std::string& hint, const SourceLocation& where) {
  std::string text;
  if (!where.file.empty()) text += where.to_string() + ": ";
  text += message;
  if (!hint.empty()) text += "\n  fix: " + hint;
  return text;
}
}  // namespace

Error::Error(std::string message, std::string hint, SourceLocation where)
    : std::runtime_error(compose(message, hint, where)),
      m_message(std::move(message)),
      m_hint(std::move(hint)),
      m_where(std::move(where)) {}

}  // namespace anesim
