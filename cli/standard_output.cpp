#include "cli/standard_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace anesim {

bool flush_standard_output() {
  errno = 0;
  std::cout.flush();
  // std::cout writes through C's stdout (synced), whose buffer is where a full disk shows up.
  const bool flushed = std::fflush(stdout) == 0;
  const int error = errno;
  if (flushed && std::cout && !std::ferror(stdout)) return true;
  std::cerr << "anesim: error: cannot write to standard output" << (error != 0 ? std::string(": ") + std::strerror(error) : "")
            << "\n  fix: check the disk or pipe the output goes to; what was written is incomplete\n";
  return false;
}

}  // namespace anesim
