#pragma once
// Writes one output file of a command (a report, a trace, a CSV); a file that cannot be opened or
// written is an anesim::Error naming it, not a silently missing output.
#include <filesystem>
#include <functional>
#include <ostream>

namespace anesim {

void write_output_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace anesim
