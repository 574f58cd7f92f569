#include "models/onnx/onnx_shape_ops.hpp"

#include <algorithm>

namespace anesim {

namespace {

// Shapes, axes and indices must be known once batch and seq are bound; a value computed from
// data at run time (a data-dependent shape) is not something a compiled ANE program has.
std::vector<std::int64_t> known_ints(const OnnxContext& ctx, const OnnxNode& node, std::size_t k, const char* what) {
  const OnnxTensor* t = ctx.known(ctx.input(node, k));
  if (!t || !t->floats.empty()) {
    ctx.fail(node, std::string("takes its ") + what + " from a tensor computed at run time",
             "export with static shapes for everything but batch and seq (Core ML compiles one shape)");
  }
  return t->ints;
}

std::vector<std::int64_t> dims(const Shape& s) {
  std::vector<std::int64_t> d;
  for (std::size_t i = 0; i < s.rank(); ++i) d.push_back(s[i]);
  return d;
}

std::vector<std::int64_t> axes_input(const OnnxContext& ctx, const OnnxNode& node) {
  if (const OnnxAttribute* a = node.attribute("axes")) return a->ints;
  if (node.inputs.size() > 1 && !node.inputs[1].empty()) return known_ints(ctx, node, 1, "axes");
  return {};
}

std::int64_t normalized(std::int64_t axis, std::size_t rank) { return axis < 0 ? axis + static_cast<std::int64_t>(rank) : axis; }

void out(OnnxContext& ctx, const OnnxNode& node, TensorId t) { ctx.set_tensor(node.outputs.at(0), t); }

// A reshape to `target`, or the input itself when nothing changes (Core ML drops such a reshape).
TensorId reshaped(OnnxContext& ctx, const std::string& name, TensorId x, const std::vector<std::int64_t>& target) {
  if (dims(ctx.builder().shape(x)) == target) return x;
  OpAttrs a;
  a.ints = target;
  return ctx.builder().op(name, OpKind::reshape, {x}, a);
}

}  // namespace

void map_reshape(OnnxContext& ctx, const OnnxNode& node) {
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  const std::vector<std::int64_t> from = dims(ctx.builder().shape(x));
  std::vector<std::int64_t> target = known_ints(ctx, node, 1, "target shape");
  const bool allow_zero = node.int_or("allowzero", 0) != 0;
  std::int64_t known = 1;
  std::size_t infer = target.size();
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] == 0 && !allow_zero) {
      if (i >= from.size()) ctx.fail(node, "copies axis " + std::to_string(i) + " its input lacks", "check the target shape");
      target[i] = from[i];
    }
    if (target[i] == -1) {
      infer = i;
    } else if (target[i] < 0) {
      ctx.fail(node, "has a negative size in its target shape", "sizes are >= 0, or -1 for one inferred axis");
    } else if (__builtin_mul_overflow(known, target[i], &known)) {
      ctx.fail(node, "has a target shape of more than 2^63 elements", "check the target shape");
    }
  }
  if (infer < target.size()) target[infer] = known == 0 ? 0 : ctx.builder().shape(x).elements() / known;
  out(ctx, node, reshaped(ctx, node.name, x, target));
}

void map_transpose(OnnxContext& ctx, const OnnxNode& node) {
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  OpAttrs a;
  if (const OnnxAttribute* perm = node.attribute("perm")) {
    a.ints = perm->ints;
  } else {  // ONNX's default reverses the axes
    for (std::size_t i = ctx.builder().shape(x).rank(); i-- > 0;) a.ints.push_back(static_cast<std::int64_t>(i));
  }
  out(ctx, node, ctx.builder().op(node.name, OpKind::transpose, {x}, a));
}

