"""Responsiveness: key press to the next screen painted, over headless walkthroughs of every procedure.

Also, without a budget or baseline: F2 (English and back, on the procedure screen) and a typed digit
(the age), each from the key to the same screen repainted.

What is timed (see drive.py): from posting the `Key` event through the App's driver, as a terminal
does, until the next screen is the current one, every widget on it has handled its queued messages
(mount, compose, focus) and its compositor refresh has run (`call_after_refresh`). For the kiosk that
includes the walk worker, the engine (replay, checklist) and, on the way to the checklist, the save to
a real SQLite store in a temp folder. No Pilot sleeps are in the timings. The kiosk starts as `kiosk run`
starts it: at the kiosk's frame rate (kiosk.crashlog.KIOSK_FPS, set by common.py), garbage collection off
until the welcome screen is painted, then start-up's objects frozen out of later collections
(kiosk.app.settle_memory); the baseline shares the process, and so all of that too. The walks start once the
kiosk is ready for visitors, as a visitor finds it: its work after the first paint done (ready_for_visitors).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
from functools import partial
from pathlib import Path

from common import Figure, percentile, report
from drive import other_than, settled, timed_repaint, timed_screen_change
from guide_helpers import default_guide
from minimal import Page, TwoScreens
from textual.app import App
from wizard_helpers import keys_for, procedure_key

from kiosk.app import SETTLE_AFTER_PAINT, KioskApp
from kiosk.cli import start_without_collecting
from kiosk.guide.engine import paths
from kiosk.guide.model import Answers, Guide, Procedure
from screens.kiosk_screen import KioskScreen
from screens.visitor.blocked import Blocked
from screens.visitor.check_answers import CheckAnswers
from screens.visitor.checklist import ChecklistScreen
from screens.visitor.welcome import Welcome
from store import Store

SIZE = (80, 24)


class Samples:
    def __init__(self, baseline: App[None] | None = None) -> None:
        self.baseline = baseline  # when given, one baseline key is timed right after each kiosk key
        self.screen_change: list[float] = []  # seconds
        self.typing: list[float] = []
        self.language: list[float] = []
        self.baseline_change: list[float] = []
        self.steps: dict[str, list[float]] = {}  # "Welcome -> ChooseProcedure": seconds
        self.walks = 0

    async def add(self, seconds: float, step: str) -> None:
        self.screen_change.append(seconds)
        self.steps.setdefault(step, []).append(seconds)
        if self.baseline is not None:
            app = self.baseline
            _, base = await timed_screen_change(app, ["enter"], other_than(app.screen, Page))
            self.baseline_change.append(base)


def walks(guide: Guide, every_path: bool) -> list[tuple[Procedure, Answers]]:
    """Every path of every procedure, or (quick) the first path of each."""
    chosen: list[tuple[Procedure, Answers]] = []
    for procedure in guide.procedures:
        all_paths = list(paths(procedure))
        chosen += [(procedure, a) for a in (all_paths if every_path else all_paths[:1])]
    return chosen


async def walk_kiosk(app: KioskApp, procedure: Procedure, answers: Answers, samples: Samples) -> None:
    """Welcome -> procedure -> each question -> check answers -> checklist (or blocked) -> F5 -> welcome."""

    async def to_next(*keys: str) -> KioskScreen[object]:
        old = type(app.screen).__name__
        screen, seconds = await timed_screen_change(app, keys, other_than(app.screen, KioskScreen))
        await samples.add(seconds, f"{old} -> {type(screen).__name__}")
        assert isinstance(screen, KioskScreen)
        return screen

    assert isinstance(app.screen, Welcome), app.screen
    await to_next("enter")
    for key in ("f2", "f2"):  # English and back: the screen is composed again in the other language
        samples.language.append(await timed_repaint(app, key))
    screen = await to_next(procedure_key(app.guide, procedure.id))
    for key_group in per_question(procedure, answers):
        *typed, last = key_group
        for key in typed:
            samples.typing.append(await timed_repaint(app, key))
        screen = await to_next(last)
    if isinstance(screen, CheckAnswers):
        screen = await to_next("enter")
    assert isinstance(screen, ChecklistScreen | Blocked), f"{procedure.id} {answers}: ended on {screen}"
    screen = await to_next("f5")
    assert isinstance(screen, Welcome), screen
    samples.walks += 1


def per_question(procedure: Procedure, answers: Answers) -> list[list[str]]:
    """The keys of each answer: a choice's number, or the digits then Enter."""
    groups: list[list[str]] = []
    for i in range(len(answers)):
        before = keys_for(procedure, answers[:i])
        groups.append(keys_for(procedure, answers[: i + 1])[len(before) :])
    return groups


