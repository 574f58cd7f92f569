#pragma once
// body(i) for every i in [0, count), on up to `threads` threads (the caller's among them). Each
// index is its own piece of work, so results written by index do not depend on the split. An
// exception from a body is rethrown on the caller's thread once all have stopped: the one of the
// lowest index, so the error a user sees does not depend on scheduling either.
#include <cstddef>
#include <functional>

namespace anesim {

void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& body);

// The threads worth starting on this machine for CPU-bound work, at least 1.
[[nodiscard]] unsigned hardware_threads();

}  // namespace anesim
