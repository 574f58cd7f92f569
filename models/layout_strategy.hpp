#pragma once
// How a Transformer is written for the hardware. The builder fixes the architecture (residuals,
// norm placement, the FFN chain, the head); a layout strategy decides the tensor layout and the
// ops that express each block in it. Strategies are listed by name in models/layouts.def.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/layout_principles.hpp"
#include "models/model_spec.hpp"
#include "ir/graph_builder.hpp"
#include "sim/run_choices.hpp"  // Phase

namespace anesim {

// What an imported ONNX graph's operator anesim has no op kind for becomes (`--unsupported`): an
// error naming the node (the default), or one CPU op of kind `unsupported` costed by its bytes
// (ir/ops/op_kinds.def says how, models/onnx/onnx_unsupported.cpp when it may).
enum class UnsupportedOps : std::uint8_t { error, cpu };
inline constexpr std::array<std::string_view, 2> k_unsupported_ops_names{"error", "cpu"};  // by UnsupportedOps
[[nodiscard]] constexpr std::string_view unsupported_ops_name(UnsupportedOps u) {
  return k_unsupported_ops_names[static_cast<std::size_t>(u)];
}
[[nodiscard]] inline std::vector<std::string> unsupported_ops_names() {
  return {k_unsupported_ops_names.begin(), k_unsupported_ops_names.end()};
}
// A name of k_unsupported_ops_names back as the choice (checked where it is read: anything else is an error).
[[nodiscard]] constexpr UnsupportedOps unsupported_ops_of(std::string_view name) {
  return name == unsupported_ops_name(UnsupportedOps::cpu) ? UnsupportedOps::cpu : UnsupportedOps::error;
}

// Converter choices that change the graph (docs/sources.md §9.9.2); the
// defaults reproduce the 2022 coremltools the seed used.
struct BuildOptions {
  bool fold_position_gather = true;     // const_elimination folds the constant-index gather
  bool fuse_ane_layer_norm = false;     // coremltools >= PR #1972 fuses LayerNormANE's 9 ops
  bool baseline_fill_constant = true;   // masked_fill's (B,H,S,S) fill value folded to a constant
  // Rule 8: the precision of projection weights and the share pruned away. Quantization and
  // pruning change the bytes fetched, not the math.
  DType weight_dtype = DType::fp16;
  double sparsity = 0;
  Phase phase = Phase::prefill;
  std::int64_t kv_len = 0;  // decode: tokens already in the cache
  UnsupportedOps unsupported = UnsupportedOps::error;  // imported ONNX graphs only
};

struct BuildContext {
  GraphBuilder& b;
  const ModelSpec& model;
  std::int64_t batch;
  std::int64_t seq;
  BuildOptions options;

  [[nodiscard]] bool decoding() const { return options.phase == Phase::decode; }
  // Keys a decode step attends over: the cache plus the new token.
  [[nodiscard]] std::int64_t cache_len() const { return options.kv_len + 1; }
  // A projection's kernel, at the run's weight precision and sparsity.
  TensorId kernel(const NameParts& name, Shape shape) const {
    return b.weight(name, std::move(shape), options.weight_dtype, 1.0 - options.sparsity);
  }
};

class LayoutStrategy {
 public:
  virtual ~LayoutStrategy() = default;
  // Moves the (B,S,C) embedding sum into the layout's activation form (the embedding norm, if
  // any, is applied by the builder afterwards).
  virtual TensorId enter(BuildContext& ctx, TensorId bsc) = 0;
  // A channels-first (B,C,1,S) sequence from a convolutional front-end, in the layout's form.
  virtual TensorId sequence_from_channels(BuildContext& ctx, TensorId bc1s) = 0;
  // The layout's activation shape for (batch, seq, channels), and the axis the sequence is on.
  [[nodiscard]] virtual Shape activation_shape(std::int64_t batch, std::int64_t seq, std::int64_t channels) const = 0;
  [[nodiscard]] virtual std::int64_t sequence_axis() const = 0;
  // Mask preparation done once per model (none for the baseline's replace masking); k_mask is
  // what attention() receives, or k_none.
  virtual TensorId prepare_mask(BuildContext& ctx, TensorId mask) = 0;
  // Self-attention of one layer, from the input projections to the output projection.
  virtual TensorId attention(BuildContext& ctx, TensorId x, TensorId mask, const std::string& prefix) = 0;
  // A dense projection of the channel axis (Linear or Conv2d 1x1), with or without bias.
  virtual TensorId project(BuildContext& ctx, TensorId x, std::int64_t in, std::int64_t out, const std::string& name,
                           bool bias, TensorId shared_weight = k_none) = 0;
  virtual TensorId norm(BuildContext& ctx, TensorId x, const std::string& name) = 0;
  // Token 0's hidden vector, (B,C) in the layout's form.
  virtual TensorId first_token(BuildContext& ctx, TensorId x) = 0;
  // The layout's final tensor back to the framework's shape, if it differs.
  virtual TensorId leave(BuildContext& ctx, TensorId x) = 0;
};

// The layouts are listed in models/layouts.def, one line each; a new layout is its .cpp and a line.
#define ANESIM_LAYOUT(name, label, shape, factory) [[nodiscard]] std::unique_ptr<LayoutStrategy> factory();
#include "models/layouts.def"

// The two strategy classes, each over the switches it reads: (B,S,C) the `mask` switch, (B,C,1,S)
// the other three as well (models/layout_principles.hpp).
[[nodiscard]] std::unique_ptr<LayoutStrategy> make_bsc_layout(const LayoutPrinciples& principles);
[[nodiscard]] std::unique_ptr<LayoutStrategy> make_bc1s_layout(const LayoutPrinciples& principles);

// A layout of models/layouts.def or a combination of switches (`baseline+bc1s+heads`); throws
// anesim::Error listing every valid name when `name` is neither.
[[nodiscard]] std::unique_ptr<LayoutStrategy> make_layout(const std::string& name);
// The names in models/layouts.def's order.
[[nodiscard]] std::vector<std::string> layout_names();

// Attribute helpers shared by the strategies.
[[nodiscard]] OpAttrs scalar_attrs(double value);
[[nodiscard]] OpAttrs axis_attrs(std::int64_t axis);
[[nodiscard]] OpAttrs ints_attrs(std::vector<std::int64_t> ints);

}  // namespace anesim
