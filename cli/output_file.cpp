#include "cli/output_file.hpp"

#include <fstream>
#include <string>
#include <system_error>
#include <utility>

#include <unistd.h>

#include "core/error.hpp"

namespace anesim {

namespace fs = std::filesystem;

namespace {

// Hidden, in the same folder (a rename within one file system is atomic), and unique to this
// process, so that two writers never share one.
fs::path temporary_beside(const fs::path& path) {
  std::string name = ".";  // appended piece by piece: GCC 12 warns (-Wrestrict) on the chained +
  name += path.filename().string();
  name += '.';
  name += std::to_string(::getpid());
  name += ".tmp";
  return path.parent_path() / name;
}

}  // namespace

OutputFile::OutputFile(fs::path path) : path_(std::move(path)), temporary_(temporary_beside(path_)) {
  file_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!file_) throw Error("cannot write '" + path_.string() + "'", "check that its folder exists and is writable");
}

OutputFile::~OutputFile() {
  if (committed_) return;
  file_.close();
  std::error_code ignored;
  fs::remove(temporary_, ignored);
}

void OutputFile::commit() {
  file_.flush();
  if (!file_) throw Error("cannot write '" + path_.string() + "'", "check that its folder exists and is writable");
  file_.close();
  if (!file_) throw Error("cannot write '" + path_.string() + "'", "check that its folder exists and is writable");
  std::error_code ec;
  fs::rename(temporary_, path_, ec);
  if (ec) throw Error("cannot write '" + path_.string() + "': " + ec.message(), "check that its folder is writable and the name is not a folder");
  committed_ = true;
}

void write_output_file(const fs::path& path, const std::function<void(std::ostream&)>& write) {
  OutputFile file(path);
  write(file.stream());
  file.commit();
}

}  // namespace anesim
