#include "models/onnx/onnx_import.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <queue>
#include <stdexcept>

#include "core/error.hpp"
#include "models/onnx/onnx_context.hpp"
#include "models/onnx/onnx_folding.hpp"
#include "models/onnx/onnx_ops.hpp"

namespace anesim {

namespace {

bool is_float_type(OnnxType t) {
  return t == OnnxType::float32 || t == OnnxType::float16 || t == OnnxType::float64 || t == OnnxType::bfloat16;
}

void bind_inputs(OnnxContext& ctx) {
  const OnnxModel& m = ctx.model();
  for (const OnnxInput& input : m.inputs) {
    const std::vector<std::int64_t> d = ctx.bound_dims(input, "input '" + input.name + "'");
    ctx.set_tensor(input.name, ctx.builder().input(input.name, shape_of(d), imported_dtype(input.type)));
  }
  for (const auto& [name, t] : m.initializers) {
    // Integer initializers are shapes and indices, known at import; float ones are weights.
    if (t.has_values && !is_float_type(t.type)) {
      ctx.set_known(name, t);
    } else {
      ctx.set_weight(name, &t);
    }
  }
}

// The nodes in an order where each follows what it reads (Kahn's, lowest file index first, so a
// sorted file keeps its order). A cycle, or an input nothing gives, is an error naming a node.
std::vector<std::size_t> node_order(const OnnxModel& m) {
  std::map<std::string, std::size_t> producer;
  for (std::size_t k = 0; k < m.nodes.size(); ++k) {
    for (const std::string& o : m.nodes[k].outputs) {
      if (!o.empty()) producer[o] = k;
    }
  }
  std::vector<std::vector<std::size_t>> readers(m.nodes.size());
  std::vector<std::size_t> waiting(m.nodes.size(), 0);
  const auto given = [&](const std::string& name) {
    return m.initializers.contains(name) ||
           std::any_of(m.inputs.begin(), m.inputs.end(), [&](const OnnxInput& i) { return i.name == name; });
  };
  for (std::size_t k = 0; k < m.nodes.size(); ++k) {
    for (const std::string& name : m.nodes[k].inputs) {
      if (name.empty()) continue;
      if (const auto it = producer.find(name); it != producer.end()) {
        readers[it->second].push_back(k);
        ++waiting[k];
      } else if (!given(name)) {
        throw Error(m.nodes[k].op_type + " node '" + m.nodes[k].name + "' reads '" + name +
                        "', which no node, graph input or initializer gives",
                    "check the export (onnx.checker.check_model names the problem)", {m.path, 0, 0});
      }
    }
  }
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t k = 0; k < m.nodes.size(); ++k) {
    if (waiting[k] == 0) ready.push(k);
  }
  std::vector<std::size_t> order;
  while (!ready.empty()) {
    const std::size_t k = ready.top();
    ready.pop();
    order.push_back(k);
    for (std::size_t r : readers[k]) {
      if (--waiting[r] == 0) ready.push(r);
    }
  }
  if (order.size() != m.nodes.size()) {
    const auto stuck = static_cast<std::size_t>(std::find_if(waiting.begin(), waiting.end(), [](std::size_t w) { return w > 0; }) - waiting.begin());
    throw Error("the graph has a cycle through " + m.nodes[stuck].op_type + " node '" + m.nodes[stuck].name + "'",
                "an ONNX graph is acyclic; re-export the model", {m.path, 0, 0});
  }
  return order;
}

}  // namespace

Graph import_onnx_graph(const OnnxModel& model, std::int64_t batch, std::int64_t seq, const DimBindings& dims,
                        const BuildOptions& options) {
  if (options.phase != Phase::prefill) {
    throw Error("an imported ONNX graph runs as exported, one forward pass", "drop --phase decode", {model.path, 0, 0});
  }
  OnnxContext ctx(model, options, {batch, seq, dims});
  try {
    bind_inputs(ctx);
    for (std::size_t k : node_order(model)) {
      const OnnxNode& node = model.nodes[k];
      try {
        if (!fold_node(ctx, node)) map_node(ctx, node);
      } catch (const std::out_of_range&) {  // an input or output its operator needs is not in the file
        throw Error(node.op_type + " node '" + node.name + "' has fewer inputs or outputs than its operator takes",
                    "re-export the model (a hand-edited graph may have dropped one)");
      }
    }
    for (const std::string& name : model.outputs) {
      if (!ctx.has(name)) throw Error("graph output '" + name + "' is produced by no node", "re-export the model");
      if (ctx.known(name) == nullptr && ctx.weight(name) == nullptr) ctx.builder().output(ctx.tensor(model.nodes.front(), name));
    }
    return ctx.builder().finish();
  } catch (const Error& e) {
    // A shape rule's error names the op (the node's name); the file is added here.
    if (!e.where().file.empty()) throw;
    throw Error(e.message(), e.hint(), {model.path, 0, 0});
  }
}

ModelSpec load_onnx_model(const std::string& path) {
  ModelSpec spec;
  spec.name = std::filesystem::path(path).stem().string();
  spec.source_file = path;
  spec.onnx = std::make_shared<const OnnxModel>(read_onnx_model(path));
  // An imported graph has no hyperparameters; the sizes it takes are the graph's own.
  spec.max_positions = std::int64_t{1} << 40;
  spec.head = HeadKind::none;
  spec.padding_mask = PaddingMask::none;
  // An axis the name rule binds to seq (given sentinel sizes apart from the batch's) is one.
  spec.onnx_without_seq = std::none_of(spec.onnx->inputs.begin(), spec.onnx->inputs.end(), [](const OnnxInput& in) {
    for (std::size_t k = 0; k < in.dims.size(); ++k) {
      if (in.dims[k].size <= 0 && name_rule_size(in, k, 1, 2) == 2) return true;
    }
    return false;
  });
  const bool name_rule_binds_all = std::all_of(spec.onnx->inputs.begin(), spec.onnx->inputs.end(), [](const OnnxInput& in) {
    for (std::size_t k = 0; k < in.dims.size(); ++k) {
      if (name_rule_size(in, k, 1, 8) == 0) return false;
    }
    return true;
  });
  if (name_rule_binds_all) {
    BuildOptions check;
    check.unsupported = UnsupportedOps::cpu;
    (void)import_onnx_graph(*spec.onnx, 1, 8, {}, check);  // a file that does not map fails at load
  }
  return spec;
}

std::vector<std::string> onnx_dim_symbols(const OnnxModel& model) {
  std::vector<std::string> symbols;
  for (const OnnxInput& input : model.inputs) {
    for (const OnnxDim& d : input.dims) {
      if (d.size <= 0 && !d.symbol.empty()) symbols.push_back(d.symbol);
    }
  }
  std::sort(symbols.begin(), symbols.end());
  symbols.erase(std::unique(symbols.begin(), symbols.end()), symbols.end());
  return symbols;
}

}  // namespace anesim
