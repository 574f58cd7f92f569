"""anesim.sweep: every point of a sweep as one DataFrame row, run here on threads or on Dask workers.

The points are run by the C++ sweep runner (sweep/sweep_runner.hpp), the one ``anesim sweep``
uses, so the numbers equal the CLI's results.csv and results.json to the last digit. Dask only
decides where each contiguous range of points runs; the ranges are concatenated in order.
"""

from __future__ import annotations

import math
import os
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

import pandas as pd

from . import _anesim
from ._errors import config_error

#: What a sweep point is: the sweep's axes (chip outermost ... batch innermost, the run order),
#: then the labels every run carries (power_state: the chip's power state, "high" unless the
#: sweep sets one; ane_instances: 1, a model runs on one ANE; sparsity: the model file's).
SWEEP_LABEL_COLUMNS: List[str] = [
    "chip", "model", "layout", "weights", "phase", "kv_len", "seq", "batch", "power_state", "ane_instances", "sparsity",
]
#: The run's totals, in the order of ``anesim run --json``'s "totals" (SI units): the list the C++
#: core declares (sim/result_fields.def), so a new total needs no line here.
SWEEP_TOTAL_COLUMNS: List[str] = [name for name, _unit, _doc in _anesim.total_fields()]
#: Columns of :func:`sweep`, in order. Strings (object dtype): chip, model, layout, weights, phase,
#: power_state, regime. int64: kv_len (0 for prefill points), seq (1 for decode points), batch, ane_instances, and
#: every count and byte size (*_bytes, parameter_count, op_count, ane_ops, cpu_ops, free_ops,
#: copy_ops, transposes, handovers). float64: sparsity, latency_s, handover_s, app_io_s, flops, mac_flops,
#: vector_flops, the three *_share columns (of latency_s) and the energy columns (joules, watts).
SWEEP_COLUMNS: List[str] = SWEEP_LABEL_COLUMNS + SWEEP_TOTAL_COLUMNS

SweepLike = Union[str, "os.PathLike[str]", Mapping[str, Any]]
_DICT_SOURCE = "<dict>"


def _plain(value: Any) -> Any:
    """A dict's values as the YAML types the C++ loader takes: lists for any sequence, Python scalars."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (list, tuple, range)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):  # numpy arrays and scalars
        return _plain(value.tolist())
    return value


def _load(source: SweepLike, config_dir: str) -> "_anesim.SweepSpec":
    if isinstance(source, Mapping):
        return _anesim.load_sweep_dict(_plain(source), config_dir, _DICT_SOURCE)
    if isinstance(source, (str, os.PathLike)):
        return _anesim.load_sweep(os.fspath(source), config_dir)
    raise TypeError(f"a sweep is a shipped name, a YAML path or a dict, not {type(source).__name__}")


def _payload(source: SweepLike, spec: "_anesim.SweepSpec") -> Tuple[str, Any, str]:
    # What a Dask worker needs to load the same spec: the dict itself, or the file's text (so the
    # worker needs no access to the sweep file; names and paths inside it must resolve there too).
    if isinstance(source, Mapping):
        return ("dict", _plain(source), _DICT_SOURCE)
    with open(spec.source_file, encoding="utf-8") as f:
        return ("text", f.read(), spec.source_file)


def _load_payload(payload: Tuple[str, Any, str], config_dir: str) -> "_anesim.SweepSpec":
    kind, body, name = payload
    if kind == "dict":
        return _anesim.load_sweep_dict(body, config_dir, name)
    return _anesim.load_sweep_text(body, name, config_dir)


def _frame(columns: Dict[str, Any]) -> pd.DataFrame:
    order = [c for c in SWEEP_COLUMNS if c in columns] + [c for c in columns if c not in SWEEP_COLUMNS]
    return pd.DataFrame(columns, columns=order)


def _run_chunk(payload: Tuple[str, Any, str], config_dir: str, first: int, last: int, jobs: int) -> pd.DataFrame:
    """One Dask task: points [first, last) of the sweep, run in this worker's process."""
    spec = _load_payload(payload, config_dir)
    return _frame(_anesim.run_sweep(spec, first, last, jobs))


