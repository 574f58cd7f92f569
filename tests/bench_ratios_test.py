"""bench/ratios.py, the issue-22 speed figures' arithmetic, on hand-made Google Benchmark files.
Run by ctest with the standard library only, as the script itself is."""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "ratios.py"


def iteration(name, rep, cpu_us, real_us=None):
    return {"name": name, "run_name": name, "run_type": "iteration", "repetition_index": rep,
            "cpu_time": cpu_us, "real_time": cpu_us if real_us is None else real_us, "time_unit": "us"}


def run(benchmarks, *args):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "bench.json"
        path.write_text(json.dumps({"benchmarks": benchmarks}), encoding="utf-8")
        return subprocess.run([sys.executable, str(SCRIPT), str(path), *args], capture_output=True, text=True)


def row(out, name):
    lines = [line.split() for line in out.splitlines() if line.startswith(name + " ")]
    assert len(lines) == 1, out
    return [float(x) for x in lines[0][1:]]


def test_ratio_is_taken_repetition_by_repetition():
    # Reference 1,000 then 2,000 us; the benchmark 500 then 3,000 us. Per repetition the ratios are
    # 0.5 and 1.5, median 1.0; dividing the medians instead (1,750 / 1,500) would give 1.167.
    # With --reference-us 1300 the ratio reads back as 1.0 x 1,300 = 1,300 us.
    result = run([iteration("BM_Reference", 0, 1000), iteration("BM_Reference", 1, 2000),
                  iteration("BM_X", 0, 500), iteration("BM_X", 1, 3000)], "--reference-us", "1300")
    assert result.returncode == 0, result.stderr
    assert row(result.stdout, "BM_X") == [1750.0, 1.0, 1300.0]


def test_wall_time_benchmarks_use_real_time():
    # A child-process benchmark's CPU time is the parent's (60 us) and meaningless: its wall time,
    # 2,400 us against a reference of 1,200 us, is the figure: ratio 2.0.
    result = run([iteration("BM_Reference", 0, 1200), iteration("BM_Cli/real_time", 0, 60, real_us=2400)])
    assert result.returncode == 0, result.stderr
    assert row(result.stdout, "BM_Cli/real_time") == [2400.0, 2.0]


def test_aggregates_only_file_is_refused_with_the_fix():
    aggregate = dict(iteration("BM_Reference", 0, 1000), run_type="aggregate", aggregate_name="median")
    result = run([aggregate])
    assert result.returncode != 0
    assert "--benchmark_report_aggregates_only" in result.stderr


def test_missing_reference_is_refused():
    result = run([iteration("BM_X", 0, 500)])
    assert result.returncode != 0
    assert "no BM_Reference" in result.stderr


if __name__ == "__main__":
    for name, fn in sorted(globals().items()):
        if name.startswith("test_"):
            fn()
    print("bench_ratios_test: all passed")
