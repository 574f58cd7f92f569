"""anesim.sweep: one DataFrame row per point, equal to `anesim sweep`'s results.csv and results.json.

Real values from the shipped figure2 sweep (distilbert on A15, 5 seq x 4 batch x 2 layouts).
"""

import csv
import json
import os
import pathlib
import signal
import subprocess
import threading
import time

import numpy as np
import pandas as pd
import pytest

import anesim
from anesim import _anesim
from sweep_dicts import FIGURE2



@pytest.fixture(scope="module")
def figure2():
    return anesim.sweep("figure2")


@pytest.fixture(scope="module")
def cli_figure2(tmp_path_factory):
    """`anesim sweep figure2` run by the built CLI: (results.csv rows, results.json runs)."""
    cli = os.environ.get("ANESIM_CLI") or str(pathlib.Path(anesim.__file__).resolve().parents[2] / "cli" / "anesim")
    if not os.access(cli, os.X_OK):
        pytest.skip(f"no anesim CLI at {cli} (set ANESIM_CLI)")
    out = tmp_path_factory.mktemp("sweep-figure2")
    subprocess.run([cli, "sweep", "figure2", "-o", str(out), "--jobs", "2"], check=True, capture_output=True)
    with open(out / "results.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(out / "results.json") as f:
        runs = json.load(f)["runs"]
    return rows, runs


def without_attrs(df):
    df = df.copy()
    df.attrs = {}
    return df


def test_sweep_equals_the_cli_csv_to_the_last_digit(figure2, cli_figure2):
    rows, _ = cli_figure2
    assert len(rows) == len(figure2) == 40
    for i, row in enumerate(rows):
        got = figure2.iloc[i]
        for column, text in row.items():
            value = got[column]
            if isinstance(value, str):
                assert value == text, (i, column)
            elif isinstance(value, (int, np.integer)):
                assert value == int(text), (i, column)
            else:
                # The CLI writes the shortest text that round-trips; float() recovers the exact double.
                assert value == float(text), (i, column, value, text)


def test_sweep_equals_the_cli_json_on_every_label_and_total(figure2, cli_figure2):
    _, runs = cli_figure2
    assert len(runs) == len(figure2)
    for i, run in enumerate(runs):
        got = figure2.iloc[i]
        for key in ("model", "chip", "layout", "batch", "seq", "phase", "kv_len", "weights", "sparsity", "power_state"):
            assert got[key] == run[key], (i, key)
        for key, want in run["totals"].items():  # energy included
            assert got[key] == want, (i, key, got[key], want)


def test_columns_dtypes_and_order(figure2):
    df = figure2
    assert list(df.columns) == anesim.SWEEP_COLUMNS
    assert list(df.index) == list(range(40))
    for col in ("chip", "model", "layout", "weights", "phase", "power_state", "regime"):
        assert df[col].dtype == object, col
    for col in ("kv_len", "seq", "batch", "peak_memory_bytes", "weight_bytes", "dram_read_bytes", "parameter_count",
                "op_count", "ane_ops", "cpu_ops", "transposes", "handovers", "handover_bytes"):
        assert df[col].dtype == np.int64, col
    for col in ("sparsity", "latency_s", "flops", "handover_s", "compute_share", "energy_j", "avg_power_w"):
        assert df[col].dtype == np.float64, col
    # C++ order: layout (as listed: baseline, ane) outside seq outside batch.
    assert df["layout"].tolist() == ["baseline"] * 20 + ["ane"] * 20
    assert df["seq"].tolist()[:8] == [32, 32, 32, 32, 64, 64, 64, 64]
    assert df["batch"].tolist()[:5] == [1, 2, 4, 8, 1]
    assert set(df["chip"]) == {"A15"} and set(df["phase"]) == {"prefill"} and set(df["kv_len"]) == {0}
    assert df.attrs["name"] == "figure2"
    assert df.attrs["source"].endswith("figure2.yaml")
    # The same point through anesim.run: the sweep's graph-once-per-chip path changes nothing.
    r = anesim.run("distilbert", "A15", layout="ane", seq=128, batch=1)
    row = df[(df.layout == "ane") & (df.seq == 128) & (df.batch == 1)].iloc[0]
    assert row["latency_s"] == r.latency_s and row["peak_memory_bytes"] == r.peak_memory_bytes
    assert row["regime"] == "bandwidth-bound"  # README: the seed's case study is bandwidth-bound


def test_thread_count_changes_nothing(figure2):
    pd.testing.assert_frame_equal(anesim.sweep("figure2", jobs=1), figure2)


def test_dict_equals_the_yaml_file(figure2):
    from_dict = anesim.sweep(FIGURE2, jobs=2)
    pd.testing.assert_frame_equal(without_attrs(from_dict), without_attrs(figure2))
    assert from_dict.attrs["source"] == "<dict>"
    # Tuples, ranges and numpy values are accepted where the YAML has lists and numbers.
    numpy_dict = dict(FIGURE2, seq=np.array([32, 64, 128, 256, 512]), batch=(1, 2, 4, 8))
    pd.testing.assert_frame_equal(without_attrs(anesim.sweep(numpy_dict)), without_attrs(figure2))


def test_dict_errors_name_the_key():
    with pytest.raises(anesim.ConfigError) as info:
        anesim.sweep(dict(FIGURE2, seqs=[32]))
    err = info.value
    assert isinstance(err, ValueError)
    assert "seqs" in err.message and "did you mean 'seq'" in err.hint
    assert err.file == "<dict>" and err.line is None
    assert str(err).startswith("<dict>: ")
    with pytest.raises(anesim.ConfigError, match="layouts") as info:
        anesim.sweep(dict(FIGURE2, layouts=["baseline", "sideways"]))
    assert "sideways" in info.value.message
    with pytest.raises(anesim.ConfigError, match="batch"):
        anesim.sweep(dict(FIGURE2, batch=[0]))
    with pytest.raises(anesim.ConfigError, match="seq: cannot take a object value"):
        anesim.sweep(dict(FIGURE2, seq=[object()]))
    missing = dict(FIGURE2)
    del missing["chips"]
    with pytest.raises(anesim.ConfigError, match="chips"):
        anesim.sweep(missing)
    with pytest.raises(anesim.ConfigError, match="jobs"):
        anesim.sweep("figure2", jobs=0)
    with pytest.raises(TypeError):
        anesim.sweep(42)


def test_yaml_errors_carry_file_and_line(tmp_path):
    src = pathlib.Path(anesim.config_dir()) / "sweeps" / "figure2.yaml"
    lines = src.read_text().splitlines()
    target = next(i for i, l in enumerate(lines) if l.startswith("batch:"))
    lines[target] = "batch: [1, 2, fourteen]"
    bad = tmp_path / "bad-sweep.yaml"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(anesim.ConfigError) as info:
        anesim.sweep(bad)
    err = info.value
    assert err.file == str(bad) and err.line == target + 1
    assert "fourteen" in err.message
    with pytest.raises(anesim.ConfigError, match="unknown sweep 'figure3'"):
        anesim.sweep("figure3")


def test_ranges_concatenate_to_the_whole_across_chips():
    # Two chips: point i of chip c is c * 8 + i, and a range may cross from one chip to the next.
    spec = _anesim.load_sweep_dict(dict(FIGURE2, chips=["A15", "M4"], seq=[32, 128]), anesim.config_dir(), "<dict>")
    assert spec.size == 2 * 2 * 2 * 4
    whole = pd.DataFrame(_anesim.run_sweep(spec, 0, spec.size, 2))
    parts = [pd.DataFrame(_anesim.run_sweep(spec, a, b, 1)) for a, b in [(0, 5), (5, 5), (5, 11), (11, 32)]]
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)
    assert whole["chip"].tolist() == ["A15"] * 16 + ["M4"] * 16
    with pytest.raises(anesim.ConfigError, match=r"sweep range \[30, 33\)"):
        _anesim.run_sweep(spec, 30, 33)


