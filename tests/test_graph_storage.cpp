// How a graph stores its ids and names (issue 7): op inputs and outputs and tensor consumers in
// small inline vectors, names in a per-graph arena. Names must survive moving and copying the graph
// (a copy stores its own), and a split's outputs are still named `op.k`.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "ir/graph.hpp"
#include "ir/graph_builder.hpp"
#include "core/name_arena.hpp"
#include "core/small_vector.hpp"

using namespace anesim;

namespace {
Graph split_graph(const std::string& prefix) {
  GraphBuilder b;
  const TensorId x = b.input({prefix, ".x"}, Shape{1, 8, 1, 4}, DType::fp16);
  OpAttrs four_parts;
  four_parts.axis = 1;
  four_parts.parts = 4;
  const std::vector<TensorId> parts = b.op_n({prefix, ".heads"}, OpKind::split, {x}, four_parts);
  OpAttrs on_c;
  on_c.axis = 1;
  b.output(b.op({prefix, ".", "merged"}, OpKind::concat, parts, on_c));
  return b.finish();
}
}  // namespace

TEST_CASE("a small vector keeps its first values inline and grows past them") {
  SmallVector<int, 2> v{1, 2};
  const int* inline_data = v.data();
  v.push_back(v[0]);  // a value from the storage that the growth frees
  v.push_back(4);
  CHECK(v.size() == 4);
  CHECK(v.data() != inline_data);
  CHECK(v.to_vector() == std::vector<int>{1, 2, 1, 4});
  SmallVector<int, 2> moved(std::move(v));
  CHECK(moved.to_vector() == std::vector<int>{1, 2, 1, 4});
  CHECK(v.empty());  // NOLINT: a moved-from small vector is empty and usable
  v.push_back(7);
  CHECK(v.to_vector() == std::vector<int>{7});
  SmallVector<int, 2> copy = moved;
  CHECK(copy == moved);
  copy = SmallVector<int, 2>{9};
  CHECK(copy.to_vector() == std::vector<int>{9});
  CHECK(copy.data() != moved.data());
}

TEST_CASE("names live in the graph and survive moves and copies") {
  auto original = std::make_unique<Graph>(split_graph("layer0"));
  CHECK(original->tensor(0).name == "layer0.x");
  const Op& split = original->op(0);
  CHECK(split.name == "layer0.heads");
  REQUIRE(split.outputs.size() == 4);
  CHECK(original->tensor(split.outputs[3]).name == "layer0.heads.3");
  const Op& concat = original->op(1);
  CHECK(concat.name == "layer0.merged");
  CHECK(concat.inputs.size() == 4);
  CHECK(original->tensor(concat.outputs[0]).name == "layer0.merged");  // a single output shares the op's name
  CHECK(original->tensor(0).consumers.size() == 1);

  const Graph copy = *original;
  Graph moved = std::move(*original);
  original.reset();  // the copy must not point into the original's names
  CHECK(copy.op(0).name == "layer0.heads");
  CHECK(copy.tensor(copy.op(0).outputs[2]).name == "layer0.heads.2");
  CHECK(moved.op(1).name == "layer0.merged");
  const std::string as_string = moved.op(1).name;  // names convert to std::string
  CHECK(as_string == "layer0.merged");
  moved.validate();
  copy.validate();
}

TEST_CASE("an einsum's equation is stored by the graph, not borrowed from the caller") {
  auto graph = std::make_unique<Graph>();
  {
    GraphBuilder b;
    const TensorId q = b.input("q", Shape{1, 64, 2, 8}, DType::fp16);
    const TensorId k = b.input("k", Shape{1, 8, 2, 64}, DType::fp16);
    std::string equation = "bchq,bkhc->bkhq";  // a caller's string, gone before the graph is used
    OpAttrs attrs;
    attrs.equation = equation;
    b.output(b.op("scores", OpKind::einsum, {q, k}, std::move(attrs)));
    equation.assign(equation.size(), '?');
    *graph = b.finish();
  }
  CHECK(graph->op(0).attrs.equation == "bchq,bkhc->bkhq");
  CHECK(graph->tensor(graph->op(0).outputs[0]).shape == Shape{1, 8, 2, 8});
  const Graph copy = *graph;
  graph.reset();  // the copy holds its own text
  CHECK(copy.op(0).attrs.equation == "bchq,bkhc->bkhq");

  // A hand-built op is shape-checked by validate(), which reads the equation long after add_op.
  Graph hand;
  const TensorId a = hand.add_tensor("a", Shape{2, 3}, DType::fp16, TensorRole::input);
  const TensorId w = hand.add_tensor("w", Shape{3, 5}, DType::fp16, TensorRole::weight);
  {
    OpAttrs attrs;
    const std::string equation = std::string("ij,") + "jk->ik";
    attrs.equation = equation;
    hand.add_op("mm", OpKind::einsum, {a, w}, {{"mm", Shape{2, 5}, DType::fp16}}, std::move(attrs));
  }
  hand.mark_output(hand.op(0).outputs[0]);
  CHECK_NOTHROW(hand.validate());
  CHECK(hand.op(0).attrs.equation == "ij,jk->ik");
}

TEST_CASE("the name arena joins up to three parts and takes names longer than a block") {
  NameArena arena;
  const Name joined = arena.store({"a", "bc", "def"});
  CHECK(joined == "abcdef");
  const std::string long_name(40000, 'x');
  const Name stored_long = arena.store(long_name);
  CHECK(stored_long == long_name);
  CHECK(arena.store_indexed("split", 12) == "split.12");
  CHECK(joined == "abcdef");  // earlier names stay put
  CHECK(arena.store("").empty());
}
