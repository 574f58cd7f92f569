#pragma once
// The ONNX reader as a module of its own, loaded on first use (issue 22). Only onnx_reader.cpp
// sees protobuf, and linking libonnx_proto and libprotobuf into every program cost each start of
// the CLI 5.0 M of its 8.5 M start-up instructions (symbol look-ups, and protobuf parsing
// onnx.proto's descriptors in a static initialiser) for the rare run that imports a graph. So it is
// built as libanesim_onnx_reader.so (models/CMakeLists.txt) with this one C entry point, and
// onnx_reader_loader.cpp loads it when a graph is read. A build with ANESIM_ONNX_READER_MODULE=OFF
// (the fuzzers') links the reader in directly instead.
#include <string>

#include "models/onnx/onnx_reader.hpp"

namespace anesim {

// An anesim::Error taken across the module's boundary as data, thrown again on the caller's side.
struct OnnxReadFailure {
  bool config_error = false;  // an anesim::Error; else another exception, `message` its what()
  std::string message;
  std::string hint;
  std::string file;
  int line = 0;
  int column = 0;
};

// Fills `model` and returns true, or fills `failure` and returns false; never throws.
using ReadOnnxModelEntry = bool (*)(const char* path, OnnxModel* model, OnnxReadFailure* failure);
inline constexpr const char* k_onnx_reader_entry = "anesim_read_onnx_model";
// The module's file name, looked up beside the program or library that loads it first, then in
// the build tree it was built in (ANESIM_ONNX_READER_PATH).
inline constexpr const char* k_onnx_reader_file = "libanesim_onnx_reader.so";

}  // namespace anesim
