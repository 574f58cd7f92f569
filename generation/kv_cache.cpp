#include "generation/kv_cache.hpp"

#include "core/choice_list.hpp"
#include "core/error.hpp"

namespace anesim {

std::vector<std::string> kv_cache_names() { return {k_kv_cache_names.begin(), k_kv_cache_names.end()}; }

KvCache parse_kv_cache(std::string_view name) {
  for (std::size_t i = 0; i < k_kv_cache_names.size(); ++i) {
    if (k_kv_cache_names[i] == name) return static_cast<KvCache>(i);
  }
  throw Error("unknown KV-cache mode '" + std::string(name) + "'", "use one of " + choice_list(k_kv_cache_names));
}

}  // namespace anesim
