#pragma once
// A cache of whole buffers with LRU replacement: the ANE's on-chip L2 (DESIGN rule 4) and the
// SoC's system-level cache (SLC) behind it are both one of these. An entry reserves room for a
// whole buffer and tracks which views of it are loaded, so the heads of a split each load their
// own slice once, and a buffer filled slice by slice (a concat) reads back as a hit. A buffer
// larger than the capacity never becomes resident: its views stream to and from the next level.
// Evicting an entry calls the owner's handler, which writes a dirty, still-needed entry onward.
#include <cstdint>
#include <functional>
#include <list>
#include <unordered_map>
#include <unordered_set>

#include "sim/program.hpp"

namespace anesim {

class BufferCache {
 public:
  explicit BufferCache(std::int64_t capacity_bytes) : m_capacity(capacity_bytes) {}

  struct Outcome {
    std::int64_t hit_bytes = 0;   // served here (read) or kept here (write)
    std::int64_t miss_bytes = 0;  // fetched from the next level (read) or streamed to it (write)
  };
  // Called for every entry evicted to make room: (buffer, loaded bytes, dirty).
  using Evict = std::function<void(BufferId, std::int64_t, bool)>;

  // `view` identifies the part of `buffer` accessed (its tensor); `view_bytes` its size.
  Outcome access(BufferId buffer, std::int32_t view, std::int64_t view_bytes, std::int64_t buffer_bytes, bool write,
                 const Evict& on_evict);
  // Drops a buffer (dead, or overwritten by another engine).
  void remove(BufferId buffer);
  // Writes a dirty buffer's loaded bytes back and keeps them resident, clean; returns the bytes.
  std::int64_t clean(BufferId buffer);
  [[nodiscard]] bool contains(BufferId buffer) const { return m_index.count(buffer) > 0; }
  [[nodiscard]] std::int64_t resident_bytes() const { return m_used; }
  [[nodiscard]] std::int64_t capacity_bytes() const { return m_capacity; }

 private:
  struct Entry {
    BufferId buffer;
    std::int64_t reserved;  // the whole buffer's bytes
    std::int64_t loaded;    // bytes of it on chip
    std::unordered_set<std::int32_t> views;
    bool dirty;
  };
  void make_room(std::int64_t bytes, const Evict& on_evict);

  std::int64_t m_capacity;
  std::int64_t m_used = 0;
  std::list<Entry> m_lru;  // most recently used first
  std::unordered_map<BufferId, std::list<Entry>::iterator> m_index;
};

}  // namespace anesim
