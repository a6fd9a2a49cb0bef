"""`kiosk run --supervise`: run the kiosk as a child process and restart it if it ever stops unexpectedly.

The child shares the terminal. Exit code 0 means staff chose to leave, and ends the supervisor; any other
exit (an error code, or a signal) restarts it, forever: an unattended lobby terminal must never end at a
shell. The pause before a restart grows with each failure in a row (1, 2, 4, ... up to a minute) and
starts again at one second once a kiosk has run for a while; during the pause the terminal shows a
full-screen "out of service" notice in Chinese and English, and the log says why.
"""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Protocol, TextIO

from rich.cells import cell_len

from kiosk.crashlog import sanitize_environment

SUPERVISED_ENV = "KIOSK_SUPERVISED"  # set in the child, so it never starts a supervisor of its own
OUT_OF_SERVICE = ("暂停服务，请到窗口办理", "Out of service, please go to a counter")
RESTARTING = ("正在重新启动，请稍候", "Restarting, please wait")
CLEAR_SCREEN = "\x1b[2J\x1b[3J\x1b[H"  # the screen and the scrollback, cursor home

# Leave the alternate screen, show the cursor, stop mouse reporting and bracketed paste: a child killed
# by a signal cannot undo these itself, and the next one (or the give-up message) needs a sane terminal.
_RESET_TERMINAL = "\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l"


@dataclass(frozen=True)
class RestartPolicy:
    """The pause before a restart: `delay` after the first failure, times `factor` after each further one in
    a row, at most `max_delay`; a kiosk that ran `stable` seconds or more ends the run of failures."""

    delay: float = 1.0
    factor: float = 2.0
    max_delay: float = 60.0
    stable: float = 300.0

    def pause(self, failures_in_a_row: int) -> float:
        return min(self.delay * self.factor ** max(failures_in_a_row - 1, 0), self.max_delay)


