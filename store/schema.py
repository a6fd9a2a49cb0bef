"""The database schema: the approved columns and the migrations that build them, in order."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from store.errors import StoreError

# Every column the store may hold. Nothing that identifies a person: no name, ID number, phone,
# address, date of birth or free text. A test compares this with the live schema.
APPROVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "checklists": (
        "id",
        "pickup_code",
        "created_at",
        "procedure",
        "answers",
        "guide_version",
        "lang",
        "status",
        "visit_id",
        "channel",
        "day",
        # The checklist as shown (kiosk.guide.render.to_json), so staff open it exactly as saved even after
        # the guide changes. Only the guide's own wording, picked by this row's answers: save() refuses one
        # not built from this row's procedure, answers and guide version, so it holds nothing personal.
        "checklist_json",
        # Which terminal saved it (a host name or the configured terminal_id), for `kiosk stats --by-terminal`.
        "terminal_id",
    ),
    "abandonments": ("day", "procedure", "question", "count"),
    # A code whose checklist the retention purge deleted, and the day it was saved: no answers, no
    # checklist, so staff can say "expired" instead of "no such code". Deleted in turn after
    # `expired_code_days`.
    "expired_codes": ("pickup_code", "day"),
    "_sqlite_migrations": ("id", "migration_set", "name", "applied_at"),
}

# Registered on each connection so migration 2 can fill `day` for rows saved before it existed.
LOCAL_DAY_FUNCTION = "store_local_day"

migrations = Migrations("jiangsu-card-kiosk-store")


@migrations(name="0001_checklists")
def _create_checklists(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE checklists (
            id INTEGER PRIMARY KEY,
            pickup_code TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            procedure TEXT NOT NULL,
            answers TEXT NOT NULL,
            guide_version TEXT NOT NULL,
            lang TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'zh_hant')),
            status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'handled'))
        )
        """
    )
    db.execute("CREATE INDEX checklists_created_at ON checklists (created_at)")


@migrations(name="0002_visits_channels_days_abandonments")
def _add_visits_channels_days(db: Database) -> None:
    db.execute("ALTER TABLE checklists ADD COLUMN visit_id TEXT")
    db.execute("CREATE UNIQUE INDEX checklists_visit_id ON checklists (visit_id)")
    db.execute(
        "ALTER TABLE checklists ADD COLUMN channel TEXT NOT NULL DEFAULT 'kiosk'"
        " CHECK (channel IN ('kiosk', 'counter'))"
    )
    db.execute("ALTER TABLE checklists ADD COLUMN day TEXT NOT NULL DEFAULT ''")
    db.execute(f"UPDATE checklists SET day = {LOCAL_DAY_FUNCTION}(created_at)")
    db.execute("CREATE INDEX checklists_day_procedure ON checklists (day, procedure)")
    db.execute(
        """
        CREATE TABLE abandonments (
            day TEXT NOT NULL,
            procedure TEXT NOT NULL,
            question TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count > 0),
            PRIMARY KEY (day, procedure, question)
        ) WITHOUT ROWID
        """
    )


@migrations(name="0003_checklist_as_shown")
def _add_checklist_as_shown(db: Database) -> None:
    # NULL for rows saved before: staff rebuild those from their answers when the guide version still matches.
    db.execute("ALTER TABLE checklists ADD COLUMN checklist_json TEXT")


@migrations(name="0004_terminal_id")
def _add_terminal_id(db: Database) -> None:
    # "" for rows saved before terminals were named.
    db.execute("ALTER TABLE checklists ADD COLUMN terminal_id TEXT NOT NULL DEFAULT ''")


@migrations(name="0005_expired_codes")
def _add_expired_codes(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE expired_codes (
            pickup_code TEXT PRIMARY KEY,
            day TEXT NOT NULL
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX expired_codes_day ON expired_codes (day)")


def known_migrations() -> list[str]:
    """Every migration this release has, in order: the last one is its schema version's name."""
    return [migration.name for migration in migrations.pending(Database(memory=True))]


def applied_migrations(db: Database) -> list[str]:
    """The migrations applied to `db`, in the order they were applied (none for a new file)."""
    if "_sqlite_migrations" not in db.table_names():
        return []
    return [migration.name for migration in migrations.applied(db)]


def unknown_migrations(db: Database) -> list[str]:
    """Migrations a newer release applied to `db` that this release does not know: it must not use the file."""
    known = set(known_migrations())
    return [name for name in applied_migrations(db) if name not in known]


def refuse_newer_schema(db: Database, path: Path) -> None:
    """Raise StoreError("schema") if a newer release has migrated `db`: this one would misread or damage it."""
    newer = unknown_migrations(db)
    if newer:
        raise StoreError(
            "schema",
            f"{path}: this database was upgraded by a newer release of the kiosk (schema {', '.join(newer)}), "
            f"which this release does not know; install that release again, or use another --db",
        )


def pending_migrations(db: Database) -> list[str]:
    """Names of the migrations this database still needs."""
    return [migration.name for migration in migrations.pending(db)]


def apply_migrations(db: Database) -> None:
    """Bring the schema up to date; the caller holds a write transaction."""
    migrations.apply(db)
