"""The SQLite store of saved checklists: pickup codes, staff queries, anonymous statistics, retention."""

from __future__ import annotations

from store.db import Store
from store.errors import StoreError
from store.records import SavedChecklist

__all__ = ["SavedChecklist", "Store", "StoreError"]
