"""``anesim.advise()``: ``anesim advise``'s findings and what-if waterfall as DataFrames."""
from __future__ import annotations

from typing import Any, Dict, Iterator, Optional

import pandas as pd

from . import _anesim
from . import _arguments as _args


class Advice:
    """What ``anesim advise`` prints, as two DataFrames.

    ``findings``: one row a finding, ranked (fit first, then latency saved): principle, id, title,
    mechanism, ops (folded op names with counts), op_count, allocated_bytes, logical_bytes,
    dram_bytes, op_time_s, latency_saved_s, peak_memory_saved_bytes, energy_saved_j, basis,
    basis_text. ``steps``: the what-if waterfall, baseline then each principle's switch on in turn
    (the ``ane`` layout at row ``ane_step``), then int8 and int4: title, principle, layout,
    weights, fits, latency_s, peak_memory_bytes, dram_bytes, energy_j and each step's saving over
    the run in ``from`` (the row before: latency_saved_s, peak_memory_saved_bytes, dram_saved_bytes,
    energy_saved_j). ``alone``: each fix on its own, against the baseline or the switches it needs
    (``from``), with the same columns.
    ``run`` holds the advised run's labels and totals. ``findings, steps = anesim.advise(...)`` unpacks.
    """

    def __init__(self, tables: Dict[str, Any]):
        self.run: Dict[str, Any] = dict(tables["run"])
        self.findings = pd.DataFrame(tables["findings"])
        self.steps = pd.DataFrame(tables["steps"])
        self.alone = pd.DataFrame(tables["alone"])
        self.ane_step: Optional[int] = tables["ane_step"]
        self.not_applicable: str = tables["not_applicable"]

    def __iter__(self) -> Iterator[pd.DataFrame]:
        return iter((self.findings, self.steps))

    def __repr__(self) -> str:
        r = self.run
        return (f"<anesim.Advice {r['model']} on {r['chip']}, {r['layout']}, batch {r['batch']}, seq {r['seq']}: "
                f"{len(self.findings)} findings, {len(self.steps)} what-if steps>")


def advise(model: Any = "distilbert", chip: Any = "A15", layout: str = "baseline", seq: Optional[int] = None, batch: int = 1,
           weights: Optional[str] = None, phase: str = "prefill", kv_len: Optional[int] = None,
           power_state: Optional[str] = None, dims: Optional[Dict[str, int]] = None, unsupported: str = "error") -> Advice:
    """Findings by the seed's principles on one layout, with predicted savings, and the what-if
    waterfall from baseline to the ANE layout and narrower weights: ``anesim advise --json``'s
    figures, to the last digit. Arguments as :func:`anesim.run`'s (``layout`` defaults to
    "baseline", the layout with most to fix). Raises :class:`ConfigError` on invalid input.
    """
    from . import chip as _chip, model as _model, Chip, Model  # the package's resolvers
    args = dict(layout=_args.text("layout", layout), batch=_args.whole("batch", batch), seq=_args.optional_whole("seq", seq),
                weights=_args.text("weights", weights, optional=True), phase=_args.text("phase", phase),
                kv_len=_args.optional_whole("kv_len", kv_len), power_state=_args.text("power_state", power_state, optional=True),
                dims=_args.dims("dims", dims), unsupported=_args.text("unsupported", unsupported))
    # An unknown or invalid layout is the builder's error: it says why and lists the valid names.
    m = model if isinstance(model, Model) else _model(model)
    c = chip if isinstance(chip, Chip) else _chip(chip)
    return Advice(_anesim.advise(m, c, **args))
