#pragma once
// A block of a graph: the consecutive ops and tensors one call of a model builder's layer function
// added, the tensor it reads from the block before, and the prefix every name in it starts with.
// Deep models are the same block many times over; a block that is its predecessor translated (ids
// shifted, prefix swapped) can be appended as a copy instead of built op by op (issue 22: building
// was a quarter of a llama-2-7b simulation). The copy is exact by construction: every field of
// every op and tensor is the source's, and is_translation() checks a built pair field by field.
#include <cstdint>
#include <string_view>

#include "ir/graph_ids.hpp"

namespace anesim {

class Graph;

struct GraphBlock {
  OpId ops_begin = 0, ops_end = 0;              // [begin, end)
  TensorId tensors_begin = 0, tensors_end = 0;  // [begin, end)
  TensorId input = k_none;  // read from outside: the next block's copy reads its own input here
  std::string_view prefix;  // "layer3."
};

// A block appended as a copy (Graph::append_copy) and the block it copies: each op and tensor of
// `copy` is its counterpart in `source` shifted by the blocks' distance.
struct GraphBlockCopy {
  GraphBlock source;
  GraphBlock copy;
};

// True when `b` is `a` translated: as many ops and tensors, each equal to its counterpart in `a`
// (kind, attributes, shape, dtype, role, density, output and state flags) but for its name
// (`b.prefix` where `a` has `a.prefix`) and ids (shifted by the blocks' distance), `a`'s input read
// where `b` reads its own (the two inputs alike in shape, dtype and role), and every other tensor
// from outside shared, from before both blocks.
[[nodiscard]] bool is_translation(const Graph& graph, const GraphBlock& a, const GraphBlock& b);

}  // namespace anesim
