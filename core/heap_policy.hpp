#pragma once
// A process-wide malloc setting for programs that run many simulations (the CLI, the benchmarks).
// Not applied by the library itself: it changes the whole process's allocator, which a host such
// as the Python interpreter should decide for itself.

namespace anesim {

// A simulation allocates and frees from about a megabyte (distilbert) to hundreds of megabytes
// (7B decoders). By default glibc gives the freed top of the heap back to the OS after each one, and
// the next simulation faults the pages in again: on a VM that costs more than the simulation itself
// (distilbert ANE layout: about 86 faults, 2 ms, against 0.25 ms without them; issue 7). This keeps
// 64 MB of slack at the top of the heap instead, so at most that much freed memory stays resident.
// A no-op where the C library is not glibc.
void keep_heap_between_runs();

}  // namespace anesim
