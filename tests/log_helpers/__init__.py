"""The tests' side of the kiosk's one log: undoing `setup_logging` between tests (the kiosk never needs to)."""

from __future__ import annotations

import logging

from kiosk.crashlog import PROJECT_LOGGERS


def close_logging(logger: logging.Logger | None = None) -> None:
    """Close and remove the handlers of `logger`, or of every project logger, which then propagate again as
    before `setup_logging`."""
    for log in [logger] if logger is not None else [logging.getLogger(name) for name in PROJECT_LOGGERS]:
        for handler in list(log.handlers):
            log.removeHandler(handler)
            handler.close()
        log.propagate = True
