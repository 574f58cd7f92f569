// Generation (generation/generate.hpp): a reply's prefill and decode steps, worked out by hand
// from the mechanisms: the time to first token is the prefill's run, a stateful cache's step grows
// with the position, a fixed cache's is flat at its full length, a cache held as model I/O pays
// its bytes at the app boundary's rate, and the interpolated curve matches a simulation at every
// position.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "core/error.hpp"
#include "generation/generate.hpp"
#include "models/simulate.hpp"
#include "sim/app_boundary.hpp"
#include "reports/html_generation.hpp"

using namespace anesim;

namespace {

ModelSpec model(const std::string& name) { return load_model(name, default_config_dir()); }
ChipSpec chip(const std::string& name) { return load_chip(name, default_config_dir()); }

GenerateRequest reply(std::int64_t prompt, std::int64_t new_tokens, KvCache mode) {
  GenerateRequest r;
  r.prompt = prompt;
  r.new_tokens = new_tokens;
  r.kv_cache = mode;
  return r;
}

RunResult step(const ModelSpec& m, const ChipSpec& c, Phase phase, std::int64_t size) {
  RunRequest r;
  r.options.phase = phase;
  if (phase == Phase::decode) r.options.kv_len = size;
  else r.seq = size;
  r.keep_ops = false;
  return simulate(m, c, r);
}

}  // namespace

TEST_CASE("the time to first token is the prefill's run, its token ids in and its logits out included") {
  const ModelSpec gpt2 = model("gpt2");
  const ChipSpec m4 = chip("M4");
  const GenerationResult g = generate(gpt2, m4, reply(64, 8, KvCache::state));
  const RunResult prefill = step(gpt2, m4, Phase::prefill, 64);
  // Across the boundary: 64 int32 ids (4 bytes in the app, 4 in the engine) and the LM head's
  // logits for all 64 positions, 64 x 50,257 fp16 values held as fp32 by the app (2 + 4 bytes):
  // 64 x 8 + 3,216,448 x 6 = 512 + 19,298,688 = 19,299,200 bytes at the M4's 80 GB/s: 241.24 us.
  // The prefill's cache writes stay in the engine's state. The run pays them itself (every run
  // does); the reply shows them as its boundary share.
  CHECK(prefill.totals.app_io_bytes == 19'299'200);
  CHECK(prefill.totals.app_io_s == doctest::Approx(241.24e-6).epsilon(1e-9));
  CHECK(g.tokens.front().engine_s == prefill.totals.latency_s - prefill.totals.app_io_s);
  CHECK(g.tokens.front().io_bytes == 19'299'200);
  CHECK(g.tokens.front().io_s == doctest::Approx(241.24e-6).epsilon(1e-9));
  CHECK(g.summary.ttft_s == doctest::Approx(prefill.totals.latency_s).epsilon(1e-12));
  CHECK(g.tokens.front().energy_j == doctest::Approx(prefill.totals.energy_j).epsilon(1e-12));
  CHECK(g.tokens.size() == 8);
}

