"""The site store's schema on PostgreSQL: numbered .sql migrations beside this module, applied in order.

`pg_migrations/NNNN_name.sql` are applied each in its own transaction, under an advisory lock (two
terminals upgrading at once wait for each other), and recorded in `kiosk_schema_migrations`. A terminal
refuses a database whose schema is newer than the newest file it ships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from store.errors import StoreError

if TYPE_CHECKING:
    import psycopg

# Every column the site store may hold: nothing that identifies a person (no name, ID number, phone,
# address, date of birth or free text). A test compares this with the live schema.
APPROVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "code_spaces": ("code_space", "code_prefix", "terminal_id", "last_sequence", "claimed_at"),
    "checklists": (
        "id",
        "visit_id",
        "pickup_code",
        "terminal_id",
        "created_at",
        "day",
        "procedure",
        "answers",
        "guide_version",
        "lang",
        "channel",
        "status",
        # As in the SQLite store: the checklist as shown, only the guide's wording picked by the answers.
        "checklist_json",
    ),
    "abandonments": ("day", "procedure", "question", "count"),
    "forwarded_counts": ("code_space", "last_entry"),
    "site_settings": ("retention_days", "only_row", "expired_code_days"),
    # As in the SQLite store: a purged checklist's code and the day it was saved, nothing else.
    "expired_codes": ("pickup_code", "day"),
    "kiosk_schema_migrations": ("version", "name", "applied_at"),
}

_FILE = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")
_LOCK_KEY = 7_331_500_015  # pg_advisory_xact_lock key: "the kiosk's schema"
_TABLE = """CREATE TABLE IF NOT EXISTS kiosk_schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The migrations this kiosk ships, in order (numbered from 1 with no gap)."""
    found = []
    for entry in resources.files("store").joinpath("pg_migrations").iterdir():
        match = _FILE.fullmatch(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"store/pg_migrations: numbering has a gap: {[m.version for m in found]}")
    return found


def latest_version() -> int:
    return len(migrations())


def schema_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The newest migration applied to the database (0: none, not even the migrations table)."""
    exists = conn.execute("SELECT to_regclass('kiosk_schema_migrations') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM kiosk_schema_migrations").fetchone()
    return int(str(row[0])) if row else 0


def check_version(conn: psycopg.Connection[tuple[object, ...]], where: str) -> int:
    """The schema version, after refusing (StoreError "schema") one that is missing, older or newer."""
    version, known = schema_version(conn), latest_version()
    if version > known:
        raise StoreError(
            "schema",
            f"{where}: the database's schema is version {version}, newer than this kiosk knows ({known}): "
            "install the newer kiosk on this terminal",
        )
    if version < known:
        raise StoreError(
            "schema",
            f"{where}: the database's schema is version {version}, this kiosk needs {known}: "
            "run `kiosk db upgrade` with the owner's role",
        )
    return version


def upgrade(conn: psycopg.Connection[tuple[object, ...]], where: str) -> list[str]:
    """Apply the pending migrations (an autocommit connection); the names applied, [] when up to date."""
    applied: list[str] = []
    for migration in migrations():
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            conn.execute(_TABLE)
            version = schema_version(conn)
            if version > latest_version():
                raise StoreError(
                    "schema", f"{where}: the database's schema is version {version}, newer than this kiosk knows"
                )
            if migration.version <= version:
                continue
            conn.execute(migration.sql.encode())
            conn.execute(
                "INSERT INTO kiosk_schema_migrations (version, name) VALUES (%s, %s)",
                (migration.version, migration.name),
            )
            applied.append(f"{migration.version:04d}_{migration.name}")
    return applied
