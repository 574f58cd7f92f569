"""anesim.plot draws the figures from real sweep data: one line per (layout, batch), one cell per point."""

import io
import pathlib

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import anesim
import anesim.plot


@pytest.fixture(scope="module")
def figure2():
    return anesim.sweep("figure2")


def test_plot_is_a_lazy_submodule():
    assert anesim.plot is anesim.plot  # attribute access imports it once
    assert callable(anesim.plot.figure2) and callable(anesim.plot.regime_map)


def test_figure2_panels(figure2):
    fig = anesim.plot.figure2(figure2)
    assert isinstance(fig, Figure)
    latency, memory, ratio = fig.axes[:3]
    # 2 layouts x 4 batches in each of the first two panels; 4 batches x (latency, memory) in the third.
    assert len(latency.lines) == 8 and len(memory.lines) == 8
    assert len([l for l in ratio.lines if len(l.get_xdata()) == 5]) == 8  # not counting the y = 1 rule
    ane = figure2[(figure2.layout == "ane") & (figure2.batch == 1)]
    line = next(l for l in latency.lines if l.get_label() == "ANE (B,C,1,S), batch 1")
    assert line.get_linestyle() == "-"
    assert list(line.get_xdata()) == [32, 64, 128, 256, 512]
    np.testing.assert_array_equal(line.get_ydata(), ane["latency_s"].to_numpy() * 1e3)
    base = figure2[(figure2.layout == "baseline") & (figure2.batch == 8)]
    line = next(l for l in memory.lines if l.get_label() == "baseline (B,S,C), batch 8")
    assert line.get_linestyle() == "--"
    np.testing.assert_array_equal(line.get_ydata(), base["peak_memory_bytes"].to_numpy() * 1e-6)
    # The ratio panel: baseline over ANE at batch 8. As on Apple's Figure 2, the baseline wins at
    # seq 32 (the ANE layout streams its weights again for each of the 8 batch elements, rule 11,
    # where the baseline's batch sits on a spatial axis) and the ANE layout wins from seq 64 on.
    line = next(l for l in ratio.lines if l.get_label() == "latency, batch 8")
    want = base["latency_s"].to_numpy() / figure2[(figure2.layout == "ane") & (figure2.batch == 8)]["latency_s"].to_numpy()
    np.testing.assert_allclose(line.get_ydata(), want, rtol=0, atol=0)
    assert line.get_ydata()[0] < 1
    assert (line.get_ydata()[1:] > 1).all()
    png = io.BytesIO()
    fig.savefig(png, format="png")
    assert png.getvalue().startswith(b"\x89PNG")


def test_regime_map_cells_are_the_points_regimes(figure2):
    fig = anesim.plot.regime_map(figure2)
    assert len(fig.axes) == 2  # baseline, then ANE layout, as report.html
    for ax, layout in zip(fig.axes, ["baseline", "ane"]):
        cells = [p for p in ax.patches if isinstance(p, Rectangle)]
        assert len(cells) == 20  # 5 seq x 4 batch
        rows = figure2[figure2.layout == layout]
        seqs, batches = sorted(rows.seq.unique()), sorted(rows.batch.unique())
        for cell in cells:
            i, j = int(cell.get_x()), int(cell.get_y())
            row = rows[(rows.seq == seqs[i]) & (rows.batch == batches[j])].iloc[0]
            assert matplotlib.colors.to_hex(cell.get_facecolor()) == anesim.plot.REGIME_COLORS[row["regime"]]
    # README: the ANE layout at batch 1, seq 128, is bandwidth-bound.
    ane_cells = {(int(c.get_x()), int(c.get_y())): c for c in fig.axes[1].patches}
    assert matplotlib.colors.to_hex(ane_cells[(2, 0)].get_facecolor()) == anesim.plot.REGIME_COLORS["bandwidth-bound"]
    png = io.BytesIO()
    fig.savefig(png, format="png")
    assert png.getvalue().startswith(b"\x89PNG")


