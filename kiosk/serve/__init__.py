"""`kiosk serve`: counter staff mode in a web browser, one `kiosk staff` process per browser tab.

textual-serve runs the command for each new websocket and relays the terminal between the process and
xterm.js in the page. The page is the kiosk's own (`page/`): it loads nothing from outside this server
(a hall's network has no internet), and its fonts are the installed ones, with CJK faces for Chinese.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import shlex
import signal
import sys
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

logger = logging.getLogger(__name__)

PAGE_DIR = Path(str(files("kiosk.serve") / "page"))
TEXTUAL_SERVE_STATIC = Path(str(files("textual_serve") / "static"))
# Every file the page may load, by its URL: the kiosk's page and style, and textual-serve's terminal.
ASSETS: dict[str, tuple[Path, str]] = {
    "/": (PAGE_DIR / "index.html", "text/html; charset=utf-8"),
    "/static/page.css": (PAGE_DIR / "page.css", "text/css; charset=utf-8"),
    "/static/page.js": (PAGE_DIR / "page.js", "text/javascript; charset=utf-8"),
    "/static/textual.js": (TEXTUAL_SERVE_STATIC / "js" / "textual.js", "text/javascript; charset=utf-8"),
    "/static/xterm.css": (TEXTUAL_SERVE_STATIC / "css" / "xterm.css", "text/css; charset=utf-8"),
    "/static/RobotoMono.ttf": (TEXTUAL_SERVE_STATIC / "fonts" / "RobotoMono-VariableFont_wght.ttf", "font/ttf"),
}
# The browser itself refuses anything from elsewhere; styles may be set by the terminal's own script.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
MAX_SESSIONS = 8


def session_command(
    *,
    guide: Path | None = None,
    db: str | None = None,
    config: Path | None = None,
    lang: str | None = None,
    dev: bool = False,
) -> str:
    """The shell command textual-serve runs for each browser tab: this Python's `kiosk staff` (which finds the
    web driver textual-serve names in its environment, and so is a served session)."""
    argv = [sys.executable, "-m", "kiosk"]
    if guide is not None:
        argv += ["--guide", str(guide)]
    argv.append("staff")
    if db is not None:
        argv += ["--db", db]
    if config is not None:
        argv += ["--config", str(config)]
    if lang is not None:
        argv += ["--lang", lang]
    if dev:
        argv.append("--dev")
    return "exec " + shlex.join(argv)  # exec: the session is that one process, ended when its tab closes


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def same_origin(request: web.Request) -> bool:
    """A websocket opened by this server's own page (or by no page at all): its Origin is the Host it asked."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc.lower() == request.host.lower()


class CounterServer:
    """The counter's web server: the page, its assets, and one staff session per websocket."""

    def __init__(self, command: str, *, max_sessions: int = MAX_SESSIONS, dev: bool = False) -> None:
        self.max_sessions = max_sessions
        self.open_sessions = 0
        self.session_tasks: set[asyncio.Task[object]] = set()
        # textual-serve's relay: it starts `command` per websocket and carries the terminal both ways.
        self.relay = Server(command)
        self.relay.debug = dev  # `kiosk serve --dev`: the sessions may talk to Textual's devtools console

    def make_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/ws", self.session)
        for url in ASSETS:
            app.router.add_get(url, self.asset)
        app.router.add_get("/favicon.ico", self.no_icon)
        app.on_shutdown.append(self.end_sessions)
        return app

    async def end_sessions(self, app: web.Application) -> None:
        """On shutdown, end every session now: its websocket is closed and its process told to quit."""
        for task in list(self.session_tasks):
            task.cancel()  # textual-serve's relay closes the websocket and stops the process when cancelled

    async def no_icon(self, request: web.Request) -> web.StreamResponse:
        """The browser asks for an icon by itself; there is none (instead of a 404 in its console)."""
        return web.Response(status=204, headers=SECURITY_HEADERS)

    async def asset(self, request: web.Request) -> web.StreamResponse:
        path, content_type = ASSETS[request.path]
        return web.Response(body=path.read_bytes(), headers={"Content-Type": content_type, **SECURITY_HEADERS})

    async def session(self, request: web.Request) -> web.StreamResponse:
        """One browser tab: `kiosk staff`, until the tab closes (textual-serve's relay)."""
        if request.headers.get("Upgrade", "").lower() != "websocket":
            raise web.HTTPBadRequest(text="this address is the page's websocket; open the page itself")
        if not same_origin(request):
            logger.warning("refused a session from another site's page (Origin %s)", request.headers.get("Origin"))
            raise web.HTTPForbidden(text="this page may only be opened from the kiosk's own address")
        if self.open_sessions >= self.max_sessions:
            logger.warning("refused a session: %d are open already", self.open_sessions)
            raise web.HTTPServiceUnavailable(text=f"at most {self.max_sessions} counters at once")
        self.open_sessions += 1
        logger.info("a counter session started from %s (%d open)", request.remote, self.open_sessions)
        task = asyncio.current_task()
        assert task is not None, "aiohttp runs each request in a task"
        self.session_tasks.add(task)
        try:
            return await self.relay.handle_websocket(request)
        finally:
            self.session_tasks.discard(task)
            self.open_sessions -= 1
            logger.info("a counter session ended (%d open)", self.open_sessions)


def page_urls(runner: web.AppRunner) -> list[str]:
    """The addresses the server listens on, as URLs to open."""
    urls = []
    for address in runner.addresses:
        host, port = address[0], address[1]
        urls.append(f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/")
    return urls


async def serve_until_stopped(server: CounterServer, host: str, port: int) -> None:
    """Listen on `host`:`port` (0: any free port) until SIGINT, SIGTERM or SIGHUP; then end every session."""
    runner = web.AppRunner(server.make_app(), handle_signals=False, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, stop.set)
        for url in page_urls(runner):
            print(f"kiosk: counter staff mode is served on {url}", flush=True)
            logger.info("serving counter staff mode on %s", url)
        await stop.wait()
    finally:
        await runner.cleanup()
    logger.info("stopped serving counter staff mode")
