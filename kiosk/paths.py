"""Where the kiosk keeps its files: every folder and default file is computed here, and nowhere else.

Per user, by platformdirs (the XDG base directory rules; a relative `$XDG_*_HOME` is ignored, as the
specification says):

| folder | default | holds |
|---|---|---|
| data | `~/.local/share/jiangsu-card-kiosk` | the database, the staff PIN's hash and lockout, `logs/` |
| config | `~/.config/jiangsu-card-kiosk` | `kiosk.toml` |
| cache | `~/.cache/jiangsu-card-kiosk` | the validated guide; safe to delete at any time |

The PIN's lockout and the log are state in the XDG sense, but stay in the data folder where earlier
releases put them, so an upgraded terminal keeps its lockout and its log.

Under systemd, the folders the unit asks for win (`deploy/jiangsu-card-kiosk.service`):
`$STATE_DIRECTORY` (data, e.g. /var/lib/jiangsu-card-kiosk), `$CONFIGURATION_DIRECTORY` (config, /etc/...),
`$CACHE_DIRECTORY` (cache, /var/cache/...) and `$LOGS_DIRECTORY` (the log, /var/log/...).
`$KIOSK_CONFIG` names the configuration file and `$KIOSK_DB` the database, over everything but `--db`.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs
from platformdirs.api import PlatformDirsABC

APP_NAME = "jiangsu-card-kiosk"
CONFIG_FILE = "kiosk.toml"
DB_FILE = "kiosk.db"
LOG_FOLDER = "logs"


def _systemd_dir(variable: str) -> Path | None:
    """The first folder systemd put in `variable` (it separates several with ':'), if it is absolute."""
    first = os.environ.get(variable, "").split(":")[0]
    return Path(first) if first and os.path.isabs(first) else None


def _user_dirs() -> PlatformDirsABC:
    return PlatformDirs(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The data folder: the database, the PIN's hash and lockout, and (unless systemd gives one) the log."""
    return _systemd_dir("STATE_DIRECTORY") or Path(_user_dirs().user_data_dir)


def config_dir() -> Path:
    """The folder of kiosk.toml."""
    return _systemd_dir("CONFIGURATION_DIRECTORY") or Path(_user_dirs().user_config_dir)


def cache_dir() -> Path:
    """The cache folder (the validated guide): anything in it may be deleted; it is rebuilt on the next start."""
    return _systemd_dir("CACHE_DIRECTORY") or Path(_user_dirs().user_cache_dir)


def log_dir(data: Path) -> Path:
    """The log's folder: systemd's logs folder, else `logs/` in the data folder `data`."""
    return _systemd_dir("LOGS_DIRECTORY") or data / LOG_FOLDER


def config_file() -> Path:
    """$KIOSK_CONFIG, else kiosk.toml in the config folder."""
    given = os.environ.get("KIOSK_CONFIG")
    return Path(given).expanduser() if given else config_dir() / CONFIG_FILE


def db_file(configured: Path | None, data: Path) -> Path:
    """$KIOSK_DB, else the configuration's `db_path`, else kiosk.db in the data folder `data`."""
    given = os.environ.get("KIOSK_DB")
    if given:
        return Path(given).expanduser()
    return configured if configured is not None else data / DB_FILE
