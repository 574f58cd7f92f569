#pragma once
// Writes one output file of a command (a report, a trace, a CSV); a file that cannot be opened or
// written is an anesim::Error naming it, not a silently missing output. The text goes to a
// temporary file beside the target and is renamed over it only when complete, so a killed or
// failed write never leaves a half-written file under the real name (SIGKILL during a sweep's
// writes left 4 of 16 files truncated), and a reader sees the old file or the new one, whole.
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>

namespace anesim {

void write_output_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

// The same for a file written over time (a sweep's rows, as its points finish): stream() writes to
// the temporary file, commit() renames it over `path`. Destroyed without commit() (an error, a
// Ctrl-C unwinding), it removes the temporary file and leaves `path` as it was.
class OutputFile {
 public:
  explicit OutputFile(std::filesystem::path path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  [[nodiscard]] std::ostream& stream() { return file_; }
  void commit();

 private:
  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::ofstream file_;
  bool committed_ = false;
};

}  // namespace anesim
