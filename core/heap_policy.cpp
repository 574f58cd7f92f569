#include "core/heap_policy.hpp"

#include <cstdlib>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace anesim {

void keep_heap_between_runs() {
#if defined(__GLIBC__)
  // M_TOP_PAD rather than M_TRIM_THRESHOLD: it also makes every heap extension leave that much
  // room, so a large array that does not fit at the top is carved from the padding instead of
  // being mmap'ed and unmapped (and faulted in) afresh on every run.
  constexpr int k_top_pad_bytes = 64 << 20;
  mallopt(M_TOP_PAD, k_top_pad_bytes);
#endif
}

}  // namespace anesim
