// resident-memory: the bytes the program holds besides its buffers. Weights are memory-mapped
// (rule 10): a table only gathered from is resident in the pages of the rows read; any other weight
// is streamed whole, so all of it is resident. Constants are folded into the model.
#include "sim/lower/mapped_pages.hpp"
#include "sim/lower/passes.hpp"

namespace anesim::lowering_pass {

namespace {
std::int64_t resident_weight_bytes(const Graph& g, std::int64_t page_bytes) {
  std::int64_t total = 0;
  for (TensorId t = 0; t < static_cast<TensorId>(g.tensor_count()); ++t) {
    const Tensor& tensor = g.tensor(t);
    if (tensor.role != TensorRole::weight) continue;
    const std::int64_t bytes = weight_storage_bytes(tensor);
    bool gathered_only = !tensor.consumers.empty();
    std::int64_t rows_read = 0;
    for (OpId c : tensor.consumers) {
      const Op& op = g.op(c);
      if (op.kind != OpKind::gather) {
        gathered_only = false;
        break;
      }
      rows_read += g.tensor(op.inputs[1]).shape.elements();
    }
    if (gathered_only) {
      const std::int64_t row_bytes = storage_bytes(tensor.shape[1], tensor.dtype);
      total += std::min(bytes, expected_resident_bytes(tensor.shape[0], row_bytes, rows_read, page_bytes));
    } else {
      total += bytes;
    }
  }
  return total;
}
}  // namespace

void resident_memory(LoweringState& s) {
  Program& p = s.program;
  p.resident_weight_bytes = resident_weight_bytes(s.graph, s.params.page_bytes);
  for (const Buffer& b : p.buffers) {
    if (b.kind == BufferKind::constant) p.resident_constant_bytes += b.allocated_bytes;
  }
  p.parameter_count = s.graph.parameter_count();
}

}  // namespace anesim::lowering_pass
