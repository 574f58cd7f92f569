// L2 and SLC behaviour: LRU eviction, write-back of dirty entries, views, oversized buffers.
#include <doctest/doctest.h>

#include <functional>
#include <vector>

#include "sim/memory/buffer_cache.hpp"

using namespace anesim;

namespace {
// An eviction handler the tests can name; the cache takes any callable of this signature.
using Evict = std::function<void(BufferId, std::int64_t, bool)>;
}  // namespace

TEST_CASE("LRU evicts the least recently used buffer and reports whether it was dirty") {
  BufferCache cache(100);
  std::vector<std::pair<BufferId, bool>> evicted;
  const Evict note = [&](BufferId b, std::int64_t, bool dirty) { evicted.emplace_back(b, dirty); };
  // Three 40-byte buffers into 100 bytes: writing the third evicts the first.
  cache.access(1, 1, 40, 40, true, note);
  cache.access(2, 2, 40, 40, false, note);  // read miss: loaded clean
  CHECK(cache.resident_bytes() == 80);
  const auto third = cache.access(3, 3, 40, 40, true, note);
  CHECK(third.hit_bytes == 40);  // a write lands in the cache
  REQUIRE(evicted.size() == 1);
  CHECK(evicted[0] == std::make_pair(BufferId{1}, true));
  // Touch 2, then bring 1 back: 3 is now the least recently used and goes.
  CHECK(cache.access(2, 2, 40, 40, false, note).hit_bytes == 40);
  const auto again = cache.access(1, 1, 40, 40, false, note);
  CHECK(again.miss_bytes == 40);
  CHECK(evicted.back() == std::make_pair(BufferId{3}, true));
}

TEST_CASE("a buffer larger than the cache streams and never becomes resident") {
  BufferCache cache(100);
  const Evict none = [](BufferId, std::int64_t, bool) { FAIL("nothing should be evicted"); };
  const auto out = cache.access(7, 7, 150, 150, true, none);
  CHECK(out.miss_bytes == 150);
  CHECK(out.hit_bytes == 0);
  CHECK(cache.resident_bytes() == 0);  // it never took room
  CHECK(cache.access(7, 7, 150, 150, false, none).miss_bytes == 150);
}

TEST_CASE("views of one buffer load once each; a buffer filled by its views reads back whole") {
  BufferCache cache(100);
  const Evict none = [](BufferId, std::int64_t, bool) {};
  // Buffer 5 is 60 bytes made of two 30-byte views (tensors 10 and 11), as a split makes.
  CHECK(cache.access(5, 10, 30, 60, false, none).miss_bytes == 30);
  CHECK(cache.access(5, 11, 30, 60, false, none).miss_bytes == 30);
  CHECK(cache.access(5, 10, 30, 60, false, none).hit_bytes == 30);
  // Reading the whole buffer (tensor 12) now hits: both halves are loaded.
  CHECK(cache.access(5, 12, 60, 60, false, none).hit_bytes == 60);
  // clean() hands a dirty buffer's bytes to the next level once.
  cache.access(6, 13, 20, 20, true, none);
  CHECK(cache.clean(6) == 20);
  CHECK(cache.clean(6) == 0);
}
