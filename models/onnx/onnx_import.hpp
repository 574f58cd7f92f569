#pragma once
// An ONNX graph turned into anesim's graph for one (batch, seq): what the CLI, sweeps and Python
// run for `--model file.onnx` (models/model_spec.cpp hands such a file here). The graph is taken
// as Core ML would receive it, never rewritten into the ANE layout; docs/onnx-import.md says how
// symbolic sizes bind, which ops map onto which kinds, and what is folded away.
#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.hpp"
#include "models/layout_strategy.hpp"
#include "models/model_spec.hpp"
#include "models/run_sizes.hpp"
#include "models/onnx/onnx_reader.hpp"

namespace anesim {

// The layout label an imported graph runs under: PyTorch's (B,S,C) code, as exported, is what
// the baseline layout stands for. Any other layout is refused (an import is not rebuilt).
inline constexpr const char* k_imported_layout = "baseline";

// Reads the file and checks it maps (no cycle, every shape rule met) by importing it at batch 1,
// seq 8, when the name rule binds every symbolic axis (else the run, given its dims, checks it).
// The check places an operator anesim cannot cost on the CPU, as `--unsupported cpu` would: the
// run refuses it unless asked, with the op's own error.
[[nodiscard]] ModelSpec load_onnx_model(const std::string& path);

// Binds the symbolic sizes to `dims` by name, else to (batch, seq) by the name rule, folds shape
// arithmetic and maps every other node onto anesim's op kinds. Throws anesim::Error naming the
// file and node of what it cannot map.
[[nodiscard]] Graph import_onnx_graph(const OnnxModel& model, std::int64_t batch, std::int64_t seq, const DimBindings& dims,
                                      const BuildOptions& options);

// The names of the graph inputs' symbolic axes, sorted, each once.
[[nodiscard]] std::vector<std::string> onnx_dim_symbols(const OnnxModel& model);

}  // namespace anesim
