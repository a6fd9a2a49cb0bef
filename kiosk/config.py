"""The kiosk's configuration: a TOML file whose every setting has a default, so none is needed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from datetime import tzinfo
from pathlib import Path
from typing import Any

APP_DIR_NAME = "jiangsu-card-kiosk"


class ConfigError(Exception):
    """The configuration file is wrong; the message names the file and the setting."""


def data_dir() -> Path:
    """The per-user data folder: $XDG_DATA_HOME/jiangsu-card-kiosk (default ~/.local/share/...)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def cache_dir() -> Path:
    """The per-user cache folder (the validated guide): $XDG_CACHE_HOME/jiangsu-card-kiosk (default ~/.cache/...).
    Anything in it may be deleted at any time; it is rebuilt on the next start."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / APP_DIR_NAME


def default_config_path() -> Path:
    """$KIOSK_CONFIG, else $XDG_CONFIG_HOME/jiangsu-card-kiosk/kiosk.toml (default ~/.config/...)."""
    if os.environ.get("KIOSK_CONFIG"):
        return Path(os.environ["KIOSK_CONFIG"])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_DIR_NAME / "kiosk.toml"


@dataclass(frozen=True)
class StaffSettings:
    """What staff mode needs to know beyond the guide and the store."""

    retention_days: int = 30  # checklists older than this were purged: an unknown code may be one
    tz: tzinfo | None = None  # the zone saved times are shown in (default: the machine's)


@dataclass(frozen=True)
class IdleSettings:
    """Seconds without input before the "still there?" countdown, per screen, and the countdown itself."""

    default: float = 90.0
    checklist: float = 240.0
    countdown: float = 30.0
    staff_lock: float = 120.0


@dataclass(frozen=True)
class Config:
    """The kiosk's settings: kiosk.toml's values, each default when the file does not give it."""

    language: str = "zh"
    theme: str = "default"  # "default" or "high_contrast"
    large: bool = False
    retention_days: int = 30
    printer_command: str = "lp"
    db_path: Path | None = None  # None: $KIOSK_DB or the per-user data folder
    data_dir: Path = field(default_factory=data_dir)  # PIN hash, lockout state, logs
    idle: IdleSettings = field(default_factory=IdleSettings)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"


def _coerce(file: Path, key: str, value: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{file}: {key}: expected true or false, got {value!r}")
        return value
    if isinstance(default, int | float) and not isinstance(default, bool):
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{file}: {key}: expected a non-negative number, got {value!r}")
        return type(default)(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(f"{file}: {key}: expected text, got {value!r}")
        return value
    if not isinstance(value, str):  # a path
        raise ConfigError(f"{file}: {key}: expected a path, got {value!r}")
    return Path(value).expanduser()


def load_config(path: Path | None = None) -> Config:
    """Read `path` (or the default location); a missing default file means all defaults."""
    explicit = path is not None
    path = path or default_config_path()
    if not path.exists():
        if explicit:
            raise ConfigError(f"{path}: the configuration file does not exist")
        return Config()
    import tomllib  # only when there is a file: not on a kiosk running on its defaults

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the configuration: {err}") from err
    config = Config()
    top = {f.name: f for f in fields(Config)}
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "idle":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: idle: expected a table [idle]")
            idle_names = {f.name for f in fields(IdleSettings)}
            for idle_key in value:
                if idle_key not in idle_names:
                    raise ConfigError(
                        f"{path}: idle.{idle_key}: unknown setting (known: {', '.join(sorted(idle_names))})"
                    )
            idle_changes = {k: _coerce(path, f"idle.{k}", v, getattr(config.idle, k)) for k, v in value.items()}
            changes["idle"] = replace(config.idle, **idle_changes)
        elif key in top:
            default = getattr(config, key)
            changes[key] = _coerce(path, key, value, default if default is not None else Path())
        else:
            raise ConfigError(f"{path}: {key}: unknown setting (known: {', '.join(sorted(top))})")
    config = replace(config, **changes)
    if config.language not in ("zh", "en", "zh_hant"):
        raise ConfigError(f"{path}: language: expected zh, en or zh_hant, got {config.language!r}")
    if config.theme not in ("default", "high_contrast"):
        raise ConfigError(f"{path}: theme: expected default or high_contrast, got {config.theme!r}")
    if config.idle.countdown < 20:
        raise ConfigError(f"{path}: idle.countdown: at least 20 seconds, so a visitor has time to answer")
    return config
