"""Small helpers shared by the benchmarks: timing, medians and the report table."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent.parent
# Every benchmark imports this module first: the work tree's packages and the test helpers come from here.
for _folder in (BENCH_DIR, ROOT / "tests", ROOT):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from kiosk.crashlog import sanitize_environment  # noqa: E402  (from the work tree, put on sys.path above)

# Textual as `kiosk run` starts it, before Textual is imported: the kiosk's frame rate, no developer switch. The
# Apps measured here, the baselines too, and the start-up benchmark's children all run with this environment.
sanitize_environment()


@dataclass(frozen=True)
class Figure:
    """One measured figure beside its same-run baseline and the budget it must meet."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    budget: str = ""
    ok: bool = True

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    @property
    def verdict(self) -> str:
        if not self.budget:
            return ""
        return "ok" if self.ok else "OVER BUDGET"

    def row(self) -> str:
        base = f"{self.baseline:9.3f} {self.unit:<2} {self.baseline_name}" if self.baseline is not None else ""
        ratio = f"{self.ratio:6.2f}x" if self.ratio is not None else ""
        value = f"{self.value:9.3f} {self.unit:<2}"
        return f"{self.name:<44} {value} | {base:<34} | {ratio:>7} | {self.budget:<16} {self.verdict}"

    def markdown(self) -> str:
        """A row of the README's table: figure, value, baseline, ratio, budget, verdict."""
        base = f"{self.baseline:.3g} {self.unit} ({self.baseline_name})" if self.baseline is not None else "-"
        ratio = f"{self.ratio:.2f}x" if self.ratio is not None else "-"
        return (
            f"| {self.name} | {self.value:.3g} {self.unit} | {base} | {ratio} | {self.budget or '-'} "
            f"| {self.verdict or '-'} |"
        )


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """The median wall time of `fn` over `repeat` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


HEADER = f"{'figure':<44} {'value':>12} | {'baseline (same run)':<34} | {'ratio':>7} | budget"


def report(title: str, figures: list[Figure]) -> None:
    print(f"\n== {title}")
    print("  " + HEADER)
    for figure in figures:
        print("  " + figure.row())
