"""anesim.advise(): `anesim advise --json`'s findings and what-if waterfall as DataFrames."""

import json
import subprocess

import pytest

import anesim


def test_advise_matches_the_cli_json_to_the_last_digit(cli):
    findings, steps = anesim.advise("distilbert", "A15", seq=512, batch=8)
    out = json.loads(subprocess.run([cli, "advise", "--model", "distilbert", "--chip", "A15", "--seq", "512", "--batch", "8",
                                     "--json"], check=True, capture_output=True, text=True).stdout)
    assert list(findings.id) == [f["id"] for f in out["findings"]]
    assert list(findings.latency_saved_s) == [f["saving"]["latency_s"] for f in out["findings"]]
    assert list(steps.layout) == [s["layout"] for s in out["waterfall"]["steps"]]
    assert list(steps.latency_s) == [s["latency_s"] for s in out["waterfall"]["steps"]]
    assert list(steps.dram_bytes) == [s["dram_bytes"] for s in out["waterfall"]["steps"]]


def test_the_waterfall_ends_at_the_ane_layout_and_its_steps_add_up():
    a = anesim.advise("distilbert", "A15", seq=128)
    steps = a.steps
    assert a.ane_step == 4
    assert list(steps.layout[:5]) == ["baseline", "baseline+bc1s", "baseline+bc1s+heads", "baseline+bc1s+heads+einsum", "ane"]
    ane = anesim.run("distilbert", "A15", layout="ane", seq=128)
    assert steps.latency_s[4] == ane.latency_s
    assert steps.peak_memory_bytes[4] == ane.peak_memory_bytes
    # Each step's saving is the row before minus it, so the four layout steps add up to baseline minus ane.
    assert steps.peak_memory_saved_bytes[1:5].sum() == steps.peak_memory_bytes[0] - ane.peak_memory_bytes
    assert steps.latency_saved_s[1:5].sum() == pytest.approx(steps.latency_s[0] - ane.latency_s, rel=1e-12)
    assert list(steps.weights[5:]) == ["int8", "int4"]


def test_an_invalid_layout_is_a_config_error_saying_why():
    with pytest.raises(anesim.ConfigError, match="heads needs bc1s"):
        anesim.advise(layout="baseline+heads")


def test_each_fix_alone_matches_the_cli_json(cli):
    advice = anesim.advise("distilbert", "A15", seq=128, batch=1)
    out = json.loads(subprocess.run([cli, "advise", "--model", "distilbert", "--chip", "A15", "--seq", "128", "--json"],
                                    check=True, capture_output=True, text=True).stdout)
    alone = out["waterfall"]["alone"]
    # bc1s, heads, einsum, mask, int8, int4: each against the baseline or the switches it needs.
    assert list(advice.alone.title) == [s["title"] for s in alone]
    assert list(advice.alone["from"]) == [s["from"] for s in alone]
    assert list(advice.alone.latency_saved_s) == [s["saving"]["latency_s"] for s in alone]
    assert list(advice.alone.title)[3] == "mask alone"


def test_weights_past_the_window_get_a_chunks_finding_after_the_fit_one():
    # llama-2-7b in fp16 holds 13.2-13.5 GB of weights: ceil(/ the M4's 3.5 GiB window) = 4 chunks;
    # each generated token then pays 3 x (0.1 ms launch + 0.18 ms wait) + 147,456 bytes of hidden
    # state across the boundary at 80 GB/s (1.84 us): 0.842 ms.
    a = anesim.advise("llama-2-7b", "M4", layout="ane", seq=16)
    assert list(a.findings.id[:2]) == ["fit", "chunks"]
    chunks = a.findings.iloc[1]
    assert chunks.title == "weights need 4 chunks of the ANE's window"
    assert "anesim generate --chunks 4" in chunks.mechanism
    assert "0.842 ms per generated token" in chunks.mechanism
    assert chunks.latency_saved_s > 0
    assert "chunks" not in list(anesim.advise("distilbert", "M4").findings.id)
