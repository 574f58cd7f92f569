#pragma once
// The end of every command: standard output flushed and checked, so that a failed write (a full
// disk, `> /dev/full`, a closed pipe) is an error with exit 1 rather than a silent exit 0.

namespace anesim {

// Flushes std::cout and C's stdout; false, with a message on std::cerr, if any write failed.
[[nodiscard]] bool flush_standard_output();

}  // namespace anesim
