"""notebooks/quickstart.ipynb runs headless, top to bottom, and draws its figures.

Run by ctest (test `notebook`) with PYTHONPATH at <build>/python. The kernel is this very
interpreter (sys.executable, the Python the module was built for), through a kernelspec written
for the test: a kernelspec found on the machine may name another Python.
"""

import json
import os
import pathlib
import sys

import pytest

nbformat = pytest.importorskip("nbformat", reason="needs nbformat (Debian: python3-nbformat)")
nbclient = pytest.importorskip("nbclient", reason="needs nbclient (Debian: python3-nbclient)")
pytest.importorskip("ipykernel", reason="needs ipykernel (Debian: python3-ipykernel)")
from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402  (installed with nbclient)
from jupyter_client.manager import KernelManager  # noqa: E402

import anesim  # noqa: E402

NOTEBOOK = pathlib.Path(__file__).resolve().parents[2] / "notebooks" / "quickstart.ipynb"


def test_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) >= 10
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_quickstart_runs_and_draws_its_figures(tmp_path, monkeypatch):
    # Keep Jupyter's and IPython's files (connection files, profiles) out of $HOME.
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "matplotlib"))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # ipykernel's debugger chatter on stderr
    # The kernel runs in a temporary folder: give it the package under test by absolute path.
    package_parent = str(pathlib.Path(anesim.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
    kernels = tmp_path / "kernels"
    (kernels / "anesim-test").mkdir(parents=True)
    (kernels / "anesim-test" / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"anesim test ({sys.executable})",
        "language": "python",
    }))
    km = KernelManager(kernel_name="anesim-test", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
    assert km.kernel_spec.argv[0] == sys.executable

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, km=km, timeout=300, resources={"metadata": {"path": str(tmp_path)}}).execute()

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, errors[0].get("evalue") if errors else ""
    pngs = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pngs) >= 3  # Figure 2, the regime map and the per-token latency of a reply
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    # The kernel imported the module under test, not another install.
    assert str(pathlib.Path(anesim.__file__).resolve()) in text
    assert "40 points" in text
    assert "bandwidth-bound" in text
    htmls = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("distilbert on A15, ane layout" in h for h in htmls)  # a Result's HTML view
    assert any("decode tokens/s" in h for h in htmls)  # the generation section's table
