"""The kiosk's configuration: a TOML file whose every setting has a default, so none is needed.

Each setting is one field below, and that field is its whole declaration: the key (the field's name, inside
its [section] for a nested dataclass), the type (its annotation), the default, and what is valid: for a
number its range (`number(...)`), for a word its choices (`choice(...)`), for other text a check
(`checked(...)`). `load_config` reads the file against these fields and refuses a wrong type, an unknown
key, a number out of range, infinite (1e400, inf) or NaN, naming the file, the key, the value as written and
what is valid. README's "Settings" table documents every key and range (tests/lobby/test_config.py checks it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import Field, dataclass, field, fields, is_dataclass, replace
from datetime import tzinfo
from pathlib import Path
from typing import Any, TypeVar

from kiosk import paths

N = TypeVar("N", int, float)


class ConfigError(Exception):
    """The configuration file is wrong; the message names the file and the setting."""


@dataclass(frozen=True)
class Range:
    """The values a number setting may take, inclusive at both ends; always finite."""

    low: float
    high: float
    unit: str = ""  # "seconds", "days", ...: shown in the error and the README

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{_plain(self.low)} to {_plain(self.high)}{unit}"


def number(default: N, low: N, high: N, unit: str = "") -> N:
    """A number setting: `default`, and the inclusive range [low, high] a configured value must be in."""
    if not low <= default <= high:
        raise AssertionError(f"the default {default} is outside its own range {low}..{high}")
    found: N = field(default=default, metadata={"range": Range(low, high, unit)})
    return found


def choice(default: str, *others: str) -> str:
    """A word setting that must be one of `default` and `others`."""
    found: str = field(default=default, metadata={"choices": (default, *others)})
    return found


def checked(default: str, check: Callable[[str], str | None]) -> str:
    """A text setting whose value `check` must accept: it returns None, or why the value is wrong."""
    found: str = field(default=default, metadata={"check": check})
    return found


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class _TomlFloat(float):
    """A float from the file that remembers how it was written, so `1e400` is named as written, not `inf`."""

    text: str

    def __new__(cls, text: str) -> _TomlFloat:
        value = super().__new__(cls, text)
        value.text = text
        return value

    def __repr__(self) -> str:
        return self.text


def _split_command(command: str) -> str | None:
    import shlex

    try:
        words = shlex.split(command)
    except ValueError as err:
        return f"cannot be split into a command and its arguments ({err})"
    return None if words else "expected a command, got nothing"


def _one_word(voice: str) -> str | None:
    one_word = bool(voice) and voice.split() == [voice]
    return None if one_word else "expected one word, e.g. cmn-latn-pinyin"


def _database_url(url: str) -> str | None:
    """A site store's URL: postgresql://user:password@host:port/database?sslmode=... (libpq's form)."""
    if url and not url.lower().startswith(("postgresql://", "postgres://")):
        return "expected a postgresql:// URL (or nothing, for the embedded SQLite file)"
    return None


def _terminal_id(name: str) -> str | None:
    import re

    if name and not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", name):
        return "expected 1-64 letters, digits, '_', '.' or '-' (e.g. lobby-2)"
    return None


@dataclass(frozen=True)
class StaffSettings:
    """What staff mode needs to know beyond the guide and the store."""

    retention_days: int = 30  # checklists older than this were purged, and their codes kept as expired
    expired_code_days: int = 90  # for this long after that; an unknown code may be older still
    tz: tzinfo | None = None  # the zone saved times are shown in (default: the machine's)


@dataclass(frozen=True)
class IdleSettings:
    """Seconds without input before the "still there?" countdown, per screen, and the countdown itself."""

    default: float = number(90.0, 10.0, 3600.0, "seconds")
    checklist: float = number(240.0, 10.0, 3600.0, "seconds")
    countdown: float = number(30.0, 20.0, 600.0, "seconds")  # at least 20: time to read and answer
    staff_lock: float = number(120.0, 10.0, 3600.0, "seconds")
    elderly_default: float = number(180.0, 10.0, 3600.0, "seconds")  # the same three in the elderly-friendly mode
    elderly_checklist: float = number(480.0, 10.0, 3600.0, "seconds")
    elderly_countdown: float = number(60.0, 20.0, 600.0, "seconds")

    def elderly(self) -> IdleSettings:
        """The times of the elderly-friendly mode, under the everyday names."""
        return replace(
            self, default=self.elderly_default, checklist=self.elderly_checklist, countdown=self.elderly_countdown
        )


@dataclass(frozen=True)
class VoiceSettings:
    """The speech engine's voice for each language: what `{voice}` in `speak_command` becomes (README, Read-aloud).

    espeak-ng 1.51's `cmn` voice reads many characters as English spellings of their pinyin (江 as "jiang
    one"); `cmn-latn-pinyin` reads them all in Mandarin. Taiwan readers expect Mandarin, not Cantonese (`yue`)."""

    zh: str = checked("cmn-latn-pinyin", _one_word)
    zh_hant: str = checked("cmn-latn-pinyin", _one_word)
    en: str = checked("en-gb", _one_word)


