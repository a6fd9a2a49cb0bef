"""Run the benchmark suite: `python3 tests/benchmarks/run.py [--quick] [--only NAME,...] [--markdown]`.

Every figure is printed beside a baseline measured in the same run, with the ratio and the budget;
at the end, all figures again as one table (`--markdown`: the README's table), with the machine.
Exits 1 when a figure misses its budget. Works from any folder: it puts the work tree on sys.path.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import HEADER, Figure  # after the sys.path line above


def machine() -> str:
    """The date (UTC), cores, CPU model and Python, as the README reports them."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import textual
    from textual.constants import MAX_FPS

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{datetime.now(UTC).date().isoformat()}, {os.cpu_count()} cores ({model}), "
        f"Python {platform.python_version()}, Textual {textual.__version__} at {MAX_FPS} fps; load average now {load}"
    )


def parts(quick: bool, walks: int | None = None) -> dict[str, Callable[[], list[Figure]]]:
    import bench_engine
    import bench_keys
    import bench_memory
    import bench_site
    import bench_startup
    import bench_store

    return {
        "startup": lambda: bench_startup.run(runs=5 if quick else 15),
        "keys": lambda: bench_keys.run(quick=quick),
        "engine": lambda: bench_engine.run(rounds=5 if quick else 20),
        "store": lambda: bench_store.run(sizes=(10_000, 100_000) if quick else (10_000, 100_000, 1_000_000)),
        "site": lambda: bench_site.run(sizes=(10_000, 100_000) if quick else (10_000, 1_000_000)),
        "memory": lambda: bench_memory.run(walks=walks or (100 if quick else 2000)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer runs, walks and rows (about half a minute)")
    parser.add_argument("--only", help="a comma-separated subset of: startup, keys, engine, store, site, memory")
    parser.add_argument("--markdown", action="store_true", help="print the final table as Markdown")
    parser.add_argument("--walks", type=int, help="walkthroughs for the memory figure (default 2000, quick 100)")
    args = parser.parse_args(argv)
    available = parts(args.quick, args.walks)
    chosen = args.only.split(",") if args.only else list(available)
    unknown = [name for name in chosen if name not in available]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(available)}")
    started = time.perf_counter()
    print(f"machine: {machine()}")
    figures: list[Figure] = []
    failed: list[str] = []
    for name in chosen:
        try:
            figures += available[name]()
        except Exception:  # one broken part should not cost the figures of the others
            traceback.print_exc()
            failed.append(name)
    took = time.perf_counter() - started
    print(f"\n== All figures ({'quick' if args.quick else 'full'} run, {took:.0f} s; {machine()})")
    if args.markdown:
        print("| figure | value | baseline (same run) | ratio | budget | verdict |")
        print("|---|---|---|---|---|---|")
        for figure in figures:
            print(figure.markdown())
    else:
        print("  " + HEADER)
        for figure in figures:
            print("  " + figure.row())
    missed = [figure.name for figure in figures if not figure.ok]
    if failed:
        print(f"\nfailed to run: {', '.join(failed)}")
    if missed:
        print(f"\n{len(missed)} figure(s) over budget: {'; '.join(missed)}")
        return 1
    if failed:
        return 1
    print("\nevery budget met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
