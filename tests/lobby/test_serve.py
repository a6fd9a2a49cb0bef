"""`kiosk serve`: its page loads nothing from outside the server, its sessions are staff mode only, and the
lobby's environment scrubbing keeps exactly what a served or development session needs."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from conftest import FakeStore
from lobby_helpers import FAST, Clock
from staff_helpers import staff_app, type_pin
from textual.widgets import Input
from wizard_helpers import press

from kiosk.crashlog import KIOSK_FPS, sanitize_environment
from kiosk.guide.model import Guide
from kiosk.mode import Mode
from kiosk.pin import PinGuard
from kiosk.serve import ASSETS, CounterServer, is_loopback, session_command
from screens.staff.staff_home import StaffHome

WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
# Anything that names another host: a scheme with //, or a protocol-relative //host in a URL position.
NON_LOCAL_URL = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://|url\(\s*[\"']?//|(?:src|href)\s*=\s*[\"']?//|@import")

FONT_STACK = ("Noto Sans Mono CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei Mono", "Microsoft YaHei", "PingFang SC")
COMMENT = re.compile(r"/\*.*?\*/|<!--.*?-->", re.DOTALL)  # xterm.css names its licence's web page in one


@pytest.fixture
async def client() -> AsyncIterator[TestClient[object, object]]:
    server = CounterServer("exec false", max_sessions=1)
    async with TestClient(TestServer(server.make_app())) as test_client:
        yield test_client


class Links(HTMLParser):
    """Every src and href in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("src", "href") and value is not None]


async def test_the_page_and_every_asset_come_from_the_server_and_name_no_other_host(
    client: TestClient[object, object],
) -> None:
    bodies = {}
    for url in ASSETS:
        response = await client.get(url)
        assert response.status == 200, url
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        bodies[url] = await response.read()
    for url, body in bodies.items():
        if not url.endswith(".ttf"):
            text = COMMENT.sub("", body.decode("utf-8")) if url.endswith((".css", "/")) else body.decode("utf-8")
            assert NON_LOCAL_URL.search(text) is None, (url, NON_LOCAL_URL.search(text))
    page = Links()
    page.feed(bodies["/"].decode("utf-8"))
    assert page.urls and {f"/{url}" for url in page.urls} <= set(ASSETS)  # relative, and each one served
    css_urls = re.findall(r"url\(\s*\"?([^\")]+)\"?\s*\)", bodies["/static/page.css"].decode("utf-8"))
    assert css_urls and {f"/static/{url}" for url in css_urls} <= set(ASSETS)
    # The page's fonts: textual-serve's Roboto Mono for Latin, and installed CJK fonts for Chinese.
    css = bodies["/static/page.css"].decode("utf-8")
    for font in FONT_STACK:
        assert f'local("{font}' in css and f'"{font}"' in css, font


async def test_textual_serve_s_web_fonts_and_file_listings_are_not_served(client: TestClient[object, object]) -> None:
    for url in ("/static/", "/static/fonts/", "/static/js/textual.js", "/static/images/background.png", "/download/x"):
        assert (await client.get(url)).status == 404, url


async def test_a_session_is_refused_to_another_site_s_page_and_past_the_limit(
    client: TestClient[object, object],
) -> None:
    refused = await client.get("/ws", headers={"Origin": "http://evil.example", "Upgrade": "websocket"})
    assert refused.status == 403
    assert (await client.get("/ws")).status == 400  # not a websocket at all: nothing is started
    server = CounterServer("exec false", max_sessions=0)
    async with TestClient(TestServer(server.make_app())) as full:
        assert (await full.get("/ws", headers={"Upgrade": "websocket"})).status == 503


def test_each_session_is_this_python_s_kiosk_staff_in_place_of_the_shell() -> None:
    command = session_command(guide=Path("/g u"), db="postgresql://hall/kiosk", config=Path("/c.toml"), lang="en")
    assert command.startswith("exec ")
    assert shlex.split(command)[1:] == [
        sys.executable,
        *("-m", "kiosk", "--guide", "/g u", "staff"),
        *("--db", "postgresql://hall/kiosk", "--config", "/c.toml", "--lang", "en"),
    ]
    assert shlex.split(session_command(dev=True))[-2:] == ["staff", "--dev"]


def test_only_loopback_addresses_count_as_this_pc() -> None:
    assert all(is_loopback(host) for host in ("127.0.0.1", "127.8.9.1", "::1", "localhost"))
    assert not any(is_loopback(host) for host in ("0.0.0.0", "::", "192.168.1.20", "counter.hall"))


# --- what a served or development session keeps of Textual's switches --------------------------------------


