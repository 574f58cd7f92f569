"""Python's `anesim.run` by name against a run with loaded objects (issue 22: within 10 %).

    PYTHONPATH=build/python /usr/bin/python3 bench/python_run_bench.py [--calls N] [--repeats R]

Prints the median over R repeats of the mean time per call over N calls, for: names (the cache
answering), loaded Chip and Model objects, and names with the cache emptied before every call
(each call reads and validates both YAML files, as every call did before the cache).
"""

import argparse
import statistics
import time

import anesim
from anesim import _anesim


def per_call_us(fn, calls):
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    model, chip = anesim.model("distilbert"), anesim.chip("A15")

    def uncached():
        _anesim.clear_config_cache()
        anesim.run("distilbert", "A15")

    cases = {
        "names": lambda: anesim.run("distilbert", "A15"),
        "loaded objects": lambda: anesim.run(model, chip),
        "names, cache emptied each call": uncached,
    }
    for fn in cases.values():  # warm up: the first call reads the files
        fn()
    # Interleaved, so that a slow phase of the machine hits every case alike.
    times = {name: [] for name in cases}
    for _ in range(args.repeats):
        for name, fn in cases.items():
            times[name].append(per_call_us(fn, args.calls))
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, us in medians.items():
        print(f"{name:32s} {us:8.1f} us per call (repeats: {', '.join(f'{t:.0f}' for t in times[name])})")
    print(f"names / loaded objects: {medians['names'] / medians['loaded objects']:.3f}")


if __name__ == "__main__":
    main()