void map_unsqueeze(OnnxContext& ctx, const OnnxNode& node) {
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  std::vector<std::int64_t> axes = axes_input(ctx, node);
  std::vector<std::int64_t> d = dims(ctx.builder().shape(x));
  const std::size_t rank = d.size() + axes.size();
  for (auto& axis : axes) axis = normalized(axis, rank);
  std::sort(axes.begin(), axes.end());
  if (axes.empty() || axes.front() < 0 || axes.back() >= static_cast<std::int64_t>(rank)) {
    ctx.fail(node, "has no axes, or one out of range", "give axes within the output's rank");
  }
  if (axes.size() == 1) {
    OpAttrs a;
    a.axis = axes[0];
    out(ctx, node, ctx.builder().op(node.name, OpKind::expand_dims, {x}, a));
    return;
  }
  for (std::int64_t axis : axes) d.insert(d.begin() + axis, 1);
  out(ctx, node, reshaped(ctx, node.name, x, d));
}

void map_squeeze(OnnxContext& ctx, const OnnxNode& node) {
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  std::vector<std::int64_t> d = dims(ctx.builder().shape(x));
  std::vector<std::int64_t> axes = axes_input(ctx, node);
  if (axes.empty()) {  // every axis of size 1
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (d[i] == 1) axes.push_back(static_cast<std::int64_t>(i));
    }
  }
  for (auto& axis : axes) {
    axis = normalized(axis, d.size());
    if (axis < 0 || axis >= static_cast<std::int64_t>(d.size()) || d[static_cast<std::size_t>(axis)] != 1) {
      ctx.fail(node, "squeezes an axis that is not of size 1", "squeeze axes of size 1 only");
    }
  }
  if (axes.size() == 1) {
    OpAttrs a;
    a.axis = axes[0];
    out(ctx, node, ctx.builder().op(node.name, OpKind::squeeze, {x}, a));
    return;
  }
  std::sort(axes.rbegin(), axes.rend());
  for (std::int64_t axis : axes) d.erase(d.begin() + axis);
  out(ctx, node, reshaped(ctx, node.name, x, d));
}

void map_concat(OnnxContext& ctx, const OnnxNode& node) {
  OpInputs inputs;
  for (const std::string& name : node.inputs) {
    if (!name.empty()) inputs.push_back(ctx.tensor(node, name));
  }
  OpAttrs a;
  a.axis = node.int_or("axis", 0);
  out(ctx, node, ctx.builder().op(node.name, OpKind::concat, inputs, a));
}

// Slice: one slice op per axis that changes, step 1 only (the exporter's x[:, 0:n] and x[..., :n]).
void map_slice(OnnxContext& ctx, const OnnxNode& node) {
  TensorId x = ctx.tensor(node, ctx.input(node, 0));
  const bool attrs = ctx.model().opset < 10;
  const auto ints = [&](std::size_t k, const char* key, const char* what) -> std::vector<std::int64_t> {
    if (attrs) {
      const OnnxAttribute* a = node.attribute(key);
      return a ? a->ints : std::vector<std::int64_t>{};
    }
    return k < node.inputs.size() && !node.inputs[k].empty() ? known_ints(ctx, node, k, what) : std::vector<std::int64_t>{};
  };
  const std::vector<std::int64_t> starts = ints(1, "starts", "starts");
  const std::vector<std::int64_t> ends = ints(2, "ends", "ends");
  std::vector<std::int64_t> axes = ints(3, "axes", "axes");
  const std::vector<std::int64_t> steps = ints(4, "steps", "steps");
  if (starts.size() != ends.size()) ctx.fail(node, "has unequal starts and ends", "give one start and end per axis");
  for (std::size_t i = axes.size(); i < starts.size(); ++i) axes.push_back(static_cast<std::int64_t>(i));
  for (std::size_t i = 0; i < starts.size(); ++i) {
    if (i < steps.size() && steps[i] != 1) ctx.fail(node, "has step " + std::to_string(steps[i]), "anesim maps slices of step 1");
    const Shape& s = ctx.builder().shape(x);
    const auto axis = static_cast<std::size_t>(s.normalize_axis(axes[i]));
    const std::int64_t n = s[axis];
    const auto clamp = [n](std::int64_t v) { return std::clamp(v < 0 ? v + n : v, std::int64_t{0}, n); };
    OpAttrs a;
    a.axis = static_cast<std::int64_t>(axis);
    a.begin = clamp(starts[i]);
    a.end = clamp(ends[i]);
    if (a.begin == 0 && a.end == n) continue;  // the whole axis: nothing to do
    x = ctx.builder().op(i == 0 ? node.name : node.name + "." + std::to_string(i), OpKind::slice, {x}, a);
  }
  out(ctx, node, x);
}

