// Rule 8 and decoders: quantized weights and the decode phase, from the mechanisms.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "models/simulate.hpp"
#include "models/transformer_builder.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "ir/op_cost.hpp"

using namespace anesim;

namespace {
ModelSpec model(const std::string& name) { return load_model(name, default_config_dir()); }
ChipSpec chip(const std::string& name) { return load_chip(name, default_config_dir()); }

RunResult decode(const ModelSpec& m, const ChipSpec& c, DType weights, std::int64_t kv_len) {
  RunRequest r;
  r.layout = "ane";
  r.weights = weights;
  r.options.phase = Phase::decode;
  r.options.kv_len = kv_len;
  return simulate(m, c, r);
}

// Parameters only the CPU gathers read (never multiplied): input embeddings not shared with a head.
std::int64_t gathered_parameters(const ModelSpec& m) {
  std::int64_t n = m.token_types * m.hidden_size;
  if (m.position == PositionKind::learned) n += m.max_positions * m.hidden_size;
  if (!(m.head == HeadKind::lm_head && m.tied_embeddings)) n += m.vocab_size * m.hidden_size;
  return n;
}
// Front-end convolutions run per patch or per frame, not per token: their parameters and FLOPs.
std::int64_t front_end_parameters(const ModelSpec& m) {
  const std::int64_t c = m.hidden_size;
  if (m.input == InputKind::image) return c * m.channels * m.patch_size * m.patch_size + c + c;  // + class token
  if (m.input == InputKind::audio) return (c * m.mel_bins * 3 + c) + (c * c * 3 + c);
  return 0;
}
double front_end_macs(const ModelSpec& m, std::int64_t batch) {
  const double c = static_cast<double>(m.hidden_size), b = static_cast<double>(batch);
  if (m.input == InputKind::image) {
    const double patches = static_cast<double>((m.image_size / m.patch_size) * (m.image_size / m.patch_size));
    return 2 * b * patches * c * static_cast<double>(m.channels * m.patch_size * m.patch_size);
  }
  if (m.input == InputKind::audio) {
    const double frames = static_cast<double>(m.audio_frames), halved = static_cast<double>(m.fixed_sequence());
    return 2 * b * (frames * c * static_cast<double>(m.mel_bins) * 3 + halved * c * c * 3);
  }
  return 0;
}
// Parameters of a head applied once per sequence (token 0), not per token.
std::int64_t once_per_sequence_parameters(const ModelSpec& m) {
  const std::int64_t c = m.hidden_size;
  if (m.head == HeadKind::pooler) return c * c + c;
  if (m.head == HeadKind::classifier) return (m.pre_classifier ? c * c + c : 0) + c * m.num_labels + m.num_labels;
  return 0;
}
}  // namespace

TEST_CASE("MAC FLOPs are within 1% of 2 x parameters x tokens + attention, for every model") {
  // Per token, each multiplied parameter costs 2 FLOPs; attention adds Q.K and P.V, each S x C
  // multiply-accumulates per layer: 4 L S C FLOPs. Biases and norms (vector FLOPs in anesim)
  // keep the closed form a little above the MAC count.
  for (const auto& file : config_files(default_config_dir(), "models")) {
    const ModelSpec m = load_model_file(file);
    if (m.layers > 40) continue;  // llama-2-70b: the same formula, 80 layers; skipped for test time
    const std::int64_t b = 1, s = m.fixed_sequence() > 0 ? m.fixed_sequence() : 64;
    const double t = static_cast<double>(b * s);
    const double once = static_cast<double>(once_per_sequence_parameters(m));
    const double per_token =
        static_cast<double>(m.closed_form_parameters() - gathered_parameters(m) - front_end_parameters(m)) - once;
    const double closed =
        2 * per_token * t + 2 * once * b + 4.0 * m.layers * b * s * s * m.hidden_size + front_end_macs(m, b);
    const Graph g = build_transformer(m, "ane", b, s);
    double mac = 0;
    for (const Op& op : g.ops()) mac += op_flops(g, op).mac;
    INFO(m.name << ": counted " << mac << " vs closed form " << closed);
    CHECK(mac <= closed);
    CHECK(mac == doctest::Approx(closed).epsilon(0.01));
  }
}

