"""Device measurements: predictions against them (``anesim validate``) and a chip's free parameters
fitted to them (``anesim calibrate``)."""

from __future__ import annotations

import io
import os
from typing import NamedTuple, Optional, Sequence, Union

import pandas as pd

from . import _anesim


class Calibration(NamedTuple):
    """What :func:`calibrate` returns: ``parameters`` (one row per fitted parameter: name, section,
    key, before, after, relative_uncertainty, identifiable, at_bound, far_from_source), ``points``
    (one row per point: point, model, layout, seq, batch, metric, measured, predicted_before,
    predicted_after, predicted_left_out, error_before, error_after, error_left_out), ``chip_file``
    (the calibrated chip file's text, ``base:`` the chip) and ``report`` (``anesim calibrate``'s
    Markdown)."""
    parameters: pd.DataFrame
    points: pd.DataFrame
    chip_file: str
    report: str


def calibrate(measurements: Union[str, "os.PathLike[str]"], chip: Union[str, "os.PathLike[str]"],
              fit: Optional[Sequence[str]] = None, leave_one_out: bool = True, name: str = "") -> Calibration:
    """Fits ``chip``'s free parameters to ``measurements`` (a validation set's name or a path to a file
    in that format), as ``anesim calibrate`` does: least squares on log(predicted / measured) over the
    file's points on that chip. ``fit`` names Chip attributes (default: the estimated ones);
    ``leave_one_out`` adds each point's prediction by a fit without it. Write ``chip_file`` to a
    ``.yaml`` file and pass its path as ``chip=`` to use the calibrated chip."""
    raw = _anesim.calibration_tables(os.fspath(measurements), os.fspath(chip), _anesim.default_config_dir(), list(fit or []),
                                     leave_one_out, name)
    read = lambda text: pd.read_csv(io.StringIO(text), keep_default_na=False, float_precision="round_trip")
    return Calibration(read(raw["parameters"]), read(raw["points"]), raw["chip_file"], raw["report"])


def validate(source: Union[str, "os.PathLike[str]"] = "published") -> pd.DataFrame:
    """Predictions against published device measurements, as ``anesim validate --csv`` writes them.

    ``source`` is a shipped validation set's name (``configs/validation/``) or a path to one. One
    row per point, in the file's order: point, model, chip, layout, phase, kv_len, weights,
    power_state ("mean" where the point is the mean of the chip's states), seq, batch, metric
    ("latency" or "peak_memory"), unit ("s" or "bytes"), measured, predicted, error (predicted /
    measured - 1), regime, role ("calibration": a chip parameter was set from it; "held_out": none
    was), source. ``predicted`` is :func:`run`'s ``latency_s`` or ``peak_memory_bytes`` for the same
    inputs, exactly (averaged over the states for a "mean" point; a decode point with a
    ``kv_cache`` adds its app-boundary copies, as :func:`generate` counts them).
    """
    text = _anesim.validation_csv(os.fspath(source), _anesim.default_config_dir())
    return pd.read_csv(io.StringIO(text), keep_default_na=False, float_precision="round_trip")
