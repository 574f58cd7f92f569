#include "ir/shape_rules.hpp"

#include <array>

#include <fmt/format.h>

#include "core/error.hpp"

namespace anesim {

namespace {

using Inputs = std::span<const Tensor* const>;

[[noreturn]] void mismatch(std::string_view op, OpKind kind, const std::string& what) {
  throw Error(fmt::format("op '{}' ({}): {}", op, op_kind_name(kind), what),
              "fix the shapes wired into this op in the model builder or model file");
}

void need_inputs(std::string_view op, OpKind kind, Inputs in, std::size_t min, std::size_t max) {
  if (in.size() < min || in.size() > max) {
    mismatch(op, kind, "takes " + std::to_string(min) + (min == max ? "" : ".." + std::to_string(max)) +
                           " inputs, got " + std::to_string(in.size()));
  }
}

// A shape being edited, inline like Shape itself (one axis over its maximum rank, so that a rule
// that adds an axis reaches Shape's own rank check).
class Dims {
 public:
  explicit Dims(const Shape& s) : m_rank(s.rank()) {
    for (std::size_t i = 0; i < m_rank; ++i) m_d[i] = s[i];
  }
  Dims(std::size_t rank, std::int64_t value) : m_rank(rank) { m_d.fill(value); }
  [[nodiscard]] std::size_t size() const { return m_rank; }
  std::int64_t& operator[](std::size_t i) { return m_d[i]; }
  std::int64_t operator[](std::size_t i) const { return m_d[i]; }
  std::int64_t& back() { return m_d[m_rank - 1]; }
  void erase(std::size_t i) {
    for (std::size_t k = i; k + 1 < m_rank; ++k) m_d[k] = m_d[k + 1];
    --m_rank;
  }
  void insert(std::size_t i, std::int64_t value) {
    for (std::size_t k = m_rank; k > i; --k) m_d[k] = m_d[k - 1];
    m_d[i] = value;
    ++m_rank;
  }
  void push_back(std::int64_t value) { m_d[m_rank++] = value; }
  [[nodiscard]] Shape shape() const { return Shape(std::span<const std::int64_t>(m_d.data(), m_rank)); }

