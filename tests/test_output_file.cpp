// A command's output file is complete or untouched: the text goes to a temporary file beside it,
// renamed over it once written. A write that fails half-way (as a SIGKILL would) keeps the old
// file whole and leaves no temporary behind.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "cli/output_file.hpp"
#include "core/error.hpp"

using namespace anesim;
namespace fs = std::filesystem;

namespace {
std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
std::size_t files_in(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}
}  // namespace

TEST_CASE("an output file is replaced whole or not at all") {
  const fs::path dir = fs::temp_directory_path() / "anesim_output_file_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path file = dir / "results.csv";

  write_output_file(file, [](std::ostream& out) { out << "old,complete\n"; });
  CHECK(contents(file) == "old,complete\n");

  // The writer stops half-way: the old file stays, and nothing else is in the folder.
  CHECK_THROWS_AS(write_output_file(file,
                                    [](std::ostream& out) {
                                      out << "new,half";
                                      throw Error("stopped half-way");
                                    }),
                  Error);
  CHECK(contents(file) == "old,complete\n");
  CHECK(files_in(dir) == 1);

  write_output_file(file, [](std::ostream& out) { out << "new,complete\n"; });
  CHECK(contents(file) == "new,complete\n");
  CHECK(files_in(dir) == 1);

  // A folder that does not exist is an error naming the file.
  try {
    write_output_file(dir / "missing" / "x.csv", [](std::ostream& out) { out << "x"; });
    FAIL("wrote into a missing folder");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("cannot write '" + (dir / "missing" / "x.csv").string() + "'") != std::string::npos);
  }
  fs::remove_all(dir);
}
