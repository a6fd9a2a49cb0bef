"""Shared fixtures: the packaged guide, a fake checklist store, and a kiosk App wired to it."""

from __future__ import annotations

import atexit
import gc
import logging
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime

import css_helpers
import idle_helpers
import pytest
from guide_helpers import default_guide
from log_helpers import close_logging
from pg_helpers import empty_db, pg_cluster, site_db, site_template  # noqa: F401  (fixtures: a throwaway PostgreSQL for the site store)

from kiosk.app import KioskApp
from kiosk.crashlog import PROJECT_LOGGERS
from kiosk.guide.model import Checklist, Guide
from store import SavedChecklist, StoreError
from store.errors import StoreErrorKind

# This machine sets PYTHONDONTWRITEBYTECODE: without this, every worker and every kiosk, supervisor and pytest the
# tests start compiled the kiosk's and the tests' modules again (pytest rewriting each test module's asserts
# included: half of a worker's 5 s of collection). The suite writes .pyc files, as an installed kiosk has them;
# the workers, started after this conftest is read, and every child inherit it.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False
# One guide cache for every kiosk the tests start in a terminal or a browser (tests/tmux_helpers.guide_cache), as
# a lobby kiosk has it after its first start: with a fresh home each, every one parsed and checked the guide again
# (0.35 CPU-s each). Made once by the first pytest process and inherited by its workers; the cache is keyed by
# the guide's and the code's contents (kiosk.guide.load._cached), so it never gives a kiosk another guide.
if "KIOSK_TESTS_GUIDE_CACHE" not in os.environ:
    os.environ["KIOSK_TESTS_GUIDE_CACHE"] = tempfile.mkdtemp(prefix="kiosk-tests-guide-cache-")
    atexit.register(shutil.rmtree, os.environ["KIOSK_TESTS_GUIDE_CACHE"], True)
idle_helpers.install()  # Pilot waits on the event loop, not on 20 ms sleeps (tests/idle_helpers)
css_helpers.install()  # each worker parses each stylesheet once, not once per App (tests/css_helpers)
# A young-generation collection every 50,000 new objects instead of 700: a Pilot test makes hundreds of
# thousands (Textual's strips and caches), and the default's collections took about an eighth of the screens' tests
# (tests/screens/test_wizard.py alone: 31.4 s -> 27.4 s). Garbage is still collected, only less often.
gc.set_threshold(50_000, 20, 20)

FIXED_CODE = "K7M-Q4X"


class FakeStore:
    """Records what the kiosk saves and counts; hands out a fixed pickup code, or fails as told."""

    def __init__(self, *, code: str = FIXED_CODE, fail: StoreErrorKind | None = None) -> None:
        self.code = code
        self.fail = fail
        self.saved: list[dict[str, object]] = []
        self.abandoned: list[tuple[str, str | None]] = []
        self.moved_aside = None  # never damaged

    def save(
        self,
        *,
        visit_id: str,
        procedure: str,
        answers: Sequence[tuple[str, str | int]],
        guide_version: str,
        lang: str,
        channel: str,
        checklist: Checklist | None = None,
    ) -> SavedChecklist:
        if self.fail is not None:
            raise StoreError(self.fail, f"fake store: {self.fail}")
        self.saved.append(
            {
                "visit_id": visit_id,
                "procedure": procedure,
                "answers": tuple(answers),
                "guide_version": guide_version,
                "lang": lang,
                "channel": channel,
                "checklist": checklist,
            }
        )
        created = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
        return SavedChecklist(self.code, created, procedure, tuple(answers), guide_version, lang, channel, "new")

    def record_abandonment(self, procedure: str, question: str | None) -> None:
        if self.fail is not None:
            raise StoreError(self.fail, f"fake store: {self.fail}")
        self.abandoned.append((procedure, question))

    # Staff mode's reads: the fake holds no checklists and no counts (staff tests use a real Store).
    def find(self, code: str) -> SavedChecklist | None:
        return None

    def expired_on(self, code: str) -> date | None:
        return None

    def mark_handled(self, code: str) -> bool:
        return False

    def counts_per_day(self, since: date, until: date) -> list[tuple[date, str, int]]:
        return []

    def abandonments(self, since: date, until: date) -> list[tuple[str, str, int]]:
        return []


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` starts two workers per core. About a third of the suite waits on real parts (pip, a browser,
    a kiosk in tmux, PostgreSQL), during which a worker uses no CPU: with one worker per core the two cores
    sat 30 % idle. On this 2-core machine the suite took 415 s with 2 workers, and 253 s with 4 (with the
    collection threshold above and the slow modules first; 304 s with 6)."""
    return 2 * len(os.sched_getaffinity(0))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the slowest modules first: the end-to-end ones and those whose tests share a worker (an
    xdist_group: a built wheelhouse, a browser). Started last, one of them would run
    alone at the end while the other workers had finished. Each module's tests stay together and in order."""

    def slow(item: pytest.Item) -> bool:
        return "e2e" in item.path.parts or item.get_closest_marker("xdist_group") is not None

    slow_modules = {item.path for item in items if slow(item)}
    items.sort(key=lambda item: item.path not in slow_modules)  # a stable sort: False (slow) first


def pytest_unconfigure(config: pytest.Config) -> None:
    """Collect once, then freeze what is left, before pytest's own last look for unraisable exceptions (which
    runs after this hook): that look collects five times over, and a worker's heap at the end (the modules and
    caches of some 500 tests, half a million objects) made it about 2 CPU-s of each worker, all at the end of
    the run. The garbage is found and finalised by this collection; pytest's five then see only what that made
    (garbage that only a second pass would free, behind a finaliser, is frozen instead and not looked at)."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def collection_as_found() -> Iterator[None]:
    """Each test ends with garbage collection on and nothing frozen, as pytest starts it.

    `kiosk run` turns collection off until its first paint (kiosk.cli.start_without_collecting), and the
    App's first paint then freezes what exists (kiosk.app.settle_memory). A test that runs the CLI in-process
    would otherwise leave the next tests of its worker collecting less, in whichever order the workers
    happen to run them (tests/lobby/test_quick_start.py's render caches would then outlive their visit)."""
    yield
    if not gc.isenabled() or gc.get_freeze_count():
        gc.unfreeze()
        gc.enable()


@pytest.fixture(autouse=True)
def logging_as_found() -> Iterator[None]:
    """Each test ends with the project's loggers propagating to the root (where caplog listens) and without
    their handlers, and with Python's own exception hooks.

    `run_kiosk` and the CLI call `setup_logging` (a file handler, propagate off) and `install_excepthooks`; a
    test that runs them in-process would otherwise leave every later test of its worker logging past caplog
    (tests/screens/test_themes.py's configuration test, then tests/store/test_store_faults.py's caplog check)."""
    hooks = (sys.excepthook, threading.excepthook)
    yield
    if any(logging.getLogger(name).handlers or not logging.getLogger(name).propagate for name in PROJECT_LOGGERS):
        close_logging()
    sys.excepthook, threading.excepthook = hooks


@pytest.fixture(scope="session")
def guide() -> Guide:
    return default_guide()


@pytest.fixture
def fake_store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def make_app(guide: Guide, fake_store: FakeStore) -> Callable[..., KioskApp]:
    """A kiosk App on the packaged guide and the fake store (or another store, or a failing opener)."""

    def make(
        *, store: object | None = None, lang: str = "zh", open_store: Callable[[], object] | None = None
    ) -> KioskApp:
        opener = open_store or (lambda: store if store is not None else fake_store)
        return KioskApp(guide, open_store=opener, lang=lang)  # type: ignore[arg-type]

    return make
