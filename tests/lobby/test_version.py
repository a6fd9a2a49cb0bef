"""`kiosk --version` prints the one version (pyproject's), and `kiosk [run options]` runs the kiosk."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from parts_helpers import require_program
from tmux_helpers import shell_command
from tmux_helpers import terminal as tmux_terminal

from kiosk.version import program_version
from store import Store

ROOT = Path(__file__).resolve().parents[2]


def kiosk_command() -> list[str]:
    installed = shutil.which("kiosk")
    return [installed] if installed else [sys.executable, "-m", "kiosk"]


def test_version_is_pyprojects_and_printed_by_kiosk_version() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert program_version() == declared
    done = subprocess.run([*kiosk_command(), "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"kiosk {declared}\n", "")


def test_the_changelog_has_a_section_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(program_version())}\] - \d{{4}}-\d\d-\d\d$", changelog, re.MULTILINE)
    assert "## [Unreleased]" in changelog


@pytest.mark.parametrize("argv", [["--version"], ["guide", "check"]])
def test_commands_without_a_screen_never_import_textual(argv: list[str]) -> None:
    probe = (
        "import sys\nfrom kiosk.cli import run\ntry:\n    run(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('textual' in sys.modules, 'rich' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.splitlines()[-1] == "False False", done.stdout + done.stderr


def test_kiosk_with_options_and_no_command_runs_the_kiosk(tmp_path: Path) -> None:
    require_program("tmux")
    database = tmp_path / "lobby.db"
    env = {"HOME": str(tmp_path), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    launch = shell_command([*kiosk_command(), "--db", str(database), "--lang", "en"], env)
    with tmux_terminal(launch, "version") as term:
        # Start, 7 password reset, 1 the HRSS password, Enter at "check your answers": each once its screen shows.
        walk = [("Start / 开始", "Enter"), ("Reset a password", "7"), ("Which password", "1")]
        walk.append(("Check your answers", "Enter"))
        for shows, key in walk:
            term.wait_for(shows, timeout=30)
            term.tmux("send-keys", "-t", term.session, key)
        shown = term.wait_for("Pickup code", timeout=30)
    code = re.search(r"Pickup code:? *([A-Z0-9]{3}-[A-Z0-9]{3})", shown)
    assert code is not None, shown
    with Store(database) as store:
        saved = store.find(code.group(1))
    assert saved is not None and saved.procedure == "password_reset"
