#pragma once
// Which of the lowering's passes (sim/lower/passes.def) run. The default runs them all; a what-if
// leaves optional ones out by name ("transposes": rule 3 costs nothing). Passes always run in the
// .def's order.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace anesim {

struct LoweringState;

enum class LoweringPassId : std::uint8_t {
#define LOWERING_PASS(id, name, need, job) id,
#include "sim/lower/passes.def"
#undef LOWERING_PASS
};

struct LoweringPass {
  LoweringPassId id;
  std::string_view name;
  bool required;
  std::string_view job;
  void (*run)(LoweringState&);
};

// Every pass, in the order they run.
[[nodiscard]] std::span<const LoweringPass> lowering_passes();

class LoweringPipeline {
 public:
  LoweringPipeline() = default;  // every pass
  // Throws anesim::Error for a name that is no pass (the hint lists them) or a required pass.
  [[nodiscard]] static LoweringPipeline without(std::span<const std::string> names);

  [[nodiscard]] bool runs(LoweringPassId id) const { return (m_left_out & bit(id)) == 0; }
  [[nodiscard]] bool runs_all() const { return m_left_out == 0; }
  [[nodiscard]] std::vector<std::string_view> left_out() const;  // names, in pipeline order
  void run(LoweringState& state) const;
  bool operator==(const LoweringPipeline&) const = default;

 private:
  static constexpr std::uint32_t bit(LoweringPassId id) { return std::uint32_t{1} << static_cast<unsigned>(id); }
  std::uint32_t m_left_out = 0;  // bit per LoweringPassId
};

}  // namespace anesim
