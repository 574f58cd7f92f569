"""Fixtures the pytest files share."""

import os
import pathlib

import pytest

import anesim


@pytest.fixture(scope="session")
def cli():
    """The built `anesim` command: $ANESIM_CLI, else <build>/cli/anesim beside <build>/python/anesim."""
    path = os.environ.get("ANESIM_CLI") or str(pathlib.Path(anesim.__file__).resolve().parents[2] / "cli" / "anesim")
    if not os.access(path, os.X_OK):
        pytest.skip(f"no anesim CLI at {path} (set ANESIM_CLI)")
    return path
