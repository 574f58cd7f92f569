"""anesim.sweep(..., client=...): the same DataFrame, row for row, from Dask workers.

A distributed.LocalCluster of two worker processes (one thread each), started once for the module:
each worker process imports anesim from PYTHONPATH and calls into _anesim itself.
"""

import pathlib

import pandas as pd
import pytest

import anesim
from sweep_dicts import TWO_CHIPS

distributed = pytest.importorskip("distributed", reason="Dask's distributed is not installed "
                                  "(Debian: apt-get install python3-distributed python3-dask)")


@pytest.fixture(scope="module")
def client():
    # Processes, so the workers really are other interpreters loading the extension themselves.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as c:
        yield c


def test_dask_equals_local_row_for_row(client):
    local = anesim.sweep(TWO_CHIPS)
    # 80 points in chunks of 7: 12 tasks, the last short, several straddling the chip boundary.
    with distributed.get_task_stream(client) as tasks:
        on_dask = anesim.sweep(TWO_CHIPS, client=client, chunk_size=7)
    assert len(on_dask) == 80
    pd.testing.assert_frame_equal(on_dask, local)
    assert on_dask.attrs == local.attrs
    # Twelve tasks, and both worker processes ran some of them.
    runs = [t for t in tasks.data if t["key"].startswith("_run_chunk")]
    assert len(runs) == 12
    assert len({t["worker"] for t in runs}) == 2


def test_dask_default_chunks_from_a_shipped_name(client):
    local = anesim.sweep("figure2")
    pd.testing.assert_frame_equal(anesim.sweep("figure2", client=client), local)


def test_dask_from_a_yaml_path(client, tmp_path):
    # A path is shipped as the file's text: the workers need the same configs, not the sweep file.
    path = tmp_path / "generations-copy.yaml"
    path.write_text((pathlib.Path(anesim.config_dir()) / "sweeps" / "generations.yaml").read_text())
    local = anesim.sweep(path)
    on_dask = anesim.sweep(path, client=client, chunk_size=5)
    pd.testing.assert_frame_equal(on_dask, local)
    assert len(local) == 2 * 2 * len(anesim.chips())  # both layouts, both power states
    assert local["power_state"].tolist()[:4] == ["high", "high", "low", "low"]


def test_dask_reports_config_errors_before_submitting(client):
    with pytest.raises(anesim.ConfigError, match="seqs"):
        anesim.sweep(dict(TWO_CHIPS, seqs=[1]), client=client)
