"""anesim.generate(): one reply as a per-token DataFrame and a summary, equal to `anesim generate --json`."""

import json
import subprocess

import pytest

import anesim
import anesim.plot


def test_generate_matches_the_cli_to_the_last_digit(cli):
    g = anesim.generate("gpt2", "M4", prompt=64, new_tokens=40, kv_cache="io")
    out = subprocess.run([cli, "generate", "--model", "gpt2", "--chip", "M4", "--prompt", "64", "--new-tokens", "40",
                          "--kv-cache", "io", "--json"], check=True, capture_output=True, text=True).stdout
    js = json.loads(out)
    assert g.summary == js["summary"]
    assert g.tokens.to_dict(orient="records") == js["tokens"]
    assert list(g.tokens.columns) == anesim.GENERATION_COLUMNS


def test_one_row_per_token_the_first_from_the_prefill():
    g = anesim.generate("gpt2", "M4", prompt=64, new_tokens=40)
    # 40 tokens: the prefill's, then 39 decode steps over caches of 64 .. 102 rows.
    assert len(g.tokens) == 40
    assert g.tokens["kv_len"].tolist() == [0] + list(range(64, 103))
    assert g.ttft_s == g.tokens["latency_s"][0]
    assert g.summary["total_s"] == pytest.approx(g.tokens["latency_s"].sum(), rel=1e-12)
    fig = anesim.plot.generation([g, anesim.generate("gpt2", "M4", prompt=64, new_tokens=40, kv_cache="io")])
    assert len(fig.axes[0].lines) == 2


def test_every_step_simulates_each_decode_step():
    g = anesim.generate("gpt2", "M4", prompt=64, new_tokens=40, every_step=True)
    assert g.simulations == 39
    assert g.tokens["simulated"].all()
    with pytest.raises(TypeError, match="every_step"):
        anesim.generate("gpt2", "M4", every_step=1)


def test_bad_arguments_are_errors():
    with pytest.raises(anesim.ConfigError, match="encoder"):
        anesim.generate("distilbert", "A15")
    with pytest.raises(anesim.ConfigError, match="KV-cache mode"):
        anesim.generate("gpt2", "M4", kv_cache="paged")
    with pytest.raises(TypeError, match="new_tokens"):
        anesim.generate("gpt2", "M4", new_tokens=4.5)
