// Issue 16: every size product is checked or bounded, so a huge batch or sequence is an
// anesim::Error naming the size and the largest accepted, never a wrapped (negative) result.
#include <doctest/doctest.h>

#include <limits>

#include "models/run_sizes.hpp"
#include "models/simulate.hpp"
#include "models/transformer_builder.hpp"
#include "chip/chip_loader.hpp"
#include "core/config_paths.hpp"
#include "ir/dtype.hpp"
#include "core/error.hpp"
#include "ir/shape.hpp"

using namespace anesim;

namespace {
ModelSpec model(const std::string& name) { return load_model(name, default_config_dir()); }

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("a shape's element count is checked as it is built, up to 2^40") {
  constexpr std::int64_t k_big = std::int64_t{1} << 20;
  CHECK(Shape{k_big, k_big}.elements() == Shape::k_max_elements);
  CHECK(error_of([&] { (void)Shape{k_big, k_big, 2}; }) ==
        "a tensor of shape (1048576,1048576,2) has more than 1099511627776 elements, the largest anesim accepts");
  // A product past 64 bits would wrap to 0 here (2^32 x 2^32); it is caught, not wrapped.
  CHECK(error_of([&] { (void)Shape{std::int64_t{1} << 32, std::int64_t{1} << 32}; }).find("has more than") != std::string::npos);
  CHECK(error_of([&] { (void)Shape{std::numeric_limits<std::int64_t>::max(), 3}; }).find("has more than") != std::string::npos);
}

TEST_CASE("a tensor's storage bytes are checked") {
  CHECK(storage_bytes(k_max_storage_elements, DType::fp32) == std::int64_t{1} << 42);
  CHECK(storage_bytes(3, DType::int4) == 2);
  CHECK(error_of([] { (void)storage_bytes(k_max_storage_elements + 1, DType::fp16); }) ==
        "the storage of 1099511627777 fp16 elements is out of range: anesim accepts 0 to 1099511627776 elements a tensor");
  CHECK(error_of([] { (void)storage_bytes(-1, DType::fp16); }).find("out of range") != std::string::npos);
}

TEST_CASE("the builder bounds batch up front and checks its op estimate") {
  const ModelSpec distilbert = model("distilbert");
  CHECK(error_of([&] { (void)build_transformer(distilbert, "ane", 4097, 128); }) ==
        "batch 4097 is above 4096, the largest anesim accepts");
  CHECK_NOTHROW((void)build_transformer(distilbert, "ane", 4096, 1));
  ModelSpec edited = distilbert;  // a Model edited in Python has no loader bounds
  edited.layers = std::numeric_limits<std::int64_t>::max() / 4;
  CHECK(error_of([&] { (void)build_transformer(edited, "ane", 1, 128); }).find("graph of more than 2000000 ops") !=
        std::string::npos);
  BuildOptions decode;
  decode.phase = Phase::decode;
  decode.kv_len = std::numeric_limits<std::int64_t>::max();  // kv_len + 1 would overflow
  CHECK(error_of([&] { (void)build_transformer(model("gpt2"), "ane", 1, 1, decode); }) ==
        "KV-cache length 9223372036854775807 is out of range for gpt2");
}

TEST_CASE("a distilbert run at the largest batch has finite, positive totals") {
  RunRequest r;
  r.layout = "baseline";
  r.batch = k_max_batch;
  r.seq = 512;
  const RunResult result = simulate(model("distilbert"), load_chip("A15", default_config_dir()), r);
  CHECK(result.totals.peak_memory_bytes > 0);
  CHECK(result.totals.dram_read_bytes > 0);
  CHECK(result.totals.latency_s > 0);
}

TEST_CASE("the default KV cache fits every model; a size the run would ignore is refused") {
  CHECK(default_kv_len(model("gpt2")) == 1023);
  CHECK(default_kv_len(model("llama-3.2-1b")) == 1024);
  CHECK(error_of([] { check_given_sizes(model("gpt2"), Phase::prefill, {.seq = {}, .kv_len = 100}); }) ==
        "kv_len 100 is not used: only a decode run has a KV cache");
  CHECK(error_of([] { check_given_sizes(model("vit-base-patch16-224"), Phase::prefill, {.seq = 64, .kv_len = {}}); }) ==
        "seq 64 is not used: vit-base-patch16-224's image input fixes its sequence at 197 tokens");
  CHECK_NOTHROW(check_given_sizes(model("vit-base-patch16-224"), Phase::prefill, {.seq = 197, .kv_len = {}}));
  CHECK(error_of([] { check_given_sizes(model("gpt2"), Phase::decode, {.seq = 12, .kv_len = {}}); }) ==
        "seq 12 is not used: a decode run feeds one new token a sequence");
  CHECK_NOTHROW(check_given_sizes(model("gpt2"), Phase::decode, {.seq = {}, .kv_len = 100}));
}
