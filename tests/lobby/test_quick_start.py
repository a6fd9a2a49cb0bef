"""What keeps the kiosk quick to start and to answer: the validated guide kept in a cache folder,
garbage collection off until the first paint, and Textual's render caches let go of with each visit."""

from __future__ import annotations

import gc
import os
import shutil
import threading
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FIXED_CODE, FakeStore
from lobby_helpers import until, walk_to
from textual._styles_cache import StylesCache
from textual.css.stylesheet import Stylesheet
from wizard_helpers import press, wait_for_store

import kiosk.app as app_module
import kiosk.guide.load as load
from kiosk.app import SETTLE_AFTER_PAINT, KioskApp
from kiosk.cli import start_without_collecting
from kiosk.guide.load import GUIDE_DIR, GuideError, load_guide
from kiosk.guide.model import Guide
from kiosk.mode import Mode
from screens.visitor.checklist import ChecklistScreen
from screens.visitor.welcome import Welcome
from store import StoreError

# -- the guide cache ---------------------------------------------------------------------------


@pytest.fixture
def guide_copy(tmp_path: Path) -> Path:
    root = tmp_path / "guide"
    root.mkdir()
    shutil.copy(GUIDE_DIR / "catalogue.yaml", root / "catalogue.yaml")
    shutil.copy(GUIDE_DIR / "sentences.yaml", root / "sentences.yaml")
    shutil.copytree(GUIDE_DIR / "procedures", root / "procedures")
    return root


@pytest.fixture
def full_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Each full load (parse and validate) of a guide, by its folder."""
    loads: list[Path] = []
    real = load._load

    def counted(root: Path, version: str) -> object:
        loads.append(root)
        return real(root, version)

    monkeypatch.setattr(load, "_load", counted)
    return loads


def test_a_validated_guide_is_read_back_from_the_cache(
    guide_copy: Path, tmp_path: Path, full_loads: list[Path]
) -> None:
    cache = tmp_path / "cache"
    first = load_guide(guide_copy, cache_dir=cache)
    second = load_guide(guide_copy, cache_dir=cache)
    assert full_loads == [guide_copy]  # the second came from the cache
    assert second == first == load_guide(guide_copy)
    assert len(list(cache.glob("guide-*.pickle"))) == 1


def test_a_changed_guide_file_is_checked_again_and_a_broken_one_refused(
    guide_copy: Path, tmp_path: Path, full_loads: list[Path]
) -> None:
    cache = tmp_path / "cache"
    load_guide(guide_copy, cache_dir=cache)
    reissue = guide_copy / "procedures" / "reissue.yaml"
    reissue.write_text(reissue.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    changed = load_guide(guide_copy, cache_dir=cache)
    assert len(full_loads) == 2
    assert len(list(cache.glob("guide-*.pickle"))) == 1  # the old version's file was replaced
    reissue.write_text(reissue.read_text(encoding="utf-8").replace("id: reissue", "id: Reissue!"), encoding="utf-8")
    with pytest.raises(GuideError) as error:
        load_guide(guide_copy, cache_dir=cache)
    assert error.value.file.endswith("procedures/reissue.yaml") and error.value.path == "id"
    assert changed.version != load_guide(GUIDE_DIR).version


def test_a_damaged_cache_file_is_ignored_and_written_again(
    guide_copy: Path, tmp_path: Path, full_loads: list[Path]
) -> None:
    cache = tmp_path / "cache"
    guide = load_guide(guide_copy, cache_dir=cache)
    (kept,) = cache.glob("guide-*.pickle")
    kept.write_bytes(kept.read_bytes()[:100])  # cut short, as by a power cut mid-write without the rename
    assert load_guide(guide_copy, cache_dir=cache) == guide
    assert len(full_loads) == 2
    assert load_guide(guide_copy, cache_dir=cache) == guide
    assert len(full_loads) == 2  # written again whole


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_a_read_only_cache_folder_only_means_checking_every_time(
    guide_copy: Path, tmp_path: Path, full_loads: list[Path]
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o500)
    assert load_guide(guide_copy, cache_dir=cache) == load_guide(guide_copy, cache_dir=cache)
    assert len(full_loads) == 2


def test_a_cache_folder_that_is_a_file_only_means_checking_every_time(
    guide_copy: Path, tmp_path: Path, full_loads: list[Path]
) -> None:
    cache = tmp_path / "cache"
    cache.write_text("not a folder", encoding="utf-8")
    assert load_guide(guide_copy, cache_dir=cache) == load_guide(guide_copy, cache_dir=cache)
    assert len(full_loads) == 2


# -- garbage collection ------------------------------------------------------------------------


@pytest.fixture
def collection_restored() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


MakeApp = Callable[..., KioskApp]


async def test_started_without_collecting_the_kiosk_collects_again_once_the_welcome_is_painted(
    make_app: MakeApp, collection_restored: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A wait long enough that a machine loaded by other work paints the welcome screen well within it.
    monkeypatch.setattr(app_module, "SETTLE_AFTER_PAINT", 20 * SETTLE_AFTER_PAINT)
    start_without_collecting()
    assert not gc.isenabled()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Welcome)
        assert not gc.isenabled()  # not yet: the screen was just painted
        await until(pilot, gc.isenabled, timeout=60 * SETTLE_AFTER_PAINT)
        assert gc.get_freeze_count() > 0  # what start-up built is left out of full collections


class CountingOpener:
    """The App's `open_store`: counts its calls and the threads they came from; fails as often as told first."""

    def __init__(self, store: FakeStore, *, failures: int = 0) -> None:
        self.store = store
        self.failures = failures
        self.threads: list[str] = []

    def __call__(self) -> FakeStore:
        self.threads.append(threading.current_thread().name)
        if self.failures:
            self.failures -= 1
            raise StoreError("read_only", "fake opener: read-only for now")
        return self.store


