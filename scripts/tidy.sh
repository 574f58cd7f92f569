#!/usr/bin/env bash
# clang-tidy's bugprone and performance checks over the library, the CLI and the report writers.
# Needs clang-tidy (Debian: clang-tidy). The tree is configured for clang's tools: the GCC build's
# small-copy flags (ANESIM_SMALL_COPY_LOOPS) are unknown to clang. Left out: easily-swappable-
# parameters, which flags every pair of same-typed parameters (a first and last step, a source
# and destination buffer) however they are named.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-tidy -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DANESIM_SMALL_COPY_LOOPS=OFF \
  -DANESIM_BUILD_PYTHON=OFF > /dev/null
checks='-*,bugprone-*,performance-*,-bugprone-easily-swappable-parameters'
run-clang-tidy -p build-tidy -j "$(nproc)" -quiet -checks="$checks" "$PWD/(sim|models|reports|sweep|validation|cli)/"