def _check_jobs(jobs: Optional[int], what: str) -> int:
    if jobs is None:
        return 0
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise config_error(f"{what} {jobs!r} is not a positive whole number", f"use {what}=1 or more, or None")
    return jobs


def sweep_points(source: SweepLike) -> pd.DataFrame:
    """The points a sweep will run, in run order, without running them.

    One row per point with the columns chip, model, layout, weights, phase, kv_len, seq, batch: the
    labels the rows of :func:`sweep` will carry, in the same order. ``source`` as for :func:`sweep`.
    """
    spec = _load(source, _anesim.default_config_dir())
    return pd.DataFrame(spec.plan())


def sweep(source: SweepLike, jobs: Optional[int] = None, client: Any = None,
          chunk_size: Optional[int] = None) -> pd.DataFrame:
    """Run every point of a sweep and return one DataFrame row per point, in the sweep's order.

    Args:
        source: a shipped sweep name ("figure2", "generations": configs/sweeps/NAME.yaml), a path
            to a sweep YAML, or a dict in the same schema, e.g.
            ``{"name": "mine", "description": "...", "chips": ["A15", "M4"], "models": ["distilbert"],
            "layouts": ["baseline", "ane"], "seq": [32, 128], "batch": [1, 8]}`` (optional keys:
            weights, phase, kv_len; ``chips: ["all"]`` is every shipped chip). Validated by the
            CLI's loader: a bad key or value raises :class:`ConfigError` naming the key (and the
            file and line for a YAML file; ``file == "<dict>"`` for a dict).
        jobs: threads running points at once. Locally the default is every hardware thread; on
            Dask it is the threads each task uses (default 1: Dask parallelises across tasks).
        client: a ``distributed.Client``. The points are split into contiguous ranges, each run
            by one task on a worker (which imports anesim and needs the same config files), and
            gathered in order: the result equals the local one row for row.
        chunk_size: points per Dask task; default about four tasks per worker thread.

    Returns:
        A DataFrame with the columns in :data:`SWEEP_COLUMNS` (labels, then the totals of
        ``anesim run --json``; dtypes listed there), one row per point in the order of the C++
        runner: chip outermost, then model, layout, weights, phase, kv_len, seq, batch innermost
        (prefill points have kv_len 0, decode points seq 1). The index is 0..n-1.
        ``df.attrs`` holds the sweep's ``name``, ``description`` and ``source`` (its file, or "<dict>").
        The numbers equal ``anesim sweep``'s results.csv and results.json to the last digit.

    The GIL is released while points run, and Ctrl-C (KeyboardInterrupt) stops a local sweep once
    the points in flight finish; with Dask it cancels the outstanding tasks.
    """
    config_dir = _anesim.default_config_dir()
    spec = _load(source, config_dir)
    jobs_n = _check_jobs(jobs, "jobs")
    if client is None:
        df = _frame(_anesim.run_sweep(spec, 0, spec.size, jobs_n))
    else:
        df = _dask_sweep(client, source, spec, config_dir, jobs_n or 1, _check_jobs(chunk_size, "chunk_size"))
    df.attrs.update(name=spec.name, description=spec.description, source=spec.source_file)
    return df


def _dask_sweep(client: Any, source: SweepLike, spec: "_anesim.SweepSpec", config_dir: str, jobs: int,
                chunk_size: int) -> pd.DataFrame:
    size = spec.size
    if chunk_size == 0:
        threads = max(1, sum(client.nthreads().values()))
        chunk_size = max(1, math.ceil(size / (4 * threads)))
    payload = _payload(source, spec)
    futures = [client.submit(_run_chunk, payload, config_dir, first, min(first + chunk_size, size), jobs, pure=False)
               for first in range(0, size, chunk_size)]
    try:
        parts = client.gather(futures)
    except BaseException:
        client.cancel(futures)  # Ctrl-C or a failed task: nothing keeps running for nobody
        raise
    df = pd.concat(parts, ignore_index=True)
    # Workers load the configs themselves; one that saw other files would label its rows otherwise.
    plan = pd.DataFrame(spec.plan())
    if len(df) != len(plan) or not df[list(plan.columns)].equals(plan):
        raise RuntimeError("the Dask workers ran other points than this sweep's (do they see the same configs? "
                           f"config dir here: {config_dir}; set ANESIM_CONFIG_DIR on the workers)")
    return df
