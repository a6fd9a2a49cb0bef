"""Read-aloud: the configured speech engine, run as a command without a shell, one utterance at a time.

The command is `speak_command` (default `espeak-ng -v {voice}`), split like a shell would split it; the
text to say (UTF-8) is written to its standard input. In its words, `{voice}` becomes the voice configured
for the visitor's language (`[voices]`) and `{lang}` the language (zh, en, zh_hant), so another engine
(piper with a downloaded voice, a site's own player) is a matter of configuration alone. The command runs
in its own session and is killed as a group when the visitor presses a key or the screen changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import shutil
import signal
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import Enum

from kiosk.config import Config

logger = logging.getLogger(__name__)

SPEAK_TIMEOUT = 900.0  # seconds: the longest checklist takes about 5 minutes to say


class Outcome(Enum):
    """How an utterance ended."""

    SPOKEN = "spoken"  # the engine said it all and exited 0
    STOPPED = "stopped"  # a key or the next screen stopped it
    MISSING = "missing"  # no such command: no engine installed
    FAILED = "failed"  # the engine could not be run, or exited non-zero


def speak_argv(command: str, voice: str, lang: str) -> list[str]:
    """The engine's argv for one utterance: `command` split like a shell would, `{voice}` and `{lang}` filled in."""
    return [word.replace("{voice}", voice).replace("{lang}", lang) for word in shlex.split(command)]


def engine_found(command: str) -> bool:
    """Whether `command`'s program exists (on PATH, or as the path it names)."""
    try:
        argv = shlex.split(command)
    except ValueError:
        return False
    return bool(argv) and shutil.which(argv[0]) is not None


def speech_engine_available(config: Config) -> bool:
    """Whether the configured speech engine is installed (for `kiosk health`)."""
    return engine_found(config.speak_command)


@dataclass
class Speaker:
    """Says one text at a time with the configured engine; `stop()` ends it at once, from any handler."""

    command: str
    voices: Mapping[str, str]  # language -> voice
    timeout: float = SPEAK_TIMEOUT

    @classmethod
    def configured(cls, config: Config) -> Speaker:
        """The speaker `config` describes: its `speak_command` and `[voices]`."""
        return cls(config.speak_command, asdict(config.voices))

    def __post_init__(self) -> None:
        self._process: asyncio.subprocess.Process | None = None

    @property
    def speaking(self) -> bool:
        return self._process is not None and self._process.returncode is None

    def voice(self, lang: str) -> str:
        return self.voices.get(lang) or self.voices.get("zh", "")

    async def say(self, text: str, lang: str) -> Outcome:
        """Say `text` in `lang`, stopping what was being said; returns when it is said, stopped, or failed.

        Never blocks the event loop; cancelling it kills the engine."""
        self.stop()
        try:
            argv = speak_argv(self.command, self.voice(lang), lang)
        except ValueError as error:
            logger.warning("the speak command cannot be read (%s)", error)
            return Outcome.FAILED
        if not argv:
            return Outcome.FAILED
        try:
            process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,  # never onto the kiosk's screen
                start_new_session=True,  # so stop() ends the engine and anything it started
            )
        except FileNotFoundError:
            logger.warning("the speech engine was not found: %s", argv[0])
            return Outcome.MISSING
        except OSError as error:
            logger.warning("the speech engine cannot be run (%s): %s", error.strerror, argv[0])
            return Outcome.FAILED
        self._process = process
        try:
            _, stderr = await asyncio.wait_for(process.communicate(text.encode("utf-8")), self.timeout)
        except (BrokenPipeError, ConnectionResetError):  # killed while its input was written
            await process.wait()
            stderr = b""
        except TimeoutError:  # a hung engine must not keep the visit (and its screen) alive
            logger.warning("the speech engine did not finish within %g seconds: %s", self.timeout, argv[0])
            self._kill(process)
            await process.wait()
            return Outcome.FAILED
        finally:
            if process.returncode is None:  # cancelled: the screen went, or the visit was wiped
                self._kill(process)
            if self._process is process:
                self._process = None
        if process.returncode in (-signal.SIGKILL, -signal.SIGTERM):
            return Outcome.STOPPED
        if process.returncode != 0:
            detail = stderr.decode("utf-8", errors="replace").strip()[:200]
            logger.warning("the speech engine exited with status %s: %s", process.returncode, detail or argv[0])
            return Outcome.FAILED
        return Outcome.SPOKEN

    def stop(self) -> None:
        """Stop what is being said, at once (kills the engine's process group); nothing if silent."""
        if self._process is not None and self._process.returncode is None:
            self._kill(self._process)

    @staticmethod
    def _kill(process: asyncio.subprocess.Process) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):  # it may have ended just now
            os.killpg(process.pid, signal.SIGKILL)
