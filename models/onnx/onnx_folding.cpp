#include "models/onnx/onnx_folding.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace anesim {

namespace {

// Known tensors larger than this keep their shape only (a ConstantOfShape mask): enough for any
// shape vector or index list.
constexpr std::int64_t k_max_folded_values = 1 << 16;

bool is_float(OnnxType t) {
  return t == OnnxType::float32 || t == OnnxType::float16 || t == OnnxType::float64 || t == OnnxType::bfloat16;
}

// -1 for a negative dimension or a count past 64 bits: a hostile file's shape is no size.
std::int64_t count(const std::vector<std::int64_t>& dims) {
  std::int64_t n = 1;
  for (std::int64_t d : dims) {
    if (d < 0 || __builtin_mul_overflow(n, d, &n)) return -1;
  }
  return n;
}

std::size_t size(const OnnxTensor& t) { return is_float(t.type) ? t.floats.size() : t.ints.size(); }
double at(const OnnxTensor& t, std::size_t k) {
  const std::size_t i = size(t) == 1 ? 0 : k;  // a scalar broadcasts
  return is_float(t.type) ? t.floats[i] : static_cast<double>(t.ints[i]);
}
std::int64_t int_at(const OnnxTensor& t, std::size_t k) {
  const std::size_t i = size(t) == 1 ? 0 : k;
  return is_float(t.type) ? static_cast<std::int64_t>(t.floats[i]) : t.ints[i];
}

OnnxTensor ints_tensor(std::vector<std::int64_t> values, std::vector<std::int64_t> dims) {
  OnnxTensor t;
  t.type = OnnxType::int64;
  t.dims = std::move(dims);
  t.ints = std::move(values);
  t.has_values = true;
  return t;
}

// Element-wise arithmetic of two known tensors of one shape, or one a scalar. Integer division
// truncates, as ONNX's does for the positive sizes of shape arithmetic.
OnnxTensor binary(const OnnxTensor& a, const OnnxTensor& b, const std::function<double(double, double)>& f,
                  bool to_bool = false) {
  OnnxTensor out;
  out.type = to_bool ? OnnxType::boolean : a.type;
  out.dims = size(a) >= size(b) ? a.dims : b.dims;
  const std::size_t n = std::max(size(a), size(b));
  for (std::size_t k = 0; k < n; ++k) {
    const double v = f(at(a, k), at(b, k));
    if (is_float(out.type)) {
      out.floats.push_back(v);
    } else if (!is_float(a.type) && !to_bool) {
      out.ints.push_back(std::llround(std::trunc(v)));  // exact below 2^53, far past any size
    } else {
      out.ints.push_back(static_cast<std::int64_t>(v));
    }
  }
  out.has_values = true;
  return out;
}

std::int64_t normalized(std::int64_t axis, std::int64_t rank) { return axis < 0 ? axis + rank : axis; }

// Gather along axis 0 of a rank-0 or rank-1 tensor (a shape): the shape subgraphs' only use.
std::optional<OnnxTensor> gather(const OnnxTensor& data, const OnnxTensor& idx, std::int64_t axis) {
  if (data.dims.size() != 1 || axis != 0 || is_float(data.type)) return std::nullopt;
  OnnxTensor out = ints_tensor({}, idx.dims);
  out.type = data.type;
  for (std::size_t k = 0; k < size(idx); ++k) {
    const std::int64_t i = normalized(int_at(idx, k), data.dims[0]);
    if (i < 0 || i >= data.dims[0]) return std::nullopt;
    out.ints.push_back(data.ints[static_cast<std::size_t>(i)]);
  }
  return out;
}

std::optional<OnnxTensor> slice_1d(const OnnxContext& ctx, const OnnxNode& node, const OnnxTensor& data) {
  if (data.dims.size() != 1 || node.inputs.size() < 3 || is_float(data.type)) return std::nullopt;
  const OnnxTensor* starts = ctx.known(node.inputs[1]);
  const OnnxTensor* ends = ctx.known(node.inputs[2]);
  const OnnxTensor* steps = node.inputs.size() > 4 && !node.inputs[4].empty() ? ctx.known(node.inputs[4]) : nullptr;
  if (!starts || !ends || (steps && int_at(*steps, 0) != 1)) return std::nullopt;
  const std::int64_t n = data.dims[0];
  const auto clamp = [&](std::int64_t v) { return std::clamp(v < 0 ? v + n : v, std::int64_t{0}, n); };
  const std::int64_t b = clamp(int_at(*starts, 0));
  const std::int64_t e = clamp(int_at(*ends, 0));
  OnnxTensor out = ints_tensor({}, {std::max<std::int64_t>(0, e - b)});
  out.type = data.type;
  for (std::int64_t k = b; k < e; ++k) out.ints.push_back(data.ints[static_cast<std::size_t>(k)]);
  return out;
}

// Unsqueeze/Squeeze/Reshape keep a known tensor's values and change its dims.
std::vector<std::int64_t> axes_of(const OnnxContext& ctx, const OnnxNode& node) {
  if (const OnnxAttribute* a = node.attribute("axes")) return a->ints;
  if (node.inputs.size() > 1) {
    if (const OnnxTensor* t = ctx.known(node.inputs[1])) return t->ints;
  }
  return {};
}

std::optional<OnnxTensor> relabel(const OnnxContext& ctx, const OnnxNode& node, OnnxTensor t) {
  if (node.op_type == "Unsqueeze") {
    std::vector<std::int64_t> axes = axes_of(ctx, node);
    const auto rank = static_cast<std::int64_t>(t.dims.size() + axes.size());
    for (auto& a : axes) a = normalized(a, rank);
    std::sort(axes.begin(), axes.end());
    for (std::int64_t a : axes) t.dims.insert(t.dims.begin() + std::clamp<std::int64_t>(a, 0, static_cast<std::int64_t>(t.dims.size())), 1);
  } else if (node.op_type == "Squeeze") {
    std::erase(t.dims, 1);
  } else {  // Reshape: the element count is unchanged, and shape vectors are flat
    const OnnxTensor* shape = node.inputs.size() > 1 ? ctx.known(node.inputs[1]) : nullptr;  // a file may omit it
    if (!shape || count(t.dims) != std::max<std::int64_t>(1, static_cast<std::int64_t>(size(t)))) return std::nullopt;
    t.dims = shape->ints;
    for (auto& d : t.dims) d = d == -1 ? static_cast<std::int64_t>(size(t)) : d;
  }
  return t;
}

std::optional<OnnxTensor> concat(const OnnxContext& ctx, const OnnxNode& node) {
  OnnxTensor out = ints_tensor({}, {0});
  for (std::size_t k = 0; k < node.inputs.size(); ++k) {
    const OnnxTensor* t = ctx.known(node.inputs[k]);
    if (!t || t->dims.size() > 1 || is_float(t->type)) return std::nullopt;
    out.type = t->type;
    out.ints.insert(out.ints.end(), t->ints.begin(), t->ints.end());
  }
  out.dims = {static_cast<std::int64_t>(out.ints.size())};
  return out;
}

std::optional<OnnxTensor> cast(const OnnxTensor& in, OnnxType to) {
  OnnxTensor out;
  out.type = to;
  out.dims = in.dims;
  for (std::size_t k = 0; k < size(in); ++k) {
    if (is_float(to)) {
      out.floats.push_back(at(in, k));
    } else {
      out.ints.push_back(to == OnnxType::boolean ? (at(in, k) != 0) : int_at(in, k));
    }
  }
  out.has_values = true;
  return out;
}

std::optional<OnnxTensor> range(const OnnxTensor& start, const OnnxTensor& limit, const OnnxTensor& delta) {
  if (size(start) != 1 || size(limit) != 1 || size(delta) != 1) return std::nullopt;  // scalars, as ONNX defines them
  const double s = at(start, 0), l = at(limit, 0), d = at(delta, 0);
  if (d == 0 || !std::isfinite((l - s) / d)) return std::nullopt;  // an infinite or NaN count is no size
  const auto n = static_cast<std::int64_t>(std::max(0.0, std::min(std::ceil((l - s) / d), 1e18)));
  if (n > k_max_folded_values) return std::nullopt;
  OnnxTensor out;
  out.type = start.type;
  out.dims = {n};
  for (std::int64_t k = 0; k < n; ++k) {
    const double v = s + static_cast<double>(k) * d;
    if (is_float(out.type)) out.floats.push_back(v); else out.ints.push_back(static_cast<std::int64_t>(v));
  }
  out.has_values = true;
  return out;
}

// A ConstantOfShape's tensor: its values when small, else its shape alone (a graph constant).
OnnxTensor filled(const OnnxNode& node, const OnnxTensor& shape) {
  OnnxTensor out;
  const OnnxAttribute* v = node.attribute("value");
  out.type = v && v->tensor ? v->tensor->type : OnnxType::float32;
  out.dims = shape.ints;
  const double fill = v && v->tensor && size(*v->tensor) > 0 ? at(*v->tensor, 0) : 0.0;
  const std::int64_t n = count(out.dims);
  if (n >= 0 && n <= k_max_folded_values) {
    if (is_float(out.type)) out.floats.assign(static_cast<std::size_t>(n), fill);
    else out.ints.assign(static_cast<std::size_t>(n), static_cast<std::int64_t>(fill));
    out.has_values = true;
  }
  return out;
}

std::optional<OnnxTensor> constant_value(const OnnxNode& node) {
  if (const OnnxAttribute* a = node.attribute("value"); a && a->tensor) return a->tensor;
  if (const OnnxAttribute* a = node.attribute("value_int")) return ints_tensor({a->i}, {});
  if (const OnnxAttribute* a = node.attribute("value_ints")) return ints_tensor(a->ints, {static_cast<std::int64_t>(a->ints.size())});
  if (const OnnxAttribute* a = node.attribute("value_float")) {
    OnnxTensor t;
    t.type = OnnxType::float32;
    t.floats = {a->f};
    t.has_values = true;
    return t;
  }
  return std::nullopt;
}

// Equal sizes, or one a scalar against a non-empty other (a scalar against nothing is left to the
// op: the fold would read the empty one's first value).
bool broadcastable(const OnnxTensor& a, const OnnxTensor& b) {
  return size(a) == size(b) || (size(a) == 1 && size(b) > 0) || (size(b) == 1 && size(a) > 0);
}

std::optional<OnnxTensor> arithmetic(const std::string& op, const OnnxTensor& a, const OnnxTensor& b) {
  if (!broadcastable(a, b)) return std::nullopt;
  if (op == "Add") return binary(a, b, std::plus<>());
  if (op == "Sub") return binary(a, b, std::minus<>());
  if (op == "Mul") return binary(a, b, std::multiplies<>());
  if (op == "Pow") return binary(a, b, [](double x, double y) { return std::pow(x, y); });
  if (op == "Equal") return binary(a, b, [](double x, double y) { return x == y ? 1.0 : 0.0; }, true);
  if (op == "Div") {
    for (std::size_t k = 0; k < size(b); ++k) {
      if (at(b, k) == 0) return std::nullopt;  // left to the op, which does not fold
    }
    return binary(a, b, std::divides<>());
  }
  return std::nullopt;
}

std::optional<OnnxTensor> where(const OnnxTensor& c, const OnnxTensor& x, const OnnxTensor& y) {
  if (!broadcastable(c, x) || !broadcastable(c, y) || !broadcastable(x, y)) return std::nullopt;
  OnnxTensor out = binary(x, y, [](double v, double) { return v; });
  out.dims = size(c) >= size(out) ? c.dims : out.dims;
  const std::size_t n = std::max(size(c), std::max(size(x), size(y)));
  out.floats.clear();
  out.ints.clear();
  for (std::size_t k = 0; k < n; ++k) {
    const double v = at(c, k) != 0 ? at(x, k) : at(y, k);
    if (is_float(out.type)) out.floats.push_back(v); else out.ints.push_back(static_cast<std::int64_t>(v));
  }
  return out;
}

std::optional<OnnxTensor> fold_known(const OnnxContext& ctx, const OnnxNode& node, const std::vector<const OnnxTensor*>& in) {
  const std::string& op = node.op_type;
  if (op == "Identity") return *in[0];
  if (op == "Cast") return cast(*in[0], static_cast<OnnxType>(node.int_or("to", 1)));
  if (op == "Gather" && in.size() == 2) return gather(*in[0], *in[1], node.int_or("axis", 0));
  if (op == "Unsqueeze" || op == "Squeeze" || op == "Reshape") return relabel(ctx, node, *in[0]);
  if (op == "Concat") return concat(ctx, node);
  if (op == "Slice") return slice_1d(ctx, node, *in[0]);
  if (op == "Sqrt") return binary(*in[0], *in[0], [](double x, double) { return std::sqrt(x); });
  if (op == "Neg") return binary(*in[0], *in[0], [](double x, double) { return -x; });
  if (op == "Where" && in.size() == 3) return where(*in[0], *in[1], *in[2]);
  if (op == "Range" && in.size() == 3) return range(*in[0], *in[1], *in[2]);
  if (op == "ConstantOfShape") return filled(node, *in[0]);
  if (in.size() == 2) return arithmetic(op, *in[0], *in[1]);
  return std::nullopt;
}

// Shape (with opset 15's start and end) of a tensor whose shape the bound sizes fix.
OnnxTensor shape_value(const OnnxContext& ctx, const OnnxNode& node) {
  std::vector<std::int64_t> dims;
  if (const OnnxTensor* k = ctx.known(node.inputs.at(0))) {
    dims = k->dims;
  } else {
    const Shape s = ctx.shape(node, node.inputs.at(0));
    for (std::size_t i = 0; i < s.rank(); ++i) dims.push_back(s[i]);
  }
  const auto rank = static_cast<std::int64_t>(dims.size());
  const auto clamp = [&](std::int64_t v) { return std::clamp(v < 0 ? v + rank : v, std::int64_t{0}, rank); };
  const std::int64_t b = clamp(node.int_or("start", 0));
  const std::int64_t e = clamp(node.int_or("end", rank));
  std::vector<std::int64_t> part(dims.begin() + b, dims.begin() + std::max(b, e));
  const auto n = static_cast<std::int64_t>(part.size());
  return ints_tensor(std::move(part), {n});
}

}  // namespace

bool fold_node(OnnxContext& ctx, const OnnxNode& node) {
  if (node.outputs.size() != 1 && node.op_type != "Constant") return false;
  if (node.op_type == "Constant") {
    std::optional<OnnxTensor> value = constant_value(node);
    if (!value || node.outputs.size() != 1) ctx.fail(node, "has no value attribute it can read", "give `value` as a tensor");
    ctx.set_known(node.outputs[0], std::move(*value));
    return true;
  }
  if (node.op_type == "Shape") {
    if (node.inputs.empty()) ctx.fail(node, "has no input", "give Shape its input");
    ctx.set_known(node.outputs[0], shape_value(ctx, node));
    return true;
  }
  std::vector<const OnnxTensor*> in;
  for (const std::string& name : node.inputs) {
    if (name.empty()) continue;
    const OnnxTensor* t = ctx.known(name);
    if (!t) return false;
    in.push_back(t);
  }
  if (in.empty()) return false;
  std::optional<OnnxTensor> out = fold_known(ctx, node, in);
  if (!out) return false;
  ctx.set_known(node.outputs[0], std::move(*out));
  return true;
}

}  // namespace anesim
