"""Save checklists in a loop, printing "<visit_id> <pickup code>" once each save has returned.

Usage: writer.py DB COUNT PREFIX [START_AT [PAUSE]]. DB is a SQLite file or a postgresql:// URL (the
site store, saving as terminal PREFIX). With START_AT (a time.time() value) it waits until
then before opening the store, so several writers can start together; PAUSE is seconds between saves.
Exits 3 with "StoreError <kind>: ..." on stderr if the store fails.
"""

from __future__ import annotations

import sys
import time

from store import Store, StoreError
from store.contract import StoreContract


def open_store(db: str, prefix: str) -> StoreContract:
    if db.strip().lower().startswith(("postgresql://", "postgres://")):  # as `--db` tells (kiosk.site_store)
        from store.pg import PgStore

        return PgStore(db, terminal_id=prefix)
    return Store(db)


def main(db: str, count: int, prefix: str, start_at: float, pause: float) -> int:
    time.sleep(max(0.0, start_at - time.time()))
    try:
        store = open_store(db, prefix)
        try:
            for number in range(count):
                visit_id = f"{prefix}-{number}"
                saved = store.save(
                    visit_id=visit_id,
                    procedure="lost_card" if number % 3 else "first_application",
                    answers=[("age", number % 100), ("hukou", "jiangsu")],
                    guide_version="3f9a1c2b",
                    lang="en" if number % 2 else "zh",
                    channel="kiosk",
                )
                print(visit_id, saved.pickup_code, flush=True)
                time.sleep(pause)
        finally:
            store.close()
    except StoreError as error:
        print(f"StoreError {error.kind}: {error}", file=sys.stderr, flush=True)
        return 3
    return 0


if __name__ == "__main__":
    start_at, pause = (float(arg) for arg in [*sys.argv[4:6], "0", "0"][:2])
    sys.exit(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], start_at, pause))