def test_a_served_session_keeps_the_web_driver_and_nothing_else() -> None:
    environ = {
        "TEXTUAL_DRIVER": WEB_DRIVER,
        "TEXTUAL_FPS": "60",
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "TEXTUAL": "debug,devtools",
        "TEXTUAL_LOG": "textual.log",
        "TEXTUAL_ALLOW_SIGNALS": "1",
    }
    removed = sanitize_environment(environ, served=True)
    assert removed == ["TEXTUAL", "TEXTUAL_ALLOW_SIGNALS", "TEXTUAL_LOG"]
    assert environ == {"TEXTUAL_DRIVER": WEB_DRIVER, "TEXTUAL_FPS": "60", "TEXTUAL_COLOR_SYSTEM": "truecolor"}


def test_a_served_session_keeps_no_other_driver_and_the_lobby_keeps_none() -> None:
    other = {"TEXTUAL_DRIVER": "mymodule:KeyloggerDriver"}
    assert sanitize_environment(other, served=True) == ["TEXTUAL_DRIVER"]
    lobby = {"TEXTUAL_DRIVER": WEB_DRIVER, "TEXTUAL": "devtools"}
    assert sanitize_environment(lobby) == ["TEXTUAL", "TEXTUAL_DRIVER"] and lobby == {"TEXTUAL_FPS": KIOSK_FPS}


def test_a_development_session_keeps_the_devtools_console_only() -> None:
    environ = {
        "TEXTUAL": "debug,devtools",
        "TEXTUAL_DEVTOOLS_PORT": "8081",
        "TEXTUAL_DEVTOOLS_HOST": "10.0.0.9",
        "TEXTUAL_DRIVER": WEB_DRIVER,
        "TEXTUAL_SCREENSHOT": "1",
    }
    removed = sanitize_environment(environ, development=True)
    assert removed == ["TEXTUAL_DEVTOOLS_HOST", "TEXTUAL_DRIVER", "TEXTUAL_SCREENSHOT"]
    assert environ == {"TEXTUAL": "debug,devtools", "TEXTUAL_DEVTOOLS_PORT": "8081", "TEXTUAL_FPS": KIOSK_FPS}
    headless = {"TEXTUAL": "devtools,headless"}
    assert sanitize_environment(headless, development=True) == ["TEXTUAL"]


# --- the command line ----------------------------------------------------------------------------------------


def kiosk(
    *args: str, tmp_path: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "KIOSK_"))},
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], input=stdin, env=environ, capture_output=True, text=True, timeout=60
    )


def test_serve_refuses_to_start_without_a_staff_pin(tmp_path: Path) -> None:
    result = kiosk("serve", "--port", "0", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "no staff PIN is set; run `kiosk set-pin` first" in result.stderr


def test_the_lobby_refuses_to_be_served_to_a_browser(tmp_path: Path) -> None:
    assert kiosk("set-pin", "--pin-stdin", tmp_path=tmp_path, stdin="246810\n").returncode == 0
    result = kiosk("run", tmp_path=tmp_path, env={"TEXTUAL_DRIVER": WEB_DRIVER})
    assert result.returncode == 2
    assert "the lobby's visitor mode is never served to a browser" in result.stderr
    assert result.stdout == ""  # textual-serve would wait for the web driver's first line in vain


# --- staff mode only: what a served session (`kiosk staff`) offers ---------------------------------------------


async def test_f12_in_kiosk_staff_opens_no_staff_menu_and_so_no_visitor_mode(
    guide: Guide, fake_store: FakeStore, tmp_path: Path
) -> None:
    app = staff_app(guide, fake_store, tmp_path, Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await type_pin(app, pilot)
        assert isinstance(app.screen, StaffHome)
        await press(pilot, "f12")
        assert isinstance(app.screen, StaffHome) and not app.screen_stack[-1].query(Input)
        assert app.mode is Mode.STAFF_ONLY and app.is_running


# --- one PIN lock for every session ------------------------------------------------------------------------

ATTEMPT = """
import sys, time
from pathlib import Path
from kiosk.pin import PinGuard
folder, go = Path(sys.argv[1]), Path(sys.argv[2])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
result = PinGuard(folder).check("1111")
print(result.status.value, result.attempts_left)
"""


def test_wrong_pins_typed_in_several_sessions_at_once_each_count(tmp_path: Path) -> None:
    """Each browser tab is a process of its own: four wrong PINs at the same moment are four, not fewer."""
    PinGuard(tmp_path).set_pin("246810", FAST)
    go = tmp_path / "go"
    sessions = [
        subprocess.Popen([sys.executable, "-c", ATTEMPT, str(tmp_path), str(go)], stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    # All four started (interpreter start-up, imports) and waiting, then released together.
    assert [session.stdout.readline() for session in sessions if session.stdout] == ["ready\n"] * 4
    go.touch()
    outcomes = sorted(session.communicate(timeout=60)[0].split()[1] for session in sessions)
    assert outcomes == ["1", "2", "3", "4"]  # attempts left after each: every attempt was counted once
    assert PinGuard(tmp_path).check("1111").status.value == "locked"  # the fifth