async def test_the_store_is_opened_in_a_thread_once_the_welcome_is_painted_not_at_the_first_checklist(
    guide: Guide, fake_store: FakeStore
) -> None:
    opener = CountingOpener(fake_store)
    app = KioskApp(guide, open_store=opener)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(opener.threads), timeout=60 * SETTLE_AFTER_PAINT)  # no key pressed
        assert isinstance(app.screen, Welcome)
        assert opener.threads[0] != threading.main_thread().name
        await walk_to(pilot, "checklist")
        await wait_for_store(app)
        assert len(fake_store.saved) == 1
    assert len(opener.threads) == 1  # the save found it open


async def test_a_store_that_cannot_open_early_is_opened_again_by_the_first_save(
    guide: Guide, fake_store: FakeStore, caplog: pytest.LogCaptureFixture
) -> None:
    opener = CountingOpener(fake_store, failures=1)
    app = KioskApp(guide, open_store=opener)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(opener.threads), timeout=60 * SETTLE_AFTER_PAINT)
        await wait_for_store(app)
        assert "opening the store failed (read_only)" in caplog.text
        await walk_to(pilot, "checklist")
        await wait_for_store(app)
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.pickup_code == FIXED_CODE
    assert len(opener.threads) == 2 and len(fake_store.saved) == 1


async def test_a_kiosk_started_with_collection_on_does_not_freeze_anything(make_app: MakeApp) -> None:
    frozen = gc.get_freeze_count()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1")
    assert gc.isenabled() and gc.get_freeze_count() == frozen


async def test_a_new_visit_lets_go_of_the_render_caches_of_the_last(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "1")
        caches = [weakref.ref(widget._styles_cache) for widget in app.screen.walk_children(with_self=True)]
        assert StylesCache.get_inner_outer.cache_info().currsize > 0
        await press(pilot, "f5")
        assert isinstance(app.screen, Welcome)

        def gone() -> bool:  # the last visit's screens: Textual prunes them in turns, later under load
            gc.collect()
            return all(cache() is None for cache in caches)

        await until(pilot, gone)


async def test_kiosk_staff_also_collects_again_though_it_starts_behind_the_pin(
    guide: Guide, tmp_path: Path, collection_restored: None
) -> None:
    start_without_collecting()
    # `kiosk staff`: the lock screen, no welcome; its PIN kept in a folder of the test's own
    app = KioskApp(guide, open_store=FakeStore, mode=Mode.STAFF_ONLY, pin_folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(SETTLE_AFTER_PAINT + 0.2)
        assert not isinstance(app.screen, Welcome)
        assert gc.isenabled()


async def test_the_welcome_screens_styles_are_read_with_the_apps_so_pushing_it_parses_nothing_again(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    reparsed: list[int] = []
    real = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparsed.append(len(self.source))
        real(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Welcome)
        # Nor for the theme: the kiosk's is the App's from the start (KioskApp.theme), not set once running.
        assert reparsed == []
        await pilot.press("f6")  # a theme change does parse again: the count above would have seen it
        await pilot.pause()
        assert app.theme == "kiosk-high-contrast"
    assert len(reparsed) == 1
