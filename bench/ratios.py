#!/usr/bin/env python3
"""Each benchmark's time as a ratio to BM_Reference, timed in the same run (issue 22).

This machine's speed drifts by 1.4-1.5x for minutes at a time, so a wall time alone is not
comparable from one run to the next; the ratio to a fixed piece of work timed alongside is.

    build/bench/anesim_bench --benchmark_filter='Peer|Reference' --benchmark_repetitions=7 \\
        --benchmark_enable_random_interleaving=true --benchmark_out=bench.json
    python3 bench/ratios.py bench.json [--reference-us 180]

With random interleaving every repetition times each benchmark once, in a random order, so
repetition k of a benchmark and of the reference ran close together: the ratio is taken
repetition by repetition and the median of those is given. `--reference-us X` also prints each
ratio times X: the time the benchmark would take where the reference takes X us (bench/README.md
gives the reference's figure on a quiet machine). Standard library only.
"""
import argparse
import json
import statistics
import sys

REFERENCE = "BM_Reference"


def cpu_times_by_repetition(path):
    """{benchmark name: {repetition index: time in us}}, iterations only (no aggregates): CPU time,
    or wall time for a benchmark that Google Benchmark times that way."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        sys.exit(f"ratios.py: cannot read {path}: {e}\n"
                 "  (write it with anesim_bench --benchmark_out=FILE; the format is JSON by default)")
    scale_us = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}
    times = {}
    for b in data.get("benchmarks", []):
        if b.get("run_type") != "iteration":
            continue
        name = b.get("run_name", b["name"])
        rep = b.get("repetition_index", 0)
        # A benchmark timed in wall time (UseRealTime: threads, child processes) is named so.
        clock = "real_time" if "/real_time" in name else "cpu_time"
        times.setdefault(name, {})[rep] = b[clock] * scale_us[b.get("time_unit", "ns")]
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", help="anesim_bench --benchmark_out file")
    parser.add_argument("--reference-us", type=float, help="the reference's quiet-machine time, to convert ratios back")
    args = parser.parse_args()
    times = cpu_times_by_repetition(args.json)
    if not times:
        sys.exit(f"ratios.py: {args.json} holds no single repetitions, only aggregates or nothing;\n"
                 "  run anesim_bench without --benchmark_report_aggregates_only")
    if REFERENCE not in times:
        sys.exit(f"ratios.py: {args.json} has no {REFERENCE}; include it in --benchmark_filter")
    ref = times[REFERENCE]
    print(f"{REFERENCE}: median {statistics.median(ref.values()):.1f} us over {len(ref)} repetitions")
    header = f"{'benchmark':<48} {'median us':>12} {'x reference':>12}"
    if args.reference_us:
        header += f" {'us at ref ' + format(args.reference_us, 'g'):>16}"
    print(header)
    for name in sorted(times):
        if name == REFERENCE:
            continue
        reps = times[name]
        ratios = [t / ref[k] for k, t in reps.items() if k in ref and ref[k] > 0]
        if not ratios:
            continue
        ratio = statistics.median(ratios)
        line = f"{name:<48} {statistics.median(reps.values()):>12.1f} {ratio:>12.3f}"
        if args.reference_us:
            line += f" {ratio * args.reference_us:>16.1f}"
        print(line)


if __name__ == "__main__":
    main()
