#pragma once
// How many of a chip's ANE instances a run uses. An Ultra has two; a chip file's ANE figures are
// one instance's, and a Core ML model runs on one of them, so 1 is the default everywhere.
#include <cstdint>

#include "chip/chip_spec.hpp"

namespace anesim {

// The chip as one engine made of `instances` of its ANEs working on one model, an upper bound
// (every op split evenly, no cross-instance traffic): compute, cores, L2 and static power add up;
// the streaming ceiling does not, since two models running at once on an Ultra streamed no more
// than one (anemll-bench#8, sources §3). More instances than the chip has is an anesim::Error.
[[nodiscard]] ChipSpec use_ane_instances(const ChipSpec& chip, std::int64_t instances);

}  // namespace anesim
