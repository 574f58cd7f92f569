// read_onnx_model for builds where the reader is a module (onnx_reader_module.hpp): loads
// libanesim_onnx_reader.so once, on the first graph read, and calls its entry point.
#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "models/onnx/onnx_reader_module.hpp"

#ifndef ANESIM_ONNX_READER_PATH
#error "ANESIM_ONNX_READER_PATH names the built module (models/CMakeLists.txt)"
#endif

namespace anesim {

namespace {

// Beside the file this code was linked into (the Python extension, installed with the module
// beside it; the anesim program), then where the build put it. A name without a folder (a program
// started through PATH reports its bare argv[0]) is never tried: dlopen would search the system's
// library folders for it.
std::vector<std::string> module_candidates() {
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  const auto beside = [&paths](const fs::path& file) {
    if (file.has_parent_path()) paths.push_back((file.parent_path() / k_onnx_reader_file).string());
  };
  Dl_info self{};
  if (dladdr(reinterpret_cast<void*>(&module_candidates), &self) != 0 && self.dli_fname != nullptr) beside(self.dli_fname);
  std::error_code ec;
  const fs::path program = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) beside(program);
  paths.emplace_back(ANESIM_ONNX_READER_PATH);
  return paths;
}

ReadOnnxModelEntry load_entry() {
  std::string tried;
  for (const std::string& path : module_candidates()) {
    // Never closed: the graphs it read hold nothing of it, but unloading buys nothing either.
    if (void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
      if (void* entry = dlsym(handle, k_onnx_reader_entry)) return reinterpret_cast<ReadOnnxModelEntry>(entry);
    }
    const char* why = dlerror();  // names the path
    tried += "\n  " + (why != nullptr ? std::string(why) : path + ": not found");
  }
  throw Error("cannot load anesim's ONNX reader, " + std::string(k_onnx_reader_file) + ":" + tried,
              "rebuild anesim (cmake --build), or install the module beside the anesim program or Python extension");
}

}  // namespace

OnnxModel read_onnx_model(const std::string& path) {
  static std::once_flag loaded;
  static ReadOnnxModelEntry entry = nullptr;
  std::call_once(loaded, [] { entry = load_entry(); });  // a failed load throws and is tried again next time
  OnnxModel model;
  OnnxReadFailure failure;
  if (entry(path.c_str(), &model, &failure)) return model;
  if (!failure.config_error) throw std::runtime_error(failure.message);
  throw Error(failure.message, failure.hint, {failure.file, failure.line, failure.column});
}

}  // namespace anesim
