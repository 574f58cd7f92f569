#pragma once
// Chips and models loaded by name or path, kept between calls: `anesim.run("distilbert", "A15")`
// would otherwise read and validate both files on every call (1.2 ms against a 0.26 ms run,
// issue 22). An entry is used again only while every file it was read from, and the folder each
// sits in (a name resolves by listing it; a variant's base: is looked up beside it), has the same
// device, inode, size and modification time as when it was read; otherwise the file is read again.
// Files modified in the last two seconds are read every time (config_cache.cpp says why).
// Errors are never kept: a bad file raises on every call until it is fixed. ONNX graphs are not
// kept (their initializers may live in other files), nor read through here.
#include <cstdint>
#include <string>

#include "chip/chip_spec.hpp"
#include "models/model_spec.hpp"

namespace anesim {

// load_chip / load_model, with the cache. Each call returns its own copy.
[[nodiscard]] ChipSpec cached_load_chip(const std::string& name_or_path, const std::string& config_dir);
[[nodiscard]] ModelSpec cached_load_model(const std::string& name_or_path, const std::string& config_dir);
// Forgets every entry and zeroes the counts (`anesim._anesim.clear_config_cache()`).
void clear_config_cache();

// Calls answered from the cache, and calls that read their files, chips and models together.
struct ConfigCacheStats {
  std::int64_t hits = 0;
  std::int64_t reads = 0;
};
[[nodiscard]] ConfigCacheStats config_cache_stats();

}  // namespace anesim