// Gather: rows of a 2-D initializer (an embedding table) by index, on the CPU as the ANE has no
// gather; with indices known at import (positions 0..S-1) Core ML's const_elimination folds the
// lookup into a constant, whose table still counts as parameters (the builder's
// fold_position_gather). One known index into a tensor (x[:, 0]) is a slice.
void map_gather(OnnxContext& ctx, const OnnxNode& node) {
  const std::string& data = ctx.input(node, 0);
  const std::string& indices = ctx.input(node, 1);
  const std::int64_t axis = node.int_or("axis", 0);
  const OnnxTensor* known = ctx.known(indices);
  if (const OnnxTensor* table = ctx.weight(data); table && table->dims.size() == 2 && axis == 0) {
    // Known indices past the table (positions beyond a learned table, at a long --seq) are an
    // error, not a silent lookup of rows the model does not have.
    if (known) {
      for (std::int64_t i : known->ints) {
        if (i < -table->dims[0] || i >= table->dims[0]) {
          ctx.fail(node, "reads row " + std::to_string(i) + " of a table of " + std::to_string(table->dims[0]) + " rows",
                   "use a --seq the model's position table holds (up to " + std::to_string(table->dims[0]) + ")");
        }
      }
    }
    if (known && ctx.options().fold_position_gather) {
      std::vector<std::int64_t> d = known->dims;
      d.push_back(table->dims[1]);
      out(ctx, node, ctx.builder().folded_constant(node.name, shape_of(d), table->dims[0] * table->dims[1]));
      return;
    }
    out(ctx, node, ctx.builder().op(node.name, OpKind::gather, {ctx.tensor(node, data), ctx.tensor(node, indices)}));
    return;
  }
  if (known && known->ints.size() == 1) {
    const TensorId x = ctx.tensor(node, data);
    const Shape& s = ctx.builder().shape(x);
    OpAttrs a;
    a.axis = static_cast<std::int64_t>(s.normalize_axis(axis));
    const std::int64_t n = s[static_cast<std::size_t>(a.axis)];
    a.begin = known->ints[0] < 0 ? known->ints[0] + n : known->ints[0];
    a.end = a.begin + 1;
    a.keep_dims = !known->dims.empty();  // a scalar index drops the axis
    out(ctx, node, ctx.builder().op(node.name, OpKind::slice, {x}, a));
    return;
  }
  ctx.fail(node, "gathers from a tensor computed at run time, or along axis " + std::to_string(axis) + " of a table",
           "anesim maps embedding lookups (a 2-D initializer, axis 0) and one known index into a tensor");
}

// Cast to the type the tensor already has in anesim (int64 -> int32 both are int32; float32 ->
// float16 both fp16) relabels it; any other is a cast op.
void map_cast(OnnxContext& ctx, const OnnxNode& node) {
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  OpAttrs a;
  a.to = imported_dtype(static_cast<OnnxType>(node.int_or("to", 1)));
  if (ctx.builder().graph().tensor(x).dtype == a.to) {
    out(ctx, node, x);
    return;
  }
  out(ctx, node, ctx.builder().op(node.name, OpKind::cast, {x}, a));
}

// Expand broadcasts to a known shape: a tile of the axes that grow (after a reshape adding the
// leading axes numpy's rule adds), or nothing when none grows.
void map_expand(OnnxContext& ctx, const OnnxNode& node) {
  TensorId x = ctx.tensor(node, ctx.input(node, 0));
  const std::vector<std::int64_t> target = known_ints(ctx, node, 1, "shape");
  std::vector<std::int64_t> from = dims(ctx.builder().shape(x));
  const std::size_t rank = std::max(from.size(), target.size());
  from.insert(from.begin(), rank - from.size(), 1);
  OpAttrs reps;
  bool grows = false;
  for (std::size_t i = 0; i < rank; ++i) {
    const std::int64_t t = i + target.size() >= rank ? target[i + target.size() - rank] : 1;
    if (from[i] != 1 && t != 1 && t != from[i]) ctx.fail(node, "cannot broadcast its input to the shape", "check the Expand's shape");
    reps.ints.push_back(from[i] == 1 ? std::max<std::int64_t>(t, 1) : 1);
    grows = grows || reps.ints.back() > 1;
  }
  x = reshaped(ctx, node.name + ".rank", x, from);
  out(ctx, node, grows ? ctx.builder().op(node.name, OpKind::tile, {x}, reps) : x);
}