TEST_CASE("llama-3.2-1b decode on an M4 (kv 1024, batch 1): int4 weights more than halve latency") {
  const ModelSpec m = model("llama-3.2-1b");
  const ChipSpec m4 = chip("M4");
  const RunResult fp16 = decode(m, m4, DType::fp16, 1024);
  const RunResult int4 = decode(m, m4, DType::int4, 1024);
  MESSAGE(fmt::format("decode fp16 {:.2f} ms ({}), int4 {:.2f} ms ({})", fp16.totals.latency_s * 1e3,
                      regime_name(fp16.totals.regime), int4.totals.latency_s * 1e3, regime_name(int4.totals.regime)));
  // One token multiplies every weight once: decode streams all 2.47 GB of fp16 weights (the tied
  // table doubles as the lm_head) at the M4 ANE's 64.18 GB/s ceiling, about 38 ms.
  CHECK(fp16.totals.regime == Regime::bandwidth);
  CHECK(fp16.totals.latency_s == doctest::Approx(2 * 1'235'814'400.0 / 64.18e9).epsilon(0.15));
  // int4 moves a quarter of the weight bytes; the dequantize work is cheap by comparison.
  std::int64_t w16 = 0, w4 = 0;
  for (const auto& op : fp16.ops) w16 += op.weight_bytes;
  for (const auto& op : int4.ops) w4 += op.weight_bytes;
  CHECK(static_cast<double>(w16) / static_cast<double>(w4) == doctest::Approx(4.0).epsilon(0.01));
  CHECK(fp16.totals.latency_s / int4.totals.latency_s > 2.0);
}

TEST_CASE("llama-3.2-1b prefill at seq 2048 on an M4 is compute-bound") {
  RunRequest r;
  r.layout = "ane";
  r.seq = 2048;
  const RunResult prefill = simulate(model("llama-3.2-1b"), chip("M4"), r);
  MESSAGE(fmt::format("prefill 2048: {:.1f} ms, {:.0f}% of time compute-bound", prefill.totals.latency_s * 1e3,
                      100 * prefill.totals.compute_share));
  CHECK(prefill.totals.regime == Regime::compute);
}

TEST_CASE("the KV cache is a buffer like any other: its padded bytes count in peak memory") {
  const ModelSpec m = model("llama-3.2-1b");
  const ChipSpec m4 = chip("M4");
  const RunResult shorter = decode(m, m4, DType::fp16, 512);
  const RunResult longer = decode(m, m4, DType::fp16, 1024);
  // 512 more tokens x 16 layers x (K + V) x 8 KV heads x 64 dims x 2 bytes = 16,777,216 bytes.
  // Keys (B,L,Hkv,D) have 128-byte rows; values (B,KV,1,L) have L on W, 1025 and 513 elements
  // padded to 2,112 and 1,088 bytes: 1,024 B more per row for 512 rows x 16 layers = 8,388,608.
  const std::int64_t keys = 512LL * 16 * 8 * 64 * 2;
  const std::int64_t values = 16LL * 512 * (2112 - 1088);
  CHECK(longer.totals.peak_activation_bytes - shorter.totals.peak_activation_bytes == keys + values);
}

TEST_CASE("bad phases and precisions are rejected with the fix") {
  RunRequest r;
  r.options.phase = Phase::decode;
  r.options.kv_len = 128;
  CHECK_THROWS_WITH_AS((void)simulate(model("bert-base-uncased"), chip("A15"), r), doctest::Contains("use phase prefill"), Error);
  r.options.kv_len = 0;
  CHECK_THROWS_WITH_AS((void)simulate(model("gpt2"), chip("A15"), r), doctest::Contains("kv_len 1 to 1023"), Error);
  RunRequest dense;
  dense.sparsity = 1.0;
  CHECK_THROWS_WITH_AS((void)simulate(model("gpt2"), chip("A15"), dense), doctest::Contains("sparsity"), Error);
}

TEST_CASE("pruning removes that share of weight bytes") {
  RunRequest half;
  half.sparsity = 0.5;
  const RunResult pruned = simulate(model("distilbert"), chip("A15"), half);
  const RunResult dense = simulate(model("distilbert"), chip("A15"), RunRequest{});
  std::int64_t wp = 0, wd = 0;
  for (const auto& op : pruned.ops) wp += op.weight_bytes;
  for (const auto& op : dense.ops) wd += op.weight_bytes;
  // Projection kernels halve; biases and norm weights stay: 84,934,656 of 86,241,796 streamed
  // bytes are kernels (6 layers x 14,155,776 + 1,181,184 + 3,072 heads, less their biases).
  CHECK(static_cast<double>(wp) / static_cast<double>(wd) == doctest::Approx(0.5).epsilon(0.02));
  CHECK(pruned.totals.latency_s < dense.totals.latency_s);
}
