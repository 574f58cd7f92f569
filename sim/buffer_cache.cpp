#include "sim/buffer_cache.hpp"

#include <algorithm>

namespace anesim {

void BufferCache::make_room(std::int64_t bytes, const Evict& on_evict) {
  while (m_used + bytes > m_capacity && !m_lru.empty()) {
    const Entry victim = std::move(m_lru.back());
    m_used -= victim.reserved;
    m_index.erase(victim.buffer);
    m_lru.pop_back();
    on_evict(victim.buffer, victim.loaded, victim.dirty);
  }
}

BufferCache::Outcome BufferCache::access(BufferId buffer, std::int32_t view, std::int64_t view_bytes, std::int64_t buffer_bytes,
                                 bool write, const Evict& on_evict) {
  Outcome out;
  if (buffer_bytes > m_capacity) {
    out.miss_bytes = view_bytes;
    return out;
  }
  auto it = m_index.find(buffer);
  if (it == m_index.end()) {
    make_room(buffer_bytes, on_evict);
    m_lru.push_front(Entry{buffer, buffer_bytes, 0, {}, false});
    it = m_index.emplace(buffer, m_lru.begin()).first;
    m_used += buffer_bytes;
  } else {
    m_lru.splice(m_lru.begin(), m_lru, it->second);
  }
  Entry& e = *it->second;
  const bool loaded = e.loaded >= e.reserved || e.views.count(view) > 0;
  if (write) {
    e.dirty = true;
    out.hit_bytes = view_bytes;
  } else if (loaded) {
    out.hit_bytes = view_bytes;
  } else {
    out.miss_bytes = view_bytes;
  }
  if (!loaded) {
    e.views.insert(view);
    e.loaded = std::min(e.reserved, e.loaded + view_bytes);
  }
  return out;
}

void BufferCache::remove(BufferId buffer) {
  auto it = m_index.find(buffer);
  if (it == m_index.end()) return;
  m_used -= it->second->reserved;
  m_lru.erase(it->second);
  m_index.erase(it);
}

std::int64_t BufferCache::clean(BufferId buffer) {
  auto it = m_index.find(buffer);
  if (it == m_index.end() || !it->second->dirty) return 0;
  it->second->dirty = false;
  return it->second->loaded;
}

}  // namespace anesim
