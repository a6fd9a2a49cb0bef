"""`kiosk health`: what a monitoring system needs to know about a terminal, as one JSON object.

Exit 0 when every part the lobby needs works (the guide loads, the store opens at a schema this release
knows, the printer's and the speech engine's programs are installed), 1 otherwise. It changes nothing:
the SQLite file is opened read-only and the site store is only asked its schema version. It prints no
personal data (there is none to print) and no password (the site store's URL is shown without it).
Textual is never imported.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.config import Config

SITE_TIMEOUT = 3.0  # seconds, to connect and for the one query: a monitor polls, it must not hang


def guide_health(root: Path | None) -> dict[str, Any]:
    from kiosk.guide.load import GuideError, load_guide

    try:
        guide = load_guide(root, cache_dir=paths.cache_dir())
    except GuideError as err:
        return {"ok": False, "error": str(err)}
    return {"ok": True, "version": guide.version, "procedures": len(guide.procedures)}


def sqlite_health(path: Path) -> dict[str, Any]:
    from store import Store, StoreError

    report: dict[str, Any] = {"kind": "sqlite", "where": str(path)}
    if not path.exists():
        # A kiosk makes its file once its first screen is painted; until then the folder must let it.
        folder = next(parent for parent in path.parents if parent.exists())
        writable = os.access(folder, os.W_OK | os.X_OK)
        error = None if writable else f"{folder}: the kiosk cannot create its database here"
        return report | {"ok": writable, "exists": False, "schema_version": 0, "error": error}
    try:
        with Store(path, read_only=True) as store:
            version, known = store.schema_version()
    except StoreError as err:
        return report | {"ok": False, "exists": True, "error": f"{err.kind}: {err}"}
    return report | {"ok": version == known, "exists": True, "schema_version": version, "known_schema_version": known}


def site_store_health(url: str, config: Config) -> dict[str, Any]:
    from kiosk.site_store import OUTBOX_FILE
    from store.site import site_health

    found = site_health(
        url,
        outbox_path=config.data_dir / OUTBOX_FILE,
        connect_timeout=min(config.db_connect_timeout, SITE_TIMEOUT),
        statement_timeout=min(config.db_statement_timeout, SITE_TIMEOUT),
    )
    return {
        "ok": found.ok,
        "kind": "postgresql",
        "where": found.where,
        "reachable": found.reachable,
        "schema_version": found.schema_version,
        "known_schema_version": found.known_schema_version,
        "outbox_waiting": found.outbox_waiting,
        "outbox_refused": found.outbox_refused,
        "error": found.error,
    }


def program_found(command: str) -> dict[str, Any]:
    try:
        argv = shlex.split(command)
    except ValueError:
        argv = []
    found = bool(argv) and shutil.which(argv[0]) is not None
    return {"ok": found, "command": argv[0] if argv else command, "found": found}


def health_report(args: argparse.Namespace, config: Config, guide_root: Path | None) -> dict[str, Any]:
    """Every part's state, and "ok" when all of them are."""
    from kiosk.site_store import database_url
    from kiosk.speech import speech_engine_available
    from kiosk.version import program_version

    url = database_url(args, config)
    if url is not None:
        store = site_store_health(url, config)
    else:
        given = getattr(args, "db", None)
        store = sqlite_health(given if isinstance(given, Path) else paths.db_file(config.db_path, config.data_dir))
    speech_found = speech_engine_available(config)
    parts: dict[str, Any] = {
        "guide": guide_health(guide_root),
        "store": store,
        "printer": program_found(config.printer_command),
        "speech": program_found(config.speak_command) | {"ok": speech_found, "found": speech_found},
    }
    return {"ok": all(part["ok"] for part in parts.values()), "version": program_version(), **parts}


def cmd_health(args: argparse.Namespace, guide_root: Path | None) -> int:
    import json

    from kiosk.config import ConfigError, load_config

    try:
        config = load_config(args.config)
    except ConfigError as err:
        print(json.dumps({"ok": False, "config": {"ok": False, "error": str(err)}}, ensure_ascii=False, indent=2))
        return 1
    report = health_report(args, config, guide_root)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if report["ok"] else 1
