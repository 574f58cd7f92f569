"""pytest suite for the `anesim` Python package, with real values from the shipped configs.

Run by ctest (test `python`, which sets PYTHONPATH to <build>/python and ANESIM_CLI to the built
`anesim` command), or by hand:
    PYTHONPATH=build/python /usr/bin/python3 -m pytest -q python/tests
"""

import json
import pathlib
import subprocess
import threading

import numpy as np
import pandas as pd
import pytest

import anesim


def cli_json(cli, *args):
    out = subprocess.run([cli, "run", *args, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def assert_same_totals(py, js):
    """Every total the CLI writes, equal to the last digit (Python may carry newer fields too)."""
    assert set(js) <= set(py), set(js) - set(py)
    assert {k: py[k] for k in js} == js


def test_python_and_cli_agree_to_the_last_digit(cli):
    # distilbert on A15, ANE layout, seq 128, batch 1: the seed's case study.
    doc = cli_json(cli, "--model", "distilbert", "--chip", "A15", "--layout", "ane", "--seq", "128", "--batch", "1")
    want = doc["runs"][0]
    r = anesim.run(model="distilbert", chip="A15", layout="ane", seq=128, batch=1)
    assert r.latency_s == want["totals"]["latency_s"]  # exact: fmt's shortest round-trip text
    assert r.peak_memory_bytes == want["totals"]["peak_memory_bytes"]
    assert_same_totals(r.totals, want["totals"])  # every total, regime included
    for key in ("model", "chip", "layout", "batch", "seq", "phase", "kv_len", "weights", "sparsity"):
        assert getattr(r, key) == want[key], key
    ops = r.ops
    assert len(ops) == len(want["ops"])
    assert ops["end_s"].tolist() == [op["end_s"] for op in want["ops"]]
    assert ops["name"].tolist() == [op["name"] for op in want["ops"]]
    assert ops["l2_hit"].tolist() == [op["l2_hit"] for op in want["ops"]]


def test_python_and_cli_agree_on_a_quantized_decode(cli):
    # A decoder in the other phase, with a weights override: every request field reaches the core.
    doc = cli_json(cli, "--model", "gpt2", "--chip", "M4", "--layout", "ane", "--batch", "2", "--phase", "decode",
                   "--kv-len", "256", "--weights", "int8", "--sparsity", "0.25")
    want = doc["runs"][0]
    r = anesim.run("gpt2", "M4", layout="ane", batch=2, phase="decode", kv_len=256, weights="int8", sparsity=0.25)
    assert_same_totals(r.totals, want["totals"])
    assert (r.phase, r.kv_len, r.weights, r.sparsity) == ("decode", 256, "int8", 0.25)


def test_compare_matches_cli_both(cli):
    doc = cli_json(cli, "--model", "distilbert", "--chip", "A15", "--layout", "both", "--seq", "64", "--batch", "2")
    c = anesim.compare("distilbert", "A15", seq=64, batch=2)
    assert_same_totals(c["baseline"].totals, doc["runs"][0]["totals"])
    assert_same_totals(c["ane"].totals, doc["runs"][1]["totals"])
    assert c["baseline_over_ane"] == doc["baseline_over_ane"]
    table = c["table"]
    assert list(table.index) == ["baseline", "ane"]
    assert table.loc["ane", "latency_s"] == c["ane"].latency_s
    # The baseline (B,S,C) layout is the slower one (README: 1.8x at seq 128).
    assert c["baseline_over_ane"]["latency"] > 1


def test_chips_dataframe_columns_and_dtypes():
    df = anesim.chips()
    assert list(df.columns) == anesim.CHIP_COLUMNS
    shipped = list((pathlib.Path(anesim.config_dir()) / "chips").glob("*.yaml"))
    assert len(df) == len(shipped) >= 25
    ints = ["year", "ane_instances", "cores", "conv_reduction_lanes", "l2_bytes", "last_axis_alignment_bytes", "slc_bytes",
            "page_bytes"]
    floats = ["peak_fp16_flops_per_s", "mac_efficiency", "mac_flops_per_s", "vector_flops_per_s", "l2_bandwidth_Bps",
              "op_overhead_s", "program_dispatch_s", "handover_sync_s", "stream_ceiling_Bps", "dram_bandwidth_Bps",
              "dram_efficiency", "ane_dram_bandwidth_Bps", "cpu_flops_per_s", "cpu_bandwidth_Bps", "cpu_op_overhead_s"]
    for col in ints:
        assert df[col].dtype == np.int64, col
    for col in floats:
        assert df[col].dtype == np.float64, col
    for col in ["name", "family", "generation", "variant", "base", "devices", "ane_dtypes", "source_file"]:
        assert df[col].dtype == object, col
    a15 = df.set_index("name").loc["A15"]
    assert a15["family"] == "A" and a15["cores"] == 16
    # README: min(34.1 GB/s x 0.89, 60.9 GB/s) = 30.3 GB/s.
    assert a15["ane_dram_bandwidth_Bps"] == pytest.approx(min(34.1e9 * 0.89, 60.9e9), rel=1e-3)
    assert set(df["family"]) == {"A", "M"}
    # Variants: M3 Max inherits M3's ANE and writes its own port ceiling; an Ultra has two ANEs.
    m3max, m3 = df.set_index("name").loc["M3 Max"], df.set_index("name").loc["M3"]
    assert (m3max["base"], m3max["generation"], m3max["variant"]) == ("M3", "M3", "Max")
    assert m3max["peak_fp16_flops_per_s"] == m3["peak_fp16_flops_per_s"]
    assert m3max["stream_ceiling_Bps"] == 120.22e9
    assert df.set_index("name").loc["M1 Ultra"]["ane_instances"] == 2


def test_models_dataframe_columns_and_dtypes():
    df = anesim.models()
    assert list(df.columns) == anesim.MODEL_COLUMNS
    for col in ["parameters", "published_parameters", "layers", "hidden_size", "heads", "kv_heads", "head_dim",
                "ffn_size", "vocab_size", "max_positions"]:
        assert df[col].dtype == np.int64, col
    assert df["is_decoder"].dtype == bool
    assert df["sparsity"].dtype == np.float64
    for col in ["name", "hf_id", "attention", "norm", "ffn", "weights"]:
        assert df[col].dtype == object, col
    d = df.set_index("name")
    assert d.loc["distilbert", "layers"] == 6 and d.loc["distilbert", "hidden_size"] == 768
    assert d.loc["llama-3.2-1b", "attention"] == "causal" and d.loc["llama-3.2-1b", "norm"] == "rms_norm"
    # The closed form reproduces every published count (a C++ test holds the builder to it).
    published = df[df["published_parameters"] > 0]
    assert len(published) > 0
    assert (published["parameters"] == published["published_parameters"]).all()


def test_chip_object_fields_read_and_write():
    c = anesim.chip("A15")
    assert isinstance(c, anesim.Chip) and c.name == "A15"
    assert "fp16" in c.ane_dtypes
    c.dram_bandwidth_Bps = 68.2e9
    c.name = "fast"
    assert c.dram_bandwidth_Bps == 68.2e9
    assert anesim.chip("A15").dram_bandwidth_Bps != 68.2e9  # a fresh load is untouched
    copy = anesim.chip(c)
    copy.cores = 8
    assert c.cores == 16  # chip(Chip) copies


def test_model_object_enums_as_strings():
    m = anesim.model("distilbert")
    assert m.norm == "layer_norm" and m.attention == "bidirectional" and m.weights == "fp16"
    assert m.parameters == m.published_parameters
    m.layers = 3
    assert m.parameters < anesim.model("distilbert").parameters
    with pytest.raises(anesim.ConfigError, match="rms_norm"):
        m.norm = "batch_norm"  # the error lists the valid spellings


def test_custom_chip_from_dict_changes_the_result_in_the_right_direction():
    # distilbert, ANE layout, seq 128, batch 1 is bandwidth-bound on A15 (README): doubling DRAM
    # bandwidth to 68.2 GB/s lifts the ANE's stream from 30.3 to min(60.7, 60.9) GB/s, so the 2.84 ms
    # of weight streaming would take 1.42 ms; the convolutions' MAC work (11.2 GFLOP at 5.5 TFLOP/s,
    # 2.0 ms) then bounds many of them, so at least 0.6 ms of the ~3.9 ms goes: below 0.85x.
    base = anesim.run(chip="A15")
    assert base.regime == "bandwidth-bound"
    fast = anesim.run(chip={"name": "what-if", "dram_bandwidth_Bps": 68.2e9})
    assert fast.chip == "what-if"
    assert fast.latency_s < 0.85 * base.latency_s
    assert fast.peak_memory_bytes == base.peak_memory_bytes  # bandwidth moves time, not memory
    # The same what-if as an edited Chip object gives the same numbers.
    c = anesim.chip("A15")
    c.name = "what-if"
    c.dram_bandwidth_Bps *= 2
    assert anesim.run(chip=c).totals == fast.totals
    # A dict may name another base chip.
    assert anesim.run(chip={"base": "M4"}).chip == "M4"
    # The chip file's own nesting names the same field.
    nested = anesim.run(chip={"name": "what-if", "memory": {"dram_bandwidth_Bps": 68.2e9}})
    assert nested.totals == fast.totals


def test_chip_dict_in_the_chip_files_nesting_reaches_every_numeric_field():
    # Every (section, key) of the chip file sets the attribute check_chip and the loader know it by.
    a15 = anesim.chip("A15")
    for name, section, key, doc in anesim._anesim.chip_fields():
        assert doc, name
        value = getattr(a15, name)
        changed = anesim.chip({section: {key: value * 2 if name != "mac_efficiency" else value / 2}})
        assert getattr(changed, name) != value, name
    with pytest.raises(anesim.ConfigError, match="unknown chip key 'memory.dram_bandwith_Bps'") as info:
        anesim.chip({"memory": {"dram_bandwith_Bps": 1e9}})
    assert "dram_bandwidth_Bps" in info.value.hint


def test_bad_dict_key_raises_config_error_naming_the_key():
    with pytest.raises(anesim.ConfigError) as info:
        anesim.run(chip={"name": "typo", "dram_bandwith_Bps": 68.2e9})
    err = info.value
    assert isinstance(err, ValueError)
    assert "dram_bandwith_Bps" in str(err)
    assert "dram_bandwidth_Bps" in err.hint  # nearest valid key
    with pytest.raises(anesim.ConfigError, match="no_such_field"):
        anesim.model({"no_such_field": 1})


def test_bad_yaml_raises_config_error_with_file_and_line(tmp_path):
    src = pathlib.Path(anesim.config_dir()) / "chips" / "A15.yaml"
    lines = src.read_text().splitlines()
    target = next(i for i, l in enumerate(lines) if l.strip().startswith("dram_bandwidth_Bps:"))
    lines[target] = lines[target].replace("dram_bandwidth_Bps", "dram_bandwith_Bps")
    bad = tmp_path / "bad-chip.yaml"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(anesim.ConfigError) as info:
        anesim.run(chip=str(bad))
    err = info.value
    assert err.file == str(bad)
    assert err.line == target + 1  # 1-based, the typo's own line
    assert "dram_bandwith_Bps" in err.message
    assert f"{bad}:{target + 1}" in str(err)


def test_unknown_names_and_bad_sizes_raise_config_error():
    with pytest.raises(anesim.ConfigError) as info:
        anesim.chip("A99")
    assert info.value.line is None
    with pytest.raises(anesim.ConfigError):
        anesim.model("no-such-model")
    with pytest.raises(anesim.ConfigError, match="batch"):
        anesim.run(batch=0)
    with pytest.raises(anesim.ConfigError, match="layout"):
        anesim.run(layout="sideways")
    with pytest.raises(anesim.ConfigError, match="weights"):
        anesim.run(weights="fp8")
    with pytest.raises(anesim.ConfigError, match="sparsity"):
        anesim.run(sparsity=1.5)


def test_ops_dataframe_has_the_documented_columns():
    r = anesim.run(layout="baseline", seq=32)
    ops = r.ops
    assert list(ops.columns)[:len(anesim.OPS_COLUMNS)] == anesim.OPS_COLUMNS
    assert len(ops) > 0
    for col in ["start_s", "end_s", "latency_s", "border_s", "mac_flops", "vector_flops"]:
        assert ops[col].dtype == np.float64, col
    for col in ["weight_bytes", "dram_read_bytes", "dram_write_bytes", "l2_bytes", "logical_bytes", "padded_bytes",
                "cores_used"]:
        assert ops[col].dtype == np.int64, col
    for col in ["l2_hit", "free", "copies"]:
        assert ops[col].dtype == bool, col
    assert set(ops["engine"]) <= {"ANE", "CPU"}
    assert set(ops["regime"]) <= {"compute-bound", "bandwidth-bound", "overhead-bound"}
    assert (ops["latency_s"] == ops["end_s"] - ops["start_s"]).all()
    # Totals are sums of the records.
    assert ops["dram_read_bytes"].sum() == r.dram_read_bytes
    # The CPU's repack steps (rule 7: ".to_fp32" / ".to_fp16") are records of their own, not graph ops.
    repacks = ops["name"].str.endswith((".to_fp32", ".to_fp16"))
    assert ((ops["engine"] == "CPU") & ~repacks).sum() == r.cpu_ops
    assert ops["transposes"].sum() == r.transposes
    # The engines' timeline ends where the run does, less the model I/O copied across the app boundary.
    assert ops["end_s"].max() == pytest.approx(r.latency_s - r.app_io_s, rel=1e-12)
    # 32 int32 ids (8 bytes each across), 32 mask values (fp16 from the app's fp32, 6) and two logits
    # (6): 460 bytes at the A15's 7 GB/s.
    assert r.app_io_bytes == 460
    assert r.app_io_s == pytest.approx(460 / 7e9, rel=1e-12)


def test_result_to_dict_and_html():
    r = anesim.run(seq=32)
    d = r.to_dict()
    assert d["model"] == "distilbert" and d["totals"] == r.totals and len(d["ops"]) == len(r.ops)
    assert "ops" not in r.to_dict(ops=False)
    page = r._repr_html_()
    assert page.startswith("<table") and "bandwidth-bound" in page and "ms" in page
    assert "distilbert on A15" in repr(r)
    with pytest.raises(AttributeError):
        r.no_such_total


def test_docstrings_make_help_useful():
    for f in (anesim.run, anesim.compare, anesim.chips, anesim.models, anesim.chip, anesim.model):
        assert f.__doc__ and len(f.__doc__) > 80, f.__name__
    assert "kv_len" in anesim.run.__doc__ and "dram_bandwidth_Bps" in anesim.run.__doc__
    assert anesim.Result.__doc__ and anesim.ConfigError.__doc__


def test_runs_in_threads_give_the_same_numbers():
    # The GIL is released while C++ simulates; concurrent runs must not interfere.
    want = anesim.run(seq=64).totals
    got = [None] * 4

    def work(i):
        got[i] = anesim.run(seq=64).totals

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [want] * 4


def test_a_chip_changed_in_python_is_checked_before_it_runs():
    # A what-if chip with a negative bandwidth or no cores must not give a NaN or negative latency.
    c = anesim.chip("A15")
    c.dram_bandwidth_Bps = -1
    with pytest.raises(anesim.ConfigError, match="dram_bandwidth_Bps is -1, expected > 0"):
        anesim.run(chip=c)
    with pytest.raises(anesim.ConfigError, match="cores is 0"):
        anesim.run(chip={"cores": 0})


def test_validate_returns_the_clis_rows_and_runs_predictions():
    df = anesim.validate()
    assert list(df.columns[:4]) == ["point", "model", "chip", "layout"]
    assert len(df) >= 10
    seed = df[df.point == "seed-distilbert-A15-ane"].iloc[0]
    assert (seed.metric, seed.unit, seed.measured) == ("latency", "s", 3.47e-3)
    assert seed.role == "calibration"
    # The prediction is run()'s latency for the same inputs, to the last digit.
    assert seed.predicted == anesim.run("distilbert", "A15", layout="ane", seq=128, batch=1).latency_s
    np.testing.assert_allclose(df.error, df.predicted / df.measured - 1, rtol=1e-12)
    assert set(df.role) == {"calibration", "held_out"}
    # Figure 2's lines are the mean of the two power states' runs; its memory points are bytes.
    fig2 = anesim.validate("figure2").set_index("point")
    line = fig2.loc["fig2-latency-ane-b8-s32"]
    assert line.power_state == "mean"
    runs = [anesim.run("distilbert", "A15", layout="ane", seq=32, batch=8, power_state=s).latency_s for s in ("high", "low")]
    assert line.predicted == pytest.approx(sum(runs) / 2, rel=1e-12)
    memory = fig2.loc["fig2-memory-baseline-b8-s512"]
    assert (memory.metric, memory.unit) == ("peak_memory", "bytes")
    assert memory.predicted == anesim.run("distilbert", "A15", layout="baseline", seq=512, batch=8).peak_memory_bytes
    with pytest.raises(anesim.ConfigError, match="unknown validation 'nosuch'"):
        anesim.validate("nosuch")


def test_result_says_whether_it_fits_the_device():
    # Rule 13: a run is labelled, not refused; the reason names the limit, the chip and the device.
    small = anesim.run("distilbert", "A15")
    assert small.fits is True and small.fit_reason == ""
    tight = anesim.run("distilbert", {"name": "tight", "dram_bytes": 100_000_000})
    assert tight.fits is False
    assert tight.fit_reason.startswith("peak ") and "DRAM (tight, iPhone 13)" in tight.fit_reason
    assert tight.latency_s > 0
    d = tight.to_dict(ops=False)
    assert d["fits"] is False and d["fit_reason"] == tight.fit_reason
    assert anesim.chip("A11").dram_device == "iPhone 8"
