"""The program's version: written once, in pyproject.toml, and read back from the installed package's metadata."""

from __future__ import annotations

DISTRIBUTION = "jiangsu-card-kiosk"


def program_version() -> str:
    """The installed release, e.g. "0.2.0" ("unknown" when run from a source tree that was never installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"
