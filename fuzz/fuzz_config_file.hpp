#pragma once
// Fuzz targets hand the loaders a file, as a user would: the bytes go to a file in /dev/shm
// (memory-backed) and the loader reads it by path.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include <unistd.h>

namespace anesim::fuzz {

// `suffix` tells the loader the format (models/model_spec.cpp reads a .onnx file as ONNX).
inline std::string write_input(const std::uint8_t* data, std::size_t size, const char* stem, const char* suffix = ".yaml") {
  const std::string path = "/dev/shm/anesim_fuzz_" + std::string(stem) + "_" + std::to_string(::getpid()) + suffix;
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace anesim::fuzz
