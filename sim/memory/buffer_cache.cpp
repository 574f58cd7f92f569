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

}  // namespace anesim
