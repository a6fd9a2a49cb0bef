"""The systemd units in deploy/ are valid (systemd-analyze verify) and lock the kiosk down as the README says."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from parts_helpers import require_program

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = ("jiangsu-card-kiosk.service", "jiangsu-card-kiosk-serve.service")
PREFIX = "/opt/jiangsu-card-kiosk"


def systemd_analyze() -> str:
    return require_program("systemd-analyze")  # Debian package systemd


def settings(unit: str) -> dict[str, list[str]]:
    """key -> every value it is given in the unit file (comments and section headers left out)."""
    found: dict[str, list[str]] = {}
    for line in (DEPLOY / unit).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


@pytest.fixture
def installed_units(tmp_path: Path) -> Path:
    """The units as on a terminal where the kiosk is installed, at a prefix that exists here: an executable
    `kiosk` stands in for the installed one (verify checks that ExecStart's program exists)."""
    prefix = tmp_path / "prefix"
    (prefix / "bin").mkdir(parents=True)
    (prefix / "bin" / "kiosk").write_text("#!/bin/sh\n", encoding="utf-8")
    (prefix / "bin" / "kiosk").chmod(0o755)
    for unit in UNITS:
        text = (DEPLOY / unit).read_text(encoding="utf-8")
        assert PREFIX in text
        (tmp_path / unit).write_text(text.replace(PREFIX, str(prefix)), encoding="utf-8")
    return tmp_path


def test_the_units_pass_systemd_analyze_verify_without_a_warning(installed_units: Path) -> None:
    done = subprocess.run(
        [systemd_analyze(), "verify", "--man=no", *(str(installed_units / unit) for unit in UNITS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # verify exits 0 even when it ignores a setting it cannot parse: any message is a failure here.
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize("unit", UNITS)
def test_systemd_rates_each_unit_well_locked_down(installed_units: Path, unit: str) -> None:
    done = subprocess.run(
        [systemd_analyze(), "security", "--offline=yes", "--no-pager", str(installed_units / unit)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    score = re.search(r"Overall exposure level for \S+: (\d+\.\d) (\w+)", done.stdout)
    assert score is not None, done.stdout + done.stderr
    assert float(score.group(1)) <= 4.0 and score.group(2) == "OK", score.group(0)


@pytest.mark.parametrize("unit", UNITS)
def test_each_unit_runs_as_the_kiosk_user_restarts_forever_and_reaches_no_network_but_the_allowed(unit: str) -> None:
    found = settings(unit)
    expected = {
        "User": ["kiosk"],
        "Restart": ["always"],
        "StartLimitIntervalSec": ["0"],
        "ProtectSystem": ["strict"],
        "ProtectHome": ["yes"],
        "PrivateTmp": ["yes"],
        "NoNewPrivileges": ["yes"],
        "CapabilityBoundingSet": [""],
        "IPAddressDeny": ["any"],
        "IPAddressAllow": ["localhost"],  # and the site store's address, in a drop-in (deploy/README.md)
        "StateDirectory": ["jiangsu-card-kiosk"],
        "LogsDirectory": ["jiangsu-card-kiosk"],
    }
    assert {key: found.get(key) for key in expected} == expected
    runs = {
        "jiangsu-card-kiosk.service": "/bin/kiosk run --supervise",
        "jiangsu-card-kiosk-serve.service": "/bin/kiosk serve",
    }
    assert runs[unit] in found["ExecStart"][0]


def test_the_lobby_unit_starts_the_kiosk_supervised_in_foot_under_cage_on_its_own_tty() -> None:
    found = settings("jiangsu-card-kiosk.service")
    command = found["ExecStart"][0].split()
    assert command[0] == "/usr/bin/cage" and "/usr/bin/foot" in command
    assert command[-3:] == [f"{PREFIX}/bin/kiosk", "run", "--supervise"]
    assert "-s" not in command[: command.index("--")]  # cage -s would let ctrl+alt+Fn switch to a text console
    assert "--config=/etc/jiangsu-card-kiosk/foot.ini" in command
    assert found["TTYPath"] == ["/dev/tty7"] and found["PAMName"] == ["jiangsu-card-kiosk"]
    assert (DEPLOY / "pam.d" / "jiangsu-card-kiosk").read_text(encoding="utf-8").count("pam_systemd.so") == 1
    assert "u kiosk -" in (DEPLOY / "sysusers.d" / "jiangsu-card-kiosk.conf").read_text(encoding="utf-8")


def test_foot_accepts_the_lobby_terminal_configuration() -> None:
    foot = require_program("foot")
    done = subprocess.run(
        [foot, f"--config={DEPLOY / 'foot.ini'}", "--check-config"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "warn" not in done.stderr and "err" not in done.stderr.lower(), done.stderr
