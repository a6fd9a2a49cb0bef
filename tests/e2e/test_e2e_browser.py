"""End to end in a real browser: `kiosk serve` driven in the system Chromium with Playwright, as counter staff
would use it: the PIN, a code a lobby kiosk saved, the checklist read off the page, marked handled."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from parts_helpers import missing
from pg_helpers import SiteDatabase
from tmux_helpers import guide_cache

from kiosk.guide.engine import build_checklist
from kiosk.guide.model import Guide
from kiosk.pin import PinGuard
from screens.staff import pin_prompt, staff_words
from screens.staff.staff_lock import StaffLock
from store import Store
from store.pg import PgStore
from store.site import SiteSettings, SiteStore

# Debian's Chromium headless shell (package chromium-headless-shell): the same Chromium, built without the
# browser's window and profile parts; Playwright's own headless runs use it too. The six tests took 18.9 and 19.5
# CPU-s with the full /usr/bin/chromium, 12.6 and 16.1 with it (2026-12-04, `time pytest -n0` on this file).
CHROMIUM = "/usr/bin/chromium-headless-shell"
# One worker runs this file's tests, so the module's one browser is launched once (pyproject: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PIN = "246810"
WRONG_PIN = "135799"
ANSWERS = {"identity": "mainland", "age": 30, "applicant": "self", "channel": "instant_outlet"}

# textual.js keeps its xterm.js Terminal in a closure; this catches it as it is stored (`this.terminal = ...`),
# then takes the hook away again, so the test can read what the terminal shows from its buffer.
CATCH_TERMINAL = """
window.kioskTerminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    delete Object.prototype.terminal;
    this.terminal = value;
    window.kioskTerminals.push(value);
  },
});
"""
READ_SCREEN = """() => {
  const terminal = window.kioskTerminals[0];
  if (terminal === undefined) return null;
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(y);
    rows.push(line === undefined ? "" : line.translateToString(true));
  }
  return rows.join("\\n");
}"""
# Which of the page's fonts the browser found and loaded (a CJK face needs a local CJK font).
LOADED_FACES = """() => [...document.fonts].filter(f => f.status === "loaded")
  .map(f => ({family: f.family, range: f.unicodeRange, weight: f.weight}))"""


def descendants(pid: int) -> list[int]:
    """Every process started by `pid`, and by them, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces; the parent's pid is the 2nd field after it.
        parent = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cells(text: str) -> int:
    """How many terminal cells `text` takes: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wait_until(condition: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.1)


@dataclass
class Counter:
    """A running `kiosk serve` with its own data folder, PIN and store."""

    process: subprocess.Popen[str]
    url: str
    open_store: Callable[[], Any]  # the store the counter reads, as the test opens it
    data_dir: Path
    pickup_code: str
    checklist_names: list[str]

    def sessions(self) -> list[int]:
        return descendants(self.process.pid)

    def status(self) -> str | None:
        """The saved checklist's status in the store, read by the test itself."""
        store = self.open_store()
        try:
            saved = store.find(self.pickup_code)
        finally:
            store.close()
        return None if saved is None else str(saved.status)


def write_config(folder: Path, staff_lock: float, *, database_url: str | None = None) -> Path:
    config = folder / "kiosk.toml"
    site = "" if database_url is None else f'database_url = "{database_url}"\n'
    config.write_text(f'data_dir = "{folder / "data"}"\n{site}\n[idle]\nstaff_lock = {staff_lock}\n', encoding="utf-8")
    config.chmod(0o600)  # it may hold the site store's password
    return config


