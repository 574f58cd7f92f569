#pragma once
// Writes one output file of a command (a report, a trace, a CSV); a file that cannot be opened or
// written is an anesim::Error naming it, not a silently missing output. The text goes to a
// temporary file beside the target and is renamed over it only when complete, so a killed or
// failed write never leaves a half-written file under the real name (SIGKILL during a sweep's
// writes left 4 of 16 files truncated), and a reader sees the old file or the new one, whole.
#include <filesystem>
#include <functional>
#include <ostream>

namespace anesim {

void write_output_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace anesim
