#include "core/name_arena.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace anesim {

namespace {
// A distilbert ANE graph's names take about 40 KB: a few blocks.
constexpr std::size_t k_block_bytes = std::size_t{16} * 1024;
}  // namespace

NameArena::NameArena(NameArena&& other) noexcept
    : m_blocks(std::move(other.m_blocks)), m_next(other.m_next), m_left(other.m_left) {
  other.m_next = nullptr;
  other.m_left = 0;
}

NameArena& NameArena::operator=(NameArena&& other) noexcept {
  if (this != &other) {
    m_blocks = std::move(other.m_blocks);
    m_next = other.m_next;
    m_left = other.m_left;
    other.m_next = nullptr;
    other.m_left = 0;
  }
  return *this;
}

char* NameArena::room(std::size_t bytes) {
  if (bytes > m_left) {
    const std::size_t size = std::max(bytes, k_block_bytes);
    m_blocks.push_back(std::make_unique_for_overwrite<char[]>(size));  // no zeroing: every byte is written before it is read
    m_next = m_blocks.back().get();
    m_left = size;
  }
  char* at = m_next;
  m_next += bytes;
  m_left -= bytes;
  return at;
}

Name NameArena::store(const NameParts& name) {
  const std::string_view a = name.a, b = name.b, c = name.c;
  const std::size_t size = a.size() + b.size() + c.size();
  if (size == 0) return {};
  char* at = room(size);
  if (!a.empty()) std::memcpy(at, a.data(), a.size());
  if (!b.empty()) std::memcpy(at + a.size(), b.data(), b.size());
  if (!c.empty()) std::memcpy(at + a.size() + b.size(), c.data(), c.size());
  return Name(std::string_view(at, size));
}

Name NameArena::store_indexed(std::string_view base, std::size_t index) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, index).ptr;
  return store(NameParts(base, ".", std::string_view(digits, static_cast<std::size_t>(end - digits))));
}

}  // namespace anesim
