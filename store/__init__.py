"""The SQLite store of saved checklists: pickup codes, staff queries, anonymous statistics, retention."""

from __future__ import annotations

from store.db import Store, default_db_path
from store.errors import StoreError
from store.records import SavedChecklist

__all__ = ["SavedChecklist", "Store", "StoreError", "default_db_path"]
