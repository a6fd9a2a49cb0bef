"""Memory: resident size after 2,000 headless walkthroughs, with the idle wipe (`reset_visit()`) between them.

Each walkthrough goes through the real screens by keys (welcome, procedure, every question, check your
answers) to the checklist, which is saved to a real Store in a temp folder and painted; then the App's
`reset_visit()` (what the idle timeout calls) wipes the visit and the welcome screen comes back. The
walks cycle through every path of every procedure that ends in a checklist. To be quick, the steps
before the checklist wait only until the next screen is current, not painted.

The kiosk and the baseline (a minimal Textual app replacing its one-line screen as many times as the
kiosk changed screens) each run in a fresh child process, so each RSS is its own; RSS is VmRSS from
/proc/self/status after a gc.collect(), peak is VmHWM.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from common import Figure, report
from drive import other_than, screen_change, settled, wait_for_screen
from minimal import Page, TwoScreens

if TYPE_CHECKING:
    from kiosk.guide.model import Procedure

SIZE = (80, 24)
MB = 1024 * 1024


def status_kb(field: str) -> int:
    """A size from /proc/self/status, in kB (e.g. VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def rss_now() -> int:
    gc.collect()
    return status_kb("VmRSS") * 1024


def walk_plan(walks: int) -> list[tuple[Procedure, list[list[str]]]]:
    """The walks, in order: every path of every procedure that ends in a checklist, round and round; each
    with its keys per screen (Enter on the welcome screen, the procedure's number, then each answer's)."""
    # Imported here: the baseline's child process must not carry the kiosk's modules in its RSS.
    from bench_keys import per_question
    from guide_helpers import default_guide
    from wizard_helpers import procedure_key

    from kiosk.guide.engine import build_checklist, paths

    guide = default_guide()
    paths_to_checklists = [
        (procedure, answers)
        for procedure in guide.procedures
        for answers in paths(procedure)
        if not build_checklist(guide, procedure, dict(answers)).blockers
    ]
    plan = []
    for procedure, answers in itertools.islice(itertools.cycle(paths_to_checklists), walks):
        keys = [["enter"], [procedure_key(guide, procedure.id)], *per_question(procedure, answers)]
        if answers:
            keys.append(["enter"])  # check your answers -> the checklist
        plan.append((procedure, keys))
    return plan


def screen_changes(plan: list[tuple[Procedure, list[list[str]]]]) -> int:
    """How many times the kiosk changes screen over `plan`, the wipe back to the welcome screen included."""
    return sum(len(keys) + 1 for _, keys in plan)


async def kiosk_child(walks: int, folder: Path) -> dict[str, object]:
    from guide_helpers import default_guide

    from kiosk.app import KioskApp
    from kiosk.cli import start_without_collecting
    from screens.kiosk_screen import KioskScreen
    from screens.visitor.checklist import ChecklistScreen
    from screens.visitor.welcome import Welcome
    from store import Store

    guide = default_guide()
    plan = walk_plan(walks)
    db = folder / "memory.db"
    app = KioskApp(guide, open_store=partial(Store, db))
    start_without_collecting()  # as `kiosk run` starts it: see kiosk.cli
    changes = 0
    samples: list[int] = []
    async with app.run_test(size=SIZE):
        await settled(app)
        start = time.perf_counter()
        for walk, (procedure, key_groups) in enumerate(plan):
            for keys in key_groups:
                screen = await screen_change(app, keys, other_than(app.screen, KioskScreen))
            assert isinstance(screen, ChecklistScreen), f"{procedure.id}: ended on {screen}"
            assert screen.pickup_code is not None, "the checklist was not saved"
            await settled(app)
            await wait_for_screen(app, other_than(screen, Welcome), partial(app.call_later, app.reset_visit))
            await settled(app)
            changes += len(key_groups) + 1
            if walk + 1 in (walks // 2, walks):
                samples.append(rss_now())
        seconds = time.perf_counter() - start
    with sqlite3.connect(db) as conn:
        saved = conn.execute("SELECT count(*) FROM checklists").fetchone()[0]
    wal = db.with_name(db.name + "-wal")
    return {
        "rss_half": samples[0],
        "rss_end": samples[1],
        "peak": status_kb("VmHWM") * 1024,
        "changes": changes,
        "saved": saved,
        "wal_bytes": wal.stat().st_size if wal.exists() else 0,
        "seconds": seconds,
    }


async def baseline_child(changes: int) -> dict[str, object]:
    app = TwoScreens()
    samples: list[int] = []
    async with app.run_test(size=SIZE):
        await settled(app)
        start = time.perf_counter()
        for change in range(changes):
            await screen_change(app, ["enter"], other_than(app.screen, Page))
            await settled(app)
            if change + 1 in (changes // 2, changes):
                samples.append(rss_now())
        seconds = time.perf_counter() - start
    return {"rss_half": samples[0], "rss_end": samples[1], "peak": status_kb("VmHWM") * 1024, "seconds": seconds}


def start_child(kind: str, count: int) -> subprocess.Popen[str]:
    """A fresh process: `python3 bench_memory.py --child kiosk|baseline COUNT`, which prints one JSON line."""
    command = [sys.executable, str(Path(__file__)), "--child", kind, str(count)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def child_result(child: subprocess.Popen[str]) -> dict[str, object]:
    out, err = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"{child.args} failed:\n{err[-3000:]}")
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def run(walks: int = 2000) -> list[Figure]:
    changes = screen_changes(walk_plan(walks))
    # Side by side (neither is timed): the baseline needs as long as the kiosk's walks otherwise.
    kiosk_process, base_process = start_child("kiosk", walks), start_child("baseline", changes)
    kiosk, base = child_result(kiosk_process), child_result(base_process)
    assert kiosk["changes"] == changes, (kiosk["changes"], changes)

    def mb(result: dict[str, object], key: str) -> float:
        return float(str(result[key])) / MB

    growth = mb(kiosk, "rss_end") - mb(kiosk, "rss_half")
    base_growth = mb(base, "rss_end") - mb(base, "rss_half")
    half = walks // 2
    figures = [
        Figure(
            f"RSS after {walks:,} walks",
            mb(kiosk, "rss_end"),
            "MB",
            mb(base, "rss_end"),
            f"2-screen app, {changes:,} changes",
        ),
        Figure(
            f"RSS growth, walks {half + 1:,}-{walks:,}",
            growth,
            "MB",
            base_growth,
            "2-screen app, 2nd half",
            "< 2 MB",
            growth < 2.0,
        ),
        Figure(
            "RSS peak (VmHWM)",
            mb(kiosk, "peak"),
            "MB",
            mb(base, "peak"),
            "2-screen app",
            "< 100 MB",
            mb(kiosk, "peak") < 100,
        ),
    ]
    report("Memory (headless walkthroughs, idle wipe between them)", figures)
    print(
        f"  ({kiosk['saved']} checklists saved; WAL {int(str(kiosk['wal_bytes'])) // 1024} kB at the end; "
        f"kiosk {float(str(kiosk['seconds'])):.0f} s, baseline {float(str(base['seconds'])):.0f} s)"
    )
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        kind, count = sys.argv[2], int(sys.argv[3])
        with tempfile.TemporaryDirectory() as tmp:
            if kind == "kiosk":
                outcome = asyncio.run(kiosk_child(count, Path(tmp)))
            else:
                outcome = asyncio.run(baseline_child(count))
        print(json.dumps(outcome))
    else:
        run(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
