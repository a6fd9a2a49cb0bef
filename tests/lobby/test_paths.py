"""Every folder the kiosk writes to comes from kiosk.paths: per user by the XDG rules, or systemd's folders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.config import Config, database_path, load_config


@pytest.fixture(autouse=True)
def lobby_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """A user with a home and no XDG, systemd or kiosk variables: each test sets what it checks."""
    for name in (
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "STATE_DIRECTORY",
        "CONFIGURATION_DIRECTORY",
        "CACHE_DIRECTORY",
        "LOGS_DIRECTORY",
        "KIOSK_DB",
        "KIOSK_CONFIG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", "/home/lobby")


def test_per_user_defaults_are_the_xdg_folders() -> None:
    assert paths.data_dir() == Path("/home/lobby/.local/share/jiangsu-card-kiosk")
    assert paths.config_file() == Path("/home/lobby/.config/jiangsu-card-kiosk/kiosk.toml")
    assert paths.cache_dir() == Path("/home/lobby/.cache/jiangsu-card-kiosk")
    config = Config()
    assert config.log_dir == Path("/home/lobby/.local/share/jiangsu-card-kiosk/logs")
    assert database_path(None, config) == Path("/home/lobby/.local/share/jiangsu-card-kiosk/kiosk.db")


def test_absolute_xdg_folders_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "/var/lib/kiosk-user")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/etc/kiosk-user")
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/kiosk-user")
    assert paths.data_dir() == Path("/var/lib/kiosk-user/jiangsu-card-kiosk")
    assert paths.config_file() == Path("/etc/kiosk-user/jiangsu-card-kiosk/kiosk.toml")
    assert paths.cache_dir() == Path("/var/cache/kiosk-user/jiangsu-card-kiosk")
    assert database_path(None, Config()) == Path("/var/lib/kiosk-user/jiangsu-card-kiosk/kiosk.db")


def test_a_relative_xdg_folder_is_ignored_by_the_database_and_the_pin_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    # The XDG rules: a relative path is invalid and ignored. Before kiosk.paths, the store ignored it but the
    # configuration used it, so the PIN and the database ended up in different places.
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    config = Config()
    assert config.data_dir == Path("/home/lobby/.local/share/jiangsu-card-kiosk")
    assert database_path(None, config).parent == config.data_dir
    assert paths.config_file() == Path("/home/lobby/.config/jiangsu-card-kiosk/kiosk.toml")
    assert paths.cache_dir() == Path("/home/lobby/.cache/jiangsu-card-kiosk")


def test_systemd_folders_win_under_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "/home/lobby/elsewhere")
    monkeypatch.setenv("STATE_DIRECTORY", "/var/lib/jiangsu-card-kiosk")
    monkeypatch.setenv("CONFIGURATION_DIRECTORY", "/etc/jiangsu-card-kiosk")
    monkeypatch.setenv("CACHE_DIRECTORY", "/var/cache/jiangsu-card-kiosk")
    monkeypatch.setenv("LOGS_DIRECTORY", "/var/log/jiangsu-card-kiosk:/var/log/other")
    config = Config()
    assert config.data_dir == Path("/var/lib/jiangsu-card-kiosk")
    assert config.log_dir == Path("/var/log/jiangsu-card-kiosk")
    assert paths.config_file() == Path("/etc/jiangsu-card-kiosk/kiosk.toml")
    assert paths.cache_dir() == Path("/var/cache/jiangsu-card-kiosk")
    assert database_path(None, config) == Path("/var/lib/jiangsu-card-kiosk/kiosk.db")


def test_the_database_is_db_then_kiosk_db_then_the_configuration_then_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = tmp_path / "kiosk.toml"
    settings.write_text(f'data_dir = "{tmp_path / "lobby"}"\n', encoding="utf-8")
    config = load_config(settings)
    assert database_path(None, config) == tmp_path / "lobby" / "kiosk.db"
    assert config.log_dir == tmp_path / "lobby" / "logs"
    settings.write_text(f'data_dir = "{tmp_path / "lobby"}"\ndb_path = "{tmp_path / "x.db"}"\n', encoding="utf-8")
    config = load_config(settings)
    assert database_path(None, config) == tmp_path / "x.db"
    monkeypatch.setenv("KIOSK_DB", "/srv/lobby/kiosk.db")
    assert database_path(None, config) == Path("/srv/lobby/kiosk.db")
    assert database_path(Path("given.db"), config) == Path("given.db")


def test_kiosk_config_names_the_configuration_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = tmp_path / "lobby.toml"
    settings.write_text("large = true\n", encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(settings))
    assert paths.config_file() == settings
    assert load_config().large


def test_folders_are_computed_only_in_kiosk_paths() -> None:
    """No other module reads the XDG or systemd variables or builds a home folder path itself."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        f"{source.relative_to(root)}: {word}"
        for folder in ("kiosk", "store", "screens")
        for source in sorted((root / folder).rglob("*.py"))
        if source.name != "paths.py"
        for word in ("XDG_", "STATE_DIRECTORY", "LOGS_DIRECTORY", "Path.home()", 'expanduser("~', ".local/share")
        if word in source.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_the_installed_command_puts_the_pin_where_the_database_goes(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": "relative", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "set-pin", "--pin-stdin"],
        input="246810\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "home" / ".local" / "share" / "jiangsu-card-kiosk" / "staff-pin.json").exists()
    assert not (tmp_path / "relative").exists()
