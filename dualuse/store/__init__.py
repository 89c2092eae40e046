"""The list store (SQLite by default, PostgreSQL for a shared server)."""

from __future__ import annotations

from dualuse.config import Settings, load_settings
from dualuse.store.store import ListVersion, LoadResult, Store

__all__ = ["ListVersion", "LoadResult", "Store", "open_store"]


def open_store(settings: Settings | None = None, *, load_snapshot: bool = True) -> Store:
    """Open the configured store; on first use, load the shipped snapshot into it.

    The snapshot is loaded only for sources that have no version in use, so a
    list brought by ``dualuse update`` is never replaced by the older snapshot.
    """
    settings = settings or load_settings()
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(settings.store_url)
    if load_snapshot:
        from dualuse.lists.snapshot import ensure_snapshot

        ensure_snapshot(store)
    return store
