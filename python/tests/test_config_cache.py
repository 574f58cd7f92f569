"""Chips and models kept between calls (python/config_cache.hpp): read once while their files are
unchanged, read again after an edit, a replacement, or an edit of a variant's base file."""

import os
import pathlib
import shutil
import time

import pytest

import anesim
from anesim import _anesim

CONFIGS = pathlib.Path(anesim.config_dir())


def age(*paths, seconds=60):
    """Set each path's modification time `seconds` in the past: older than the two seconds within
    which the cache reads a file every time (a write in the same clock tick keeps the stamp)."""
    t = time.time() - seconds
    for p in paths:
        os.utime(p, (t, t))


def counts():
    s = _anesim.config_cache_stats()
    return s["hits"], s["reads"]


@pytest.fixture
def fresh_cache():
    _anesim.clear_config_cache()
    yield
    _anesim.clear_config_cache()


def test_names_are_read_once(fresh_cache):
    # Two runs by name: the first reads distilbert and A15 (2 reads), the second is answered from
    # the cache (2 hits), and both give the same result to the last digit.
    first = anesim.run("distilbert", "A15").latency_s
    assert counts() == (0, 2)
    assert anesim.run("distilbert", "A15").latency_s == first
    assert counts() == (2, 2)


def test_each_call_gets_its_own_copy(fresh_cache):
    # A15's file gives 34.1e9 B/s (LPDDR4X-4266, 64-bit); editing one returned object must not
    # reach the next caller.
    c = anesim.chip("A15")
    c.dram_bandwidth_Bps = 1.0
    assert anesim.chip("A15").dram_bandwidth_Bps == 34.1e9


def test_edited_chip_file_is_read_again(fresh_cache, tmp_path):
    path = tmp_path / "mine.yaml"
    text = (CONFIGS / "chips" / "A15.yaml").read_text()
    assert "dram_bandwidth_Bps: 34.1e9" in text
    path.write_text(text)
    age(path, tmp_path)
    assert anesim.chip(str(path)).dram_bandwidth_Bps == 34.1e9
    assert anesim.chip(str(path)).dram_bandwidth_Bps == 34.1e9
    assert counts() == (1, 1)
    # Same length ("34.1" -> "35.2"), so only the modification time tells the edit apart.
    path.write_text(text.replace("dram_bandwidth_Bps: 34.1e9", "dram_bandwidth_Bps: 35.2e9"))
    age(path, seconds=30)
    assert anesim.chip(str(path)).dram_bandwidth_Bps == 35.2e9
    assert counts() == (1, 2)
    # A longer value written back with the very same modification time: the size tells.
    stamp = path.stat().st_mtime_ns
    path.write_text(text.replace("dram_bandwidth_Bps: 34.1e9", "dram_bandwidth_Bps: 36.25e9"))
    os.utime(path, ns=(stamp, stamp))
    assert anesim.chip(str(path)).dram_bandwidth_Bps == 36.25e9
    assert counts() == (1, 3)


def test_replaced_file_with_the_same_stamp_is_read_again(fresh_cache, tmp_path):
    # An editor saving through a new file renamed over the old one: same size, same mtime, but a
    # new inode (and the folder's entries changed).
    path = tmp_path / "mine.yaml"
    text = (CONFIGS / "chips" / "A15.yaml").read_text()
    path.write_text(text)
    age(path, tmp_path)
    assert anesim.chip(str(path)).dram_bandwidth_Bps == 34.1e9
    stamp = path.stat().st_mtime_ns
    new = tmp_path / "mine.yaml.new"
    new.write_text(text.replace("dram_bandwidth_Bps: 34.1e9", "dram_bandwidth_Bps: 35.2e9"))
    os.utime(new, ns=(stamp, stamp))
    os.replace(new, path)
    assert anesim.chip(str(path)).dram_bandwidth_Bps == 35.2e9


def test_edited_base_reaches_its_variant(fresh_cache, tmp_path):
    # M1 Max's file gives no cores: they are M1's 16. Its base: M1 is looked up beside it first,
    # so the copy of M1 here is the one it inherits from; giving that one 8 cores makes M1 Max 8.
    shutil.copy(CONFIGS / "chips" / "M1.yaml", tmp_path / "M1.yaml")
    shutil.copy(CONFIGS / "chips" / "M1Max.yaml", tmp_path / "M1Max.yaml")
    age(tmp_path / "M1.yaml", tmp_path / "M1Max.yaml", tmp_path)
    variant = str(tmp_path / "M1Max.yaml")
    assert anesim.chip(variant).cores == 16
    assert anesim.chip(variant).cores == 16
    assert counts() == (1, 1)
    base = tmp_path / "M1.yaml"
    base.write_text(base.read_text().replace("  cores: 16 ", "  cores: 8  ", 1))
    age(base, seconds=30)
    assert anesim.chip(variant).cores == 8


def test_edited_model_file_is_read_again(fresh_cache, tmp_path):
    # distilbert has 6 layers; the edited copy 7.
    path = tmp_path / "model.yaml"
    text = (CONFIGS / "models" / "distilbert.yaml").read_text()
    path.write_text(text)
    age(path, tmp_path)
    assert anesim.model(str(path)).layers == 6
    assert anesim.model(str(path)).layers == 6
    path.write_text(text.replace("layers: 6", "layers: 7", 1))
    age(path, seconds=30)
    assert anesim.model(str(path)).layers == 7
    assert counts() == (1, 2)


def test_a_file_written_just_now_is_read_every_time(fresh_cache, tmp_path):
    # Within the clock tick of the write an edit may keep size and mtime: such files are not kept.
    path = tmp_path / "mine.yaml"
    path.write_text((CONFIGS / "chips" / "A15.yaml").read_text())
    for _ in range(3):
        assert anesim.chip(str(path)).dram_bandwidth_Bps == 34.1e9
    assert counts() == (0, 3)


def test_a_broken_file_keeps_failing_until_fixed(fresh_cache, tmp_path):
    path = tmp_path / "mine.yaml"
    good = (CONFIGS / "chips" / "A15.yaml").read_text()
    path.write_text(good.replace("dram_bandwidth_Bps: 34.1e9", "dram_bandwidth_Bps: -1"))
    age(path, tmp_path)
    for _ in range(2):
        with pytest.raises(anesim.ConfigError, match="dram_bandwidth_Bps"):
            anesim.chip(str(path))
    path.write_text(good)
    age(path, seconds=30)
    assert anesim.chip(str(path)).dram_bandwidth_Bps == 34.1e9


def test_relative_paths_follow_the_working_folder(fresh_cache, tmp_path, monkeypatch):
    # The same relative name in two folders is two files: 34.1e9 in one, 35.2e9 in the other.
    text = (CONFIGS / "chips" / "A15.yaml").read_text()
    for sub, value in (("a", "34.1e9"), ("b", "35.2e9")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "mine.yaml").write_text(text.replace("34.1e9", value))
        age(tmp_path / sub / "mine.yaml", tmp_path / sub)
    monkeypatch.chdir(tmp_path / "a")
    assert anesim.chip("mine.yaml").dram_bandwidth_Bps == 34.1e9
    monkeypatch.chdir(tmp_path / "b")
    assert anesim.chip("mine.yaml").dram_bandwidth_Bps == 35.2e9
