"""Crash logging that never records what a visitor typed, and an environment without Textual's developer switches.

A crash entry holds the exception type, the traceback frames (file, line, function, source line) and a
scrubbed message. It never holds local variables (Textual's own traceback shows them), exception notes,
or the parts of a message that carry values: quoted text, numbers and non-ASCII text (Chinese labels)
are replaced, because that is where Python and our code put the values a message is about
(`KeyError: 'instant_outlet'`, `invalid literal for int(): '１２x'`).
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import traceback
from collections.abc import Collection, MutableMapping
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOGGER_NAME = "kiosk"
# Every logger of the project is under one of these (`store.db`, `kiosk.app`, ...): all go to the one log.
PROJECT_LOGGERS = (LOGGER_NAME, "store", "screens")
LOG_FILE = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
MAX_MESSAGE = 300
_MAX_CHAIN = 8

# Rendering-only switches a lobby terminal may need; every other TEXTUAL* variable is removed, so a
# switch added in a later Textual release is off until someone decides it is harmless.
SAFE_TEXTUAL_VARIABLES = frozenset(
    {
        "TEXTUAL_ANIMATIONS",
        "TEXTUAL_COLOR_SYSTEM",
        "TEXTUAL_DISABLE_KITTY_KEY",
        "TEXTUAL_FPS",
        "TEXTUAL_SMOOTH_SCROLL",
        "TEXTUAL_SPEEDUPS",
        # Not Textual's: pytest-textual-snapshot's report folder, which it reads back at the end of a test run.
        "TEXTUAL_SNAPSHOT_TEMPDIR",
    }
)

# The frame rate a kiosk paints at unless TEXTUAL_FPS says otherwise (textual-serve sets 60 for a browser tab).
# Textual's 60 holds each update for the screen's next frame, and every new screen is laid out twice, the second
# time a whole frame after the first (Screen's update timer starts its frames then; after a long frame it waits
# up to two): at 60 that wait was about a third of a key's way to the next screen painted
# (tests/benchmarks/bench_keys.py). Updates are still gathered into frames, only 4 ms apart at most.
KIOSK_FPS = "240"

# What a browser session needs (textual-serve sets it for each session): Textual's web driver, by its exact name.
SERVED_TEXTUAL_VARIABLES = {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
# The features of TEXTUAL that `textual run --dev` asks for: the devtools console and Textual's debug mode.
DEVELOPMENT_FEATURES = frozenset({"devtools", "debug"})

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_DIGITS = re.compile(r"\d+")  # Unicode \d: full-width digits too
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def sanitize_environment(
    environ: MutableMapping[str, str] | None = None, *, served: bool = False, development: bool = False
) -> list[str]:
    """Remove Textual's developer switches (TEXTUAL=devtools/debug/headless, TEXTUAL_DEBUG, TEXTUAL_LOG,
    TEXTUAL_PRESS, TEXTUAL_SCREENSHOT*, TEXTUAL_DRIVER, TEXTUAL_ALLOW_SIGNALS, ...) from `environ`
    (default os.environ); returns the names removed, sorted.

    `served` (one browser session of `kiosk serve`, staff mode only) keeps TEXTUAL_DRIVER when it names
    Textual's web driver and nothing else; `development` (`kiosk staff --dev`) keeps TEXTUAL when it asks
    only for the devtools console and debug features, and the console's port. The lobby keeps neither.
    Then it sets the kiosk's frame rate (`KIOSK_FPS`) unless TEXTUAL_FPS is given.
    Call it before the first `import textual`: textual.constants reads most of them at import time.
    """
    env = os.environ if environ is None else environ
    kept = dict(SERVED_TEXTUAL_VARIABLES if served else {})

    def allowed(name: str, value: str) -> bool:
        if name in SAFE_TEXTUAL_VARIABLES or kept.get(name) == value:
            return True
        if not development:
            return False
        if name == "TEXTUAL":
            return {feature.strip() for feature in value.split(",")} <= DEVELOPMENT_FEATURES
        return name == "TEXTUAL_DEVTOOLS_PORT" and value.isascii() and value.isdigit()

    removed = sorted(
        name
        for name, value in env.items()
        if (name == "TEXTUAL" or name.startswith("TEXTUAL_")) and not allowed(name, value)
    )
    for name in removed:
        del env[name]
    env.setdefault("TEXTUAL_FPS", KIOSK_FPS)
    return removed


def scrub_message(message: str, redact: Collection[str] = ()) -> str:
    """An exception message with the values taken out: quoted text, digits, non-ASCII text and `redact` words."""
    text = _QUOTED.sub("'…'", message)
    for word in sorted((w for w in redact if w), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", "…", text)
    text = _DIGITS.sub("#", text)
    text = _NON_ASCII.sub("…", text)
    text = _CONTROL.sub(" ", text)
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "…"


def _describe(exc: BaseException, redact: Collection[str], depth: int, seen: set[int]) -> list[str]:
    seen.add(id(exc))
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    message = scrub_message(str(exc), redact)
    if isinstance(exc, ImportError) and exc.name:
        # A module's name comes from the code, never from a visitor, and is the whole cause of the error:
        # scrubbed, "No module named '…'" hid why the first save failed with the wrong sqlite-utils.
        message += f" [module {exc.name}]"
    lines = [f"{name}: {message}", "Traceback (most recent call last):"]
    # extract_tb never captures locals (capture_locals defaults to False); only code locations.
    for frame in traceback.extract_tb(exc.__traceback__):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    if isinstance(exc, BaseExceptionGroup) and depth < _MAX_CHAIN:
        for number, inner in enumerate(exc.exceptions, start=1):
            if id(inner) not in seen:
                lines.append(f"-- sub-exception {number}:")
                lines.extend(_describe(inner, redact, depth + 1, seen))
    cause = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    if cause is not None and id(cause) not in seen and depth < _MAX_CHAIN:
        lines.append("-- caused by:" if exc.__cause__ is not None else "-- while handling:")
        lines.extend(_describe(cause, redact, depth + 1, seen))
    return lines


def format_crash(exc: BaseException, redact: Collection[str] = ()) -> str:
    """The crash entry `log_crash` writes, as text."""
    return "\n".join(_describe(exc, redact, 0, set()))


def log_crash(
    exc: BaseException,
    *,
    context: str = "",
    logger: logging.Logger | None = None,
    redact: Collection[str] = (),
) -> None:
    """Log `exc`: its type, scrubbed message and traceback frames, never local values.

    `context` says where it happened (e.g. "handler on AskQuestion"); it must not hold visitor input.
    `redact` are extra words to take out of messages, e.g. the guide's option ids.
    """
    log = logger or logging.getLogger(LOGGER_NAME)
    header = f"crash{f' in {context}' if context else ''}"
    log.error("%s: %s", header, format_crash(exc, redact))


def setup_logging(
    log_dir: Path,
    *,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
    level: int = logging.INFO,
) -> logging.Logger:
    """The project's loggers (PROJECT_LOGGERS: "kiosk", "store", "screens" and every logger under them)
    writing to `log_dir`/kiosk.log, rotated at `max_bytes` with `backup_count` old files; returns "kiosk".

    Calling it again with the same folder adds no second handler. The folder is created owner-only.
    A supervised kiosk (`$KIOSK_LOG_FD`, kiosk.logpipe) sends its records to the supervisor instead, which
    alone writes and rotates the file.
    """
    from kiosk.logpipe import PipeHandler, child_log_fd

    pipe_fd = child_log_fd()  # supervised: the supervisor writes the file, this process sends it records
    if pipe_fd is None:
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = (log_dir / LOG_FILE).resolve()
    loggers = [logging.getLogger(name) for name in PROJECT_LOGGERS]
    for logger in loggers:
        logger.setLevel(level)
        # Never through the root logger: it may print to the terminal in front of a visitor.
        logger.propagate = False
    for existing in loggers[0].handlers:
        if isinstance(existing, PipeHandler) and existing.fd == pipe_fd:
            return loggers[0]
        if isinstance(existing, RotatingFileHandler) and Path(existing.baseFilename) == path and pipe_fd is None:
            return loggers[0]
    handler: logging.Handler
    if pipe_fd is not None:
        handler = PipeHandler(pipe_fd)
    else:
        handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(process)d: %(message)s"))
    for logger in loggers:
        logger.addHandler(handler)
    return loggers[0]


def install_excepthooks(logger: logging.Logger | None = None, redact: Collection[str] = ()) -> None:
    """Route uncaught exceptions (main thread and other threads) to `log_crash` and a one-line apology
    on stderr, instead of Python's traceback on the lobby screen. Textual's own handler is separate."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log_crash(exc.with_traceback(tb), context="uncaught", logger=logger, redact=redact)
        print("kiosk: an unexpected error stopped the kiosk; it has been logged.", file=sys.stderr)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            where = f"thread {args.thread.name}" if args.thread is not None else "a thread"
            log_crash(args.exc_value, context=where, logger=logger, redact=redact)

    sys.excepthook = hook
    threading.excepthook = thread_hook
