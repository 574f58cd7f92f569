#!/usr/bin/env bash
# Installs anesim's build dependencies from Debian's packages (Debian 12 or newer).
set -euo pipefail
# Python: the module (pybind11, numpy, pandas) and its tests (pytest); anesim.plot (matplotlib); the
# notebook test (nbclient, ipykernel); anesim.sweep on Dask (distributed, dask). ONNX import:
# libonnx-dev and its protobuf (models/onnx/); its tests export PyTorch models (onnx, torch) and
# torchvision's resnets, mobilenet_v2 and vit_b_16 (torchvision; scripts/torchvision_onnx.py).
packages=(build-essential cmake python3 libbenchmark-dev libboost-graph-dev libfmt-dev libyaml-cpp-dev libcli11-dev doctest-dev chromium
  pybind11-dev python3-numpy python3-pandas python3-pytest
  python3-matplotlib python3-nbclient python3-ipykernel python3-distributed python3-dask
  libonnx-dev libprotobuf-dev python3-onnx python3-torch python3-torchvision)
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${packages[@]}"
