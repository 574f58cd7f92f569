#pragma once
// Layout ops: they compute nothing, and rule 2 decides whether each moves data. A layout op moves
// data when it changes which axis is last or the last axis's length; relabelling outer axes is
// free (the lowering elides it). tile and slice_update always write their output.
#include <array>
#include <string>

#include "ir/ops/rules.hpp"

namespace anesim {

struct LayoutOp {
  // Their cost is the copy, when there is one, not arithmetic.
  static constexpr OpFlops flops(const Graph&, const Op&) { return {}; }
};

namespace layout_rules {
inline const Shape& in_shape(const Graph& g, const Op& op) { return g.tensor(op.inputs[0]).shape; }
inline const Shape& out_shape(const Graph& g, const Op& op) { return g.tensor(op.outputs[0]).shape; }
// Rule 2 for ops that keep the axes' order: a copy when the last axis's length changes.
struct CopiesIfLastAxisChanges : LayoutOp {
  static bool copies(const Graph& g, const Op& op) { return in_shape(g, op).last() != out_shape(g, op).last(); }
};
}  // namespace layout_rules

template <>
struct OpRules<OpKind::transpose> : LayoutOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    const Shape& x = in[0]->shape;
    if (a.ints.size() != x.rank()) at.fail("permutation has " + std::to_string(a.ints.size()) + " axes, tensor has " + std::to_string(x.rank()));
    Dims d(0, 0);
    std::array<bool, Shape::k_max_rank> seen{};
    for (auto p : a.ints) {
      const auto axis = x.normalize_axis(p);
      if (seen[axis]) at.fail("permutation repeats axis " + std::to_string(p));
      seen[axis] = true;
      d.push_back(x[axis]);
    }
    return one(d.shape(), in[0]->dtype);
  }
  // A copy unless the last axis stays last.
  static bool copies(const Graph& g, const Op& op) {
    const Shape& in = layout_rules::in_shape(g, op);
    return op.attrs.ints.empty() || in.normalize_axis(op.attrs.ints.back()) != in.rank() - 1;
  }
};

template <>
struct OpRules<OpKind::reshape> : layout_rules::CopiesIfLastAxisChanges {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    const Shape target(a.ints);
    if (target.elements() != in[0]->shape.elements()) {
      at.fail("cannot reshape " + in[0]->shape.to_string() + " to " + target.to_string() + ": element counts differ");
    }
    return one(target, in[0]->dtype);
  }
};

template <>
struct OpRules<OpKind::expand_dims> : layout_rules::CopiesIfLastAxisChanges {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    Dims d(in[0]->shape);
    const auto r = static_cast<std::int64_t>(d.size()) + 1;
    const std::int64_t axis = a.axis < 0 ? a.axis + r : a.axis;
    if (axis < 0 || axis >= r) at.fail("axis " + std::to_string(a.axis) + " out of range");
    d.insert(static_cast<std::size_t>(axis), 1);
    return one(d.shape(), in[0]->dtype);
  }
};

template <>
struct OpRules<OpKind::squeeze> : layout_rules::CopiesIfLastAxisChanges {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    Dims d(in[0]->shape);
    const auto axis = in[0]->shape.normalize_axis(a.axis);
    if (d[axis] != 1) at.fail("cannot squeeze axis " + std::to_string(a.axis) + " of size " + std::to_string(d[axis]));
    d.erase(axis);
    return one(d.shape(), in[0]->dtype);
  }
};

// attrs.parts equal parts along attrs.axis: the one kind with several outputs.
template <>
struct OpRules<OpKind::split> : layout_rules::CopiesIfLastAxisChanges {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    Dims d(in[0]->shape);
    const auto axis = in[0]->shape.normalize_axis(a.axis);
    if (a.parts < 1 || d[axis] % a.parts != 0) {
      at.fail("axis of size " + std::to_string(d[axis]) + " does not split into " + std::to_string(a.parts) + " equal parts");
    }
    d[axis] /= a.parts;
    return {d.shape(), in[0]->dtype, static_cast<std::size_t>(a.parts)};
  }
};

template <>
struct OpRules<OpKind::concat> : LayoutOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1 << 20);
    Dims d(in[0]->shape);
    const auto axis = in[0]->shape.normalize_axis(a.axis);
    d[axis] = 0;
    for (const auto* t : in) {
      const Shape& e = t->shape;
      if (e.rank() != d.size()) at.fail("inputs differ in rank");
      for (std::size_t i = 0; i < e.rank(); ++i) {
        if (i != axis && e[i] != in[0]->shape[i]) at.fail("inputs differ off the concat axis: " + t->shape.to_string());
      }
      d[axis] += e[axis];
    }
    return one(d.shape(), in[0]->dtype);
  }
  // Joining along the last axis interleaves rows; joining outer axes places whole buffers.
  static bool copies(const Graph& g, const Op& op) {
    const Shape& out = layout_rules::out_shape(g, op);
    return out.normalize_axis(op.attrs.axis) == out.rank() - 1;
  }
};

// [attrs.begin, attrs.end) of attrs.axis; attrs.keep_dims false drops a one-element axis.
template <>
struct OpRules<OpKind::slice> : layout_rules::CopiesIfLastAxisChanges {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    Dims d(in[0]->shape);
    const auto axis = in[0]->shape.normalize_axis(a.axis);
    if (a.begin < 0 || a.end <= a.begin || a.end > d[axis]) {
      at.fail("range [" + std::to_string(a.begin) + ", " + std::to_string(a.end) + ") does not fit an axis of " + std::to_string(d[axis]));
    }
    d[axis] = a.end - a.begin;
    if (!a.keep_dims) {
      if (d[axis] != 1) at.fail("only a one-element slice can drop its axis");
      d.erase(axis);
    }
    return one(d.shape(), in[0]->dtype);
  }
};

// attrs.ints: one repeat count per axis.
template <>
struct OpRules<OpKind::tile> : LayoutOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 1, 1);
    Dims d(in[0]->shape);
    if (a.ints.size() != d.size()) at.fail("needs one repeat count per axis");
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (a.ints[i] < 1) at.fail("repeat counts must be >= 1");
      d[i] *= a.ints[i];
    }
    return one(d.shape(), in[0]->dtype);
  }
  static constexpr bool copies(const Graph&, const Op&) { return true; }
};

// slice_update(cache, update) writes `update` into the cache at attrs.begin along attrs.axis.
template <>
struct OpRules<OpKind::slice_update> : LayoutOp {
  static InferredOutputs infer(const ShapeSite& at, ShapeInputs in, const OpAttrs& a) {
    at.need_inputs(in, 2, 2);
    const Shape& cache = in[0]->shape;
    const Shape& update = in[1]->shape;
    const auto axis = cache.normalize_axis(a.axis);
    bool fits = cache.rank() == update.rank() && a.begin >= 0 && a.begin + update[axis] <= cache[axis];
    for (std::size_t i = 0; fits && i < cache.rank(); ++i) fits = i == axis || cache[i] == update[i];
    if (!fits) at.fail("cannot write " + update.to_string() + " into " + cache.to_string() + " at " + std::to_string(a.begin));
    return one(cache, in[0]->dtype);
  }
  static constexpr bool copies(const Graph&, const Op&) { return true; }
};

}  // namespace anesim
