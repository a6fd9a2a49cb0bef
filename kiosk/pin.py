"""The staff PIN: kept only as a salted scrypt hash, with a lockout after repeated wrong PINs.

Two files under the data folder, both 0600 and written atomically:

- `staff-pin.json`: the scrypt parameters, salt and hash (parameters are stored so they can change later);
- `staff-pin-lock.json`: the failure count and the wall-clock time a lockout ends, so a restart
  does not give an attacker fresh attempts.

Every process that checks the PIN (the lobby kiosk, `kiosk staff`, each browser tab of `kiosk serve`)
counts its attempt holding an exclusive lock (flock) on the empty file `staff-pin-lock.json.lock`, so
attempts made at the same moment are each counted.
"""

from __future__ import annotations

import contextlib
import enum
import fcntl
import getpass
import hashlib
import hmac
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

PIN_FILE = "staff-pin.json"
LOCK_FILE = "staff-pin-lock.json"
COUNTING_FILE = "staff-pin-lock.json.lock"  # held (flock) while an attempt is counted; it holds nothing
MIN_LENGTH = 4
MAX_LENGTH = 12
MAX_FAILURES = 5
LOCK_SECONDS = 300.0

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class PinFormatError(ValueError):
    """A PIN that is not 4-12 digits; the message says what to type instead."""


