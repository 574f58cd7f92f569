#pragma once
// The sliding window of a convolution or a pooling op over H and W of a (B,C,H,W) tensor, read
// from attrs.ints, and the output length it gives along one axis (ONNX's and PyTorch's formula).
#include <cstdint>
#include <string>

#include "ir/ops/rules.hpp"

namespace anesim {

struct Window {
  std::int64_t kh = 1, kw = 1, sh = 1, sw = 1;
  std::int64_t pt = 0, pl = 0, pb = 0, pr = 0;  // padding: top, left, bottom, right
  std::int64_t dh = 1, dw = 1;                  // dilation
  std::int64_t groups = 1;
  bool ceil_mode = false;                       // pooling: a partial last window still gives an output
};

namespace window_rules {

// floor (or ceil) of (in + pads - dilation x (k - 1) - 1) / stride, plus one.
inline std::int64_t out_length(const ShapeSite& at, std::int64_t in, std::int64_t k, std::int64_t s, std::int64_t pads,
                               std::int64_t d, bool ceil_mode) {
  if (k < 1 || s < 1 || d < 1 || pads < 0) at.fail("kernel, stride and dilation must be >= 1 and padding >= 0");
  const std::int64_t span = in + pads - d * (k - 1) - 1;
  if (span < 0) at.fail("the kernel (" + std::to_string(k) + ", dilation " + std::to_string(d) + ") is larger than the padded input (" +
                        std::to_string(in + pads) + ")");
  return (ceil_mode ? (span + s - 1) / s : span / s) + 1;
}

// A convolution's {kh, kw, sh, sw, ph, pw} (symmetric padding, the built models' form) or
// {kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, groups} (an import's), with `extra` more ints after.
inline Window conv_window(const ShapeSite& at, const OpAttrs& a, std::size_t extra = 0) {
  const auto& v = a.ints;
  Window w;
  if (v.size() == 6 && extra == 0) {
    w = {v[0], v[1], v[2], v[3], v[4], v[5], v[4], v[5], 1, 1, 1, false};
  } else if (v.size() == 11 + extra) {
    w = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], false};
  } else {
    at.fail("expects attrs {kh,kw,sh,sw,ph,pw} or {kh,kw,sh,sw,pt,pl,pb,pr,dh,dw,groups}" +
            std::string(extra > 0 ? " and the output padding" : ""));
  }
  if (w.groups < 1) at.fail("groups must be >= 1");
  return w;
}

// A pooling op's {kh, kw, sh, sw, pt, pl, pb, pr, ceil_mode}.
inline Window pool_window(const ShapeSite& at, const OpAttrs& a) {
  const auto& v = a.ints;
  if (v.size() != 9) at.fail("expects attrs {kh,kw,sh,sw,pt,pl,pb,pr,ceil_mode}");
  return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], 1, 1, 1, v[8] != 0};
}

// The (B,C,H',W') a window over x (B,C,H,W) gives, with C' channels.
inline Shape windowed(const ShapeSite& at, const Shape& x, const Window& w, std::int64_t channels) {
  if (x.rank() != 4) at.fail("expects x (B,C,H,W), got " + x.to_string());
  return Shape{x[0], channels, out_length(at, x[2], w.kh, w.sh, w.pt + w.pb, w.dh, w.ceil_mode),
               out_length(at, x[3], w.kw, w.sw, w.pl + w.pr, w.dw, w.ceil_mode)};
}

}  // namespace window_rules

}  // namespace anesim
