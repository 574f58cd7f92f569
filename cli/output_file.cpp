#include "cli/output_file.hpp"

#include <fstream>

#include "sim/error.hpp"

namespace anesim {

void write_output_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  std::ofstream file(path, std::ios::binary);
  if (file) {
    write(file);
    file.flush();
  }
  if (!file) throw Error("cannot write '" + path.string() + "'", "check that its folder exists and is writable");
}

}  // namespace anesim
