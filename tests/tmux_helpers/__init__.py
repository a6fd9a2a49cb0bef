"""The installed kiosk in a real terminal: a tmux session on a private server (nothing else's tmux is touched),
and the shell command that starts the kiosk in it as a lobby terminal would."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

# Unset in the kiosk's environment: the test process's own store and configuration, and the stale COLUMNS and
# LINES that readline, once loaded in the test process, exports (they would win over the pane's size).
UNSET = ("KIOSK_DB", "KIOSK_CONFIG", "COLUMNS", "LINES")
SIZE = ("100", "30")  # the pane's columns and rows, given before the kiosk starts (never tmux's default 80x24)


def kiosk_program() -> list[str]:
    """The installed `kiosk` command, or this Python's `-m kiosk` where it is not on PATH."""
    installed = shutil.which("kiosk")
    return [installed] if installed else [sys.executable, "-m", "kiosk"]


def guide_cache(home: Path) -> str:
    """The cache folder for a kiosk the tests start: the run's one (KIOSK_TESTS_GUIDE_CACHE, tests/conftest.py), in
    which the guide is checked once for the whole run, as after a kiosk's first start; else one in `home`."""
    return os.environ.get("KIOSK_TESTS_GUIDE_CACHE", str(home / "cache"))


def visitor_env(home: Path) -> dict[str, str]:
    """A fresh home (data, configuration, log) and a UTF-8 xterm, as the lobby's terminal gives the kiosk."""
    return {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": guide_cache(home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }


def shell_command(argv: Sequence[str], env: Mapping[str, str]) -> str:
    """`argv` as one shell command line, with `env` set and `UNSET` unset."""
    unset = [part for name in UNSET for part in ("-u", name)]
    return " ".join(["env", *unset, *(f"{k}={shlex.quote(v)}" for k, v in env.items()), *map(shlex.quote, argv)])


class Terminal:
    """One tmux session: keys in, the screen's text out; `status_file`, if given, holds the command's exit status."""

    def __init__(self, socket: Path, session: str, status_file: Path | None = None) -> None:
        self.socket = socket
        self.session = session
        self.status_file = status_file

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", str(self.socket), *args], capture_output=True, text=True, check=True, timeout=10
        )
        return result.stdout

    def keys(self, *keys: str) -> None:
        """Each key in its own send-keys, a moment apart, as a visitor types."""
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)
            time.sleep(0.15)

    def raw(self, text: str) -> None:
        """`text` as the bytes a terminal sends (an escape sequence, say)."""
        self.tmux("send-keys", "-t", self.session, "-l", text)
        time.sleep(0.15)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")
            time.sleep(0.1)

    # The exit status is written by the shell that started the command. tmux's own #{pane_dead_status} is not
    # used: on a busy machine tmux 3.3 marks the pane dead at once but reaps the exited process, and fills in
    # its status, seconds later (seen: a zombie kiosk and an empty status for over 5 s).
    def alive(self) -> bool:
        dead = self.tmux("display-message", "-p", "-t", self.session, "#{pane_dead}").strip() != "0"
        return not dead and not (self.status_file is not None and self.status_file.exists())

    def exit_status(self) -> str:
        if self.status_file is None or not self.status_file.exists():
            return ""
        return self.status_file.read_text().strip()


def with_status(command: str, status_file: Path, then: str = "") -> str:
    """`command` run by sh, which then writes its exit status to `status_file` (and runs `then`, e.g. `exec cat`)."""
    script = f"{command}; echo $? > {shlex.quote(str(status_file))}" + (f"; {then}" if then else "")
    return f"sh -c {shlex.quote(script)}"


@contextmanager
def terminal(
    launch: str,
    name: str,
    *,
    cwd: Path | None = None,
    status_file: Path | None = None,
    remain_on_exit: bool = False,
) -> Iterator[Terminal]:
    """A new tmux server and session of `SIZE` running `launch`; the server is killed at the end."""
    socket_dir = Path(tempfile.mkdtemp(prefix="kt"))  # a short path: socket names have a length limit
    term = Terminal(socket_dir / "s", f"{name}-{os.getpid()}", status_file)
    term.tmux("-f", "/dev/null", "new-session", "-d", "-s", term.session, "-x", SIZE[0], "-y", SIZE[1], "cat")
    if remain_on_exit:
        term.tmux("set-option", "-t", term.session, "remain-on-exit", "on")
    where = ["-c", str(cwd)] if cwd is not None else []
    term.tmux("respawn-pane", "-k", "-t", term.session, *where, launch)
    try:
        yield term
    finally:
        subprocess.run(["tmux", "-S", str(term.socket), "kill-server"], capture_output=True, timeout=10)
        shutil.rmtree(socket_dir, ignore_errors=True)
