"""What the server serves from: the store, and the matcher of the list versions in use.

A :class:`Serving` object is immutable: a matcher, the list versions it was
built from and a store view pinned to them. The server holds one reference to
the current one; a request takes that reference once, at its start, and uses
only it. A list update builds the new matcher *beside* the old one (the old
one keeps answering) and then swaps the reference in one assignment, which is
atomic in Python. A request in flight keeps the object it started with, so it
finishes on the versions it began with, and every response names them.

Loading (the shipped snapshot on first use, then the match index) runs in a
background thread at start-up; until it is done ``/readyz`` says 503 and the
endpoints that need the lists answer 503 ``not_ready``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dualuse.errors import DualuseError
from dualuse.store import ListVersion, Store

log = logging.getLogger(__name__)


class PinnedStore:
    """The store as seen by one request: ``active_versions`` fixed to the serving versions.

    The screening pipeline reads the versions from the store to name them in its
    result; pinning them keeps that name equal to the matcher's versions even
    when a newer version is swapped in while the request runs.
    """

    def __init__(self, store: Store, versions: Sequence[ListVersion]) -> None:
        self._store = store
        self._versions = list(versions)

    def active_versions(self) -> list[ListVersion]:
        return list(self._versions)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@dataclass(frozen=True)
class Serving:
    """One consistent set of lists to answer from (never mutated)."""

    matcher: Any
    versions: tuple[ListVersion, ...]
    key: str
    built_at: str
    build_seconds: float
    store: PinnedStore

    @property
    def labels(self) -> list[str]:
        return [v.label for v in self.versions]

    def versions_dicts(self) -> list[dict[str, Any]]:
        return [
            {
                "source": v.source,
                "label": v.label,
                "version_date": v.version_date,
                "checksum": v.checksum,
                "party_count": v.party_count,
            }
            for v in self.versions
        ]


@dataclass
class ServerState:
    """The current :class:`Serving`, its loading status, and the lock for updates."""

    store: Store
    load_snapshot: bool = True
    matcher_factory: Callable[[Store], Any] | None = None
    current: Serving | None = None
    error: str | None = None
    loading: bool = False
    swaps: int = 0
    #: called with the new Serving after each swap (metrics)
    on_swap: list[Callable[[Serving], None]] = field(default_factory=list)
    _update_lock: threading.Lock = field(default_factory=threading.Lock)

    def build(self) -> Serving:
        """Build a new Serving from the store's versions in use (the old one keeps serving)."""
        started = time.perf_counter()
        versions = tuple(self.store.active_versions())
        if self.matcher_factory is not None:
            matcher = self.matcher_factory(self.store)
        else:
            from dualuse.matching import get_matcher

            matcher = get_matcher(self.store)
        return Serving(
            matcher=matcher,
            versions=versions,
            key=self.store.versions_key(),
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            build_seconds=round(time.perf_counter() - started, 3),
            store=PinnedStore(self.store, versions),
        )

    def swap(self, serving: Serving) -> None:
        # One reference assignment: requests that already hold the old object keep it.
        self.current = serving
        self.swaps += 1
        for callback in self.on_swap:
            callback(serving)
        log.info("serving %s", ", ".join(serving.labels) or "no lists")

    def load(self) -> None:
        """Load the snapshot if the store is empty, then build and swap in the matcher."""
        self.loading = True
        try:
            with self._update_lock:
                if self.load_snapshot:
                    from dualuse.lists.snapshot import ensure_snapshot

                    ensure_snapshot(self.store)
                self.swap(self.build())
            self.error = None
        except DualuseError as exc:
            self.error = str(exc)
            log.error("lists could not be loaded: %s", exc)
        except Exception as exc:  # noqa: BLE001 - reported by /readyz, logged with traceback
            self.error = f"{type(exc).__name__}: {exc}"
            log.exception("lists could not be loaded")
        finally:
            self.loading = False

    def start_loading(self) -> threading.Thread:
        thread = threading.Thread(target=self.load, name="dualuse-load", daemon=True)
        self.loading = True
        thread.start()
        return thread

    def reload_if_changed(self) -> bool:
        """Swap in a new matcher if the store's versions in use changed (another process,
        ``dualuse update``, another worker). Returns whether it swapped."""
        if self.current is None or self.loading:
            return False
        if not self._update_lock.acquire(blocking=False):
            return False  # an update is running; it swaps itself
        try:
            if self.current is not None and self.current.key != self.store.versions_key():
                self.swap(self.build())
                return True
            return False
        finally:
            self._update_lock.release()

    def start_watching(self, seconds: float) -> threading.Thread | None:
        """Every ``seconds``, reload if the store changed (0: never)."""
        if seconds <= 0:
            return None

        def watch() -> None:
            while True:
                time.sleep(seconds)
                try:
                    self.reload_if_changed()
                except Exception:  # noqa: BLE001 - keep serving the old lists, say why
                    log.exception("reloading the lists failed; the versions in use stay")

        thread = threading.Thread(target=watch, name="dualuse-watch", daemon=True)
        thread.start()
        return thread

    def update(self, sources: Sequence[str]) -> dict[str, Any]:
        """Update sources from their publishers (if any), rebuild beside, swap.

        One update at a time (a lock); a refused source keeps its version in use.
        """
        with self._update_lock:
            outcomes: list[dict[str, Any]] = []
            if sources:
                from dualuse.lists.update import update_sources

                for outcome in update_sources(self.store, list(sources)):
                    outcomes.append(
                        {"source": outcome.source, "ok": outcome.ok, "message": outcome.message}
                    )
            before = self.current
            if before is None or before.key != self.store.versions_key():
                self.swap(self.build())
            after = self.current
            assert after is not None
            return {
                "outcomes": outcomes,
                "swapped": before is None or before.key != after.key,
                "previous": before.labels if before else [],
                "list_versions": after.versions_dicts(),
            }
