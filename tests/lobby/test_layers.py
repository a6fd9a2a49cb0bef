"""DESIGN.md's import rules hold: a pure guide core, screens off the database, audiences apart, no import cycles."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    declared = len(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    )
    assert f"Contracts: {declared} kept, 0 broken." in result.stdout


def test_the_readme_links_only_files_of_the_repository() -> None:
    """A clone has only the repository: the README's links and the paths it quotes stay inside it."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../" not in readme, "the README points outside the repository"
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", readme)  # markdown links to files (not URLs, not anchors)
    assert links, "no file links found: the pattern is wrong"
    missing = [link for link in links if not (ROOT / link).exists()]
    assert missing == []
