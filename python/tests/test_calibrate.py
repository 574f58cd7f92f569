"""anesim.calibrate(): the fit as DataFrames, and the chip file it writes, usable as a chip."""

import pathlib

import numpy as np
import pytest

import anesim

DATA = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "calibration"


@pytest.fixture(scope="module")
def calibration():
    # Five Figure 2 latency points, two parameters: a fit of a second or so.
    return anesim.calibrate(DATA / "a15-figure2-corners.yaml", "A15", fit=["mac_efficiency", "dram_efficiency"])


def test_tables_hold_every_parameter_and_point(calibration):
    assert list(calibration.parameters["name"]) == ["mac_efficiency", "dram_efficiency"]
    assert list(calibration.parameters["before"]) == [0.45, 0.89]  # configs/chips/A15.yaml
    assert len(calibration.points) == 5
    assert set(calibration.points["metric"]) == {"latency"}
    # The fit cannot be worse than where it started (its objective is the sum of squared log errors).
    before = np.log(calibration.points["predicted_before"] / calibration.points["measured"]) ** 2
    after = np.log(calibration.points["predicted_after"] / calibration.points["measured"]) ** 2
    assert after.sum() <= before.sum()
    assert (calibration.points["predicted_left_out"] > 0).all()


def test_the_chip_file_runs_as_the_fitted_chip(calibration, tmp_path):
    path = tmp_path / "A15-calibrated.yaml"
    path.write_text(calibration.chip_file)
    fitted = anesim.chip(str(path))
    row = calibration.parameters.set_index("name")
    assert fitted.mac_efficiency == row.loc["mac_efficiency", "after"]
    assert fitted.dram_efficiency == row.loc["dram_efficiency", "after"]
    # The ANE layout at seq 512, batch 1 is compared with the mean of the chip's two power states.
    point = calibration.points.set_index("point").loc["fig2-latency-ane-b1-s512"]
    runs = [anesim.run("distilbert", str(path), layout="ane", seq=512, batch=1, power_state=s).latency_s for s in ("high", "low")]
    assert sum(runs) / 2 == pytest.approx(point["predicted_after"], rel=1e-12)


def test_bad_measurements_raise_config_error():
    with pytest.raises(anesim.ConfigError, match="measured_latncy_s"):
        anesim.calibrate(DATA / "unknown-key.yaml", "A15")
    with pytest.raises(anesim.ConfigError, match="no chip parameter 'cores_x'"):
        anesim.calibrate(DATA / "a15-figure2-corners.yaml", "A15", fit=["cores_x"])
