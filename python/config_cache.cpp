#include "python/config_cache.hpp"

#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"

namespace anesim {

namespace {

namespace fs = std::filesystem;

// What stat says about a file or folder; an edit, a replacement (rename over it) or a new entry
// in a folder changes at least one field.
struct Stamp {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const Stamp&) const = default;
};

std::optional<Stamp> stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return Stamp{st.st_dev, st.st_ino, st.st_size, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

using Stamps = std::vector<std::pair<std::string, Stamp>>;

// Linux sets modification times from a clock that ticks every few milliseconds, so a file written
// twice within one tick, at the same size, keeps its stamp. As git does with its index, an entry
// whose files changed this recently is not kept: they are read again until they are this old.
constexpr std::int64_t k_racy_ns = 2'000'000'000;

bool settled(const Stamps& stamps) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  const std::int64_t now_ns = static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
  return std::all_of(stamps.begin(), stamps.end(), [&](const auto& s) { return now_ns - s.second.mtime_ns >= k_racy_ns; });
}

// Each file read and the folder it is in: a shipped name resolves by listing its folder, and a
// variant's base: is looked up beside it, so a file added there may change what a name means.
// A path that cannot be stat'ed leaves the entry unkept (nullopt): it is read every time.
std::optional<Stamps> stamps_of(const std::vector<std::string>& paths) {
  Stamps stamps;
  for (const std::string& path : paths) {
    for (const std::string& p : {path, fs::path(path).parent_path().string()}) {
      const std::optional<Stamp> s = stamp_of(p.empty() ? "." : p);
      if (!s) return std::nullopt;
      stamps.emplace_back(p, *s);
    }
  }
  return stamps;
}

bool current(const Stamps& stamps) {
  for (const auto& [path, stamp] : stamps) {
    if (stamp_of(path.empty() ? "." : path) != stamp) return false;
  }
  return true;
}

template <class Spec>
struct Entry {
  Spec spec;
  Stamps stamps;
};

// A session loads a handful of configs; a program writing a new file per call would grow this
// without end, so past this many entries it starts again.
constexpr std::size_t k_max_entries = 256;

template <class Spec>
class Cache {
 public:
  // `resolve()` gives the file a name or path means; `read(path, files)` reads the config from it,
  // appending every file it read to `files`.
  template <class Resolve, class Read>
  Spec get(const std::string& name_or_path, const std::string& config_dir, Resolve resolve, Read read) {
    // Absolute, so that a relative path read again from another working folder is another entry.
    std::error_code ec;
    const auto key = std::make_pair(looks_like_path(name_or_path) ? fs::absolute(name_or_path, ec).string() : name_or_path,
                                    fs::absolute(config_dir, ec).string());
    {
      const std::lock_guard lock(m_mutex);
      const auto it = m_entries.find(key);
      if (it != m_entries.end() && current(it->second.stamps)) {
        ++m_stats.hits;
        return it->second.spec;
      }
    }
    const std::string path = resolve();
    // Stamped before reading too: an edit made while the file is read leaves the entry unkept.
    const std::optional<Stamps> before = stamps_of({path});
    std::vector<std::string> files{path};
    Spec spec = read(path, files);
    std::optional<Stamps> stamps = stamps_of(files);
    const bool keep = before && stamps && std::equal(before->begin(), before->end(), stamps->begin()) && settled(*stamps);
    const std::lock_guard lock(m_mutex);
    ++m_stats.reads;
    m_entries.erase(key);
    if (keep) {
      if (m_entries.size() >= k_max_entries) m_entries.clear();
      m_entries.emplace(key, Entry<Spec>{spec, std::move(*stamps)});
    }
    return spec;
  }
  void clear() {
    const std::lock_guard lock(m_mutex);
    m_entries.clear();
    m_stats = {};
  }
  ConfigCacheStats stats() {
    const std::lock_guard lock(m_mutex);
    return m_stats;
  }

 private:
  std::mutex m_mutex;
  ConfigCacheStats m_stats;
  std::map<std::pair<std::string, std::string>, Entry<Spec>> m_entries;
};

Cache<ChipSpec>& chip_cache() {
  static Cache<ChipSpec> cache;
  return cache;
}
Cache<ModelSpec>& model_cache() {
  static Cache<ModelSpec> cache;
  return cache;
}

}  // namespace

ChipSpec cached_load_chip(const std::string& name_or_path, const std::string& config_dir) {
  return chip_cache().get(
      name_or_path, config_dir, [&] { return resolve_config(name_or_path, config_dir, "chips"); },
      [](const std::string& path, std::vector<std::string>& files) {
        std::vector<std::string> chain;  // the file itself, then its bases
        ChipSpec chip = load_chip_file_recording(path, chain);
        files.insert(files.end(), chain.begin() + 1, chain.end());
        return chip;
      });
}

ModelSpec cached_load_model(const std::string& name_or_path, const std::string& config_dir) {
  if (name_or_path.ends_with(".onnx")) return load_model(name_or_path, config_dir);
  return model_cache().get(
      name_or_path, config_dir, [&] { return resolve_config(name_or_path, config_dir, "models"); },
      [](const std::string& path, std::vector<std::string>& files) {
        // A Hugging Face model's folder is read through its config.json.
        std::error_code ec;
        if (fs::is_directory(path, ec)) files.push_back((fs::path(path) / "config.json").string());
        return load_model_file(path);
      });
}

void clear_config_cache() {
  chip_cache().clear();
  model_cache().clear();
}

ConfigCacheStats config_cache_stats() {
  const ConfigCacheStats chips = chip_cache().stats(), models = model_cache().stats();
  return {chips.hits + models.hits, chips.reads + models.reads};
}

}  // namespace anesim
