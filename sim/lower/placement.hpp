#pragma once
// Engine placement (modelling rule 7). An op runs on the CPU when the ANE lacks the op kind (gather)
// or a dtype it reads or writes (bool, int32); and a cheap op (element-wise or layout) whose
// activation inputs all come from CPU ops stays there, since moving it would only add a
// hand-over. Everything else runs on the ANE.
#include <vector>

#include "chip/chip_spec.hpp"
#include "ir/graph.hpp"
#include "sim/lower/lowering_params.hpp"
#include "sim/lower/program.hpp"

namespace anesim {

// One engine per op, indexed by OpId; `order` is the execution order. Rule 13: a program whose ANE
// weights exceed the chip's ANE address window does not load on the engine (a ~3.75 GiB weight bank
// failed to load on one M1 Ultra ANE, jundot/omlx#2781; docs/sources.md), and Core ML runs the whole
// model elsewhere: every op goes to the CPU.
[[nodiscard]] std::vector<Engine> place_ops(const Graph& graph, const std::vector<OpId>& order, const LoweringParams& params);
[[nodiscard]] inline std::vector<Engine> place_ops(const Graph& graph, const std::vector<OpId>& order, const ChipSpec& chip) {
  return place_ops(graph, order, lowering_params(chip));
}
// The weight bytes the ANE ops of a placement read (each weight once, pruning applied).
[[nodiscard]] std::int64_t ane_weight_bytes(const Graph& graph, const std::vector<Engine>& engines);

// The type a CPU op computes and stores a tensor in: Core ML runs an fp16 program's CPU ops in
// fp32 (coremltools' typed-execution guide), so fp16 becomes fp32; other types are kept.
[[nodiscard]] constexpr DType cpu_dtype(DType type) { return type == DType::fp16 ? DType::fp32 : type; }
[[nodiscard]] constexpr bool is_float(DType type) { return type == DType::fp16 || type == DType::fp32; }

}  // namespace anesim
