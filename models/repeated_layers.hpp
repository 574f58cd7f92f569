#pragma once
// A deep model's layers are one block many times over. The builder builds layers until the last
// one built is the layer before it translated (ir/graph_block.hpp: ids shifted, prefix swapped, the
// same shared tensors read), then appends every later layer as a copy of the last one built.
//
// Why that is exact: a layer's ops depend on its index only through its name prefix; they read
// its input, the mask, and tensors the layout strategy creates on first use and shares (rope
// tables, constants), and nothing else in the builder changes from layer to layer. So once one
// layer repeats the one before, every shared tensor exists and every later layer is the same
// translation again. tests/test_repeated_layers.cpp builds every zoo model both ways, in every
// layout and phase, and compares the graphs field by field.
#include <cstdint>
#include <string>

#include "ir/graph_block.hpp"
#include "ir/graph_builder.hpp"

namespace anesim {

// Whether the builder may copy repeated layers; `never` builds every one (the tests' reference).
enum class LayerCopies : std::uint8_t { when_repeated, never };

class RepeatedLayers {
 public:
  RepeatedLayers(GraphBuilder& builder, LayerCopies copies) : m_b(builder), m_copies(copies) {}

  // The output of the layer named by `prefix` that reads `x`: `build(x)` builds it, unless the
  // layers so far have repeated, when it is the last one copied.
  template <class Build>
  TensorId next(TensorId x, std::string prefix, Build&& build) {
    if (m_repeating) return copy(x, std::move(prefix));
    const Mark start = mark(x);
    const TensorId out = build(x);
    built(start, out, std::move(prefix));
    return out;
  }

  [[nodiscard]] std::int64_t copied_layers() const { return m_copied; }

 private:
  struct Mark {
    OpId ops;
    TensorId tensors;
    TensorId input;
    std::int64_t parameters;
  };
  // A layer built or copied. Its block keeps no prefix: a view into `prefix` would dangle when the
  // layer moves (a short string moves its characters), so it is attached where it is read.
  struct Layer {
    GraphBlock block;
    TensorId output = k_none;
    std::int64_t parameters = 0;
    std::string prefix;

    [[nodiscard]] GraphBlock named() const {
      GraphBlock b = block;
      b.prefix = prefix;
      return b;
    }
  };

  [[nodiscard]] Mark mark(TensorId x) const;
  void built(const Mark& start, TensorId out, std::string prefix);
  TensorId copy(TensorId x, std::string prefix);

  GraphBuilder& m_b;
  LayerCopies m_copies;
  Layer m_before, m_last;  // the last two layers, built or copied
  bool m_repeating = false;
  std::int64_t m_copied = 0;
};

}  // namespace anesim
