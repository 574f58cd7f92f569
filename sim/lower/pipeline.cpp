#include "sim/lower/pipeline.hpp"

#include <array>

#include "core/error.hpp"
#include "sim/lower/passes.hpp"

namespace anesim {

namespace {

constexpr bool required = true;
constexpr bool optional = false;

constexpr std::array k_passes{
#define LOWERING_PASS(id, name, need, job) LoweringPass{LoweringPassId::id, name, need, job, &lowering_pass::id},
#include "sim/lower/passes.def"
#undef LOWERING_PASS
};
static_assert(k_passes.size() <= 32, "LoweringPipeline keeps one bit a pass in a std::uint32_t");

// Every pass's name, in order, the required ones marked; or only the optional ones.
std::string pass_names(bool optional_only) {
  std::string names;
  for (const LoweringPass& p : k_passes) {
    if (optional_only && p.required) continue;
    if (!names.empty()) names += ", ";
    names += std::string(p.name) + (p.required ? " (required)" : "");
  }
  return names;
}

const LoweringPass& pass_named(const std::string& name) {
  for (const LoweringPass& p : k_passes) {
    if (p.name == name) return p;
  }
  throw Error("unknown lowering pass '" + name + "'", "the passes, in order: " + pass_names(false));
}

}  // namespace

std::span<const LoweringPass> lowering_passes() { return k_passes; }

LoweringPipeline LoweringPipeline::without(std::span<const std::string> names) {
  LoweringPipeline pipeline;
  for (const std::string& name : names) {
    const LoweringPass& p = pass_named(name);
    if (p.required) {
      throw Error("the lowering pass '" + name + "' cannot be left out: it " + std::string(p.job) +
                      ", which later passes and the simulation read",
                  "the passes that may be left out: " + pass_names(true));
    }
    pipeline.m_left_out |= bit(p.id);
  }
  return pipeline;
}

std::vector<std::string_view> LoweringPipeline::left_out() const {
  std::vector<std::string_view> names;
  for (const LoweringPass& p : k_passes) {
    if (!runs(p.id)) names.push_back(p.name);
  }
  return names;
}

void LoweringPipeline::run(LoweringState& state) const {
  for (const LoweringPass& p : k_passes) {
    if (runs(p.id)) p.run(state);
  }
}

}  // namespace anesim
