"""The Python API at a glance: what a script or a notebook calls.

>>> import dualuse
>>> hits = dualuse.match("Ghods Aviation Industries", country="IR")
>>> hits[0].entity_id, round(hits[0].score, 2)

Each call opens the configured store (loading the shipped snapshot on first use)
and the persisted match index once per process, then reuses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dualuse.matching import Matcher, MatchHit
    from dualuse.store import Store


@lru_cache(maxsize=1)
def default_store() -> Store:
    """The store named by the settings (``DUALUSE_DATA_DIR`` / ``DUALUSE_DATABASE_URL``)."""
    from dualuse.store import open_store

    return open_store()


_matchers: dict[str, Matcher] = {}


def default_matcher() -> Matcher:
    """The matcher for the lists in use, loaded once per list versions.

    Loading the persisted index takes about a second, so it is kept for the
    process; a new list version (a different versions key) loads the new one.
    """
    from dualuse.matching import get_matcher

    store = default_store()
    key = store.versions_key()
    if key not in _matchers:
        _matchers.clear()
        _matchers[key] = get_matcher(store)
    return _matchers[key]


def match(
    name: str,
    *,
    schema: str = "Any",
    country: str | Sequence[str] = (),
    birth_date: str | None = None,
    identifiers: Sequence[str] = (),
    limit: int = 10,
    threshold: float | None = None,
) -> list[MatchHit]:
    """Screen one party name against the lists in use; best hits first.

    Only hits at or above the schema's configured threshold are returned unless
    ``threshold`` is given. Every hit carries its features and reasons.
    """
    from dualuse.matching import PartyQuery

    countries = (country,) if isinstance(country, str) else tuple(country)
    query = PartyQuery(
        name=name,
        schema=schema,
        countries=tuple(c for c in countries if c),
        birth_date=birth_date,
        identifiers=tuple(identifiers),
    )
    return default_matcher().match(query, limit=limit, threshold=threshold)
