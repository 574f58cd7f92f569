"""anesim.plot: the seed's Figure 2 and a regime map, drawn from an :func:`anesim.sweep` DataFrame.

Every helper returns a ``matplotlib.figure.Figure`` built without pyplot, so it works headless
(any backend, Agg included) and leaves no global state; a notebook shows it as its cell's value,
``fig.savefig("fig.png")`` writes it. The panel helpers take ``ax=`` to draw into your own axes.

    df = anesim.sweep("figure2")
    anesim.plot.figure2(df)       # latency, peak memory and baseline/ane ratios vs seq, per batch
    anesim.plot.figure2(anesim.sweep(dict(spec, power_state=["high", "low"])),
                        measured=anesim.validate("figure2"))  # Apple's Figure 2 over the predictions
    anesim.plot.regime_map(df)    # compute-, bandwidth- or overhead-bound, per (seq, batch), per layout

A DataFrame holding several chips or models is narrowed with ``chip=`` and ``model=``; what is
left must be one study (one chip, model, weights and phase), or a ValueError says what to pick.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from . import _anesim

__all__ = ["figure2", "mean_of_states", "latency_vs_seq", "memory_vs_seq", "ratio_vs_seq", "regime_map", "generation", "REGIME_COLORS",
           "LAYOUT_COLORS", "SERIES_COLORS", "LAYOUT_STYLES"]

# One palette for every anesim chart: reports/palette.hpp, through the C++ module, so report.html
# and these plots draw a regime, a layout or a batch in the same colour.
_PALETTE = _anesim.palette()
#: Cell colour of each regime in :func:`regime_map` (report.html's regime map uses the same).
REGIME_COLORS: Dict[str, str] = dict(_PALETTE["regime"])
#: Colour of each layout (report.html's bars), and of the n-th batch's line (report.html's lines).
LAYOUT_COLORS: Dict[str, str] = dict(_PALETTE["layout"])
SERIES_COLORS: List[str] = list(_PALETTE["series"])
#: Line style of each layout: the ANE layout solid, PyTorch's baseline dashed.
LAYOUT_STYLES: Dict[str, str] = {"ane": "-", "baseline": "--"}
_LAYOUT_NAMES = {"ane": "ANE (B,C,1,S)", "baseline": "baseline (B,S,C)"}


def _study(df: pd.DataFrame, chip: Optional[str], model: Optional[str]) -> pd.DataFrame:
    # One chip, model, precision, phase and power state: what a Figure-2 panel can show.
    if chip is not None:
        df = df[df["chip"] == chip]
    if model is not None:
        df = df[df["model"] == model]
    if df.empty:
        raise ValueError(f"no sweep rows left for chip={chip!r}, model={model!r}")
    for col in ("chip", "model", "weights", "phase", "power_state"):
        if col in df and df[col].nunique() > 1:
            values = ", ".join(map(str, sorted(df[col].unique())))
            hint = f"pass {col}=... " if col in ("chip", "model") else f"select rows first, e.g. df[df.{col} == ...]"
            raise ValueError(f"the sweep rows hold several {col}s ({values}): {hint}")
    return df


def _x_axis(df: pd.DataFrame) -> Tuple[str, str]:
    # Prefill studies vary the sequence; decode studies (seq 1) vary the KV-cache length.
    return ("kv_len", "KV-cache length (tokens)") if (df["phase"] == "decode").all() else ("seq", "sequence length (tokens)")


def _batch_colors(batches: List[int]) -> Dict[int, str]:
    # The n-th smallest batch takes the n-th series colour, as report.html's lines do.
    return {b: SERIES_COLORS[i % len(SERIES_COLORS)] for i, b in enumerate(batches)}


def _text_color(fill: str) -> str:
    # Dark text on light fills (the amber of overhead-bound), white on dark ones, as report.html.
    r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5)) if fill.startswith("#") else (204, 204, 204)
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else "#222222"


def _axes(ax: Optional[Axes]) -> Axes:
    if ax is not None:
        return ax
    return Figure(figsize=(5.5, 4), layout="constrained").add_subplot()


def _log2_x(ax: Axes, values: List[int], label: str) -> None:
    ax.set_xscale("log", base=2)
    ax.set_xticks(values)
    ax.set_xticklabels([str(v) for v in values])
    ax.minorticks_off()
    ax.set_xlabel(label)
    ax.grid(True, which="major", alpha=0.3)


def _per_layout(df: pd.DataFrame, ax: Optional[Axes], column: str, scale: float, ylabel: str, title: str) -> Figure:
    ax = _axes(ax)
    x, xlabel = _x_axis(df)
    batches = sorted(df["batch"].unique())
    colors = _batch_colors(batches)
    for layout in [l for l in LAYOUT_STYLES if l in set(df["layout"])] + sorted(set(df["layout"]) - set(LAYOUT_STYLES)):
        for b in batches:
            rows = df[(df["layout"] == layout) & (df["batch"] == b)].sort_values(x)
            if rows.empty:
                continue
            ax.plot(rows[x], rows[column] * scale, LAYOUT_STYLES.get(layout, ":"), marker="o", markersize=3,
                    color=colors[b], label=f"{_LAYOUT_NAMES.get(layout, layout)}, batch {b}")
    _log2_x(ax, sorted(df[x].unique()), xlabel)
    ax.set_yscale("log")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize="x-small", ncol=2)
    return ax.figure


def latency_vs_seq(df: pd.DataFrame, ax: Optional[Axes] = None, chip: Optional[str] = None,
                   model: Optional[str] = None) -> Figure:
    """Latency (ms) vs sequence length: one line per (layout, batch); ANE solid, baseline dashed.

    Decode sweeps are drawn against kv_len instead. Returns the Figure (``ax``'s, or a new one).
    """
    df = _study(df, chip, model)
    return _per_layout(df, ax, "latency_s", 1e3, "latency (ms)", f"{df['model'].iat[0]} on {df['chip'].iat[0]}: latency")


def memory_vs_seq(df: pd.DataFrame, ax: Optional[Axes] = None, chip: Optional[str] = None,
                  model: Optional[str] = None) -> Figure:
    """Peak memory (MB: resident weights + folded constants + the activation peak) vs sequence length, as :func:`latency_vs_seq`."""
    df = _study(df, chip, model)
    return _per_layout(df, ax, "peak_memory_bytes", 1e-6, "peak memory (MB)",
                       f"{df['model'].iat[0]} on {df['chip'].iat[0]}: peak memory")


def _ratios(df: pd.DataFrame) -> pd.DataFrame:
    keys = ["batch", _x_axis(df)[0]]
    layouts = set(df["layout"])
    if not {"baseline", "ane"} <= layouts:
        raise ValueError(f"the ratio needs both layouts in the sweep, found: {', '.join(sorted(layouts))}")
    base = df[df["layout"] == "baseline"].set_index(keys)
    ane = df[df["layout"] == "ane"].set_index(keys)
    out = pd.DataFrame({
        "latency": base["latency_s"] / ane["latency_s"],
        "peak_memory": base["peak_memory_bytes"] / ane["peak_memory_bytes"],
    }).dropna()
    return out.reset_index()


def ratio_vs_seq(df: pd.DataFrame, ax: Optional[Axes] = None, chip: Optional[str] = None,
                 model: Optional[str] = None) -> Figure:
    """Baseline over ANE layout vs sequence length, per batch: latency (solid) and peak memory (dashed).

    Above 1, the ANE layout is that many times faster or smaller. Needs both layouts in the sweep.
    """
    df = _study(df, chip, model)
    ratios = _ratios(df)
    ax = _axes(ax)
    x, xlabel = _x_axis(df)
    batches = sorted(ratios["batch"].unique())
    colors = _batch_colors(batches)
    for b in batches:
        rows = ratios[ratios["batch"] == b].sort_values(x)
        ax.plot(rows[x], rows["latency"], "-", marker="o", markersize=3, color=colors[b], label=f"latency, batch {b}")
        ax.plot(rows[x], rows["peak_memory"], "--", marker="s", markersize=3, color=colors[b],
                label=f"peak memory, batch {b}")
    ax.axhline(1.0, color="0.5", linewidth=0.8)
    _log2_x(ax, sorted(ratios[x].unique()), xlabel)
    ax.set_ylabel("baseline / ANE layout (x)")
    ax.set_title("how much the ANE layout wins")
    ax.legend(fontsize="x-small", ncol=2)
    return ax.figure


def mean_of_states(df: pd.DataFrame) -> pd.DataFrame:
    """A sweep over power states as one row per point, its latency the mean over the states.

    Apple's Figure 2 draws each line over a band whose edges are the engine's fast and slow states;
    the line is their mean. Peak memory does not depend on the state. ``power_state`` becomes "mean".
    """
    keys = [c for c in ("model", "chip", "layout", "phase", "kv_len", "weights", "sparsity", "ane_instances",
                        "batch", "seq") if c in df]
    latency = df.groupby(keys, sort=False)["latency_s"].mean()
    out = df.drop_duplicates(keys).set_index(keys)
    out["latency_s"] = latency
    out["power_state"] = "mean"
    return out.reset_index()


def _measured_points(ax: Axes, measured: pd.DataFrame, metric: str, scale: float,
                     colors: Dict[int, str]) -> None:
    # Filled markers for the ANE layout, hollow for the baseline, in the batch's colour.
    rows = measured[measured["metric"] == metric]
    for (layout, batch), group in rows.groupby(["layout", "batch"], sort=True):
        color = colors.get(batch, "black")
        ax.scatter(group["seq"], group["measured"] * scale, s=36, marker="D" if layout == "ane" else "s",
                   facecolors=color if layout == "ane" else "none", edgecolors=color, zorder=3,
                   label=f"measured: {_LAYOUT_NAMES.get(layout, layout)}, batch {batch}")


def figure2(df: pd.DataFrame, chip: Optional[str] = None, model: Optional[str] = None,
            measured: Optional[pd.DataFrame] = None) -> Figure:
    """The seed's Figure 2 from a sweep over seq x batch x both layouts (e.g. ``anesim.sweep("figure2")``).

    Three panels side by side: latency, peak memory (both one line per layout and batch) and the
    baseline/ANE ratios (latency and peak memory, per batch), each against sequence length. A sweep
    over several power states is drawn as the mean of its states (:func:`mean_of_states`), as Apple's
    lines are. ``measured``, a DataFrame of :func:`anesim.validate` rows (e.g.
    ``anesim.validate("figure2")``), adds the measured points over the predicted curves: Figure 2,
    predicted vs measured, at a glance.
    """
    if "power_state" in df and df["power_state"].nunique() > 1:
        df = mean_of_states(df)
    df = _study(df, chip, model)
    fig = Figure(figsize=(16, 4.5), layout="constrained")
    axes = fig.subplots(1, 3)
    latency_vs_seq(df, ax=axes[0])
    memory_vs_seq(df, ax=axes[1])
    ratio_vs_seq(df, ax=axes[2])
    if measured is not None:
        # Latencies only where measured in the state the curves show (Figure 2's lines against the
        # mean of the states, the Xcode medians against the fast state); memory has no state.
        same_state = (measured["power_state"] == df["power_state"].iat[0]) | (measured["metric"] != "latency")
        measured = measured[(measured["model"] == df["model"].iat[0]) & (measured["chip"] == df["chip"].iat[0]) & same_state]
        colors = _batch_colors(sorted(df["batch"].unique()))
        _measured_points(axes[0], measured, "latency", 1e3, colors)
        _measured_points(axes[1], measured, "peak_memory", 1e-6, colors)
        for ax in axes[:2]:
            ax.legend(fontsize="xx-small", ncol=2)
    states = "mean of power states" if (df["power_state"] == "mean").all() else f"{df['power_state'].iat[0]} power state"
    fig.suptitle(f"{df['model'].iat[0]} on {df['chip'].iat[0]}: baseline (B,S,C) vs ANE (B,C,1,S) layout ({states})")
    return fig


def regime_map(df: pd.DataFrame, chip: Optional[str] = None, model: Optional[str] = None) -> Figure:
    """Which regime bounds each point: a seq x batch grid per layout, one coloured cell per point.

    A cell's colour is its run's regime (:data:`REGIME_COLORS`: compute-, bandwidth- or
    overhead-bound, by which term holds most of the latency) and its text the latency in ms.
    One panel per layout, baseline first, the smallest batch at the top (as report.html); one
    Rectangle patch per point.
    """
    df = _study(df, chip, model)
    x, xlabel = _x_axis(df)
    layouts = [l for l in ("baseline", "ane") if l in set(df["layout"])] + sorted(set(df["layout"]) - {"ane", "baseline"})
    xs = sorted(df[x].unique())
    batches = sorted(df["batch"].unique())
    fig = Figure(figsize=(1.2 + 1.1 * len(xs) * len(layouts), 1.0 + 0.6 * len(batches) + 0.8), layout="constrained")
    axes = fig.subplots(1, len(layouts), squeeze=False)[0]
    for ax, layout in zip(axes, layouts):
        rows = df[df["layout"] == layout]
        for _, r in rows.iterrows():
            i, j = xs.index(r[x]), batches.index(r["batch"])
            fill = REGIME_COLORS.get(r["regime"], "#cccccc")
            ax.add_patch(Rectangle((i, j), 1, 1, facecolor=fill, edgecolor="white"))
            ax.text(i + 0.5, j + 0.5, f"{r['latency_s'] * 1e3:.3g}", ha="center", va="center", fontsize="small",
                    color=_text_color(fill))
        ax.set_xlim(0, len(xs))
        # The smallest batch in the top row, as report.html's heatmaps and report.md's tables.
        ax.set_ylim(len(batches), 0)
        ax.set_xticks([i + 0.5 for i in range(len(xs))], [str(v) for v in xs])
        ax.set_yticks([j + 0.5 for j in range(len(batches))], [str(b) for b in batches])
        ax.set_xlabel(xlabel)
        ax.set_ylabel("batch")
        ax.set_title(f"{_LAYOUT_NAMES.get(layout, layout)}: latency (ms)")
    handles = [Patch(facecolor=c, label=name) for name, c in REGIME_COLORS.items()]
    # On the last panel, outside it: constrained layout makes room for an axes legend.
    axes[-1].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small", title="regime")
    fig.suptitle(f"{df['model'].iat[0]} on {df['chip'].iat[0]}: what bounds each point")
    return fig


def generation(g, ax: Optional[Axes] = None) -> Figure:
    """Per-token latency against the token's position for an :func:`anesim.generate` reply.

    The decode steps' latency (ms) as a line over the cache length, its engine part beneath, the
    boundary copies as the band between, and the time to first token in the title. Several
    replies (a list) share the axes, one colour each, labelled by their KV-cache mode.
    """
    replies = g if isinstance(g, (list, tuple)) else [g]
    ax = _axes(ax)
    for i, reply in enumerate(replies):
        steps = reply.tokens[reply.tokens["token"] > 1]
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        label = f"KV cache {reply.labels['kv_cache']}, TTFT {reply.summary['ttft_s'] * 1e3:.1f} ms"
        ax.plot(steps["kv_len"], steps["latency_s"] * 1e3, "-", color=color, label=label)
        ax.fill_between(steps["kv_len"], steps["engine_s"] * 1e3, steps["latency_s"] * 1e3, color=color, alpha=0.2, linewidth=0)
    first = replies[0].labels
    ax.set_xlabel("tokens in the KV cache")
    ax.set_ylabel("latency per token (ms)")
    ax.set_title(f"{first['model']} on {first['chip']}, prompt {first['prompt']}, {first['new_tokens']} new tokens")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="x-small")
    return ax.figure
