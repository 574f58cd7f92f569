// The graph rejects what cannot run: cycles, dangling tensors, shapes that do not match.
#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "ir/graph.hpp"
#include "ir/graph_builder.hpp"

using namespace anesim;

namespace {
std::string error_of(const Graph& g) {
  try {
    g.validate();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}
OpAttrs reshape_to_4x2() {
  OpAttrs a;
  a.ints = {4, 2};
  return a;
}
}  // namespace

TEST_CASE("a valid chain validates; the conv's output shape comes from its rule") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 8, 1, 4}, DType::fp16);
  const TensorId w = b.weight("w", Shape{16, 8, 1, 1});
  const TensorId y = b.op("conv", OpKind::conv1x1, {x, w});
  CHECK(b.shape(y) == Shape{1, 16, 1, 4});
  b.output(b.op("relu", OpKind::relu, {y}));
  const Graph g = b.finish();
  CHECK(g.op_count() == 2);
  CHECK(g.parameter_count() == 16 * 8);
  CHECK(g.execution_order() == std::vector<OpId>{0, 1});
}

TEST_CASE("execution order is topological even when ops were added out of order") {
  Graph g;
  const TensorId x = g.add_tensor("x", Shape{4}, DType::fp16, TensorRole::input);
  const TensorId late = g.add_tensor("late", Shape{4}, DType::fp16, TensorRole::activation);
  // op 0 reads `late`, which op 1 produces from x.
  const OpId consumer = g.add_op("consumer", OpKind::relu, {late}, {{"out", Shape{4}, DType::fp16}});
  const OpId producer = g.add_op("producer", OpKind::relu, {x}, {});
  g.bind_output(producer, late);
  g.mark_output(g.op(consumer).outputs[0]);
  g.validate();
  CHECK(g.execution_order() == std::vector<OpId>{producer, consumer});
}

TEST_CASE("a cycle is an error naming the ops in it") {
  Graph g;
  const TensorId a = g.add_tensor("a", Shape{4}, DType::fp16, TensorRole::activation);
  const OpId first = g.add_op("first", OpKind::relu, {a}, {{"b", Shape{4}, DType::fp16}});
  const OpId second = g.add_op("second", OpKind::relu, {g.op(first).outputs[0]}, {});
  g.bind_output(second, a);
  // An op downstream of the cycle cannot run either, but it is not part of it.
  const OpId after = g.add_op("after", OpKind::relu, {g.op(first).outputs[0]}, {{"c", Shape{4}, DType::fp16}});
  g.mark_output(g.op(after).outputs[0]);
  const std::string msg = error_of(g);
  CHECK(msg.find("the graph has a cycle through ops 'first', 'second'") != std::string::npos);
  CHECK(msg.find("'after'") == std::string::npos);
}

TEST_CASE("a dangling tensor (read, never produced) is an error") {
  Graph g;
  const TensorId ghost = g.add_tensor("ghost", Shape{4}, DType::fp16, TensorRole::activation);
  const OpId op = g.add_op("reader", OpKind::relu, {ghost}, {{"out", Shape{4}, DType::fp16}});
  g.mark_output(g.op(op).outputs[0]);
  const std::string msg = error_of(g);
  CHECK(msg.find("dangling tensor 'ghost'") != std::string::npos);
  CHECK(msg.find("'reader'") != std::string::npos);
}

TEST_CASE("an output nobody reads is an error unless it is a graph output") {
  Graph g;
  const TensorId x = g.add_tensor("x", Shape{4}, DType::fp16, TensorRole::input);
  const OpId op = g.add_op("lonely", OpKind::relu, {x}, {{"unused", Shape{4}, DType::fp16}});
  CHECK(error_of(g).find("never used") != std::string::npos);
  g.mark_output(g.op(op).outputs[0]);
  CHECK(error_of(g).empty());
}

TEST_CASE("a declared shape that does not match the op's inputs is a shape mismatch") {
  Graph g;
  const TensorId x = g.add_tensor("x", Shape{1, 8, 1, 4}, DType::fp16, TensorRole::input);
  const TensorId w = g.add_tensor("w", Shape{16, 8, 1, 1}, DType::fp16, TensorRole::weight);
  // A conv from 8 to 16 channels cannot produce 32 channels.
  const OpId op = g.add_op("conv", OpKind::conv1x1, {x, w}, {{"y", Shape{1, 32, 1, 4}, DType::fp16}});
  g.mark_output(g.op(op).outputs[0]);
  const std::string msg = error_of(g);
  CHECK(msg.find("shape mismatch at op 'conv'") != std::string::npos);
  CHECK(msg.find("(1,32,1,4)") != std::string::npos);
  CHECK(msg.find("(1,16,1,4)") != std::string::npos);
}

TEST_CASE("wiring incompatible inputs fails when the op is added") {
  GraphBuilder b;
  const TensorId x = b.input("x", Shape{1, 8, 1, 4}, DType::fp16);
  const TensorId w = b.weight("w", Shape{16, 9, 1, 1});
  CHECK_THROWS_WITH_AS(b.op("conv", OpKind::conv1x1, {x, w}), doctest::Contains("8 channels"), Error);
  const TensorId y = b.input("y", Shape{2, 3}, DType::fp16);
  CHECK_THROWS_WITH_AS(b.op("bad_add", OpKind::add, {x, y}), doctest::Contains("cannot broadcast"), Error);
  CHECK_THROWS_WITH_AS(b.op("bad_reshape", OpKind::reshape, {y}, reshape_to_4x2()), doctest::Contains("element counts"), Error);
}

TEST_CASE("einsum shapes follow the equation; a size conflict is an error") {
  GraphBuilder b;
  // The ANE layout's score einsum: q (B,D,1,Sq) x k (B,Sk,1,D) -> (B,Sk,1,Sq).
  const TensorId q = b.input("q", Shape{2, 64, 1, 128}, DType::fp16);
  const TensorId k = b.input("k", Shape{2, 96, 1, 64}, DType::fp16);
  OpAttrs eq;
  eq.equation = "bchq,bkhc->bkhq";
  CHECK(b.shape(b.op("scores", OpKind::einsum, {q, k}, eq)) == Shape{2, 96, 1, 128});
  const TensorId bad = b.input("bad", Shape{2, 96, 1, 32}, DType::fp16);
  CHECK_THROWS_WITH_AS(b.op("bad", OpKind::einsum, {q, bad}, eq), doctest::Contains("axis 'c'"), Error);
}