 private:
  std::array<std::int64_t, Shape::k_max_rank + 1> m_d{};
  std::size_t m_rank;
};

InferredOutputs one(const Shape& shape, DType dtype) { return {shape, dtype, 1}; }

Shape broadcast(std::string_view op, OpKind kind, Inputs in) {
  std::size_t rank = 0;
  for (const auto* t : in) rank = std::max(rank, t->shape.rank());
  Dims out(rank, 1);
  for (const auto* t : in) {
    const Shape& d = t->shape;
    for (std::size_t i = 0; i < d.rank(); ++i) {
      auto& o = out[rank - d.rank() + i];
      if (o == 1) {
        o = d[i];
      } else if (d[i] != 1 && d[i] != o) {
        std::string shapes;
        for (const auto* u : in) shapes += (shapes.empty() ? "" : " and ") + u->shape.to_string();
        mismatch(op, kind, "cannot broadcast " + shapes);
      }
    }
  }
  return out.shape();
}

InferredOutputs einsum(std::string_view op, Inputs in, std::string_view equation) {
  const auto arrow = equation.find("->");
  const auto comma = equation.find(',');
  if (arrow == std::string::npos || comma == std::string::npos || comma > arrow) {
    mismatch(op, OpKind::einsum, "equation '" + std::string(equation) + "' is not of the form 'ab,bc->ac'");
  }
  const std::string_view eq(equation);
  const std::string_view terms[2] = {eq.substr(0, comma), eq.substr(comma + 1, arrow - comma - 1)};
  const std::string_view out_term = eq.substr(arrow + 2);
  // Each axis letter once, with its size, in the order first named. Both terms were checked
  // against their operands' ranks first, so there are at most 2 x k_max_rank letters: scanning
  // this short list is cheaper than clearing a table by letter (2 KB per einsum was most of the rule).
  std::array<char, 2 * Shape::k_max_rank> letters{};
  std::array<std::int64_t, 2 * Shape::k_max_rank> sizes{};
  std::size_t named = 0;
  auto size_of = [&](char letter) -> std::int64_t* {
    for (std::size_t j = 0; j < named; ++j) {
      if (letters[j] == letter) return &sizes[j];
    }
    return nullptr;
  };
  for (int k = 0; k < 2; ++k) {
    if (terms[k].size() != in[static_cast<std::size_t>(k)]->shape.rank()) {
      mismatch(op, OpKind::einsum, "operand " + std::to_string(k) + " has rank " +
                                       std::to_string(in[static_cast<std::size_t>(k)]->shape.rank()) + " but '" +
                                       std::string(terms[k]) + "' names " + std::to_string(terms[k].size()) + " axes");
    }
    for (std::size_t i = 0; i < terms[k].size(); ++i) {
      const auto d = in[static_cast<std::size_t>(k)]->shape[i];
      if (const std::int64_t* known = size_of(terms[k][i]); known == nullptr) {
        letters[named] = terms[k][i];
        sizes[named++] = d;
      } else if (*known != d) {
        mismatch(op, OpKind::einsum, std::string("axis '") + terms[k][i] + "' is " + std::to_string(*known) +
                                         " in one operand and " + std::to_string(d) + " in the other");
      }
    }
  }
  std::array<std::int64_t, Shape::k_max_rank> out{};
  for (std::size_t i = 0; i < out_term.size(); ++i) {
    const std::int64_t* n = size_of(out_term[i]);
    if (n == nullptr) mismatch(op, OpKind::einsum, std::string("output axis '") + out_term[i] + "' is in no operand");
    if (i < out.size()) out[i] = *n;
  }
  if (out_term.size() > out.size()) return one(Shape(std::vector<std::int64_t>(out_term.size(), 1)), in[0]->dtype);  // throws: rank
  return one(Shape(std::span<const std::int64_t>(out.data(), out_term.size())), in[0]->dtype);
}

}  // namespace

InferredOutputs infer_outputs(std::string_view op, OpKind kind, std::span<const Tensor* const> in, const OpAttrs& a) {
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
      return one(Shape{x[0], w[0], x[2], x[3]}, in[0]->dtype);
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
      return one(Shape{x[0], w[0], h, wd}, in[0]->dtype);
    }
    case OpKind::linear: {
      need_inputs(op, kind, in, 2, 3);
      const Shape& x = in[0]->shape;
      const Shape& w = in[1]->shape;
      if (w.rank() != 2) mismatch(op, kind, "weight must be (Cout, Cin), got " + w.to_string());
      if (x.last() != w[1]) mismatch(op, kind, "x " + x.to_string() + " does not end in Cin = " + std::to_string(w[1]));
      if (in.size() == 3 && in[2]->shape.elements() != w[0]) mismatch(op, kind, "bias size does not match Cout");
      Dims d(x);
      d.back() = w[0];
      return one(d.shape(), in[0]->dtype);
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
      Dims d(x);
      d.back() = y.last();
      return one(d.shape(), in[0]->dtype);
    }
    case OpKind::einsum:
      need_inputs(op, kind, in, 2, 2);
      return einsum(op, in, a.equation);
    case OpKind::add:
    case OpKind::sub:
    case OpKind::mul:
    case OpKind::relu:
    case OpKind::gelu:
    case OpKind::silu:
    case OpKind::tanh:
    case OpKind::rsqrt:
      need_inputs(op, kind, in, 1, 2);
      return one(broadcast(op, kind, in), in[0]->dtype);
    case OpKind::cast:
      need_inputs(op, kind, in, 1, 1);
      return one(in[0]->shape, a.to);
    case OpKind::equal:
      need_inputs(op, kind, in, 1, 2);
      return one(broadcast(op, kind, in), DType::boolean);
    case OpKind::select:
      need_inputs(op, kind, in, 3, 3);
      if (in[0]->dtype != DType::boolean) mismatch(op, kind, "condition must be bool");
      return one(broadcast(op, kind, in), in[1]->dtype);
    case OpKind::softmax:
      need_inputs(op, kind, in, 1, 1);
      (void)in[0]->shape.normalize_axis(a.axis);
      return one(in[0]->shape, in[0]->dtype);
    case OpKind::layer_norm: {
      need_inputs(op, kind, in, 1, 3);
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      for (std::size_t k = 1; k < in.size(); ++k) {
        if (in[k]->shape.elements() != in[0]->shape[axis]) mismatch(op, kind, "scale/bias size does not match the normalised axis");
      }
      return one(in[0]->shape, in[0]->dtype);
    }
    case OpKind::reduce_mean: {
      need_inputs(op, kind, in, 1, 1);
      Dims d(in[0]->shape);
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      if (a.keep_dims) {
        d[axis] = 1;
      } else {
        d.erase(axis);
      }
      return one(d.shape(), in[0]->dtype);
    }
    case OpKind::transpose: {
      need_inputs(op, kind, in, 1, 1);
      const Shape& x = in[0]->shape;
      if (a.ints.size() != x.rank()) mismatch(op, kind, "permutation has " + std::to_string(a.ints.size()) + " axes, tensor has " + std::to_string(x.rank()));
      Dims d(0, 0);
      std::array<bool, Shape::k_max_rank> seen{};
      for (auto p : a.ints) {
        const auto axis = x.normalize_axis(p);
        if (seen[axis]) mismatch(op, kind, "permutation repeats axis " + std::to_string(p));
        seen[axis] = true;
        d.push_back(x[axis]);
      }
      return one(d.shape(), in[0]->dtype);
    }
    case OpKind::reshape: {
      need_inputs(op, kind, in, 1, 1);
      const Shape target(a.ints);
      if (target.elements() != in[0]->shape.elements()) {
        mismatch(op, kind, "cannot reshape " + in[0]->shape.to_string() + " to " + target.to_string() + ": element counts differ");
      }
      return one(target, in[0]->dtype);
    }
    case OpKind::expand_dims: {
      need_inputs(op, kind, in, 1, 1);
      Dims d(in[0]->shape);
      const auto r = static_cast<std::int64_t>(d.size()) + 1;
      const std::int64_t axis = a.axis < 0 ? a.axis + r : a.axis;
      if (axis < 0 || axis >= r) mismatch(op, kind, "axis " + std::to_string(a.axis) + " out of range");
      d.insert(static_cast<std::size_t>(axis), 1);
      return one(d.shape(), in[0]->dtype);
    }
    case OpKind::squeeze: {
      need_inputs(op, kind, in, 1, 1);
      Dims d(in[0]->shape);
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      if (d[axis] != 1) mismatch(op, kind, "cannot squeeze axis " + std::to_string(a.axis) + " of size " + std::to_string(d[axis]));
      d.erase(axis);
      return one(d.shape(), in[0]->dtype);
    }
    case OpKind::split: {
      need_inputs(op, kind, in, 1, 1);
      Dims d(in[0]->shape);
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      if (a.parts < 1 || d[axis] % a.parts != 0) mismatch(op, kind, "axis of size " + std::to_string(d[axis]) + " does not split into " + std::to_string(a.parts) + " equal parts");
      d[axis] /= a.parts;
      return {d.shape(), in[0]->dtype, static_cast<std::size_t>(a.parts)};
    }
    case OpKind::concat: {
      need_inputs(op, kind, in, 1, 1 << 20);
      Dims d(in[0]->shape);
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      d[axis] = 0;
      for (const auto* t : in) {
        const Shape& e = t->shape;
        if (e.rank() != d.size()) mismatch(op, kind, "inputs differ in rank");
        for (std::size_t i = 0; i < e.rank(); ++i) {
          if (i != axis && e[i] != in[0]->shape[i]) mismatch(op, kind, "inputs differ off the concat axis: " + t->shape.to_string());
        }
        d[axis] += e[axis];
      }
      return one(d.shape(), in[0]->dtype);
    }
    case OpKind::slice: {
      need_inputs(op, kind, in, 1, 1);
      Dims d(in[0]->shape);
      const auto axis = in[0]->shape.normalize_axis(a.axis);
      if (a.begin < 0 || a.end <= a.begin || a.end > d[axis]) mismatch(op, kind, "range [" + std::to_string(a.begin) + ", " + std::to_string(a.end) + ") does not fit an axis of " + std::to_string(d[axis]));
      d[axis] = a.end - a.begin;
      if (!a.keep_dims) {
        if (d[axis] != 1) mismatch(op, kind, "only a one-element slice can drop its axis");
        d.erase(axis);
      }
      return one(d.shape(), in[0]->dtype);
    }
    case OpKind::tile: {
      need_inputs(op, kind, in, 1, 1);
      Dims d(in[0]->shape);
      if (a.ints.size() != d.size()) mismatch(op, kind, "needs one repeat count per axis");
      for (std::size_t i = 0; i < d.size(); ++i) {
        if (a.ints[i] < 1) mismatch(op, kind, "repeat counts must be >= 1");
        d[i] *= a.ints[i];
      }
      return one(d.shape(), in[0]->dtype);
    }
    case OpKind::slice_update: {
      need_inputs(op, kind, in, 2, 2);
      const Shape& cache = in[0]->shape;
      const Shape& update = in[1]->shape;
      const auto axis = cache.normalize_axis(a.axis);
      bool fits = cache.rank() == update.rank() && a.begin >= 0 && a.begin + update[axis] <= cache[axis];
      for (std::size_t i = 0; fits && i < cache.rank(); ++i) fits = i == axis || cache[i] == update[i];
      if (!fits) mismatch(op, kind, "cannot write " + update.to_string() + " into " + cache.to_string() + " at " + std::to_string(a.begin));
      return one(cache, in[0]->dtype);
    }
    case OpKind::gather: {
      need_inputs(op, kind, in, 2, 2);
      const Shape& table = in[0]->shape;
      if (table.rank() != 2) mismatch(op, kind, "table must be (rows, width), got " + table.to_string());
      Dims d(in[1]->shape);
      d.push_back(table[1]);
      // A quantized table's rows come out dequantized, as fp16.
      const bool quantized = in[0]->dtype == DType::int4 || in[0]->dtype == DType::int8;
      return one(d.shape(), quantized ? DType::fp16 : in[0]->dtype);
    }
  }
  mismatch(op, kind, "unknown op kind");
}

}  // namespace anesim
