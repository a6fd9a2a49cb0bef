"""The one error the store raises, and how SQLite and OS failures map onto it."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Literal

StoreErrorKind = Literal[
    "disk_full",
    "read_only",
    "locked",
    "not_a_database",
    "io",
    # The site store (PostgreSQL) and the lobby's outbox:
    "unreachable",  # the server is down, slow or refusing connections
    "denied",  # this terminal's database role may not do that (least privilege)
    "schema",  # the database's schema is missing, older (run `kiosk db upgrade`) or newer than this kiosk knows
    "outbox_full",  # the server has been away so long that the lobby's outbox is full
]

# Primary result codes (the low byte of an extended code), from sqlite3.h.
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

_KIND_BY_CODE: dict[int, StoreErrorKind] = {
    _SQLITE_PERM: "read_only",
    _SQLITE_BUSY: "locked",
    _SQLITE_LOCKED: "locked",
    _SQLITE_READONLY: "read_only",
    _SQLITE_CORRUPT: "not_a_database",
    _SQLITE_FULL: "disk_full",
    _SQLITE_NOTADB: "not_a_database",
}


class StoreError(Exception):
    """A failure of the checklist store; `kind` says which, the message says what for a developer."""

    def __init__(self, kind: StoreErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind: StoreErrorKind = kind


def _is_writable(path: Path) -> bool:
    """Whether this process may write the file, or create it in its folder."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return os.access(path.parent, os.W_OK)


def classify(error: BaseException, path: Path) -> StoreError:
    """Turn a sqlite3 or OS error met while using the database at `path` into a StoreError."""
    if isinstance(error, StoreError):
        return error
    message = f"{path}: {type(error).__name__}: {error}"
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None:
            primary = code & 0xFF
            kind = _KIND_BY_CODE.get(primary)
            if kind is not None:
                return StoreError(kind, message)
            if primary == _SQLITE_CANTOPEN and not _is_writable(path):
                return StoreError("read_only", message)
        return StoreError("io", message)
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return StoreError("disk_full", message)
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return StoreError("read_only", message)
    return StoreError("io", message)
