#include "sim/memory/offset_runs.hpp"

#include <algorithm>

namespace anesim {

void add_offset_run(OffsetRuns& runs, std::int64_t begin, std::int64_t end) {
  // The runs that overlap or touch [begin, end) are consecutive; they become one.
  auto from = std::lower_bound(runs.begin(), runs.end(), begin, [](const OffsetRun& r, std::int64_t x) { return r.end < x; });
  auto to = from;
  while (to != runs.end() && to->begin <= end) ++to;
  if (from == to) {
    runs.insert(from, OffsetRun{begin, end});
    return;
  }
  from->begin = std::min(from->begin, begin);
  from->end = std::max((to - 1)->end, end);
  runs.erase(from + 1, to);
}

}  // namespace anesim
