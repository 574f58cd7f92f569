#include "cli/output_file.hpp"

#include <fstream>
#include <string>
#include <system_error>

#include <unistd.h>

#include "sim/error.hpp"

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

// Removes the temporary file unless the write completed and it was renamed.
struct TemporaryFile {
  fs::path path;
  bool kept = false;
  ~TemporaryFile() {
    if (kept) return;
    std::error_code ignored;
    fs::remove(path, ignored);
  }
};

}  // namespace

void write_output_file(const fs::path& path, const std::function<void(std::ostream&)>& write) {
  TemporaryFile temporary{temporary_beside(path)};
  {
    std::ofstream file(temporary.path, std::ios::binary | std::ios::trunc);
    if (file) {
      write(file);
      file.flush();
    }
    if (!file) throw Error("cannot write '" + path.string() + "'", "check that its folder exists and is writable");
  }
  std::error_code ec;
  fs::rename(temporary.path, path, ec);
  if (ec) throw Error("cannot write '" + path.string() + "': " + ec.message(), "check that its folder is writable and the name is not a folder");
  temporary.kept = true;
}

}  // namespace anesim