TEST_CASE("a cache held as model I/O pays its bytes at the boundary's rate every token") {
  const ModelSpec gpt2 = model("gpt2");
  const ChipSpec m4 = chip("M4");
  const GenerationResult state = generate(gpt2, m4, reply(64, 40, KvCache::state));
  const GenerationResult io = generate(gpt2, m4, reply(64, 40, KvCache::io));
  for (std::size_t i = 1; i < io.tokens.size(); ++i) {
    const TokenStep& s = state.tokens[i];
    const TokenStep& t = io.tokens[i];
    // 12 layers x (keys + values) x (kv_len + 1) rows x 768 values, fp16 in the engine and fp32
    // in the app (6 bytes a value), in and back out: 221,184 bytes a row, at 80 GB/s.
    const double rows = static_cast<double>(t.kv_len + 1);
    CHECK(t.io_bytes - s.io_bytes == 221'184 * (t.kv_len + 1));
    CHECK(t.io_s - s.io_s == doctest::Approx(221'184 * rows / 80e9).epsilon(1e-9));
    CHECK(t.engine_s == s.engine_s);  // the same graph on the engine
  }
  // The prefill hands the 64-row cache to the app: 12 x 2 x 64 x 768 x 6 bytes = 7,077,888 more.
  CHECK(io.tokens[0].io_bytes - state.tokens[0].io_bytes == 7'077'888);
}

TEST_CASE("a fixed cache is attended in full every step: flat at the full length, its mask an input") {
  const ModelSpec llama = model("llama-3.2-1b");
  const ChipSpec m4 = chip("M4");
  GenerateRequest r = reply(512, 64, KvCache::fixed);
  r.context = 1024;
  const GenerationResult g = generate(llama, m4, r);
  const RunResult full = step(llama, m4, Phase::decode, 1023);  // 1,023 rows plus the new token's
  const GenerationResult state = generate(llama, m4, reply(512, 64, KvCache::state));
  for (std::size_t i = 1; i < g.tokens.size(); ++i) {
    CHECK(g.tokens[i].engine_s == full.totals.latency_s - full.totals.app_io_s);
    CHECK(g.tokens[i].kv_len == 1023);
    // The (1, 1024) mask, fp16 held as fp32 (6 bytes a value), on top of the state's traffic.
    CHECK(g.tokens[i].io_bytes - state.tokens[i].io_bytes == 1024 * 6);
  }
  CHECK(g.summary.simulations == 1);
  CHECK(g.context == 1024);
}

TEST_CASE("a stateful cache's step grows linearly with the position, in steps at each 32-token padding block") {
  const ModelSpec llama = model("llama-3.2-1b");
  const ChipSpec m4 = chip("M4");
  const GenerationResult g = generate(llama, m4, reply(512, 256, KvCache::state));
  // Inside a padding block (kv_len 544 .. 575: 545 .. 576 rows, one padded size) the steps are on
  // a line through its ends.
  const TokenStep &a = g.tokens[544 - 512 + 1], &b = g.tokens[575 - 512 + 1];
  REQUIRE(a.kv_len == 544);
  REQUIRE(b.kv_len == 575);
  for (std::int64_t k = 545; k < 575; ++k) {
    const TokenStep& t = g.tokens[static_cast<std::size_t>(k - 512 + 1)];
    const double line = a.engine_s + (b.engine_s - a.engine_s) * static_cast<double>(k - 544) / 31.0;
    CHECK(t.engine_s == doctest::Approx(line).epsilon(1e-9));
  }
  // Its slope. Each new row adds 16 layers x 8 KV heads x 64 x 2 bytes = 16,384 bytes of keys
  // (B, L, 8, 64) to read, 0.26 us at the M4 ANE's 64.18 GB/s; the values (B, 512, 1, L) have L on
  // the padded last axis, so inside a block their allocation does not grow. With the scores,
  // softmax and context ops' growing work on top, the slope lies between the keys' 0.26 us and
  // the 0.51 us keys and values together would take.
  const double keys_s = 16'384 / 64.18e9;
  const double slope = (b.engine_s - a.engine_s) / 31.0;
  CHECK(slope > keys_s);
  CHECK(slope < 2 * keys_s);
  // Across the reply each new block adds a 64-byte row to each of the values' 16 x 512 channels:
  // 524,288 bytes, 8.2 us at 64.18 GB/s, 0.26 us a token on average on top of the block's slope.
  const TokenStep &first = g.tokens[1], &last = g.tokens.back();
  const double reply_slope = (last.engine_s - first.engine_s) / static_cast<double>(last.kv_len - first.kv_len);
  CHECK(reply_slope == doctest::Approx(slope + 524'288 / 64.18e9 / 32).epsilon(0.05));
  // Every step is the decode run at its cache length wherever it was simulated.
  for (const TokenStep& t : g.tokens) {
    if (t.token > 1 && t.simulated) {
      const RunTotals run = step(llama, m4, Phase::decode, t.kv_len).totals;
      CHECK(t.engine_s == run.latency_s - run.app_io_s);
    }
  }
}

TEST_CASE("the interpolated curve is within 0.2% of a simulation at every position") {
  struct Case {
    const char* model;
    const char* chip;
    std::int64_t prompt, new_tokens;
  };
  // gpt2 over five padding blocks from a short prompt, on an M4 and on an A15 (a 4 MB L2 where
  // the M4 has 32 MB); llama-3.2-1b across kv_len 2080, where a block starts and the scheduler's
  // overlap bends the step curve (kv_len 2085 .. 2089).
  for (const Case c : {Case{"gpt2", "M4", 20, 150}, Case{"gpt2", "A15", 20, 150}, Case{"llama-3.2-1b", "M4", 2040, 100}}) {
    CAPTURE(std::string(c.model));
    CAPTURE(std::string(c.chip));
    const ModelSpec m = model(c.model);
    const ChipSpec ch = chip(c.chip);
    const GenerationResult fast = generate(m, ch, reply(c.prompt, c.new_tokens, KvCache::state));
    GenerateRequest exact = reply(c.prompt, c.new_tokens, KvCache::state);
    exact.every_step = true;
    const GenerationResult every = generate(m, ch, exact);
    REQUIRE(fast.tokens.size() == every.tokens.size());
    CHECK(every.summary.simulations == c.new_tokens - 1);
    CHECK(fast.summary.simulations < every.summary.simulations / 4);
    double worst = 0;
    for (std::size_t i = 0; i < fast.tokens.size(); ++i) {
      worst = std::max(worst, std::abs(fast.tokens[i].latency_s / every.tokens[i].latency_s - 1));
      worst = std::max(worst, std::abs(fast.tokens[i].energy_j / every.tokens[i].energy_j - 1));
      CHECK(fast.tokens[i].io_bytes == every.tokens[i].io_bytes);  // exactly linear in the rows
    }
    // Measured: gpt2 on the M4 4e-8, llama-3.2-1b on the M4 7e-5, gpt2 on the A15 1.8e-3 (its
    // scheduler overlap bends the curve by up to 16 us of 8.9 ms inside a block: a line between
    // the block's ends cannot follow; the documented tolerance, docs/generation.md).
    CHECK(worst < 2e-3);
  }
}

TEST_CASE("chunks: the weights' window count says how many, and each chunk after the first adds a launch and a wait") {
  const ModelSpec llama7b = model("llama-2-7b");
  const ChipSpec m4 = chip("M4");
  GenerateRequest r = reply(128, 4, KvCache::state);
  const GenerationResult one = generate(llama7b, m4, r);
  // 6.74e9 parameters in fp16 are ~13.5 GB of weights: 4 of the M4's 3.5 GiB (3,758,096,384 B)
  // windows, so one chunk does not fit and the reason says to use 4.
  CHECK(one.summary.chunks_needed == 4);
  CHECK_FALSE(one.summary.fits);
  CHECK(one.summary.fit_reason.find("--chunks 4") != std::string::npos);
  r.chunks = 4;
  const GenerationResult four = generate(llama7b, m4, r);
  CHECK(four.summary.fit_reason.find("--chunks") == std::string::npos);
  // Three borders a token, each the M4's 0.1 ms launch and 0.18 ms wait: 0.84 ms; and the
  // (1, 4096) hidden state out and in at each, 3 x 2 x 4,096 x 6 bytes = 147,456 bytes.
  for (std::size_t i = 1; i < four.tokens.size(); ++i) {
    CHECK(four.tokens[i].chunk_s == doctest::Approx(3 * (0.1e-3 + 0.18e-3)).epsilon(1e-12));
    CHECK(four.tokens[i].io_bytes - one.tokens[i].io_bytes == 147'456);
  }
}

TEST_CASE("bad requests are errors naming the fix") {
  const ModelSpec gpt2 = model("gpt2");
  const ChipSpec m4 = chip("M4");
  CHECK_THROWS_WITH_AS(generate(model("distilbert"), m4, reply(64, 8, KvCache::state)), doctest::Contains("encoder"), Error);
  // gpt2 has 1,024 positions: a 1,000-token prompt leaves room for 25 new tokens (the last step
  // attends over 1,000 + 25 - 1 = 1,024 rows).
  CHECK_NOTHROW((void)generate(gpt2, m4, reply(1000, 25, KvCache::state)));
  CHECK_THROWS_WITH_AS(generate(gpt2, m4, reply(1000, 26, KvCache::state)), doctest::Contains("1025 positions"), Error);
  GenerateRequest fixed = reply(64, 8, KvCache::fixed);
  fixed.context = 70;  // the last step needs 64 + 8 - 1 = 71 rows
  CHECK_THROWS_WITH_AS(generate(gpt2, m4, fixed), doctest::Contains("use a context of 71"), Error);
  GenerateRequest state = reply(64, 8, KvCache::state);
  state.context = 128;
  CHECK_THROWS_WITH_AS(generate(gpt2, m4, state), doctest::Contains("fixed cache"), Error);
  state.context.reset();
  state.chunks = 0;
  CHECK_THROWS_WITH_AS(generate(gpt2, m4, state), doctest::Contains("chunks"), Error);
  CHECK_THROWS_WITH_AS((void)parse_kv_cache("paged"), doctest::Contains("state, io, fixed"), Error);
}

TEST_CASE("the per-token chart draws each decode step, coloured by its regime, in a page of its own") {
  const GenerationResult g = generate(model("gpt2"), chip("M4"), reply(64, 40, KvCache::state));
  const std::string svg = generation_chart(g);
  // 40 tokens: the prefill's and 39 decode steps, joined by 38 segments.
  std::size_t segments = 0;
  for (std::size_t at = svg.find("stroke-width=\"2\""); at != std::string::npos; at = svg.find("stroke-width=\"2\"", at + 1)) ++segments;
  CHECK(segments == 38);
  CHECK(svg.rfind("<svg", 0) == 0);
  std::ostringstream page;
  write_generation_html(page, g);
  CHECK(page.str().find("time to first token") != std::string::npos);
  CHECK(page.str().find("<script") == std::string::npos);
}

TEST_CASE("the reply's fit counts the cache at its longest: a long reply can outgrow a device its prefill fits") {
  const ModelSpec llama = model("llama-3.2-1b");
  const ChipSpec a15 = chip("A15");
  // The iPhone 13's 4 GiB x 0.75 = 3.22 GB an app may hold. The prefill of 512 tokens peaks at
  // 2.91 GB; a 30,000-token reply's last step holds 16 layers x 2 x 30,512 rows (the fixed cache: prompt + reply) x 512 x 2 bytes
  // = 1.0 GB of cache on top of the 2.47 GB of weights: 3.48 GB, past the share.
  const GenerationResult short_reply = generate(llama, a15, reply(512, 64, KvCache::fixed));
  const GenerationResult long_reply = generate(llama, a15, reply(512, 30'000, KvCache::fixed));
  CHECK(short_reply.summary.fits);
  CHECK(short_reply.prefill.fits);
  CHECK(long_reply.prefill.fits);
  CHECK_FALSE(long_reply.summary.fits);
  CHECK(long_reply.summary.fit_reason.find("an app may use") != std::string::npos);
}