@pytest.fixture
def start_counter(tmp_path: Path, guide: Guide) -> Iterator[Callable[..., Counter]]:
    started: list[subprocess.Popen[str]] = []

    def start(*, staff_lock: float = 120.0, site: SiteDatabase | None = None) -> Counter:
        """`kiosk serve` on a store a lobby kiosk saved a checklist into: a SQLite file, or the `site` store."""
        home = tmp_path / "home"
        home.mkdir(exist_ok=True)
        config = write_config(tmp_path, staff_lock, database_url=None if site is None else site.counter_url)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("KIOSK_") and k not in ("COLUMNS", "LINES")},
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "share"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": guide_cache(home),
            "LANG": "C.UTF-8",
        }
        kiosk = [sys.executable, "-m", "kiosk"]
        subprocess.run(
            [*kiosk, "set-pin", "--pin-stdin", "--config", str(config)],
            input=f"{PIN}\n",
            env=env,
            check=True,
            text=True,
            capture_output=True,
        )
        procedure = guide.procedure("first_application")
        assert procedure is not None
        checklist = build_checklist(guide, procedure, ANSWERS)
        db = tmp_path / "hall.db"
        lobby: Any
        if site is None:
            lobby = Store(db)
        else:  # a lobby kiosk of the site: its outbox forwards the save to the server
            outbox = tmp_path / "lobby-outbox.db"
            lobby = SiteStore(SiteSettings(url=site.lobby_url, terminal_id="lobby-1", outbox_path=outbox))
            wait_until(lambda: not lobby.outbox.needs_code_space(), "the lobby to claim its code space")
        with lobby:  # what a lobby kiosk saves at the end of a walk (the App's _save_now)
            saved = lobby.save(
                visit_id="lobby-visit-1",
                procedure=procedure.id,
                answers=tuple(ANSWERS.items()),
                guide_version=checklist.guide_version,
                lang="zh",
                channel="kiosk",
                checklist=checklist,
            )
            if site is not None:
                wait_until(lambda: lobby.outbox.depth() == (0, 0), "the lobby's save to reach the server")
        where = ["--db", str(db)] if site is None else []  # the site store: database_url in the configuration
        process = subprocess.Popen(
            [*kiosk, "serve", "--port", "0", *where, "--config", str(config)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None
        line = process.stdout.readline()  # the first line names the address, once it listens
        match = re.search(r"served on (http://\S+)", line)
        assert match, f"`kiosk serve` did not start: {line!r} {process.stderr.read() if process.stderr else ''}"
        names = [item.name.zh for item in checklist.items]
        opened = (lambda: Store(db)) if site is None else (lambda: PgStore(site.counter_url, terminal_id="check"))
        return Counter(process, match.group(1), opened, tmp_path / "data", saved.pickup_code, names)

    yield start
    for process in started:
        leftovers = descendants(process.pid)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for pid in leftovers:  # a session still alive after its server stopped would be a bug: see the test
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python (pip: playwright)")
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        missing(f"Chromium's headless shell ({CHROMIUM}, Debian package chromium-headless-shell)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Tab:
    """One browser tab on the counter's page, with every request it made."""

    def __init__(self, browser: Any, url: str) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("websocket", lambda websocket: self.requests.append(websocket.url))
        self.page.add_init_script(CATCH_TERMINAL)
        self.page.goto(url)

    def screen(self) -> str:
        return str(self.page.evaluate(READ_SCREEN) or "")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        def shown() -> str:
            screen = self.screen()
            return screen if text in screen else ""

        try:
            return str(wait_until(shown, repr(text), timeout))
        except AssertionError as error:
            raise AssertionError(f"{error}; the page shows:\n{self.screen()}") from None

    def type(self, *keys: str) -> None:
        """Type into the terminal as staff would: its hidden text area has the keyboard."""
        self.page.locator("textarea.xterm-helper-textarea").focus()
        for key in keys:
            if len(key) == 1:
                self.page.keyboard.type(key)
            else:
                self.page.keyboard.press(key)

    def click_text(self, text: str) -> None:
        """Click the middle of `text` where the terminal shows it, as staff would with the mouse."""
        rows = self.wait_for(text).split("\n")
        row = next(y for y, line in enumerate(rows) if text in line)
        line = rows[row]
        start = cells(line[: line.index(text)])
        box = self.page.locator(".xterm-screen").bounding_box()
        assert box is not None
        terminal = self.page.evaluate("() => [window.kioskTerminals[0].cols, window.kioskTerminals[0].rows]")
        cell_width, cell_height = box["width"] / terminal[0], box["height"] / terminal[1]
        x = box["x"] + (start + cells(text) / 2) * cell_width
        self.page.mouse.click(x, box["y"] + (row + 0.5) * cell_height)

    def sign_in(self, pin: str = PIN) -> None:
        self.wait_for(StaffLock.HEADING.en)
        self.type(*pin, "Enter")

    def close(self) -> None:
        self.page.close()


def test_staff_open_a_kiosk_checklist_in_the_browser_and_mark_it_handled(
    browser: Any, start_counter: Callable[..., Counter], tmp_path: Path
) -> None:
    counter = start_counter()
    tab = Tab(browser, counter.url)
    tab.sign_in()
    tab.wait_for(staff_words.STAFF_TITLE.zh)
    tab.type("F12")  # the lobby's way to the staff menu and back to visitors: nothing here
    time.sleep(1)  # nothing to wait for: F12 must change nothing
    home = tab.screen()
    assert staff_words.STAFF_TITLE.zh in home and pin_prompt.HEADING.zh not in home
    assert "访客模式" not in home and "visitor mode" not in home  # the served page never offers visitor mode
    tab.click_text(staff_words.OPEN_HEADING.zh)  # the mouse works as well as the keys
    tab.wait_for(staff_words.CODE_HINT.zh[:8])
    tab.type(*counter.pickup_code.lower().replace("-", " "), "Enter")
    shown = tab.wait_for(staff_words.SAVED_HEADING.zh.format(code=counter.pickup_code))
    assert staff_words.STATUS_NEW.zh in shown
    first_lines = counter.checklist_names[:2]
    assert all(name in shown for name in first_lines), (first_lines, shown)
    shot = tmp_path / "counter-checklist.png"
    tab.page.screenshot(path=str(shot))
    print(f"screenshot of the checklist in Chromium: {shot}")

    tab.type("h")
    tab.wait_for(staff_words.STATUS_HANDLED.zh)
    assert counter.status() == "handled"

    # Chinese is drawn with a local CJK font, through the page's own font faces.
    faces = tab.page.evaluate(LOADED_FACES)
    cjk = [face for face in faces if face["family"].strip("\"'") == "Roboto Mono" and "4E00" in face["range"].upper()]
    assert cjk, faces
    # Every request the page made, the websocket included, went to this server and nowhere else.
    server = urlsplit(counter.url).netloc
    assert tab.requests and {urlsplit(url).netloc for url in tab.requests} == {server}, tab.requests
    assert {urlsplit(url).scheme for url in tab.requests} == {"http", "ws"}
    tab.close()


def wrong_pin_message(attempts_left: int) -> str:
    """The start of what the PIN prompt says after a wrong PIN (short enough not to wrap)."""
    return pin_prompt.WRONG.en.format(attempts=attempts_left, minutes=pin_prompt.LOCK_MINUTES)[:17]


def test_wrong_pins_in_the_browser_count_toward_the_same_lock_as_at_a_terminal(
    browser: Any, start_counter: Callable[..., Counter]
) -> None:
    counter = start_counter()
    tab = Tab(browser, counter.url)
    tab.sign_in(WRONG_PIN)
    tab.wait_for(wrong_pin_message(attempts_left=4))
    for attempts_left in (3, 2, 1):
        tab.type(*WRONG_PIN, "Enter")
        tab.wait_for(wrong_pin_message(attempts_left))
    # The fifth wrong PIN, as `kiosk staff` at a terminal checks it (the same PIN folder): the lock closes.
    at_terminal = PinGuard(counter.data_dir).check(WRONG_PIN)
    assert at_terminal.status.value == "locked"
    tab.type(*PIN, "Enter")  # now even the right PIN is refused in the browser
    tab.wait_for(pin_prompt.LOCKED.en.partition(" Try")[0])
    assert staff_words.STAFF_TITLE.zh not in tab.screen()
    tab.close()


def test_an_idle_browser_session_locks_after_staff_lock(browser: Any, start_counter: Callable[..., Counter]) -> None:
    counter = start_counter(staff_lock=10)  # the shortest the configuration allows
    tab = Tab(browser, counter.url)
    tab.wait_for(StaffLock.HEADING.en)
    tab.type(*PIN)
    last_key = time.monotonic()
    tab.type("Enter")
    tab.wait_for(staff_words.STAFF_TITLE.zh)
    tab.wait_for(StaffLock.HEADING.en, timeout=40)  # nobody touches it: the lock covers the staff home
    assert time.monotonic() - last_key >= 10
    tab.type(*PIN, "Enter")
    tab.wait_for(staff_words.STAFF_TITLE.zh)
    tab.close()


def test_closing_the_tab_ends_its_session_process(browser: Any, start_counter: Callable[..., Counter]) -> None:
    counter = start_counter()
    assert counter.sessions() == []
    first = Tab(browser, counter.url)
    first.wait_for(StaffLock.HEADING.en)
    second = Tab(browser, counter.url)
    second.wait_for(StaffLock.HEADING.en)
    sessions = counter.sessions()
    assert len(sessions) == 2, sessions  # one process per tab (`exec`: no shell in between)
    first.close()
    wait_until(lambda: len(counter.sessions()) == 1, "the first tab's process to end")
    assert counter.sessions()[0] in sessions
    second.close()
    wait_until(lambda: counter.sessions() == [], "the second tab's process to end")

    # Stopping the server (systemd sends SIGTERM) ends the sessions still open, too.
    third = Tab(browser, counter.url)
    third.wait_for(StaffLock.HEADING.en)
    (session,) = counter.sessions()
    counter.process.send_signal(signal.SIGTERM)
    assert counter.process.wait(timeout=30) == 0
    wait_until(lambda: not Path(f"/proc/{session}").exists(), "the open session's process to end with the server")
    third.close()


def test_leaving_staff_mode_ends_the_session_and_the_page_offers_only_the_pin_again(
    browser: Any, start_counter: Callable[..., Counter]
) -> None:
    counter = start_counter()
    tab = Tab(browser, counter.url)
    tab.sign_in()
    tab.wait_for(staff_words.STAFF_TITLE.zh)
    tab.type("5")  # leave staff mode: a served session has no visitor mode to go back to, so it ends
    closed = "() => document.body.classList.contains('-closed')"
    wait_until(lambda: tab.page.evaluate(closed), "the page to say the session has ended")
    assert tab.page.get_by_text("This session has ended").is_visible()
    wait_until(lambda: counter.sessions() == [], "the session's process to end")
    tab.page.get_by_role("button", name="Start again").click()  # a new session, behind the PIN again
    tab.wait_for(StaffLock.HEADING.en)
    log = (counter.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "a counter session started from 127.0.0.1" in log and "a counter session ended" in log
    assert "staff exited the kiosk" in log and "stopped unexpectedly" not in log
    tab.close()


def test_a_counter_browser_opens_a_code_a_lobby_saved_to_the_site_store(
    browser: Any, start_counter: Callable[..., Counter], site_db: SiteDatabase
) -> None:
    """The site store (PostgreSQL): a lobby kiosk saves through its outbox, a counter opens it in a browser."""
    counter = start_counter(site=site_db)
    assert counter.status() == "new"
    tab = Tab(browser, counter.url)
    tab.sign_in()
    tab.wait_for(staff_words.STAFF_TITLE.zh)
    tab.type("1")
    tab.wait_for(staff_words.CODE_HINT.zh[:8])
    tab.type(*counter.pickup_code, "Enter")
    shown = tab.wait_for(staff_words.SAVED_HEADING.zh.format(code=counter.pickup_code))
    assert counter.checklist_names[0] in shown
    tab.type("h")
    tab.wait_for(staff_words.STATUS_HANDLED.zh)
    assert counter.status() == "handled"  # on the server, through the counter's role
    tab.close()
