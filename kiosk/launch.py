"""Starting the lobby kiosk: its configuration, its log, the App, and the exit code the supervisor reads."""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import signal
import sys
from functools import partial
from pathlib import Path

from kiosk.app import LANGS, KioskApp
from kiosk.config import ConfigError, StaffSettings, load_config
from kiosk.crashlog import LOG_FILE, install_excepthooks, sanitize_environment, setup_logging
from kiosk.guide.model import Guide
from kiosk.lobby import redact_words
from kiosk.mode import Mode
from kiosk.speech import Speaker

logger = logging.getLogger(__name__)


class _Discard(io.TextIOBase):
    """A stream that keeps nothing."""

    def write(self, text: str) -> int:
        return len(text)


def run_until_exit(app: KioskApp, *, log_path: Path | None = None, headless: bool = False, served: bool = False) -> int:
    """Run `app`: 0 only when staff chose to exit (or, `served`, closed the browser tab), 1 for any other end
    (the supervisor restarts it then).

    As it stops after an error it caught, Textual prints a report with local values (a visitor's answers)
    to stderr: that is discarded, never shown in the lobby nor kept."""
    if not headless and not served:
        app.stop_signals = (signal.SIGTERM, signal.SIGHUP)
    with contextlib.redirect_stderr(_Discard()):
        app.run(headless=headless)
    stopped_by = app.return_code - 128 if app.return_code and app.return_code > 128 else None
    if stopped_by in (signal.SIGTERM, signal.SIGHUP):
        # Nothing of the last visitor is left on the terminal under the shell's prompt.
        if sys.stdout.isatty():
            from kiosk.supervise import CLEAR_SCREEN  # not on every start: the supervisor's module (1.5 ms)

            sys.stdout.write(CLEAR_SCREEN)
            sys.stdout.flush()
        logger.info("the kiosk stopped by %s", signal.Signals(stopped_by).name)
        return 128 + stopped_by
    if app.staff_exit:
        logger.info("staff exited the kiosk")
        return 0
    if served and app.return_code in (None, 0):  # textual-serve asked it to quit: the tab was closed
        logger.info("the browser session ended")
        return 0
    logger.error("the kiosk stopped unexpectedly (Textual's return code %s)", app.return_code)
    where = f"; see {log_path}" if log_path is not None else ""
    print(f"kiosk: the kiosk stopped unexpectedly{where}", file=sys.stderr)
    return 1


def run_kiosk(guide: Guide, args: argparse.Namespace) -> int:
    """Run the lobby kiosk until staff exit it (0), or it stops unexpectedly (1); nothing is needed up front."""
    # kiosk.cli did this before importing Textual; TEXTUAL_ALLOW_SIGNALS is read only now.
    sanitize_environment(served=getattr(args, "served", False), development=getattr(args, "dev", False))
    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 2
    try:
        setup_logging(config.log_dir)
    except OSError as error:  # a kiosk that cannot log still serves visitors
        print(f"kiosk: cannot write the log in {config.log_dir}: {error}", file=sys.stderr)
    install_excepthooks(redact=redact_words(guide))
    lang = getattr(args, "lang", None) or config.language
    if lang not in LANGS:
        lang = "zh"

    from kiosk.site_store import open_store

    app = KioskApp(
        guide,
        open_store=partial(open_store, args, config),  # the SQLite file, or the site store (README "A whole site")
        lang=lang,
        mode=Mode.STAFF_ONLY if getattr(args, "command", None) == "staff" else Mode.VISITOR,
        staff_settings=StaffSettings(retention_days=config.retention_days, expired_code_days=config.expired_code_days),
        pin_folder=config.data_dir,
        idle=config.idle,
        theme=config.theme,
        large=config.large,
        printer_command=config.printer_command,
        speaker=Speaker.configured(config),
        elderly=config.elderly,
    )
    return run_until_exit(app, log_path=config.log_dir / LOG_FILE, served=getattr(args, "served", False))
