"""The child process of the cold-start benchmark: `python3 startup_child.py baseline|kiosk [DB]`.

Both Apps run as they would (`App.run()`), made headless at 80x24 by wrapping `App.run` here. "First
painted" is the same for both: the first screen's `on_mount` has run and then its `call_after_refresh`
callback, which Textual runs once that screen has been laid out and its compositor update rendered.
At that moment the child writes `painted <unix time>` to stdout and asks the App to exit (the kiosk may
call that an unexpected stop and exit 1: only reaching `painted` counts). For the kiosk, the start is
the real one: `kiosk run --db DB` through `kiosk.cli.main()`, i.e. the CLI's imports, the guide's
load and validation, the configuration, the App, its walk worker and the welcome screen.

It also writes when Textual was imported, when the guide load started and ended and when the first screen
mounted, so the parent can say where the time went. The kiosk's Textual is imported where `kiosk run`
imports it: after the CLI's own imports and the guide, once garbage collection is off
(`kiosk.cli.start_without_collecting`); the baseline imports it first, as any Textual app does. Nothing
else is imported before the App runs than what each needs.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))


def mark(name: str) -> None:
    os.write(1, f"{name} {time.time():.6f}\n".encode())


def headless(app_class: type[App[object]]) -> None:
    """Every App runs headless at 80x24, whatever its caller asked for."""
    real_run = app_class.run

    def headless_run(self: App[object], *args: Any, **kwargs: Any) -> object:
        kwargs.update(headless=True, size=(80, 24))
        return real_run(self, *args, **kwargs)

    app_class.run = headless_run  # type: ignore[method-assign]


def paint_marker(screen_class: type[Screen[object]]) -> None:
    """`screen_class` writes "mounted" on its mount and "painted" once laid out and rendered, then ends the App."""
    original = getattr(screen_class, "on_mount", None)

    def on_mount(self: Screen[object]) -> None:
        mark("mounted")
        if original is not None:
            original(self)

        def painted() -> None:
            mark("painted")
            self.app.exit()

        self.call_after_refresh(painted)

    screen_class.on_mount = on_mount  # type: ignore[attr-defined]


def main() -> None:
    if sys.argv[1] == "baseline":
        from textual.app import App

        mark("textual")
        headless(App)
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from minimal import OneLine, Page

        paint_marker(Page)
        OneLine().run()
        return

    import kiosk.guide.load as load

    real_load = load.load_guide

    def timed_load(*args: object, **kwargs: object) -> object:
        mark("guide_start")
        guide = real_load(*args, **kwargs)  # type: ignore[arg-type]
        mark("guide_end")
        return guide

    load.load_guide = timed_load  # type: ignore[assignment]
    import kiosk.cli as cli  # no Textual yet, as `kiosk run` starts

    real_start = cli.start_without_collecting

    def start_then_watch() -> None:
        real_start()  # then the CLI imports Textual (kiosk.launch): here first, to watch the App
        from textual.app import App

        mark("textual")
        headless(App)
        from screens.visitor.welcome import Welcome

        paint_marker(Welcome)

    cli.start_without_collecting = start_then_watch  # type: ignore[assignment]
    sys.argv = ["kiosk", "run", "--db", sys.argv[2]]
    cli.main()


if __name__ == "__main__":
    main()
