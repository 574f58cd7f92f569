// The entry point of libanesim_onnx_reader.so (onnx_reader_module.hpp): read_onnx_model, with
// its exceptions returned as data.
#include <exception>

#include "core/error.hpp"
#include "models/onnx/onnx_reader_module.hpp"

extern "C" __attribute__((visibility("default"))) bool anesim_read_onnx_model(const char* path, anesim::OnnxModel* model,
                                                                               anesim::OnnxReadFailure* failure) {
  try {
    *model = anesim::read_onnx_model(path);
    return true;
  } catch (const anesim::Error& e) {
    *failure = {true, e.message(), e.hint(), e.where().file, e.where().line, e.where().column};
  } catch (const std::exception& e) {
    *failure = {false, e.what(), "", "", 0, 0};
  }
  return false;
}
