"""`kiosk health`: the terminal's state as JSON for a monitoring system, exit 0 only when all is well."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from parts_helpers import require_program

from store import Store
from store.schema import known_migrations, migrations

ROOT = Path(__file__).resolve().parents[2]


def health(tmp_path: Path, *args: str, config: str = "") -> tuple[int, dict[str, Any]]:
    settings = tmp_path / "kiosk.toml"
    settings.write_text(f'data_dir = "{tmp_path / "data"}"\n{config}', encoding="utf-8")
    probe = (
        "import sys\nfrom kiosk.cli import run\ncode = run(sys.argv[1:])\n"
        "assert 'textual' not in sys.modules and 'rich' not in sys.modules, 'health imported Textual'\n"
        "sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "health", "--config", str(settings), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.stderr == ""
    return done.returncode, json.loads(done.stdout)


def test_a_working_terminal_is_healthy(tmp_path: Path) -> None:
    require_program("espeak-ng")  # the default speech engine
    database = tmp_path / "kiosk.db"
    Store(database).close()
    code, report = health(tmp_path, "--db", str(database), config='printer_command = "cat"\n')
    assert code == 0, report
    assert report["ok"] is True and report["version"]
    assert report["guide"]["ok"] and report["guide"]["procedures"] == 9 and len(report["guide"]["version"]) == 12
    assert report["store"] == {
        "ok": True,
        "kind": "sqlite",
        "where": str(database),
        "exists": True,
        "schema_version": len(known_migrations()),
        "known_schema_version": len(known_migrations()),
    }
    assert report["printer"] == {"ok": True, "command": "cat", "found": True}
    assert report["speech"] == {"ok": True, "command": "espeak-ng", "found": True}


def test_a_missing_printer_and_speech_engine_make_it_unhealthy(tmp_path: Path) -> None:
    code, report = health(
        tmp_path, config='printer_command = "no-such-printer -d lobby"\nspeak_command = "/no/such/espeak"\n'
    )
    assert code == 1 and report["ok"] is False
    assert report["printer"] == {"ok": False, "command": "no-such-printer", "found": False}
    assert report["speech"] == {"ok": False, "command": "/no/such/espeak", "found": False}
    # No database yet is fine: the kiosk makes it at the first save, in the data folder.
    assert report["store"]["ok"] and report["store"]["exists"] is False
    assert report["store"]["where"] == str(tmp_path / "data" / "kiosk.db")


def test_a_database_from_a_newer_release_or_not_a_database_is_reported(tmp_path: Path) -> None:
    database = tmp_path / "kiosk.db"
    Store(database).close()
    with sqlite3.connect(database) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, '0099_future', '')",
            [migrations.name],
        )
    code, report = health(tmp_path, "--db", str(database), config='printer_command = "cat"\n')
    assert code == 1 and report["store"]["ok"] is False
    assert report["store"]["error"].startswith("schema: ") and "newer release" in report["store"]["error"]
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    code, report = health(tmp_path, "--db", str(junk), config='printer_command = "cat"\n')
    assert code == 1 and report["store"]["error"].startswith("not_a_database: ")
    assert junk.read_bytes() == b"not a database at all" * 100  # health changes nothing, not even a bad file


def test_an_unreachable_site_store_is_reported_without_its_password(tmp_path: Path) -> None:
    url = "postgresql://kiosk:s3cret-pw@127.0.0.1:1/hall"  # port 1: nothing listens there
    code, report = health(tmp_path, "--db", url, config='printer_command = "cat"\n')
    assert code == 1
    store = report["store"]
    assert (store["kind"], store["ok"], store["reachable"], store["schema_version"]) == (
        "postgresql",
        False,
        False,
        None,
    )
    assert store["known_schema_version"] >= 1 and store["error"]
    assert "s3cret-pw" not in json.dumps(report)


def test_a_broken_guide_is_reported_not_a_crash(tmp_path: Path) -> None:
    guide = tmp_path / "guide"
    shutil.copytree(ROOT / "kiosk" / "guide", guide, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (guide / "catalogue.yaml").write_text("procedures: [", encoding="utf-8")
    settings = tmp_path / "kiosk.toml"
    settings.write_text('printer_command = "cat"\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--guide", str(guide), "health", "--config", str(settings)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    report = json.loads(done.stdout)
    assert done.returncode == 1 and report["guide"]["ok"] is False and "catalogue.yaml" in report["guide"]["error"]


def test_a_reachable_site_store_reports_its_schema_and_its_outbox(tmp_path: Path, site_db: Any) -> None:
    """Against a real PostgreSQL (tests/pg_helpers): reachable, at the schema this release knows; no outbox
    before the terminal first ran, then an empty one; the lobby role's password is in no line of the report."""
    from kiosk.site_store import OUTBOX_FILE
    from store.site import SiteSettings, SiteStore

    code, report = health(tmp_path, "--db", site_db.lobby_url, config='printer_command = "cat"\n')
    store = report["store"]
    assert store["kind"] == "postgresql" and store["reachable"] is True and store["ok"] is True, report
    assert store["schema_version"] == store["known_schema_version"] > 0
    assert (store["outbox_waiting"], store["outbox_refused"]) == (None, None)  # no outbox file yet
    password = site_db.lobby_url.split(":")[2].split("@")[0]
    assert password and password not in json.dumps(report)
    assert code == (0 if report["ok"] else 1)

    outbox = tmp_path / "data" / OUTBOX_FILE
    SiteStore(SiteSettings(url=site_db.lobby_url, terminal_id="lobby-1", outbox_path=outbox)).close()
    _, report = health(tmp_path, "--db", site_db.lobby_url, config='printer_command = "cat"\n')
    assert (report["store"]["outbox_waiting"], report["store"]["outbox_refused"]) == (0, 0)
