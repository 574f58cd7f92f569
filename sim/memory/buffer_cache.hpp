#pragma once
// A cache of whole buffers with LRU replacement: the ANE's on-chip L2 (modelling rule 4) and the
// SoC's system-level cache (SLC) behind it are both one of these. An entry reserves room for a
// whole buffer and tracks which views of it are loaded, so the heads of a split each load their
// own slice once, and a buffer filled slice by slice (a concat) reads back as a hit. A buffer
// larger than the capacity never becomes resident: its views stream to and from the next level.
// Evicting an entry calls the owner's handler, which writes a dirty, still-needed entry onward.
//
// Entries live in a flat array indexed by BufferId, linked into the LRU order by index, so an
// access allocates nothing (a buffer with more than a few views keeps a small list of them).
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "sim/lower/program.hpp"

namespace anesim {

class BufferCache {
 public:
  explicit BufferCache(std::int64_t capacity_bytes) : m_capacity(capacity_bytes) {}

  struct Outcome {
    std::int64_t hit_bytes = 0;   // served here (read) or kept here (write)
    std::int64_t miss_bytes = 0;  // fetched from the next level (read) or streamed to it (write)
  };
  // `view` identifies the part of `buffer` accessed (its tensor); `view_bytes` its size.
  // `on_evict(buffer, loaded bytes, dirty)` is called for every entry evicted to make room; it may
  // use other caches, not this one.
  template <class OnEvict>
  Outcome access(BufferId buffer, std::int32_t view, std::int64_t view_bytes, std::int64_t buffer_bytes, bool write,
                 OnEvict&& on_evict);
  // Drops a buffer (dead, or overwritten by another engine).
  void remove(BufferId buffer);
  // Writes a dirty buffer's loaded bytes back and keeps them resident, clean; returns the bytes.
  std::int64_t clean(BufferId buffer);
  [[nodiscard]] std::int64_t resident_bytes() const { return m_used; }
  [[nodiscard]] std::int64_t capacity_bytes() const { return m_capacity; }
  // Room for buffers 0..count-1 up front (entries otherwise grow with the largest id seen).
  void reserve_buffers(std::size_t count) {
    if (m_entries.size() < count) m_entries.resize(count);
  }
  // Empties the cache for another program and gives it a new capacity, keeping the entry array: a
  // sweep walks thousands of programs, and building and freeing two arrays of a few thousand
  // entries for each showed in profiles (issue 7). Only the resident entries need resetting.
  void reset(std::int64_t capacity_bytes);

  // The resident entries, oldest first, each with the views it has loaded (in the order it loaded
  // them): what the memory walk compares from one period of a program to the next and renames
  // when it replays one (sim/memory/period_replay.hpp).
  struct Resident {
    BufferId buffer = 0;
    std::int64_t reserved = 0;
    std::int64_t loaded = 0;
    bool dirty = false;
    std::int32_t first_view = 0;  // into State::views
    std::int32_t view_count = 0;
  };
  struct State {
    std::vector<Resident> entries;
    std::vector<std::int32_t> views;
  };
  void save(State& out) const;
  // Replaces the contents with `state` (the capacity stays).
  void load(const State& state);

 private:
  static constexpr std::size_t k_inline_views = 2;
  struct Entry {
    std::int64_t reserved = 0;  // the whole buffer's bytes
    std::int64_t loaded = 0;    // bytes of it on chip
    BufferId newer = -1;        // LRU neighbours while resident
    BufferId older = -1;
    bool resident = false;
    bool dirty = false;
    std::uint8_t inline_views = 0;
    std::array<std::int32_t, k_inline_views> views{};  // the first views loaded...
    std::vector<std::int32_t> more_views;              // ...and any beyond them

    [[nodiscard]] bool has_view(std::int32_t view) const {
      for (std::size_t i = 0; i < inline_views; ++i) {
        if (views[i] == view) return true;
      }
      return std::find(more_views.begin(), more_views.end(), view) != more_views.end();
    }
    void add_view(std::int32_t view) {
      if (inline_views < k_inline_views) {
        views[inline_views++] = view;
      } else {
        more_views.push_back(view);
      }
    }
  };

  [[nodiscard]] bool resident(BufferId b) const {
    return b >= 0 && static_cast<std::size_t>(b) < m_entries.size() && m_entries[static_cast<std::size_t>(b)].resident;
  }
  Entry& entry(BufferId b) { return m_entries[static_cast<std::size_t>(b)]; }
  void unlink(BufferId b);
  void push_newest(BufferId b);

  std::int64_t m_capacity;
  std::int64_t m_used = 0;
  std::vector<Entry> m_entries;  // by BufferId
  BufferId m_newest = -1;        // most recently used
  BufferId m_oldest = -1;        // the next victim
};

template <class OnEvict>
BufferCache::Outcome BufferCache::access(BufferId buffer, std::int32_t view, std::int64_t view_bytes,
                                         std::int64_t buffer_bytes, bool write, OnEvict&& on_evict) {
  Outcome out;
  if (buffer_bytes > m_capacity) {
    out.miss_bytes = view_bytes;
    return out;
  }
  if (static_cast<std::size_t>(buffer) >= m_entries.size()) m_entries.resize(static_cast<std::size_t>(buffer) + 1);
  if (!entry(buffer).resident) {
    while (m_used + buffer_bytes > m_capacity && m_oldest >= 0) {
      const BufferId victim = m_oldest;
      Entry& v = entry(victim);
      unlink(victim);
      v.resident = false;
      m_used -= v.reserved;
      on_evict(victim, v.loaded, v.dirty);
    }
    Entry& e = entry(buffer);
    e.reserved = buffer_bytes;
    e.loaded = 0;
    e.dirty = false;
    e.resident = true;
    e.inline_views = 0;
    e.more_views.clear();
    push_newest(buffer);
    m_used += buffer_bytes;
  } else if (m_newest != buffer) {
    unlink(buffer);
    push_newest(buffer);
  }
  Entry& e = entry(buffer);
  const bool loaded = e.loaded >= e.reserved || e.has_view(view);
  if (write) {
    e.dirty = true;
    out.hit_bytes = view_bytes;
  } else if (loaded) {
    out.hit_bytes = view_bytes;
  } else {
    out.miss_bytes = view_bytes;
  }
  if (!loaded) {
    e.add_view(view);
    e.loaded = std::min(e.reserved, e.loaded + view_bytes);
  }
  return out;
}

}  // namespace anesim
