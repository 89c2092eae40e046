"""The list store: list versions and their entities, behind SQLAlchemy Core.

One code path serves the embedded SQLite file (the default, no server) and a
shared PostgreSQL database. Loading a list version is a single transaction: the
new version's rows are written, checked, and only then marked as the version in
use while the previous one is unmarked. A crash or a refused update leaves the
previous version in use and nothing half-written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from followthemoney import Dataset, StatementEntity
from sqlalchemy import Engine, create_engine, event, func, insert, or_, select, update

from dualuse.errors import ErrorDetail, NotFoundError, UpdateError
from dualuse.sources.base import ParsedList
from dualuse.store.schema import entities as entities_table
from dualuse.store.schema import list_versions, metadata

log = logging.getLogger(__name__)

#: How many superseded versions of each list keep their entities (for diffs and audits).
KEEP_VERSIONS = 3


@dataclass(frozen=True)
class ListVersion:
    """One loaded version of one list."""

    id: int
    source: str
    title: str
    version_date: str | None
    checksum: str
    party_count: int
    counts: dict[str, int]
    files: list[str]
    notes: list[str]
    origin: str
    loaded_at: str
    in_use: bool

    @property
    def label(self) -> str:
        """Short human label, e.g. ``ofac_sdn@2024-05-03``."""
        return f"{self.source}@{self.version_date or 'undated'}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "version_date": self.version_date,
            "checksum": self.checksum,
            "party_count": self.party_count,
            "counts": self.counts,
            "files": self.files,
            "notes": self.notes,
            "origin": self.origin,
            "loaded_at": self.loaded_at,
            "in_use": self.in_use,
        }


@dataclass
class LoadResult:
    """What :meth:`Store.load` did."""

    version: ListVersion
    replaced: ListVersion | None
    unchanged: bool = False
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _version_from_row(row: Any) -> ListVersion:
    return ListVersion(
        id=row.id,
        source=row.source,
        title=row.title,
        version_date=row.version_date,
        checksum=row.checksum,
        party_count=row.party_count,
        counts=json.loads(row.counts),
        files=json.loads(row.files),
        notes=json.loads(row.notes),
        origin=row.origin,
        loaded_at=row.loaded_at,
        in_use=bool(row.in_use),
    )


@lru_cache(maxsize=64)
def _dataset(source: str) -> Dataset:
    return Dataset.make({"name": source, "title": source})


def entity_statements(entity: StatementEntity) -> list[list[str | None]]:
    """The entity's values as ``[prop, value, lang, original_value]`` rows, sorted.

    ``original_value`` is kept only where it differs from the cleaned value, so
    that the text as the publisher wrote it is never lost.
    """
    rows: list[list[str | None]] = []
    for stmt in entity.statements:
        if stmt.prop == "id":
            continue
        original = stmt.original_value if stmt.original_value != stmt.value else None
        rows.append([stmt.prop, stmt.value, stmt.lang, original])
    rows.sort(key=lambda r: tuple(x or "" for x in r))
    return rows


def content_hash(schema: str, rows: list[list[str | None]]) -> str:
    """Hash of what a list entry says (schema and values), not of when it was loaded."""
    digest = hashlib.sha1(schema.encode("utf-8"))
    for prop, value, _lang, _orig in rows:
        digest.update(b"\x1f" + (prop or "").encode("utf-8") + b"\x1e" + (value or "").encode())
    return digest.hexdigest()


def entity_from_row(source: str, entity_id: str, schema: str, data: str) -> StatementEntity:
    """Rebuild an FtM entity from its stored statements (values are already clean)."""
    entity = StatementEntity(_dataset(source), {"id": entity_id, "schema": schema})
    for prop_name, value, lang, original in json.loads(data)["st"]:
        prop = entity.schema.get(prop_name)
        if prop is None or value is None:
            continue
        entity.unsafe_add(prop, value, cleaned=True, lang=lang, original_value=original)
    return entity


class Store:
    """List versions and their entities in one SQL database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    # -- versions -----------------------------------------------------------

    def versions(self, source: str | None = None) -> list[ListVersion]:
        """Every stored version, newest first."""
        query = select(list_versions).order_by(list_versions.c.id.desc())
        if source is not None:
            query = query.where(list_versions.c.source == source)
        with self.engine.connect() as conn:
            return [_version_from_row(r) for r in conn.execute(query)]

    def active_versions(self) -> list[ListVersion]:
        """The version in use of each source, ordered by source."""
        query = (
            select(list_versions)
            .where(list_versions.c.in_use.is_(True))
            .order_by(list_versions.c.source)
        )
        with self.engine.connect() as conn:
            return [_version_from_row(r) for r in conn.execute(query)]

    def active_version(self, source: str) -> ListVersion | None:
        for version in self.active_versions():
            if version.source == source:
                return version
        return None

    def version(self, version_id: int) -> ListVersion:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(list_versions).where(list_versions.c.id == version_id)
            ).first()
        if row is None:
            raise NotFoundError(f"list version {version_id} does not exist")
        return _version_from_row(row)

    def versions_key(self) -> str:
        """A stable hash of the versions in use (keys caches such as the match index)."""
        parts = [f"{v.source}:{v.id}:{v.checksum}" for v in self.active_versions()]
        return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]

    # -- loading ------------------------------------------------------------

    def load(
        self,
        parsed: ParsedList,
        *,
        title: str | None = None,
        origin: str = "file",
        max_drop: float | None = None,
    ) -> LoadResult:
        """Store a parsed list as the version in use of its source, atomically.

        Refused (``UpdateError``, nothing written) when the list has no parties,
        or when ``max_drop`` is given and the party count falls by more than that
        fraction against the version in use. Loading the same bytes again is a
        no-op that reports ``unchanged``.
        """
        started = time.perf_counter()
        current = self.active_version(parsed.source)
        if current is not None and current.checksum == parsed.checksum:
            return LoadResult(current, None, unchanged=True)
        new_count = parsed.party_count
        if new_count == 0:
            raise UpdateError(
                f"{parsed.source}: the new file has no listed parties; keeping "
                f"{current.label if current else 'what is in use'}",
                [ErrorDetail("a list with no parties is refused", field="party_count", value=0)],
            )
        if max_drop is not None and current is not None and current.party_count > 0:
            floor = current.party_count * (1.0 - max_drop)
            if new_count < floor:
                drop = 1.0 - new_count / current.party_count
                raise UpdateError(
                    f"{parsed.source}: party count fell from {current.party_count} to "
                    f"{new_count} ({drop:.0%}), more than the allowed {max_drop:.0%}; "
                    f"keeping {current.label}",
                    [ErrorDetail("count drop over limit", field="party_count", value=new_count)],
                )
        rows = []
        seen: set[str] = set()
        for entity in parsed.entities:
            if entity.id is None or entity.id in seen:
                raise UpdateError(
                    f"{parsed.source}: entity id {entity.id!r} is missing or repeated; "
                    "nothing was stored",
                    [ErrorDetail("entity ids must be unique", field="id", value=entity.id)],
                )
            seen.add(entity.id)
            st = entity_statements(entity)
            rows.append(
                {
                    "entity_id": entity.id,
                    "schema": entity.schema.name,
                    "caption": entity.caption or entity.id,
                    "content_hash": content_hash(entity.schema.name, st),
                    "data": json.dumps({"st": st}, ensure_ascii=False, separators=(",", ":")),
                }
            )
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            version_id = conn.execute(
                insert(list_versions).values(
                    source=parsed.source,
                    title=title or parsed.source,
                    version_date=parsed.version_date,
                    checksum=parsed.checksum,
                    party_count=new_count,
                    counts=json.dumps(parsed.counts()),
                    files=json.dumps(parsed.files),
                    notes=json.dumps(parsed.notes, ensure_ascii=False),
                    origin=origin,
                    loaded_at=now,
                    in_use=False,
                )
            ).inserted_primary_key[0]
            for start in range(0, len(rows), 5000):
                chunk = rows[start : start + 5000]
                for row in chunk:
                    row["version_id"] = version_id
                conn.execute(insert(entities_table), chunk)
            # The swap: one statement each way, inside the same transaction.
            conn.execute(
                update(list_versions)
                .where(list_versions.c.source == parsed.source)
                .where(list_versions.c.in_use.is_(True))
                .values(in_use=False)
            )
            conn.execute(
                update(list_versions).where(list_versions.c.id == version_id).values(in_use=True)
            )
            self._prune(conn, parsed.source)
        version = self.version(version_id)
        seconds = time.perf_counter() - started
        log.info("loaded %s: %d parties in %.1fs", version.label, new_count, seconds)
        return LoadResult(version, current, seconds=seconds)

    def _prune(self, conn: Any, source: str) -> None:
        """Drop the entities of versions older than the last ``KEEP_VERSIONS``.

        The version rows themselves stay: the audit trail refers to them.
        """
        ids = [
            r.id
            for r in conn.execute(
                select(list_versions.c.id)
                .where(list_versions.c.source == source)
                .order_by(list_versions.c.id.desc())
            )
        ]
        old = ids[KEEP_VERSIONS:]
        if old:
            conn.execute(entities_table.delete().where(entities_table.c.version_id.in_(old)))

    # -- entities -----------------------------------------------------------

    def iter_entities(
        self,
        sources: Iterable[str] | None = None,
        *,
        version_ids: Iterable[int] | None = None,
        schemata: Iterable[str] | None = None,
    ) -> Iterator[StatementEntity]:
        """Entities of the versions in use (or of the given versions)."""
        if version_ids is None:
            wanted = set(sources) if sources is not None else None
            versions = [v for v in self.active_versions() if wanted is None or v.source in wanted]
        else:
            versions = [self.version(i) for i in version_ids]
        for version in versions:
            query = select(
                entities_table.c.entity_id, entities_table.c.schema, entities_table.c.data
            ).where(entities_table.c.version_id == version.id)
            if schemata is not None:
                query = query.where(entities_table.c.schema.in_(list(schemata)))
            with self.engine.connect() as conn:
                for row in conn.execute(query.order_by(entities_table.c.entity_id)):
                    yield entity_from_row(version.source, row.entity_id, row.schema, row.data)

    def entity_hashes(self, version_id: int) -> dict[str, tuple[str, str, str]]:
        """``entity_id -> (schema, caption, content_hash)`` for one version."""
        query = select(
            entities_table.c.entity_id,
            entities_table.c.schema,
            entities_table.c.caption,
            entities_table.c.content_hash,
        ).where(entities_table.c.version_id == version_id)
        with self.engine.connect() as conn:
            return {r.entity_id: (r.schema, r.caption, r.content_hash) for r in conn.execute(query)}

    def get_entity(self, entity_id: str) -> tuple[StatementEntity, ListVersion]:
        """One entity of a version in use, with that version (its provenance)."""
        active = {v.id: v for v in self.active_versions()}
        query = select(entities_table).where(entities_table.c.entity_id == entity_id)
        with self.engine.connect() as conn:
            rows = [r for r in conn.execute(query) if r.version_id in active]
        if not rows:
            raise NotFoundError(
                f"no entity {entity_id!r} in the lists in use",
                [ErrorDetail("unknown entity id", field="entity_id", value=entity_id)],
            )
        row = rows[0]
        version = active[row.version_id]
        return entity_from_row(version.source, row.entity_id, row.schema, row.data), version

    def related(self, entity_id: str) -> list[StatementEntity]:
        """Records about an entity in the lists in use: its Sanction records and the
        links (UnknownLink, Ownership...) that point to it or from it."""
        active = {v.id: v for v in self.active_versions()}
        needle = json.dumps(entity_id)
        # Records derived from a party carry its id as prefix (``<id>-sanction``,
        # ``<id>-link-1``); links pointing at it name it as a value.
        query = select(entities_table).where(
            or_(
                entities_table.c.entity_id.startswith(f"{entity_id}-", autoescape=True),
                entities_table.c.data.contains(f",{needle},", autoescape=True),
            )
        )
        out = []
        with self.engine.connect() as conn:
            for row in conn.execute(query.order_by(entities_table.c.entity_id)):
                version = active.get(row.version_id)
                if version is None or row.entity_id == entity_id:
                    continue
                ent = entity_from_row(version.source, row.entity_id, row.schema, row.data)
                refs = [
                    v
                    for p in ent.schema.properties.values()
                    if p.type.name == "entity"
                    for v in ent.get(p, quiet=True)
                ]
                if entity_id in refs:
                    out.append(ent)
        return out

    def get_content_hash(self, entity_id: str) -> str | None:
        """Content hash of an entity in the versions in use (``None`` if not listed)."""
        query = (
            select(entities_table.c.content_hash)
            .join(list_versions, list_versions.c.id == entities_table.c.version_id)
            .where(entities_table.c.entity_id == entity_id)
            .where(list_versions.c.in_use.is_(True))
        )
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def entity_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(entities_table)).scalar())


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    # WAL lets readers (a server's requests) go on while a new list version is written.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
