#pragma once
// For tests of config errors: YAML written to the temp folder (given whole, or a shipped file with
// one piece of text replaced) and loaded; the anesim::Error message, or "" if it loaded.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/error.hpp"

namespace anesim::test {

// Writes `text` to temp/<folder>/<file_name> (the folder made if needed); returns the path.
inline std::string write_temp_config(const std::string& folder, const std::string& file_name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / folder;
  std::filesystem::create_directories(dir);
  const auto path = dir / file_name;
  std::ofstream(path) << text;
  return path.string();
}

// The anesim::Error message loading `path` gives, or "" if it loaded.
template <class Load>
std::string error_loading(const std::string& path, Load load) {
  try {
    (void)load(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

template <class Load>
std::string error_loading_mutation(const std::string& source, const std::string& from, const std::string& to,
                                   const std::string& file_name, Load load) {
  std::stringstream original;
  original << std::ifstream(source).rdbuf();
  std::string text = original.str();
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return error_loading(write_temp_config("", file_name, text), load);
}

}  // namespace anesim::test
