#pragma once
// An ONNX model as plain data: what the importer needs of the protobuf (onnx_reader.cpp
// fills it through libonnx's generated classes), so that nothing past the reader sees protobuf.
// Weights keep their shapes only: a cost model never needs their values, and a model saved with
// external data loads without its data files.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace anesim {

// ONNX's TensorProto.DataType codes the importer reads (onnx/onnx-ml.proto).
enum class OnnxType : std::int32_t {
  undefined = 0, float32 = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7,
  string = 8, boolean = 9, float16 = 10, float64 = 11, uint32 = 12, uint64 = 13, bfloat16 = 16,
};

// One axis of a graph input: a fixed size, or a symbol (`dim_param`) a run binds.
struct OnnxDim {
  std::int64_t size = -1;  // -1 when symbolic or unknown
  std::string symbol;      // empty when fixed or unknown
};

// A tensor whose shape is known and whose values may be: an initializer (values only when small
// and stored inline: shape vectors, indices) or a Constant node's value.
struct OnnxTensor {
  OnnxType type = OnnxType::undefined;
  std::vector<std::int64_t> dims;
  bool has_values = false;
  std::vector<std::int64_t> ints;  // integer and bool types
  std::vector<double> floats;      // floating types
};

struct OnnxAttribute {
  std::int64_t i = 0;
  double f = 0;
  std::vector<std::int64_t> ints;
  std::string s;  // a string attribute (auto_pad, a Resize's mode)
  std::optional<OnnxTensor> tensor;
};

struct OnnxNode {
  std::string op_type;
  std::string name;  // the file's node name, or op_type#index when it has none
  std::vector<std::string> inputs;  // "" for an omitted optional input
  std::vector<std::string> outputs;
  std::map<std::string, OnnxAttribute> attributes;

  [[nodiscard]] const OnnxAttribute* attribute(const std::string& key) const {
    const auto it = attributes.find(key);
    return it == attributes.end() ? nullptr : &it->second;
  }
  [[nodiscard]] std::vector<std::int64_t> ints_or(const std::string& key, std::vector<std::int64_t> fallback) const {
    const OnnxAttribute* a = attribute(key);
    return a ? a->ints : fallback;
  }
  [[nodiscard]] std::string string_or(const std::string& key, const std::string& fallback) const {
    const OnnxAttribute* a = attribute(key);
    return a ? a->s : fallback;
  }
  [[nodiscard]] std::int64_t int_or(const std::string& key, std::int64_t fallback) const {
    const OnnxAttribute* a = attribute(key);
    return a ? a->i : fallback;
  }
};

struct OnnxInput {
  std::string name;
  OnnxType type = OnnxType::undefined;
  std::vector<OnnxDim> dims;
};

struct OnnxModel {
  std::string path;
  std::int64_t opset = 0;  // of the default ("" or "ai.onnx") domain
  std::vector<OnnxInput> inputs;  // graph inputs that are not initializers
  std::vector<std::string> outputs;
  // The shapes the file states for values other than the inputs (graph outputs and value_info,
  // where shape inference or the exporter wrote one): an operator anesim cannot cost takes its
  // output's from here (`--unsupported cpu`).
  std::map<std::string, OnnxInput> value_shapes;
  std::map<std::string, OnnxTensor> initializers;
  std::vector<OnnxNode> nodes;  // in file order
};

// Reads `path` (an ONNX ModelProto); throws anesim::Error naming the file when it is not one.
[[nodiscard]] OnnxModel read_onnx_model(const std::string& path);

}  // namespace anesim