@dataclass(frozen=True)
class Config:
    """The kiosk's settings: kiosk.toml's values, each default when the file does not give it."""

    language: str = choice("zh", "en", "zh_hant")
    theme: str = choice("default", "high_contrast")
    large: bool = False
    retention_days: int = number(30, 1, 3660, "days")
    expired_code_days: int = number(90, 0, 3660, "days")  # a purged checklist's code is known as expired this long
    printer_command: str = checked("lp", _split_command)
    speak_command: str = checked("espeak-ng -v {voice}", _split_command)  # text on stdin; see kiosk.speech
    elderly: bool = False  # every visit starts in the elderly-friendly mode (适老模式)
    db_path: Path | None = None  # None: kiosk.db in data_dir ($KIOSK_DB wins over both: kiosk.paths.db_file)
    data_dir: Path = field(default_factory=paths.data_dir)  # PIN hash, lockout state, logs, database
    idle: IdleSettings = field(default_factory=IdleSettings)
    voices: VoiceSettings = field(default_factory=VoiceSettings)
    # The site store (README "A whole site"): "" keeps the embedded SQLite file. $KIOSK_DATABASE_URL overrides.
    database_url: str = checked("", _database_url)
    terminal_id: str = checked("", _terminal_id)  # "": the host name
    db_connect_timeout: float = number(2.0, 2.0, 30.0, "seconds")  # libpq counts whole seconds, at least 2
    db_statement_timeout: float = number(2.0, 0.1, 30.0, "seconds")
    outbox_max: int = number(10_000, 100, 1_000_000, "entries")

    @property
    def log_dir(self) -> Path:
        return paths.log_dir(self.data_dir)


def _kind(hint: Any) -> Any:
    """The type a setting's annotation names: `Path | None` is a Path (None only means "not set")."""
    import typing

    return next((arg for arg in typing.get_args(hint) if arg is not type(None)), hint)


def settings(cls: Any = Config, prefix: str = "") -> Iterator[tuple[str, Field[Any], Any]]:
    """Every setting as (key, its field, its type), a section's as `section.key`, in file order."""
    import typing

    hints = typing.get_type_hints(cls)
    for item in fields(cls):
        kind = _kind(hints[item.name])
        if is_dataclass(kind):
            yield from settings(kind, f"{prefix}{item.name}.")
        else:
            yield f"{prefix}{item.name}", item, kind


def _described(value: Any) -> str:
    if isinstance(value, float) and math.isnan(value):
        return f"{value!r} (not a number)"
    if isinstance(value, float) and math.isinf(value):
        return f"{value!r} (infinite)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def _coerce(file: Path, key: str, item: Field[Any], kind: Any, value: Any) -> Any:
    """The setting's value from the file's, or a ConfigError naming the key, the value and what is valid."""

    def refuse(expected: str) -> ConfigError:
        return ConfigError(f"{file}: {key} = {_described(value)}: {expected}")

    if kind is bool:
        if not isinstance(value, bool):
            raise refuse("expected true or false")
        return value
    if kind is int or kind is float:
        bounds: Range = item.metadata["range"]
        whole = kind is int
        if isinstance(value, bool) or not isinstance(value, int | float) or (whole and isinstance(value, float)):
            raise refuse(f"must be a {'whole ' if whole else ''}number from {bounds.describe()}")
        if not math.isfinite(value) or not bounds.low <= value <= bounds.high:
            raise refuse(f"out of range: must be from {bounds.describe()}")
        return kind(value)
    if kind is str:
        if not isinstance(value, str):
            raise refuse("expected text in quotes")
        choices: tuple[str, ...] = item.metadata.get("choices", ())
        if choices and value not in choices:
            raise refuse(f"expected one of {', '.join(choices)}")
        check: Callable[[str], str | None] | None = item.metadata.get("check")
        problem = check(value) if check else None
        if problem:
            raise refuse(problem)
        return value
    if kind is Path:
        if not isinstance(value, str) or not value.strip():
            raise refuse("expected a path in quotes")
        return Path(value).expanduser()
    raise AssertionError(f"{key}: no reader for settings of type {kind.__name__}")


def load_config(path: Path | None = None) -> Config:
    """Read `path` (or the default location); a missing default file means all defaults."""
    explicit = path is not None
    path = path or paths.config_file()
    if not path.exists():
        if explicit:
            raise ConfigError(f"{path}: the configuration file does not exist")
        return Config()
    import tomllib  # only when there is a file: not on a kiosk running on its defaults

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=_TomlFloat)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the configuration: {err}") from err
    config: Config = _build(path, Config, raw, "")
    return config


def _build(file: Path, cls: Any, raw: dict[str, Any], prefix: str) -> Any:
    """`cls` (Config or one of its sections) from the file's table `raw`, every value checked."""
    import typing

    hints = typing.get_type_hints(cls)
    known = {item.name: item for item in fields(cls)}
    values: dict[str, Any] = {}
    for name, value in raw.items():
        key = f"{prefix}{name}"
        if name not in known:
            raise ConfigError(f"{file}: {key}: unknown setting (known here: {', '.join(sorted(known))})")
        kind = _kind(hints[name])
        if is_dataclass(kind):
            if not isinstance(value, dict):
                raise ConfigError(f"{file}: {key} = {_described(value)}: expected a table [{key}]")
            values[name] = _build(file, kind, value, f"{key}.")
        else:
            values[name] = _coerce(file, key, known[name], kind, value)
    return cls(**values)


def database_path(given: Path | None, config: Config) -> Path:
    """`given` (--db), else $KIOSK_DB, else the configuration's db_path, else kiosk.db in its data folder."""
    return given if given is not None else paths.db_file(config.db_path, config.data_dir)
