"""Small helpers shared by the benchmarks: timing, medians and the report table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


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

    def row(self) -> str:
        base = f"{self.baseline:10.3f} {self.unit:<3} ({self.baseline_name})" if self.baseline is not None else ""
        ratio = f"{self.ratio:6.2f}x" if self.ratio is not None else "      "
        verdict = "ok" if self.ok else "OVER BUDGET"
        return f"{self.name:<46} {self.value:10.3f} {self.unit:<3} {ratio}  {base:<40} {self.budget:<22} {verdict}"


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


def report(title: str, figures: list[Figure]) -> None:
    print(f"\n== {title}")
    for figure in figures:
        print("  " + figure.row())