// Identity passes its input on. Of an initializer it makes a new name for the same values: the
// exporter writes that when it deduplicates parameters of equal values (fresh LayerNorms' ones
// and zeros), so the name stays a weight of its own, as it was in the model.
void map_identity(OnnxContext& ctx, const OnnxNode& node) {
  const std::string& from = ctx.input(node, 0);
  if (node.outputs.size() > 1 && !node.outputs[1].empty()) ctx.fail(node, "uses its mask output", "export in eval mode");
  ctx.alias(node.outputs.at(0), from);
}

// Flatten(axis): (d0 x .. x d(axis-1), d(axis) x .. x dn), a reshape.
void map_flatten(OnnxContext& ctx, const OnnxNode& node) {
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  const std::vector<std::int64_t> d = dims(ctx.builder().shape(x));
  const std::int64_t axis = normalized(node.int_or("axis", 1), d.size());
  if (axis < 0 || axis > static_cast<std::int64_t>(d.size())) ctx.fail(node, "flattens at an axis out of range", "give an axis within the input's rank");
  std::int64_t outer = 1, inner = 1;
  for (std::size_t i = 0; i < d.size(); ++i) (static_cast<std::int64_t>(i) < axis ? outer : inner) *= d[i];
  out(ctx, node, reshaped(ctx, node.name, x, {outer, inner}));
}

// Tile(x, repeats): a tile op, or nothing when every repeat is 1.
void map_tile(OnnxContext& ctx, const OnnxNode& node) {
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  OpAttrs a;
  a.ints = known_ints(ctx, node, 1, "repeats");
  if (a.ints.size() != ctx.builder().shape(x).rank()) ctx.fail(node, "has one repeat per axis too few or too many", "give one repeat per axis");
  const bool grows = std::any_of(a.ints.begin(), a.ints.end(), [](std::int64_t r) { return r != 1; });
  out(ctx, node, grows ? ctx.builder().op(node.name, OpKind::tile, {x}, a) : x);
}

// Split(x, split?) along axis: one slice per output (equal parts when no sizes are given).
void map_split(OnnxContext& ctx, const OnnxNode& node) {
  const TensorId x = ctx.tensor(node, ctx.input(node, 0));
  const Shape& s = ctx.builder().shape(x);
  const auto axis = static_cast<std::size_t>(s.normalize_axis(node.int_or("axis", 0)));
  std::vector<std::int64_t> sizes = node.ints_or("split", {});
  if (node.inputs.size() > 1 && !node.inputs[1].empty()) sizes = known_ints(ctx, node, 1, "split sizes");
  const auto parts = static_cast<std::int64_t>(node.outputs.size());
  if (sizes.empty()) {
    const std::int64_t n = node.int_or("num_outputs", parts);
    if (n < 1 || s[axis] % n != 0) ctx.fail(node, "splits an axis of " + std::to_string(s[axis]) + " unevenly", "give the split sizes");
    sizes.assign(static_cast<std::size_t>(n), s[axis] / n);
  }
  std::int64_t total = 0;
  for (std::int64_t v : sizes) total += v;
  if (static_cast<std::int64_t>(sizes.size()) != parts || total != s[axis]) {
    ctx.fail(node, "has split sizes that do not cover the axis in its outputs", "give one size per output, summing to the axis");
  }
  std::int64_t begin = 0;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    OpAttrs a;
    a.axis = static_cast<std::int64_t>(axis);
    a.begin = begin;
    a.end = begin + sizes[k];
    begin = a.end;
    ctx.set_tensor(node.outputs[k], sizes[k] == s[axis] ? x : ctx.builder().op(node.name + "." + std::to_string(k), OpKind::slice, {x}, a));
  }
}

}  // namespace anesim
