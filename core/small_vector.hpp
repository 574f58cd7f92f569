#pragma once
// A vector of trivially copyable values that keeps its first N in place: an op's inputs and
// outputs and a tensor's consumers are almost always a handful of ids, and a heap block for each
// (two per op, one per tensor) was a large share of a graph build's allocations (issue 7).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <type_traits>
#include <vector>

namespace anesim {

template <class T, std::size_t N>
class SmallVector {
  static_assert(std::is_trivially_copyable_v<T>, "SmallVector copies its values with std::copy");
  static_assert(N > 0);

 public:
  using value_type = T;
  using size_type = std::size_t;
  using iterator = T*;
  using const_iterator = const T*;

  SmallVector() = default;
  SmallVector(std::initializer_list<T> values) { append(values.begin(), values.end()); }
  // Implicit, so a builder can hand over the std::vector it collected ids in.
  SmallVector(const std::vector<T>& values) { append(values.data(), values.data() + values.size()); }  // NOLINT
  explicit SmallVector(std::span<const T> values) { append(values.data(), values.data() + values.size()); }
  SmallVector(const SmallVector& other) { append(other.begin(), other.end()); }
  SmallVector(SmallVector&& other) noexcept { take(other); }
  SmallVector& operator=(const SmallVector& other) {
    if (this != &other) {
      m_size = 0;
      append(other.begin(), other.end());
    }
    return *this;
  }
  SmallVector& operator=(SmallVector&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  ~SmallVector() { release(); }

  [[nodiscard]] std::size_t size() const { return m_size; }
  [[nodiscard]] bool empty() const { return m_size == 0; }
  [[nodiscard]] T* data() { return m_data; }
  [[nodiscard]] const T* data() const { return m_data; }
  [[nodiscard]] T* begin() { return m_data; }
  [[nodiscard]] T* end() { return m_data + m_size; }
  [[nodiscard]] const T* begin() const { return m_data; }
  [[nodiscard]] const T* end() const { return m_data + m_size; }
  [[nodiscard]] T& operator[](std::size_t i) { return m_data[i]; }
  [[nodiscard]] const T& operator[](std::size_t i) const { return m_data[i]; }
  [[nodiscard]] T& front() { return m_data[0]; }
  [[nodiscard]] const T& front() const { return m_data[0]; }
  [[nodiscard]] T& back() { return m_data[m_size - 1]; }
  [[nodiscard]] const T& back() const { return m_data[m_size - 1]; }

  void clear() { m_size = 0; }
  void reserve(std::size_t capacity) {
    if (capacity > m_capacity) grow(capacity);
  }
  void push_back(const T& value) {
    if (m_size == m_capacity) {
      const T copy = value;  // `value` may live in the storage grow() frees
      grow(2 * static_cast<std::size_t>(m_capacity));
      m_data[m_size++] = copy;
      return;
    }
    m_data[m_size++] = value;
  }

  [[nodiscard]] operator std::span<const T>() const { return {m_data, m_size}; }  // NOLINT
  [[nodiscard]] std::vector<T> to_vector() const { return std::vector<T>(begin(), end()); }

  friend bool operator==(const SmallVector& a, const SmallVector& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  [[nodiscard]] bool is_inline() const { return m_data == m_inline; }

  void append(const T* first, const T* last) {
    const auto n = static_cast<std::size_t>(last - first);
    reserve(m_size + n);
    std::copy(first, last, m_data + m_size);
    m_size += static_cast<std::uint32_t>(n);
  }

  void grow(std::size_t capacity) {
    T* bigger = new T[capacity];
    std::copy(begin(), end(), bigger);
    release();
    m_data = bigger;
    m_capacity = static_cast<std::uint32_t>(capacity);
  }

  void release() {
    if (!is_inline()) delete[] m_data;
    m_data = m_inline;
    m_capacity = N;
  }

  // Leaves `other` empty and inline.
  void take(SmallVector& other) {
    m_size = other.m_size;
    if (other.is_inline()) {
      std::copy(other.begin(), other.end(), m_inline);
      m_data = m_inline;
      m_capacity = N;
    } else {
      m_data = other.m_data;
      m_capacity = other.m_capacity;
      other.m_data = other.m_inline;
      other.m_capacity = N;
    }
    other.m_size = 0;
  }

  T* m_data = m_inline;
  std::uint32_t m_size = 0;
  std::uint32_t m_capacity = N;
  T m_inline[N]{};
};

}  // namespace anesim
