#!/usr/bin/env python3
"""Writes graph-only ONNX files of torchvision's resnets (18 to 152), mobilenet_v2 and vit_b_16 (random
weights, nothing downloaded), as torch.onnx.export (opset 17) writes them for a 224 x 224 image,
batch 1. Weights are saved as external data and the data file is deleted: anesim never reads a
weight's values, so the files hold the graph and the weights' shapes only (a few hundred KB).

    /usr/bin/python3 scripts/torchvision_onnx.py [OUT_DIR]     # default: configs/onnx/

The committed files (configs/onnx/) let `anesim validate` run the imported models without torch.
python/tests/test_onnx_torchvision.py exports through export() at test time.

BatchNormalization is kept (training=PRESERVE): in its default eval mode the exporter folds each
BatchNorm into the Conv before it, as Core ML's converter would (anesim folds it on import, the
same way), and the folded file's parameter count loses the BatchNorm's scale. fold_batch_norm=True
writes that form."""

import io
import pathlib
import sys

import onnx
import torch
import torchvision

MODELS = ("resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "mobilenet_v2", "vit_b_16")


def export(name, out_dir, fold_batch_norm=False, suffix=""):
    """Exports torchvision.models.<name> to out_dir/<name><suffix>.onnx without its weights'
    values; returns the torch module and the path."""
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None).eval()
    buffer = io.BytesIO()
    mode = torch.onnx.TrainingMode.EVAL if fold_batch_norm else torch.onnx.TrainingMode.PRESERVE
    # Not under torch.no_grad(): there nn.MultiheadAttention takes a fused fast path the exporter
    # cannot write.
    torch.onnx.export(model, torch.zeros(1, 3, 224, 224), buffer, opset_version=17, training=mode,
                      input_names=["pixel_values"], output_names=["logits"])
    proto = onnx.load_from_string(buffer.getvalue())
    out_dir = pathlib.Path(out_dir)
    path = out_dir / f"{name}{suffix}.onnx"
    data = f"{name}{suffix}.weights"
    # Tensors of 1 KB or more go to the data file (every weight); small ones (shapes, indices,
    # scalars) stay in the graph, where the importer reads them.
    onnx.save_model(proto, str(path), save_as_external_data=True, all_tensors_to_one_file=True, location=data,
                    size_threshold=1024)
    (out_dir / data).unlink()
    return model, path


def main():
    out_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[1] / "configs" / "onnx")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in MODELS:
        _, path = export(name, out_dir)
        print(f"{path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
