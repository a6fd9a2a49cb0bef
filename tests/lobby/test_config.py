"""The configuration file: every setting's type and range is checked at start, and README documents them all."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Config, ConfigError, IdleSettings, Range, load_config, settings

README = Path(__file__).parents[2] / "README.md"
KIOSK = shutil.which("kiosk")
NUMBERS = [(key, item.metadata["range"], kind) for key, item, kind in settings() if kind in (int, float)]


def toml_line(key: str, literal: str) -> str:
    """`idle.default = 5` as a TOML file: a section's key goes under its [section]."""
    section, _, name = key.rpartition(".")
    return f"[{section}]\n{name} = {literal}\n" if section else f"{key} = {literal}\n"


def load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    return str(caught.value)


def value_of(config: Config, key: str) -> Any:
    found: Any = config
    for part in key.split("."):
        found = getattr(found, part)
    return found


def test_every_number_setting_has_a_finite_range_that_holds_its_default() -> None:
    assert {key for key, _, _ in NUMBERS} >= {"retention_days", "idle.default", "idle.countdown", "idle.staff_lock"}
    for key, bounds, _ in NUMBERS:
        assert math.isfinite(bounds.low) and math.isfinite(bounds.high) and bounds.low < bounds.high, key
        assert bounds.low <= value_of(Config(), key) <= bounds.high, key


@pytest.mark.parametrize(("key", "bounds", "kind"), NUMBERS, ids=[key for key, _, _ in NUMBERS])
def test_a_number_at_either_end_of_its_range_is_taken(tmp_path: Path, key: str, bounds: Range, kind: type) -> None:
    for end in (bounds.low, bounds.high):
        literal = str(int(end)) if kind is int else str(float(end))
        assert value_of(load(tmp_path, toml_line(key, literal)), key) == end


@pytest.mark.parametrize(("key", "bounds", "kind"), NUMBERS, ids=[key for key, _, _ in NUMBERS])
def test_a_number_outside_its_range_infinite_nan_or_not_a_number_is_refused_by_name(
    tmp_path: Path, key: str, bounds: Range, kind: type
) -> None:
    step = 1 if kind is int else 0.5
    below, above = bounds.low - step, bounds.high + step
    literals = [str(below if kind is float else int(below)), str(above if kind is float else int(above))]
    literals += ["1e400", "-1e400", "inf", "+inf", "-inf", "nan", "-nan", '"90"', "true", "[1]"]
    if kind is int:
        literals.append(f"{float(bounds.low)}")  # a whole number is asked for
    for literal in literals:
        message = refused(tmp_path, toml_line(key, literal))
        assert f"{key} = {literal}" in message, message  # the key, and the value as written
        assert bounds.describe() in message, message  # and what would be valid
        assert str(tmp_path / "kiosk.toml") in message


def test_the_value_is_named_as_written_and_called_infinite_or_not_a_number(tmp_path: Path) -> None:
    message = refused(tmp_path, "[idle]\ndefault = 1e400\n")
    assert message.endswith("idle.default = 1e400 (infinite): out of range: must be from 10 to 3600 seconds")
    assert "idle.checklist = nan (not a number)" in refused(tmp_path, "[idle]\nchecklist = nan\n")
    assert "retention_days = 30.0: must be a whole number from 1 to 3660 days" in refused(
        tmp_path, "retention_days = 30.0\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('theme = "dark"\n', 'theme = "dark": expected one of default, high_contrast'),
        ('language = "fr"\n', 'language = "fr": expected one of zh, en, zh_hant'),
        ("large = 1\n", "large = 1: expected true or false"),
        ("printer_command = 3\n", "printer_command = 3: expected text in quotes"),
        ('printer_command = "lp -d \'lobby"\n', "cannot be split into a command and its arguments"),
        ('printer_command = "  "\n', "expected a command, got nothing"),
        ('db_path = ""\n', 'db_path = "": expected a path in quotes'),
        ("idle = 90\n", "idle = 90: expected a table [idle]"),
        ("[idle]\nwarning = 10\n", "idle.warning: unknown setting (known here: checklist, countdown, default,"),
        ("idle_default = 10\n", "idle_default: unknown setting"),
    ],
)
def test_a_wrong_type_or_unknown_key_is_refused_by_name(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in refused(tmp_path, text)


def test_good_values_of_every_kind_are_read(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        'language = "en"\ntheme = "high_contrast"\nlarge = true\nretention_days = 90\n'
        'printer_command = "lp -d lobby"\ndb_path = "~/k.db"\n[idle]\ndefault = 45\ncountdown = 20.5\n',
    )
    assert (config.language, config.theme, config.large, config.retention_days) == ("en", "high_contrast", True, 90)
    assert config.printer_command == "lp -d lobby" and config.db_path == Path("~/k.db").expanduser()
    assert config.idle == IdleSettings(default=45, countdown=20.5)
    assert isinstance(config.idle.default, float) and isinstance(config.retention_days, int)


def readme_rows() -> dict[str, list[str]]:
    section = README.read_text(encoding="utf-8").split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("| `")]
    return {cells[0].strip().strip("`"): [cell.strip() for cell in cells[1:]] for cells in rows}


def test_readme_documents_every_setting_its_default_and_its_range() -> None:
    rows = readme_rows()
    assert list(rows) == [key for key, _, _ in settings()]
    for key, item, kind in settings():
        _type, default, valid = rows[key]
        if "range" in item.metadata:
            assert valid == item.metadata["range"].describe(), key
            assert default == f"`{value_of(Config(), key):g}`", key
        if "choices" in item.metadata:
            assert valid == ", ".join(f"`{word}`" for word in item.metadata["choices"]), key
        if kind is str:
            assert default == f'`"{value_of(Config(), key)}"`', key
        if kind is bool:
            assert default == f"`{str(value_of(Config(), key)).lower()}`", key


@pytest.mark.parametrize("command", [["run"], ["staff"], ["run", "--supervise"], ["stats"], ["set-pin", "--pin-stdin"]])
def test_a_bad_setting_stops_the_kiosk_before_it_starts_with_exit_code_2(tmp_path: Path, command: list[str]) -> None:
    assert KIOSK is not None, "the kiosk console script is not installed (pip install -e .)"
    config = tmp_path / "kiosk.toml"
    data = tmp_path / "data"
    config.write_text(f'data_dir = "{data}"\n[idle]\ndefault = 1e400\n', encoding="utf-8")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "KIOSK_CONFIG": str(tmp_path / "unused.toml")}
    result = subprocess.run(
        [KIOSK, *command, "--config", str(config)],
        input="1234\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert f"{config}: idle.default = 1e400 (infinite): out of range: must be from 10 to 3600 seconds" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""  # no screen was drawn
    assert not data.exists() and not (tmp_path / "xdg").exists()  # no log, no PIN, no database: nothing started