def test_panels_draw_into_given_axes_and_narrow_by_chip():
    two = anesim.sweep({"name": "two", "description": "two chips", "chips": ["A15", "M4"], "models": ["distilbert"],
                        "layouts": ["baseline", "ane"], "seq": [64, 128], "batch": [1, 2]})
    with pytest.raises(ValueError, match="several chips"):
        anesim.plot.latency_vs_seq(two)
    fig = Figure()
    ax = fig.add_subplot()
    assert anesim.plot.latency_vs_seq(two, ax=ax, chip="M4") is fig
    assert len(ax.lines) == 4 and "M4" in ax.get_title()
    assert len(anesim.plot.regime_map(two, chip="A15").axes[0].patches) == 4
    with pytest.raises(ValueError, match="both layouts"):
        anesim.plot.ratio_vs_seq(two[two.layout == "ane"], chip="A15")


def test_plot_docstrings():
    for f in (anesim.plot.figure2, anesim.plot.regime_map, anesim.plot.latency_vs_seq, anesim.plot.memory_vs_seq,
              anesim.plot.ratio_vs_seq):
        assert f.__doc__ and len(f.__doc__) > 80, f.__name__


def test_figure2_with_measured_points_over_the_mean_of_the_states():
    from sweep_dicts import FIGURE2
    df = anesim.sweep(dict(FIGURE2, power_state=["high", "low"]))
    measured = anesim.validate("figure2")
    fig = anesim.plot.figure2(df, measured=measured)
    latency, memory = fig.axes[:2]
    assert "mean of power states" in fig._suptitle.get_text()
    # The predicted lines are the mean of the two states' runs, as Figure 2's lines are.
    line = next(l for l in latency.lines if l.get_label() == "ANE (B,C,1,S), batch 8")
    runs = [anesim.run("distilbert", "A15", layout="ane", seq=32, batch=8, power_state=s).latency_s for s in ("high", "low")]
    assert line.get_ydata()[0] == pytest.approx(sum(runs) / 2 * 1e3, rel=1e-12)
    # One marker set per measured (layout, batch): batch 1, 2 and 8 in both layouts on each panel.
    labels = [c.get_label() for c in latency.collections]
    assert len(labels) == 6 and "measured: ANE (B,C,1,S), batch 8" in labels
    ane8 = latency.collections[labels.index("measured: ANE (B,C,1,S), batch 8")]
    # Figure 2's optimized batch-8 line at seq 32, 64, 128, 512: 20.03, 20.85, 33.18, 181.43 ms.
    np.testing.assert_allclose(ane8.get_offsets()[:, 1], [20.03, 20.85, 33.18, 181.43], rtol=1e-9)
    np.testing.assert_array_equal(ane8.get_offsets()[:, 0], [32, 64, 128, 512])
    assert len(memory.collections) == 6


def test_one_palette_and_orientation_with_report_html(figure2):
    # report.html draws from reports/palette.hpp; the plots read the same constants via _anesim.
    page = (pathlib.Path(__file__).parents[2] / "reports/examples/figure2/report.html").read_text()
    for regime, colour in anesim.plot.REGIME_COLORS.items():
        assert colour in page, regime
    for colour in anesim.plot.SERIES_COLORS[:4]:  # figure2's four batches
        assert f'stroke="{colour}"' in page
    assert set(anesim.plot.REGIME_COLORS) == {"compute-bound", "bandwidth-bound", "overhead-bound"}
    fig = anesim.plot.latency_vs_seq(figure2)
    colours = {l.get_label().split(", batch ")[1]: matplotlib.colors.to_hex(l.get_color()) for l in fig.axes[0].lines}
    assert [colours[str(b)] for b in (1, 2, 4, 8)] == anesim.plot.SERIES_COLORS[:4]
    # Batch on y, smallest at the top (report.html's heatmaps list batch 1 first, top down).
    regime = anesim.plot.regime_map(figure2)
    for ax in regime.axes:
        assert ax.yaxis_inverted()
        assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "2", "4", "8"]
