#pragma once
// One live sweep per output folder: two sweeps writing to the same -o mixed their files (3 of 10
// folders). The holder keeps an flock on DIR/.anesim-sweep.lock for as long as it runs; the kernel
// releases it when the process ends however it ends, so a killed sweep never blocks the next.
#include <filesystem>

namespace anesim {

class OutputLock {
 public:
  // Takes the folder's lock, or throws an anesim::Error when another live process holds it.
  explicit OutputLock(const std::filesystem::path& dir);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  std::filesystem::path m_path;
  int m_fd = -1;
};

}  // namespace anesim
