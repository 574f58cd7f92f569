#include "sim/memory/buffer_cache.hpp"

namespace anesim {

void BufferCache::unlink(BufferId b) {
  Entry& e = entry(b);
  if (e.newer >= 0) {
    entry(e.newer).older = e.older;
  } else {
    m_newest = e.older;
  }
  if (e.older >= 0) {
    entry(e.older).newer = e.newer;
  } else {
    m_oldest = e.newer;
  }
  e.newer = e.older = -1;
}

void BufferCache::push_newest(BufferId b) {
  Entry& e = entry(b);
  e.newer = -1;
  e.older = m_newest;
  if (m_newest >= 0) entry(m_newest).newer = b;
  m_newest = b;
  if (m_oldest < 0) m_oldest = b;
}

void BufferCache::remove(BufferId buffer) {
  if (!resident(buffer)) return;
  Entry& e = entry(buffer);
  m_used -= e.reserved;
  unlink(buffer);
  e.resident = false;
}

std::int64_t BufferCache::clean(BufferId buffer) {
  if (!resident(buffer)) return 0;
  Entry& e = entry(buffer);
  if (!e.dirty) return 0;
  e.dirty = false;
  return e.loaded;
}

void BufferCache::reset(std::int64_t capacity_bytes) {
  // An entry that is not resident is filled afresh when its buffer next comes in (access()).
  for (BufferId b = m_newest; b >= 0; b = entry(b).older) entry(b).resident = false;
  m_capacity = capacity_bytes;
  m_used = 0;
  m_newest = m_oldest = -1;
}

void BufferCache::save(State& out) const {
  out.entries.clear();
  out.views.clear();
  for (BufferId b = m_oldest; b >= 0; b = m_entries[static_cast<std::size_t>(b)].newer) {
    const Entry& e = m_entries[static_cast<std::size_t>(b)];
    Resident& r = out.entries.emplace_back();
    r.buffer = b;
    r.reserved = e.reserved;
    r.loaded = e.loaded;
    r.dirty = e.dirty;
    r.first_view = static_cast<std::int32_t>(out.views.size());
    out.views.insert(out.views.end(), e.views.begin(), e.views.begin() + e.inline_views);
    out.views.insert(out.views.end(), e.more_views.begin(), e.more_views.end());
    r.view_count = static_cast<std::int32_t>(out.views.size()) - r.first_view;
  }
}

void BufferCache::load(const State& state) {
  reset(m_capacity);
  for (const Resident& r : state.entries) {
    if (static_cast<std::size_t>(r.buffer) >= m_entries.size()) m_entries.resize(static_cast<std::size_t>(r.buffer) + 1);
    Entry& e = entry(r.buffer);
    e.reserved = r.reserved;
    e.loaded = r.loaded;
    e.dirty = r.dirty;
    e.resident = true;
    e.inline_views = 0;
    e.more_views.clear();
    for (std::int32_t k = 0; k < r.view_count; ++k) e.add_view(state.views[static_cast<std::size_t>(r.first_view + k)]);
    push_newest(r.buffer);
    m_used += r.reserved;
  }
}

}  // namespace anesim