class PinFileError(Exception):
    """The stored PIN file cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class ScryptParams:
    """scrypt cost parameters; the default takes about 70 ms on a 2-core lobby PC."""

    n: int = 2**15
    r: int = 8
    p: int = 1
    dklen: int = 32

    @property
    def maxmem(self) -> int:
        # scrypt needs 128 * r * n * p bytes; OpenSSL's default cap (32 MiB) is just too small for n=2**15.
        return 2 * 128 * self.r * self.n * self.p + 1024 * 1024


DEFAULT_PARAMS = ScryptParams()


class PinStatus(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not_set"


@dataclass(frozen=True)
class PinResult:
    """The outcome of one PIN attempt."""

    status: PinStatus
    attempts_left: int = 0  # WRONG: attempts before the lockout
    seconds_left: float = 0.0  # LOCKED: seconds until another attempt is allowed

    @property
    def ok(self) -> bool:
        return self.status is PinStatus.OK


def normalize_pin(raw: str) -> str:
    """The PIN as ASCII digits (full-width digits and surrounding spaces accepted), or PinFormatError."""
    pin = raw.strip().translate(_FULL_WIDTH_DIGITS)
    if not pin or not all("0" <= ch <= "9" for ch in pin):
        raise PinFormatError(f"a PIN is {MIN_LENGTH} to {MAX_LENGTH} digits (0-9) and nothing else")
    if not MIN_LENGTH <= len(pin) <= MAX_LENGTH:
        raise PinFormatError(f"a PIN is {MIN_LENGTH} to {MAX_LENGTH} digits; this one has {len(pin)}")
    return pin


def _derive(pin: str, salt: bytes, params: ScryptParams) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=params.n, r=params.r, p=params.p, maxmem=params.maxmem, dklen=params.dklen
    )


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically (temp file + os.replace), readable by the owner only."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    # The rename itself is durable only once the folder is synced.
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


@dataclass(frozen=True)
class _LockState:
    failures: int = 0
    locked_until: float | None = None  # wall-clock (time.time) seconds


class PinGuard:
    """Checks the staff PIN; 5 wrong PINs in a row lock it for 5 minutes, across restarts."""

    def __init__(
        self,
        data_dir: Path,
        *,
        now: Callable[[], float] = time.time,
        max_failures: int = MAX_FAILURES,
        lock_seconds: float = LOCK_SECONDS,
    ) -> None:
        self.pin_path = data_dir / PIN_FILE
        self.lock_path = data_dir / LOCK_FILE
        self._now = now
        self._max_failures = max_failures
        self._lock_seconds = lock_seconds

    def is_set(self) -> bool:
        return self.pin_path.exists()

    def set_pin(self, raw: str, params: ScryptParams = DEFAULT_PARAMS) -> Path:
        """Store a new PIN (raises PinFormatError) and clear any lockout; returns the file it is in."""
        pin = normalize_pin(raw)
        salt = secrets.token_bytes(16)
        record = {
            "algorithm": "scrypt",
            "n": params.n,
            "r": params.r,
            "p": params.p,
            "dklen": params.dklen,
            "salt": salt.hex(),
            "hash": _derive(pin, salt, params).hex(),
        }
        write_private(self.pin_path, json.dumps(record, indent=2) + "\n")
        self._save_state(_LockState())
        return self.pin_path

    def seconds_locked(self) -> float:
        """Seconds until a PIN may be tried again; 0 when it may be tried now."""
        state = self._load_state()
        return self._remaining(state, self._now())

    def check(self, raw: str) -> PinResult:
        """One attempt: OK (and the failure count resets), WRONG with attempts left, LOCKED, or NOT_SET."""
        with self._counting():
            now = self._now()
            state = self._load_state()
            remaining = self._remaining(state, now)
            if remaining > 0:
                return PinResult(PinStatus.LOCKED, seconds_left=remaining)
            if state.locked_until is not None:  # the lockout is over: a fresh set of attempts
                state = _LockState()
            record = self._load_record()
            if record is None:
                return PinResult(PinStatus.NOT_SET)
            # Count the attempt before the slow hash, so cutting the power mid-check does not undo it.
            failures = state.failures + 1
            locks = failures >= self._max_failures
            self._save_state(_LockState(failures, now + self._lock_seconds if locks else None))
        if self._matches(raw, record):
            with self._counting():
                self._save_state(_LockState())
            return PinResult(PinStatus.OK)
        if locks:
            return PinResult(PinStatus.LOCKED, seconds_left=self._lock_seconds)
        return PinResult(PinStatus.WRONG, attempts_left=self._max_failures - failures)

    @contextlib.contextmanager
    def _counting(self) -> Iterator[None]:
        """Hold the attempt count for this process alone, while it is read and written (not during the hash)."""
        self.lock_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.lock_path.with_name(COUNTING_FILE), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the file releases the lock

    def _remaining(self, state: _LockState, now: float) -> float:
        if state.locked_until is None:
            return 0.0
        remaining = state.locked_until - now
        if remaining > self._lock_seconds:
            # The wall clock went backwards: never lock for longer than one lockout from now.
            self._save_state(_LockState(state.failures, now + self._lock_seconds))
            return self._lock_seconds
        return max(remaining, 0.0)

    def _matches(self, raw: str, record: tuple[bytes, bytes, ScryptParams]) -> bool:
        salt, expected, params = record
        try:
            pin = normalize_pin(raw)
        except PinFormatError:
            pin = ""
        # A malformed entry still costs one hash, so its timing does not differ from a wrong PIN.
        candidate = _derive(pin or "0" * MIN_LENGTH, salt, params)
        return hmac.compare_digest(candidate, expected) and bool(pin)

    def _load_record(self) -> tuple[bytes, bytes, ScryptParams] | None:
        try:
            text = self.pin_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as err:
            message = f"{self.pin_path}: cannot read the staff PIN ({err}); set it with `kiosk set-pin`"
            raise PinFileError(message) from err
        try:
            data: Any = json.loads(text)
            if data["algorithm"] != "scrypt":
                raise ValueError(f"unknown algorithm {data['algorithm']!r}")
            params = ScryptParams(n=int(data["n"]), r=int(data["r"]), p=int(data["p"]), dklen=int(data["dklen"]))
            # scrypt needs n a power of 2; the caps keep a damaged file from asking for gigabytes.
            if not (1 < params.n <= 2**20 and params.n & (params.n - 1) == 0 and 1 <= params.r * params.p <= 64):
                raise ValueError(f"unusable scrypt parameters {params}")
            return bytes.fromhex(data["salt"]), bytes.fromhex(data["hash"]), params
        except (ValueError, KeyError, TypeError) as err:
            message = f"{self.pin_path}: the staff PIN file is damaged; set it again with `kiosk set-pin`"
            raise PinFileError(message) from err

    def _load_state(self) -> _LockState:
        try:
            data: Any = json.loads(self.lock_path.read_text(encoding="utf-8"))
            failures = int(data["failures"])
            until = data["locked_until"]
            return _LockState(failures, None if until is None else float(until))
        except FileNotFoundError:
            return _LockState()
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged lock file must not hand out fresh attempts: it becomes a lockout starting now.
            state = _LockState(self._max_failures, self._now() + self._lock_seconds)
            self._save_state(state)
            return state

    def _save_state(self, state: _LockState) -> None:
        text = json.dumps({"failures": state.failures, "locked_until": state.locked_until}) + "\n"
        write_private(self.lock_path, text)


def set_pin_command(data_dir: Path, *, from_stdin: bool = False, stdin: TextIO | None = None) -> int:
    """`kiosk set-pin`: ask twice (or read one line with --pin-stdin), store the hash; 0, or 2 if refused."""
    try:
        if from_stdin:
            line = (stdin or sys.stdin).readline()
            if not line:
                print("kiosk: no PIN on standard input; nothing was changed", file=sys.stderr)
                return 2
            raw = line.rstrip("\r\n")
        else:
            raw = getpass.getpass(f"New staff PIN ({MIN_LENGTH}-{MAX_LENGTH} digits): ")
            normalize_pin(raw)  # refuse a bad PIN before asking for it again
            again = getpass.getpass("The same PIN again: ")
            if normalize_pin(again) != normalize_pin(raw):
                print("kiosk: the two PINs differ; nothing was changed", file=sys.stderr)
                return 2
        path = PinGuard(data_dir).set_pin(raw)
    except PinFormatError as err:
        print(f"kiosk: {err}; nothing was changed", file=sys.stderr)
        return 2
    except EOFError:
        print("kiosk: no PIN given; nothing was changed", file=sys.stderr)
        return 2
    print(f"The staff PIN is stored (as a salted scrypt hash, readable only by this user) in {path}")
    return 0
