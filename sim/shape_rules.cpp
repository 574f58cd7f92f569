#include "sim/shape_rules.hpp"

#include <map>

#include "sim/error.hpp"

namespace anesim {

namespace {

[[noreturn]] void mismatch(const std::string& op, OpKind kind, const std::string& what) {
  throw Error("op '" + op + "' (" + std::string(op_kind_name(kind)) + "): " + what,
              "fix the shapes wired into this op in the model builder or model file");
}

void need_inputs(const std::string& op, OpKind kind, const std::vector<const Tensor*>& in, std::size_t min,
                 std::size_t max) {
  if (in.size() < min || in.size() > max) {
    mismatch(op, kind, "takes " + std::to_string(min) + (min == max ? "" : ".." + std::to_string(max)) +
                           " inputs, got " + std::to_string(in.size()));
  }
}

Shape broadcast(const std::string& op, OpKind kind, const std::vector<const Tensor*>& in) {
  std::size_t rank = 0;
  for (const auto* t : in) rank = std::max(rank, t->shape.rank());
  std::vector<std::int64_t> out(rank, 1);
  for (const auto* t : in) {
    const auto& d = t->shape.dims();
    for (std::size_t i = 0; i < d.size(); ++i) {
      auto& o = out[rank - d.size() + i];
      if (o == 1) {
        o = d[i];
      } else if (d[i] != 1 && d[i] != o) {
        std::string shapes;
        for (const auto* u : in) shapes += (shapes.empty() ? "" : " and ") + u->shape.to_string();
        mismatch(op, kind, "cannot broadcast " + shapes);
      }
    }
  }
  return Shape(out);
}

InferredOutput einsum(const std::string& op, const std::vector<const Tensor*>& in, const std::string& equation) {
  const auto arrow = equation.find("->");
  const auto comma = equation.find(',');
  if (arrow == std::string::npos || comma == std::string::npos || comma > arrow) {
    mismatch(op, OpKind::einsum, "equation '" + equation + "' is not of the form 'ab,bc->ac'");
  }
  const std::string terms[2] = {equation.substr(0, comma), equation.substr(comma + 1, arrow - comma - 1)};
  const std::string out_term = equation.substr(arrow + 2);
  std::map<char, std::int64_t> size;
  for (int k = 0; k < 2; ++k) {
    if (terms[k].size() != in[static_cast<std::size_t>(k)]->shape.rank()) {
      mismatch(op, OpKind::einsum, "operand " + std::to_string(k) + " has rank " +
                                       std::to_string(in[static_cast<std::size_t>(k)]->shape.rank()) + " but '" +
                                       terms[k] + "' names " + std::to_string(terms[k].size()) + " axes");
    }
    for (std::size_t i = 0; i < terms[k].size(); ++i) {
      const auto d = in[static_cast<std::size_t>(k)]->shape[i];
      auto [it, fresh] = size.emplace(terms[k][i], d);
      if (!fresh && it->second != d) {
        mismatch(op, OpKind::einsum, std::string("axis '") + terms[k][i] + "' is " + std::to_string(it->second) +
                                         " in one operand and " + std::to_string(d) + " in the other");
      }
    }
  }
  std::vector<std::int64_t> out;
  for (char c : out_term) {
    if (!size.count(c)) mismatch(op, OpKind::einsum, std::string("output axis '") + c + "' is in no operand");
    out.push_back(size[c]);
  }
  return {Shape(out), in[0]->dtype};
}

}  // namespace

std::vector<InferredOutput> infer_outputs(const std::string& op, OpKind kind, const std::vector<const Tensor*>& in,
                                          const OpAttrs& a) {
  switch (kind) {
    case OpKind::conv1x1: {
      need_inputs(op, kind, in, 2, 3);
      const Shape& x = in[0]->shape;
      const Shape& w = in[1]->shape;
      // A weight shared with an embedding table arrives as (Cout, Cin): the same bytes.
      const bool kernel = (w.rank() == 4 && w[2] == 1 && w[3] == 1) || w.rank() == 2;
      if (x.rank() != 4 || !kernel) {
        mismatch(op, kind, "expects x (B,Cin,H,W) and w (Cout,Cin,1,1), got " + x.to_string() + " and " + w.to_string());
      }
      if (x[1] != w[1]) mismatch(op, kind, "x has " + std::to_string(x[1]) + " channels, w expects " + std::to_string(w[1]));
      if (in.size() == 3 && in[2]->shape.elements() != w[0]) mismatch(op, kind, "bias size does not match Cout");
      return {{Shape{x[0], w[0], x[2], x[3]}, in[0]->dtype}};
    }
    case OpKind::conv2d: {
      need_inputs(op, kind, in, 2, 3);
      const Shape& x = in[0]->shape;
      const Shape& w = in[1]->shape;
      if (x.rank() != 4 || w.rank() != 4 || a.ints.size() != 6) {
        mismatch(op, kind, "expects x (B,Cin,H,W), w (Cout,Cin,kh,kw) and {kh,kw,sh,sw,ph,pw}");
      }
      if (x[1] != w[1] || w[2] != a.ints[0] || w[3] != a.ints[1]) mismatch(op, kind, "weight " + w.to_string() + " does not fit x " + x.to_string());
      if (a.ints[2] < 1 || a.ints[3] < 1) mismatch(op, kind, "strides must be >= 1");
      const std::int64_t h = (x[2] + 2 * a.ints[4] - a.ints[0]) / a.ints[2] + 1;
      const std::int64_t wd = (x[3] + 2 * a.ints[5] - a.ints[1]) / a.ints[3] + 1;
      if (h < 1 || wd < 1) mismatch(op, kind, "the kernel is larger than the padded input");
      if (in.size() == 3 && in[2]->shape.elements() != w[0]) mismatch(op, kind, "bias size does not match Cout");
      return {{Shape{x[0], w[0], h, wd}, in[0]->dtype}};
    }
    case OpKind::linear: {
      need_inputs(op, kind, in, 2, 3);
      const Shape& x = in[0]->shape;
      const Shape& w = in[1]->shape;
      if (w.rank() != 2) mismatch(op, kind, "weight must be (Cout, Cin), got " + w.to_string());
      if (x.last() != w[1]) mismatch(op, kind, "x " + x.to_string() + " does not end in Cin = " + std::to_string(w[1]));
      if (in.size() == 3 && in[2]->shape.elements() != w[0]) mismatch(op, kind, "bias size does not match Cout");
      auto d = x.dims();
      d.back() = w[0];
      return {{Shape(d), in[0]->dtype}};
    }
    case OpKind::matmul: {
      need_inputs(op, kind, in, 2, 2);
      const Shape& x = in[0]->shape;
      const Shape& y = in[1]->shape;
      if (x.rank() < 2 || x.rank() != y.rank()) mismatch(op, kind, "operands " + x.to_string() + " and " + y.to_string() + " differ in rank");
      for (std::size_t i = 0; i + 2 < x.rank(); ++i) {
        if (x[i] != y[i]) mismatch(op, kind, "batch axes differ: " + x.to_string() + " vs " + y.to_string());
      }
      if (x.last() != y[y.rank() - 2]) mismatch(op, kind, "inner sizes differ: " + x.to_string() + " x " + y.to_string());
      auto d = x.dims();
      d.back() = y.last();
      return {{Shape(d), in[0]->dtype}};
    }
    case OpKind::einsum:
      need_inputs(op, kind, in, 2, 2);
      return {einsum(op, in, a.equation)};
    case OpKind::add:
    case OpKind::sub:
    case OpKind::mul:
    case OpKind::relu:
    case OpKind::gelu:
    case OpKind::silu:
    case OpKind::tanh:
    case OpKind::rsqrt:
      need_inputs(op, kind, in, 1, 2);
      return {{broadcast(op, kind, in), in[0]->dtype}};
    case OpKind::cast:
      need_inputs(op, kind, in, 1, 1);
      return {{in[0]->shape, a.to}};
    case OpKind::equal:
      need_inputs(op, kind, in, 1, 2);
      return {{broadcast(op, kind, in), DType::boolean}};
    case OpKind::select:
      need_inputs(op, kind, in, 3, 3);
      if (in[0]->dtype != DType::boolean) mismatch(op, kind, "condition must be bool");
      return {{broadcast(op, kind, in), in[1]->dtype}};
    case OpKind::softmax:
      need_inputs(op, kind, in, 1, 1);
      (void)in[0]->shape.normalize_axis(a.axis);
      return {{in[0]->shape, in[0]->dtype}};
    case OpKind::layer_norm: {
      need_inputs(op, kind, in, 1, 3);
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      for (std::size_t k = 1; k < in.size(); ++k) {
        if (in[k]->shape.elements() != in[0]->shape[axis]) mismatch(op, kind, "scale/bias size does not match the normalised axis");
      }
      return {{in[0]->shape, in[0]->dtype}};
    }
    case OpKind::reduce_mean: {
      need_inputs(op, kind, in, 1, 1);
      auto d = in[0]->shape.dims();
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      if (a.keep_dims) {
        d[axis] = 1;
      } else {
        d.erase(d.begin() + static_cast<std::ptrdiff_t>(axis));
      }
      return {{Shape(d), in[0]->dtype}};
    }
    case OpKind::transpose: {
      need_inputs(op, kind, in, 1, 1);
      const Shape& x = in[0]->shape;
      if (a.ints.size() != x.rank()) mismatch(op, kind, "permutation has " + std::to_string(a.ints.size()) + " axes, tensor has " + std::to_string(x.rank()));
      std::vector<std::int64_t> d;
      std::vector<bool> seen(x.rank(), false);
      for (auto p : a.ints) {
        const auto axis = x.normalize_axis(p);
        if (seen[axis]) mismatch(op, kind, "permutation repeats axis " + std::to_string(p));
        seen[axis] = true;
        d.push_back(x[axis]);
      }
      return {{Shape(d), in[0]->dtype}};
    }
    case OpKind::reshape: {
      need_inputs(op, kind, in, 1, 1);
      const Shape target(a.ints);
      if (target.elements() != in[0]->shape.elements()) {
        mismatch(op, kind, "cannot reshape " + in[0]->shape.to_string() + " to " + target.to_string() + ": element counts differ");
      }
      return {{target, in[0]->dtype}};
    }
    case OpKind::expand_dims: {
      need_inputs(op, kind, in, 1, 1);
      auto d = in[0]->shape.dims();
      const auto r = static_cast<std::int64_t>(d.size()) + 1;
      const std::int64_t axis = a.axis < 0 ? a.axis + r : a.axis;
      if (axis < 0 || axis >= r) mismatch(op, kind, "axis " + std::to_string(a.axis) + " out of range");
      d.insert(d.begin() + axis, 1);
      return {{Shape(d), in[0]->dtype}};
    }
    case OpKind::squeeze: {
      need_inputs(op, kind, in, 1, 1);
      auto d = in[0]->shape.dims();
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      if (d[axis] != 1) mismatch(op, kind, "cannot squeeze axis " + std::to_string(a.axis) + " of size " + std::to_string(d[axis]));
      d.erase(d.begin() + static_cast<std::ptrdiff_t>(axis));
      return {{Shape(d), in[0]->dtype}};
    }
    case OpKind::split: {
      need_inputs(op, kind, in, 1, 1);
      auto d = in[0]->shape.dims();
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      if (a.parts < 1 || d[axis] % a.parts != 0) mismatch(op, kind, "axis of size " + std::to_string(d[axis]) + " does not split into " + std::to_string(a.parts) + " equal parts");
      d[axis] /= a.parts;
      return std::vector<InferredOutput>(static_cast<std::size_t>(a.parts), {Shape(d), in[0]->dtype});
    }
    case OpKind::concat: {
      need_inputs(op, kind, in, 1, 1 << 20);
      auto d = in[0]->shape.dims();
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      d[axis] = 0;
      for (const auto* t : in) {
        auto e = t->shape.dims();
        if (e.size() != d.size()) mismatch(op, kind, "inputs differ in rank");
        for (std::size_t i = 0; i < e.size(); ++i) {
          if (i != axis && e[i] != in[0]->shape[i]) mismatch(op, kind, "inputs differ off the concat axis: " + t->shape.to_string());
        }
        d[axis] += e[axis];
      }
      return {{Shape(d), in[0]->dtype}};
    }
    case OpKind::slice: {
      need_inputs(op, kind, in, 1, 1);
      auto d = in[0]->shape.dims();
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      if (a.begin < 0 || a.end <= a.begin || a.end > d[axis]) mismatch(op, kind, "range [" + std::to_string(a.begin) + ", " + std::to_string(a.end) + ") does not fit an axis of " + std::to_string(d[axis]));
      d[axis] = a.end - a.begin;
      if (!a.keep_dims) {
        if (d[axis] != 1) mismatch(op, kind, "only a one-element slice can drop its axis");
        d.erase(d.begin() + static_cast<std::ptrdiff_t>(axis));
      }
      return {{Shape(d), in[0]->dtype}};
    }
    case OpKind::tile: {
      need_inputs(op, kind, in, 1, 1);
      auto d = in[0]->shape.dims();
      if (a.ints.size() != d.size()) mismatch(op, kind, "needs one repeat count per axis");
      for (std::size_t i = 0; i < d.size(); ++i) {
        if (a.ints[i] < 1) mismatch(op, kind, "repeat counts must be >= 1");
        d[i] *= a.ints[i];
      }
      return {{Shape(d), in[0]->dtype}};
    }
    case OpKind::slice_update: {
      need_inputs(op, kind, in, 2, 2);
      const Shape& cache = in[0]->shape;
      const Shape& update = in[1]->shape;
      const auto axis = cache.normalize_axis(a.axis);
      bool fits = cache.rank() == update.rank() && a.begin >= 0 && a.begin + update[axis] <= cache[axis];
      for (std::size_t i = 0; fits && i < cache.rank(); ++i) fits = i == axis || cache[i] == update[i];
      if (!fits) mismatch(op, kind, "cannot write " + update.to_string() + " into " + cache.to_string() + " at " + std::to_string(a.begin));
      return {{cache, in[0]->dtype}};
    }
    case OpKind::gather: {
      need_inputs(op, kind, in, 2, 2);
      const Shape& table = in[0]->shape;
      if (table.rank() != 2) mismatch(op, kind, "table must be (rows, width), got " + table.to_string());
      auto d = in[1]->shape.dims();
      d.push_back(table[1]);
      // A quantized table's rows come out dequantized, as fp16.
      const bool quantized = in[0]->dtype == DType::int4 || in[0]->dtype == DType::int8;
      return {{Shape(d), quantized ? DType::fp16 : in[0]->dtype}};
    }
  }
  mismatch(op, kind, "unknown op kind");
}

}  // namespace anesim
