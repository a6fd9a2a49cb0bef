"""Print a slip by handing its text to the configured printer command (default `lp`)."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
from dataclasses import dataclass

from kiosk.guide.model import Text

PRINT_TIMEOUT = 20.0  # seconds; `lp` only queues the job, so this is generous
PRINTED = Text(zh="清单已打印，请取走打印单。", en="The checklist is printed: take the slip with you.")
PRINT_FAILED = Text(
    zh="打印失败：请拍下屏幕上的清单，或用手机扫描二维码。",
    en="Printing failed: photograph the checklist on the screen, or scan the QR code with your phone.",
)


@dataclass(frozen=True)
class PrintResult:
    """Whether the printer command took the slip; `reason` says why not, for the log and for staff."""

    ok: bool
    reason: str = ""

    @property
    def message(self) -> Text:
        """What to tell the visitor."""
        return PRINTED if self.ok else PRINT_FAILED


def _failed(reason: str) -> PrintResult:
    return PrintResult(ok=False, reason=reason)


def print_slip(text: str, command: str, *, timeout: float = PRINT_TIMEOUT, encoding: str = "utf-8") -> PrintResult:
    """Run `command` (split like a shell would, no shell) with `text` on its standard input.

    Never raises for a printer problem: a missing or unreadable command, a non-zero exit or a
    timeout is a failed `PrintResult`. Blocks until the command ends or `timeout`; call it from a
    thread worker, not the event loop. `encoding` is for printers that want e.g. "gb18030".
    """
    try:
        argv = shlex.split(command)
    except ValueError as err:
        return _failed(f"the printer command cannot be read ({err}): {command}")
    if not argv:
        return _failed("no printer command is configured")
    data = text.encode(encoding, errors="replace")
    try:
        # A new session, so a timeout can stop the command and anything it started.
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except FileNotFoundError:
        return _failed(f"the printer command was not found: {argv[0]}")
    except OSError as err:
        return _failed(f"the printer command cannot be run ({err.strerror}): {argv[0]}")
    try:
        _, stderr = process.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):  # it may have ended just now
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return _failed(f"the printer command did not finish within {timeout:g} seconds: {argv[0]}")
    if process.returncode != 0:
        detail = stderr.decode("utf-8", errors="replace").strip()[:200]
        return _failed(f"the printer command exited with status {process.returncode}: {detail or argv[0]}")
    return PrintResult(ok=True)
