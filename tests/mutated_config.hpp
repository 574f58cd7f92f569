#pragma once
// For tests of config errors: a shipped YAML file with one piece of text replaced, written to
// the temp folder and loaded; returns the anesim::Error message, or "" if it loaded.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/error.hpp"

namespace anesim::test {

template <class Load>
std::string error_loading_mutation(const std::string& source, const std::string& from, const std::string& to,
                                   const std::string& file_name, Load load) {
  std::stringstream original;
  original << std::ifstream(source).rdbuf();
  std::string text = original.str();
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  const std::string path = (std::filesystem::temp_directory_path() / file_name).string();
  std::ofstream(path) << text;
  try {
    (void)load(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace anesim::test
