"""The engine: every path of every procedure replayed, built and rendered; time per checklist."""

from __future__ import annotations

import json
import time

from common import Figure, report
from guide_helpers import default_guide

from kiosk.guide.engine import build_checklist, paths
from kiosk.guide.render import render_text, to_json


def run(rounds: int = 20) -> list[Figure]:
    guide = default_guide()
    all_paths = [(p, dict(answers)) for p in guide.procedures for answers in paths(p)]
    checklists = [build_checklist(guide, p, a) for p, a in all_paths]
    count = 0
    start = time.perf_counter()
    for _ in range(rounds):
        for (procedure, answers), _checklist in zip(all_paths, checklists, strict=True):
            checklist = build_checklist(guide, procedure, answers)
            render_text(checklist, guide, "zh")
            render_text(checklist, guide, "en")
            count += 1
    per_checklist = (time.perf_counter() - start) / count * 1000
    # Baseline: serialising the same checklists to JSON text, the cheapest thing a front end could do.
    start = time.perf_counter()
    for _ in range(rounds):
        for checklist in checklists:
            json.dumps(to_json(checklist), ensure_ascii=False)
    baseline = (time.perf_counter() - start) / (rounds * len(checklists)) * 1000
    figure = Figure(
        f"engine: build + render zh/en ({len(all_paths)} paths)",
        per_checklist,
        "ms",
        baseline,
        "json.dumps of the same checklist",
        "< 1 ms per checklist",
        per_checklist < 1.0,
    )
    report("The engine", [figure])
    return [figure]


if __name__ == "__main__":
    run()
