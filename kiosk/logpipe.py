"""One writer for kiosk.log: a supervised kiosk sends its log records to the supervisor through a pipe.

The child cannot log to its stderr (Textual draws the lobby screen there), so the supervisor gives each
child the write end of a pipe, named by `$KIOSK_LOG_FD`. The child's handler writes each record as one
line of JSON; the supervisor reads them and hands them to its own log handler, the only one that opens,
writes and rotates the file. Two writers rotating one file lost about half the lines (issue 19).
"""

from __future__ import annotations

import logging
import os
import threading

LOG_FD_ENV = "KIOSK_LOG_FD"
# Records from the child go to these loggers only; a name outside them is logged under "kiosk".
_FORWARDED_ROOTS = ("kiosk", "store", "screens")


class PipeHandler(logging.Handler):
    """The child's handler: each record as one JSON line on the pipe to the supervisor."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def emit(self, record: logging.LogRecord) -> None:
        import json

        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            message = f"{message}\n{record.exc_text}"
        line = json.dumps(
            {
                "name": record.name,
                "levelno": record.levelno,
                "levelname": record.levelname,
                "created": record.created,
                "msecs": record.msecs,
                "process": record.process,
                "message": message,
            },
            ensure_ascii=False,
        )
        data = (line + "\n").encode("utf-8")
        with self.lock or threading.Lock():
            while data:
                data = data[os.write(self.fd, data) :]

    def handleError(self, record: logging.LogRecord) -> None:
        """The supervisor is gone: there is nowhere to log to, and the lobby screen must not show a traceback."""


def child_log_fd() -> int | None:
    """The pipe's file descriptor when this process is a supervised kiosk, else None."""
    raw = os.environ.get(LOG_FD_ENV, "")
    if not raw.isdigit():
        return None
    try:
        os.fstat(int(raw))
    except OSError:
        return None
    return int(raw)


def _record(line: bytes) -> logging.LogRecord:
    import json

    try:
        fields = json.loads(line)
        name = str(fields["name"])
        if name.split(".")[0] not in _FORWARDED_ROOTS:
            name = "kiosk"
        return logging.makeLogRecord(
            {
                "name": name,
                "levelno": int(fields["levelno"]),
                "levelname": str(fields["levelname"]),
                "created": float(fields["created"]),
                "msecs": float(fields["msecs"]),
                "process": int(fields["process"]),
                "msg": str(fields["message"]),
                "args": None,
            }
        )
    except (ValueError, KeyError, TypeError):
        # Not a record (a torn last line of a killed child): kept, as what it is.
        text = line.decode("utf-8", "replace").rstrip("\n")
        return logging.makeLogRecord(
            {
                "name": "kiosk",
                "levelno": logging.WARNING,
                "levelname": "WARNING",
                "msg": "supervisor: an unreadable log line from the kiosk: %r",
                "args": (text,),
            }
        )


def forward(read_fd: int) -> threading.Thread:
    """Start a thread that logs every record arriving on `read_fd` through this process's loggers, until
    every writer has closed the pipe (the child and anything it started have ended)."""

    def run() -> None:
        with os.fdopen(read_fd, "rb") as pipe:
            for line in pipe:
                record = _record(line)
                logging.getLogger(record.name).handle(record)

    thread = threading.Thread(target=run, name="kiosk-log-forwarder", daemon=True)
    thread.start()
    return thread