def out_of_service_notice(columns: int, lines: int) -> str:
    """The full-screen notice shown while the kiosk is restarted: cleared, the words in the middle."""
    words = [*OUT_OF_SERVICE, "", *RESTARTING]
    top = max((lines - len(words)) // 2, 0)
    body = []
    for line in words:
        body.append(" " * max((columns - cell_len(line)) // 2, 0) + line)
    return CLEAR_SCREEN + "\n" * top + "\n".join(body) + "\n"


class Child(Protocol):
    def wait(self) -> int: ...

    def terminate(self) -> None: ...


Spawn = Callable[[Sequence[str], Mapping[str, str]], Child]


class LoggedChild:
    """A child process whose log records arrive on a pipe; `wait` returns once they are all logged."""

    def __init__(self, process: subprocess.Popen[bytes], forwarder: threading.Thread) -> None:
        self._process = process
        self._forwarder = forwarder

    def wait(self) -> int:
        code = self._process.wait()
        # The pipe closes when the child ends; a grandchild that kept it open must not stall a restart.
        self._forwarder.join(timeout=5)
        return code

    def terminate(self) -> None:
        self._process.terminate()


def spawn_process(command: Sequence[str], env: Mapping[str, str]) -> Child:
    """Start `command` sharing this process's terminal (stdin, stdout, stderr), its log records sent to this
    process's loggers through a pipe (kiosk.logpipe): the supervisor is the only writer of kiosk.log."""
    from kiosk.logpipe import LOG_FD_ENV, forward

    read_fd, write_fd = os.pipe()
    try:
        process = subprocess.Popen(list(command), env={**env, LOG_FD_ENV: str(write_fd)}, pass_fds=(write_fd,))
    except BaseException:
        os.close(read_fd)
        raise
    finally:
        os.close(write_fd)
    return LoggedChild(process, forward(read_fd))


def is_supervise_flag(arg: str) -> bool:
    """`--supervise` or an abbreviation argparse would accept for it (`--sup`)."""
    return len(arg) > 3 and "--supervise".startswith(arg)


def child_command(argv: Sequence[str]) -> list[str]:
    """The kiosk command line for the child: the same arguments without --supervise."""
    return [sys.executable, "-m", "kiosk", *(a for a in argv if not is_supervise_flag(a))]


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with code {code}"


class Supervisor:
    """Runs `command` until it exits with 0, restarting it by `policy`; `run()` returns the exit code."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        logger: logging.Logger,
        policy: RestartPolicy | None = None,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        spawn: Spawn = spawn_process,
        env: Mapping[str, str] | None = None,
        log_path: Path | None = None,
        after_child: Callable[[], None] = lambda: None,
        notice: TextIO | None = None,
    ) -> None:
        """`notice`: where the "out of service" notice is written between two kiosks (the lobby's terminal)."""
        self.command = list(command)
        self.policy = policy or RestartPolicy()
        self._logger = logger
        self._now = now
        self._sleep = sleep
        self._spawn = spawn
        child_env = dict(os.environ if env is None else env)
        sanitize_environment(child_env)
        child_env[SUPERVISED_ENV] = "1"
        self._env = child_env
        self._log_path = log_path
        self._after_child = after_child
        self._notice = notice
        self._child: Child | None = None
        self._stop_signal: int | None = None
        self.starts = 0

    def run(self) -> int:
        """Run the kiosk until staff exit it (0) or a stop signal (128 + the signal); it never gives up."""
        in_a_row = 0
        while True:
            started = self._now()
            code = self._run_once()
            if self._stop_signal is not None:
                name = signal.Signals(self._stop_signal).name
                self._logger.info("supervisor: stopped by %s; the kiosk %s", name, describe_exit(code))
                self._write(CLEAR_SCREEN)  # nothing of the last visitor left under the shell's prompt
                return 128 + self._stop_signal
            if code == 0:
                self._logger.info("supervisor: the kiosk exited normally (staff); not restarting")
                return 0
            ran = self._now() - started
            in_a_row = 1 if ran >= self.policy.stable else in_a_row + 1
            pause = self.policy.pause(in_a_row)
            where = f"; details in {self._log_path}" if self._log_path else ""
            self._logger.warning(
                "supervisor: the kiosk %s after %.0f s (failure %d in a row); out of service, restarting in %g s%s",
                describe_exit(code),
                ran,
                in_a_row,
                pause,
                where,
            )
            self._show_notice()
            self._sleep(pause)
            if self._stop_signal is not None:
                self._write(CLEAR_SCREEN)
                return 128 + self._stop_signal

    def _show_notice(self) -> None:
        """The full-screen "out of service" notice, on the terminal the kiosk shares (if it is one)."""
        if self._notice is None:
            return
        try:
            size = os.get_terminal_size(self._notice.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            size = os.terminal_size((80, 24))
        self._write(out_of_service_notice(size.columns, size.lines))

    def _write(self, text: str) -> None:
        if self._notice is None:
            return
        try:
            self._notice.write(text)
            self._notice.flush()
        except (OSError, ValueError):
            pass

    def stop(self, signum: int) -> None:
        """Stop for good (SIGTERM, SIGHUP): end the child and do not restart it."""
        self._stop_signal = signum
        if self._child is not None:
            self._child.terminate()

    def _run_once(self) -> int:
        self.starts += 1
        self._logger.info("supervisor: starting the kiosk (start %d): %s", self.starts, " ".join(self.command))
        try:
            self._child = self._spawn(self.command, self._env)
        except OSError as err:
            self._logger.error("supervisor: cannot start the kiosk: %s", err)
            return 127
        if self._stop_signal is not None:  # the stop came while it was starting
            self._child.terminate()
        try:
            return self._child.wait()
        finally:
            self._child = None
            self._after_child()


class _Terminal:
    """Saves the terminal's settings and puts them back after each child."""

    def __init__(self) -> None:
        self._saved: list[Any] | None = None
        try:
            import termios

            if sys.stdin.isatty():
                self._saved = termios.tcgetattr(sys.stdin.fileno())
        except (ImportError, OSError, ValueError):
            self._saved = None

    def restore(self) -> None:
        try:
            import termios

            if self._saved is not None:
                termios.tcsetattr(sys.stdin.fileno(), termios.TCSANOW, self._saved)
            if sys.stdout.isatty():
                sys.stdout.write(_RESET_TERMINAL)
                sys.stdout.flush()
        except (ImportError, OSError, ValueError):
            pass


def supervise(
    argv: Sequence[str],
    *,
    logger: logging.Logger,
    log_path: Path | None = None,
    command: Sequence[str] | None = None,
) -> int:
    """Run `kiosk <argv without --supervise>` (or `command`) under a Supervisor, with the lobby's signal handling.

    SIGTERM and SIGHUP stop the kiosk for good; ctrl+c, ctrl+backslash and ctrl+z (SIGINT, SIGQUIT, SIGTSTP)
    do nothing to the supervisor.
    """
    terminal = _Terminal()
    supervisor = Supervisor(
        command or child_command(argv),
        logger=logger,
        log_path=log_path,
        after_child=terminal.restore,
        notice=sys.stdout if sys.stdout.isatty() else None,
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        supervisor.stop(signum)

    def ignore(signum: int, frame: FrameType | None) -> None:
        """A Python handler rather than SIG_IGN, so the child gets the default back when it starts."""

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    # Between two children the terminal is in normal mode: ctrl+c, ctrl+\ and ctrl+z must not end
    # the supervisor and leave a shell in the lobby.
    for signum in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP):
        signal.signal(signum, ignore)
    return supervisor.run()