def test_sweep_points_is_the_plan(figure2):
    plan = anesim.sweep_points("figure2")
    assert list(plan.columns) == ["chip", "power_state", "model", "layout", "weights", "phase", "kv_len", "seq", "batch"]
    pd.testing.assert_frame_equal(plan, figure2[list(plan.columns)])
    decode = anesim.sweep_points({"name": "d", "description": "d", "chips": ["M4"], "models": ["gpt2"],
                                  "layouts": ["ane"], "seq": [64, 128], "batch": [1], "phase": ["prefill", "decode"],
                                  "kv_len": [256, 512]})
    # prefill: one kv_len (0) per seq; decode: one seq (1) per kv_len.
    assert decode[["phase", "kv_len", "seq"]].values.tolist() == [
        ["prefill", 0, 64], ["prefill", 0, 128], ["decode", 256, 1], ["decode", 512, 1]]


def test_ctrl_c_stops_a_long_sweep():
    # 16,160 points on one chip. Every graph has bert-large's ops whatever its seq and batch, and
    # the baseline's are the fewest, so the first points (baseline, seq 8 and 9) are the cheapest:
    # their time per point bounds the whole sweep's from below.
    long = {"name": "long", "description": "long", "chips": ["A15"], "models": ["bert-large-uncased"],
            "layouts": ["baseline", "ane"], "seq": list(range(8, 513)), "batch": list(range(1, 17))}
    spec = _anesim.load_sweep_dict(long, anesim.config_dir(), "<dict>")
    assert spec.size == 2 * 505 * 16
    first_s = []
    for _ in range(2):
        start = time.perf_counter()
        _anesim.run_sweep(spec, 0, 32, 1)
        first_s.append(time.perf_counter() - start)
    full_at_least_s = min(first_s) / 32 * spec.size  # about a minute on one thread

    # SIGINT 0.3 s in must raise KeyboardInterrupt once the graph in flight finishes.
    timer = threading.Timer(0.3, os.kill, args=(os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            anesim.sweep(long, jobs=1)
    finally:
        timer.cancel()
    elapsed_s = time.perf_counter() - start
    assert elapsed_s < 2.0, elapsed_s  # 0.3 s, one graph, a 0.1 s poll, and room for a busy machine
    assert full_at_least_s > 10 * elapsed_s, (full_at_least_s, elapsed_s)
    # The module is still usable afterwards.
    assert len(anesim.sweep("figure2", jobs=1)) == 40


def test_sweep_releases_the_gil():
    # A Python thread keeps counting while a sweep runs: had the sweep held the GIL, the counter
    # would stand still for the whole C++ call.
    counter = [0]
    done = threading.Event()

    def count():
        while not done.is_set():
            counter[0] += 1

    t = threading.Thread(target=count)
    t.start()
    try:
        time.sleep(0.2)
        n0, t0 = counter[0], time.perf_counter()
        time.sleep(0.2)
        rate = (counter[0] - n0) / (time.perf_counter() - t0)  # counts per second, sharing the GIL with nobody
        n0, t0 = counter[0], time.perf_counter()
        sweeps = 0
        while time.perf_counter() - t0 < 0.3:  # however fast the core gets, 0.3 s of mostly C++
            anesim.sweep("figure2", jobs=1)
            sweeps += 1
        n1, t1 = counter[0], time.perf_counter()
    finally:
        done.set()
        t.join()
    assert sweeps >= 1
    assert n1 - n0 > 0.3 * rate * (t1 - t0), (n1 - n0, rate, t1 - t0)


def test_docstrings():
    for f in (anesim.sweep, anesim.sweep_points):
        assert f.__doc__ and len(f.__doc__) > 200, f.__name__
    for word in ("figure2", "client", "SWEEP_COLUMNS", "ConfigError", "Ctrl-C", "jobs", "<dict>"):
        assert word in anesim.sweep.__doc__, word


def test_a_kv_len_axis_without_decode_points_is_refused_and_decode_defaults_fit_gpt2():
    with pytest.raises(anesim.ConfigError, match="key 'kv_len': only decode points have a KV cache"):
        anesim.sweep(dict(FIGURE2, kv_len=[256]))
    decode = dict(FIGURE2, models=["gpt2"], layouts=["ane"], phase=["decode"], batch=[1])
    assert set(anesim.sweep_points(decode)["kv_len"]) == {1023}
