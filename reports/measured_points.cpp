#include "reports/measured_points.hpp"

#include <map>
#include <tuple>


namespace anesim {

std::vector<RunResult> mean_of_power_states(const std::vector<RunResult>& runs) {
  using Key = std::tuple<std::string, std::string, std::string, std::int64_t, std::int64_t, std::string, std::int64_t,
                         std::string, double, std::int64_t>;
  struct Sum {
    const RunResult* first = nullptr;
    double latency_s = 0;
    int states = 0;
  };
  std::map<Key, Sum> sums;
  std::vector<Key> order;  // first appearance: the same runs give the same report
  for (const RunResult& r : runs) {
    const Key key{r.model, r.chip, r.layout, r.seq, r.batch, r.phase, r.kv_len, r.weights, r.sparsity, r.ane_instances};
    Sum& s = sums[key];
    if (s.first == nullptr) {
      s.first = &r;
      order.push_back(key);
    }
    s.latency_s += r.totals.latency_s;
    ++s.states;
  }
  std::vector<RunResult> out;
  for (const Key& key : order) {
    const Sum& s = sums.at(key);
    if (s.states < 2) continue;
    RunResult mean = *s.first;  // the labels, the fit and the memory; latency is the states' mean
    mean.ops = {};
    mean.op_names.reset();
    mean.power_state = "mean";
    mean.totals.latency_s = s.latency_s / s.states;
    out.push_back(std::move(mean));
  }
  return out;
}

}  // namespace anesim