async def measure(guide: Guide, every_path: bool, folder: Path) -> Samples:
    """The kiosk's walks, each key followed by a baseline key, both Apps running side by side.

    Interleaving the two keeps a busy machine's swings (other processes) out of the ratio.
    """
    baseline = TwoScreens()
    app = KioskApp(guide, open_store=partial(Store, folder / "keys.db"))
    start_without_collecting()  # as `kiosk run` starts it; the App turns it on after its mount
    samples = Samples(baseline)
    async with baseline.run_test(size=SIZE), app.run_test(size=SIZE):
        await settled(baseline)
        await settled(app)
        await ready_for_visitors(app)
        for procedure, answers in walks(guide, every_path):
            await walk_kiosk(app, procedure, answers, samples)
    return samples


async def ready_for_visitors(app: KioskApp) -> None:
    """Wait as a visitor walking up to the kiosk does: until what it does once its first screen is painted
    (SETTLE_AFTER_PAINT: settle start-up's memory, open the store in a thread) is done."""
    await asyncio.sleep(SETTLE_AFTER_PAINT)
    await app.workers.wait_for_complete([worker for worker in app.workers if worker.group == "store"])


def by_screen(samples: Samples, count: int = 4) -> str:
    """The slowest kinds of step by their median, e.g. "CheckAnswers -> ChecklistScreen 120 (n=55)"."""
    medians = sorted(((statistics.median(t) * 1000, step, len(t)) for step, t in samples.steps.items()), reverse=True)
    return "; ".join(f"{step} {ms:.0f} (n={n})" for ms, step, n in medians[:count])


def run(quick: bool = False) -> list[Figure]:
    guide = default_guide()
    with tempfile.TemporaryDirectory() as tmp:
        samples = asyncio.run(measure(guide, every_path=not quick, folder=Path(tmp)))
    base = samples.baseline_change
    ms = [s * 1000 for s in samples.screen_change]
    base_ms = [s * 1000 for s in base]
    typing_ms = [s * 1000 for s in samples.typing]
    med, p95 = statistics.median(ms), percentile(ms, 95)
    base_med, base_p95 = statistics.median(base_ms), percentile(base_ms, 95)
    figures = [
        Figure(
            f"key -> next screen painted, median, {len(ms)} keys",
            med,
            "ms",
            base_med,
            "2-screen app",
            "<= 50 ms",
            med <= 50,
        ),
        Figure("key -> next screen painted, 95th pct", p95, "ms", base_p95, "2-screen app", "<= 100 ms", p95 <= 100),
        Figure("key -> next screen painted, slowest", max(ms), "ms", max(base_ms), "2-screen app"),
    ]
    language_ms = [s * 1000 for s in samples.language]
    figures.append(
        Figure(f"F2 language -> repainted, median, {len(language_ms)}", statistics.median(language_ms), "ms")
    )
    if typing_ms:
        figures.append(
            Figure(f"typed digit -> repainted, median, {len(typing_ms)}", statistics.median(typing_ms), "ms")
        )
    report(f"Responsiveness ({samples.walks} headless walkthroughs, every procedure, 80x24)", figures)
    slow = by_screen(samples)
    print(f"  slowest steps (median ms): {slow}")
    return figures


if __name__ == "__main__":
    run()
