#pragma once
// Op and tensor names, stored once per graph in a few large blocks instead of one heap string per
// name: a distilbert graph has about 1,500 names, and allocating and freeing each was a tenth of a
// simulation (issue 7).
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace anesim {

// A name held by a NameArena: a string_view that also converts to std::string, so code that
// collects names as strings keeps working. Valid while the graph that stored it lives.
struct Name : std::string_view {
  Name() = default;
  Name(std::string_view s) : std::string_view(s) {}  // NOLINT: names are made from any string
  [[nodiscard]] operator std::string() const { return std::string(data(), size()); }  // NOLINT
};

// A name given in up to three pieces ({prefix, "scores"}) and joined only where it is stored: model
// builders make most names by prefixing, and a std::string for each join was an allocation per op.
struct NameParts {
  NameParts(const char* name) : a(name) {}                // NOLINT: any string is a name
  NameParts(const std::string& name) : a(name) {}         // NOLINT
  NameParts(std::string_view name) : a(name) {}           // NOLINT
  NameParts(std::string_view first, std::string_view second, std::string_view third = {})
      : a(first), b(second), c(third) {}
  std::string_view a, b, c;
};

class NameArena {
 public:
  NameArena() = default;
  // Blocks never move, so names stay valid when the arena moves; the moved-from arena starts a new block.
  NameArena(NameArena&& other) noexcept;
  NameArena& operator=(NameArena&& other) noexcept;
  NameArena(const NameArena&) = delete;  // a copy must store its names again (see Graph's copy)
  NameArena& operator=(const NameArena&) = delete;
  ~NameArena() = default;

  // Stores the concatenation of the parts and returns it.
  Name store(const NameParts& name);
  // Stores `base` + "." + index, the name of a split's index-th output.
  Name store_indexed(std::string_view base, std::size_t index);

 private:
  char* room(std::size_t bytes);

  std::vector<std::unique_ptr<char[]>> m_blocks;
  char* m_next = nullptr;
  std::size_t m_left = 0;
};

}  // namespace anesim
