#include "generation/step_curve.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/error.hpp"

namespace anesim {

namespace {

double lerp(double a, double b, double t) { return a + (b - a) * t; }
std::int64_t lerp_bytes(std::int64_t a, std::int64_t b, double t) {
  return a + static_cast<std::int64_t>(std::llround(static_cast<double>(b - a) * t));
}
BoundaryTraffic lerp_traffic(const BoundaryTraffic& a, const BoundaryTraffic& b, double t) {
  return {.app_bytes = lerp_bytes(a.app_bytes, b.app_bytes, t),
          .engine_bytes = lerp_bytes(a.engine_bytes, b.engine_bytes, t),
          .cache_bytes = lerp_bytes(a.cache_bytes, b.cache_bytes, t)};
}

}  // namespace

StepCurve::StepCurve(Simulate simulate, std::int64_t first, std::int64_t last, std::int64_t block)
    : m_simulate(std::move(simulate)) {
  if (first > last || block < 1) throw Error("an empty range of cache lengths", "ask for at least one decode step");
  // Blocks of cache lengths L = kv_len + 1 in (block * n, block * (n + 1)]: kv_len in
  // [block * n, block * n + block - 1].
  for (std::int64_t lo = first; lo <= last;) {
    const std::int64_t block_end = (lo / block) * block + block - 1;
    const std::int64_t hi = std::min(last, block_end);
    cover(lo, hi);
    lo = hi + 1;
  }
}

const StepSample& StepCurve::sample(std::int64_t kv_len) {
  auto it = m_points.find(kv_len);
  if (it == m_points.end()) it = m_points.emplace(kv_len, m_simulate(kv_len)).first;
  return it->second;
}

void StepCurve::cover(std::int64_t lo, std::int64_t hi) {
  if (hi - lo < 2) {  // every length simulated
    for (std::int64_t k = lo; k <= hi; ++k) {
      sample(k);
      m_pieces[k] = k;
    }
    return;
  }
  if (sample(lo).signature == sample(hi).signature) {
    m_pieces[lo] = hi;
    return;
  }
  const std::int64_t mid = lo + (hi - lo) / 2;
  cover(lo, mid);
  cover(mid, hi);  // shares `mid` with the first half: a piece may end where the next begins
}

StepCost StepCurve::at(std::int64_t kv_len) const {
  auto piece = m_pieces.upper_bound(kv_len);
  if (piece == m_pieces.begin()) throw Error("cache length " + std::to_string(kv_len) + " is outside the reply");
  --piece;
  const std::int64_t lo = piece->first, hi = piece->second;
  if (kv_len > hi) throw Error("cache length " + std::to_string(kv_len) + " is outside the reply");
  const StepCost& a = m_points.at(lo).cost;
  if (hi == lo) return a;
  const StepCost& b = m_points.at(hi).cost;
  const double t = static_cast<double>(kv_len - lo) / static_cast<double>(hi - lo);
  StepCost c;
  c.latency_s = lerp(a.latency_s, b.latency_s, t);
  c.energy_j = lerp(a.energy_j, b.energy_j, t);
  c.peak_memory_bytes = lerp_bytes(a.peak_memory_bytes, b.peak_memory_bytes, t);
  c.regime = t < 0.5 ? a.regime : b.regime;  // a regime changes continuously: the nearer end's
  c.run_io = lerp_traffic(a.run_io, b.run_io, t);
  c.cache_io = lerp_traffic(a.cache_io, b.cache_io, t);
  return c;
}

}  // namespace anesim
