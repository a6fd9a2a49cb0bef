"""Cold start: process start to the first painted screen, the kiosk against a one-line Textual app.

Each run is a fresh `python3 startup_child.py ...` (see there for what "painted" means); the time is
wall time from just before `Popen` to the moment the parent reads the child's `painted` line. The
kiosk and the baseline alternate, after one unmeasured run of each (so both have .pyc files, the page
cache is warm and the kiosk's validated guide is in its cache folder, as after the first start: a power
cut is not simulated). The configuration and
data folders point at an empty temp folder, so the kiosk starts on its defaults.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BENCH_DIR, Figure, report

CHILD = BENCH_DIR / "startup_child.py"


def start_once(kind: str, folder: Path) -> dict[str, float]:
    """One child run; the milliseconds from Popen to each mark the child wrote."""
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CACHE_HOME": str(folder / "cache"),
    }
    # A kiosk runs from compiled modules after its first start (pip compiles them on install, and Python
    # writes them on first import); with PYTHONDONTWRITEBYTECODE (set on some development machines) every
    # start would compile the kiosk's ~40 modules from source again, ~35 ms that no lobby kiosk pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("KIOSK_DB", None)
    env.pop("KIOSK_CONFIG", None)
    env.pop("KIOSK_GUIDE", None)
    command = [sys.executable, str(CHILD), kind, str(folder / "kiosk.db")]
    marks: dict[str, float] = {}
    wall_start = time.time()
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as child:
        assert child.stdout is not None
        for raw in child.stdout:
            name, _, stamp = raw.decode().partition(" ")
            if name == "painted":
                marks["painted"] = (time.perf_counter() - start) * 1000
                child.stdout.close()
                break
            marks[name] = (float(stamp) - wall_start) * 1000
        _, err = child.communicate(timeout=30)
    if "painted" not in marks:
        raise RuntimeError(f"{kind} start failed ({child.returncode}): {err.decode()[-2000:]}")
    return marks


def run(runs: int = 15) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        samples: dict[str, list[dict[str, float]]] = {"baseline": [], "kiosk": []}
        for i in range(runs + 1):
            for kind in ("baseline", "kiosk"):
                marks = start_once(kind, folder)
                if i > 0:  # the first run of each only warms the caches
                    samples[kind].append(marks)

    def median(kind: str, mark: str) -> float:
        return statistics.median(m[mark] for m in samples[kind])

    def median_span(kind: str, first: str, last: str) -> float:
        return statistics.median(m[last] - m[first] for m in samples[kind])

    kiosk, base = median("kiosk", "painted"), median("baseline", "painted")
    figures = [
        Figure(
            f"start -> welcome painted (median of {runs})",
            kiosk,
            "ms",
            base,
            "1-line app",
            "<= 1.3x baseline",
            kiosk <= 1.3 * base,
        )
    ]
    report("Cold start (headless, 80x24, warm page cache)", figures)
    print(
        "  where the time goes (medians, ms): the kiosk: python + kiosk.cli imported "
        f"{median('kiosk', 'guide_start'):.0f}; guide load + validation "
        f"{median_span('kiosk', 'guide_start', 'guide_end'):.0f}; Textual imported (garbage collection off) "
        f"{median_span('kiosk', 'guide_end', 'textual'):.0f}; App modules, config, App, walk -> welcome mounted "
        f"{median_span('kiosk', 'textual', 'mounted'):.0f}; mounted -> painted "
        f"{median_span('kiosk', 'mounted', 'painted'):.0f}. The 1-line app: python + Textual imported "
        f"{median('baseline', 'textual'):.0f}; -> mounted {median_span('baseline', 'textual', 'mounted'):.0f}; "
        f"mounted -> painted {median_span('baseline', 'mounted', 'painted'):.0f}"
    )
    return figures


if __name__ == "__main__":
    run()
