"""The audit trail and the reviewed-hit memory, on the store's database.

Own SQLAlchemy ``MetaData`` and tables (prefixed ``audit_``) on
``store.engine``; the tool only ever INSERTs into them (append-only from its
point of view: a review is a new row, the latest one per party and list entry
counts; nothing is updated or deleted).

* ``audit_runs`` — one row per ``dualuse screen`` / ``rescreen`` run.
* ``audit_screenings`` — one row per screened order with the whole result.
* ``audit_hits`` — one row per party hit (party key, list entry, its content
  hash at screening time, score, status).
* ``audit_parties`` / ``audit_customers`` — the book of parties and customers
  seen (first occurrence only), for ``rescreen`` and "new customer".
* ``audit_reviews`` — analysts' decisions on hits, with who, when and why.

A batch of screenings is written in **one transaction**: a crash leaves either
the whole batch or none of it, never half a screening.

A review holds for "the same party against the same list entry with the same
content": the hit id is derived from the party key and the entity id, and the
review stores the entry's content hash. When the list entry changes (new
version with other names, programs, identifiers), the hit is raised again as
``reopened``.
"""

from __future__ import annotations

import json
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Engine,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
)

from dualuse.errors import ErrorDetail, InputError, NotFoundError
from dualuse.screening.pipeline import party_key

metadata = MetaData()

audit_runs = Table(
    "audit_runs",
    metadata,
    Column("run_id", String(40), primary_key=True),
    Column("kind", String(16), nullable=False),  # screen | rescreen
    Column("started_at", String(32), nullable=False),
    Column("input", Text),
    Column("user", String(200)),
    Column("config_hash", String(40)),
    Column("list_versions", Text),  # JSON labels
    Column("dualuse_version", String(40)),
)
audit_screenings = Table(
    "audit_screenings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("screening_id", String(40), nullable=False, unique=True),
    Column("run_id", String(40), nullable=False, index=True),
    Column("order_id", String(200), nullable=False, index=True),
    Column("customer_id", String(200)),
    Column("decision", String(8), nullable=False, index=True),
    Column("score", Float, nullable=False),
    Column("reasons", Text, nullable=False),  # JSON: rule ids + texts
    # the whole ScreeningResult as zlib-compressed JSON (about a fifth of the size:
    # goods and match explanations repeat a lot of text)
    Column("result", LargeBinary, nullable=False),
    Column("config_hash", String(40), nullable=False),
    Column("list_versions", Text, nullable=False),
    Column("dualuse_version", String(40), nullable=False),
    Column("screened_at", String(32), nullable=False, index=True),
    Column("source", Text),
)
audit_hits = Table(
    "audit_hits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hit_id", String(16), nullable=False, index=True),
    Column("screening_id", String(40), nullable=False, index=True),
    Column("run_id", String(40), nullable=False),
    Column("order_id", String(200)),
    Column("party_key", String(16), nullable=False),
    Column("party_name", Text, nullable=False),
    Column("party_role", String(100)),
    Column("party_country", String(8)),
    Column("entity_id", String(200), nullable=False, index=True),
    Column("entity_source", String(40)),
    Column("caption", Text),
    Column("content_hash", String(64)),
    Column("score", Float),
    Column("status", String(32)),
    Column("list_version", String(80)),
    Column("screened_at", String(32), nullable=False),
)
audit_parties = Table(
    "audit_parties",
    metadata,
    Column("party_key", String(16), primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", String(8)),
    Column("schema", String(40)),
    Column("identifiers", Text),
    Column("first_seen", String(32), nullable=False),
    Column("first_screening_id", String(40)),
)
audit_customers = Table(
    "audit_customers",
    metadata,
    Column("customer_id", String(200), primary_key=True),
    Column("first_order_id", String(200)),
    Column("first_seen", String(32), nullable=False),
)
audit_reviews = Table(
    "audit_reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hit_id", String(16), nullable=False, index=True),
    Column("party_key", String(16), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("content_hash", String(64)),
    Column("verdict", String(20), nullable=False),  # false_positive | true_positive
    Column("reason", Text, nullable=False),
    Column("reviewed_by", String(200), nullable=False),
    Column("reviewed_at", String(32), nullable=False),
    Column("screening_id", String(40)),
)
Index("ix_audit_reviews_pair", audit_reviews.c.party_key, audit_reviews.c.entity_id)

VERDICTS = ("false_positive", "true_positive")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _insert_ignore(engine: Engine, table: Table) -> Any:
    """INSERT that skips rows whose primary key exists (first occurrence wins)."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    if engine.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing()
    return insert(table).prefix_with("IGNORE")


@dataclass
class Review:
    hit_id: str
    party_key: str
    entity_id: str
    content_hash: str | None
    verdict: str
    reason: str
    reviewed_by: str
    reviewed_at: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class AuditLog:
    """Audit trail + reviewed-hit memory on one store (implements the pipeline's ReviewLookup)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.engine: Engine = store.engine
        metadata.create_all(self.engine)
        self._reviews: dict[tuple[str, str], dict[str, Any]] | None = None
        self._customers: dict[str, str] | None = None

    # -- ReviewLookup ----------------------------------------------------------

    def _load_reviews(self) -> dict[tuple[str, str], dict[str, Any]]:
        if self._reviews is None:
            latest: dict[tuple[str, str], dict[str, Any]] = {}
            query = select(audit_reviews).order_by(audit_reviews.c.id)
            with self.engine.connect() as conn:
                for row in conn.execute(query):
                    latest[(row.party_key, row.entity_id)] = dict(row._mapping)
            self._reviews = latest
        return self._reviews

    def review_for(self, party_key: str, entity_id: str) -> dict[str, Any] | None:
        return self._load_reviews().get((party_key, entity_id))

    def content_hash(self, entity_id: str) -> str | None:
        getter = getattr(self.store, "get_content_hash", None)
        return getter(entity_id) if getter else None

    def customer_first_order(self, customer_id: str) -> str | None:
        """Order id of the customer's first stored order (None: never seen)."""
        if self._customers is None:
            query = select(audit_customers.c.customer_id, audit_customers.c.first_order_id)
            with self.engine.connect() as conn:
                self._customers = {r[0]: r[1] for r in conn.execute(query)}
        return self._customers.get(customer_id)

    # -- writing ---------------------------------------------------------------

    def start_run(
        self,
        kind: str,
        *,
        input_name: str | None,
        config_hash: str,
        list_versions: list[str],
        dualuse_version: str,
        user: str | None = None,
    ) -> str:
        run_id = f"{kind[:2].upper()}-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        with self.engine.begin() as conn:
            conn.execute(
                insert(audit_runs).values(
                    run_id=run_id,
                    kind=kind,
                    started_at=_now(),
                    input=input_name,
                    user=user,
                    config_hash=config_hash,
                    list_versions=json.dumps(list_versions),
                    dualuse_version=dualuse_version,
                )
            )
        return run_id

    def write_batch(self, run_id: str, results: Iterable[Any]) -> int:
        """Store screenings (objects with ``to_dict()``) in one transaction."""
        screenings: list[dict[str, Any]] = []
        hits: list[dict[str, Any]] = []
        parties: dict[str, dict[str, Any]] = {}
        customers: dict[str, dict[str, Any]] = {}
        for result in results:
            r = result.to_dict()
            labels = [
                f"{v['source']}@{v.get('version_date') or 'undated'}" for v in r["list_versions"]
            ]
            screenings.append(
                {
                    "screening_id": r["screening_id"],
                    "run_id": run_id,
                    "order_id": r["order_id"],
                    "customer_id": r.get("customer_id"),
                    "decision": r["decision"],
                    "score": r["score"],
                    "reasons": json.dumps(
                        [{"rule_id": x["rule_id"], "text": x["text"]} for x in r["reasons"]],
                        ensure_ascii=False,
                    ),
                    "result": zlib.compress(
                        json.dumps(
                            r, ensure_ascii=False, separators=(",", ":"), default=str
                        ).encode(),
                        6,
                    ),
                    "config_hash": r["config_hash"],
                    "list_versions": json.dumps(labels),
                    "dualuse_version": r["dualuse_version"],
                    "screened_at": r["screened_at"],
                    "source": r.get("source"),
                }
            )
            for h in r["party_hits"]:
                hits.append(
                    {
                        "hit_id": h["hit_id"],
                        "screening_id": r["screening_id"],
                        "run_id": run_id,
                        "order_id": r["order_id"],
                        "party_key": h["party_key"],
                        "party_name": h["party_name"],
                        "party_role": h.get("role"),
                        "party_country": h.get("party_country"),
                        "entity_id": h["entity_id"],
                        "entity_source": h.get("source"),
                        "caption": h.get("caption"),
                        "content_hash": h.get("content_hash"),
                        "score": h.get("score"),
                        "status": h.get("status"),
                        "list_version": h.get("list_version"),
                        "screened_at": r["screened_at"],
                    }
                )
            for p in r["parties"]:
                key = party_key(p["name"], p.get("country"))
                parties.setdefault(
                    key,
                    {
                        "party_key": key,
                        "name": p["name"],
                        "country": p.get("country"),
                        "schema": "Any",
                        "identifiers": json.dumps(p.get("identifiers") or []),
                        "first_seen": r["screened_at"],
                        "first_screening_id": r["screening_id"],
                    },
                )
            if r.get("customer_id"):
                customers.setdefault(
                    r["customer_id"],
                    {
                        "customer_id": r["customer_id"],
                        "first_order_id": r["order_id"],
                        "first_seen": r["screened_at"],
                    },
                )
        if not screenings:
            return 0
        with self.engine.begin() as conn:
            conn.execute(insert(audit_screenings), screenings)
            if hits:
                conn.execute(insert(audit_hits), hits)
            if parties:
                conn.execute(_insert_ignore(self.engine, audit_parties), list(parties.values()))
            if customers:
                conn.execute(_insert_ignore(self.engine, audit_customers), list(customers.values()))
        if self._customers is not None:
            for cid, row in customers.items():
                self._customers.setdefault(cid, row["first_order_id"])
        return len(screenings)

    def record_hits(self, run_id: str, hits: list[dict[str, Any]]) -> None:
        """Store hits found by a rescreen (one transaction)."""
        if hits:
            with self.engine.begin() as conn:
                conn.execute(insert(audit_hits), hits)

    # -- reviews ---------------------------------------------------------------

    def review(self, hit_id: str, verdict: str, reason: str, by: str) -> Review:
        """Record an analyst's decision on a hit (append-only)."""
        if verdict not in VERDICTS:
            raise InputError(
                f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}",
                [ErrorDetail("unknown verdict", field="verdict", value=verdict)],
            )
        if not reason or not reason.strip():
            raise InputError(
                "a review needs a reason (--reason)",
                [ErrorDetail("empty reason", field="reason", value="")],
            )
        query = (
            select(audit_hits).where(audit_hits.c.hit_id == hit_id).order_by(audit_hits.c.id.desc())
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise NotFoundError(
                f"no hit {hit_id!r} in the audit trail; hit ids are shown in screening reports",
                [ErrorDetail("unknown hit id", field="hit_id", value=hit_id)],
            )
        review = Review(
            hit_id=hit_id,
            party_key=row.party_key,
            entity_id=row.entity_id,
            content_hash=row.content_hash,
            verdict=verdict,
            reason=reason.strip(),
            reviewed_by=by,
            reviewed_at=_now(),
        )
        with self.engine.begin() as conn:
            conn.execute(
                insert(audit_reviews).values(**review.to_dict(), screening_id=row.screening_id)
            )
        self._reviews = None
        return review

    def reviews(self, hit_id: str | None = None) -> list[Review]:
        query = select(audit_reviews).order_by(audit_reviews.c.id)
        if hit_id:
            query = query.where(audit_reviews.c.hit_id == hit_id)
        with self.engine.connect() as conn:
            return [
                Review(
                    r.hit_id,
                    r.party_key,
                    r.entity_id,
                    r.content_hash,
                    r.verdict,
                    r.reason,
                    r.reviewed_by,
                    r.reviewed_at,
                )
                for r in conn.execute(query)
            ]

    # -- reading ---------------------------------------------------------------

    def history(
        self,
        *,
        order_id: str | None = None,
        decision: str | None = None,
        entity_id: str | None = None,
        run_id: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """Stored screenings, newest first, filtered."""
        s = audit_screenings
        query = select(
            s.c.screening_id,
            s.c.run_id,
            s.c.order_id,
            s.c.customer_id,
            s.c.decision,
            s.c.score,
            s.c.reasons,
            s.c.config_hash,
            s.c.list_versions,
            s.c.dualuse_version,
            s.c.screened_at,
            s.c.source,
        ).order_by(s.c.id.desc())
        if order_id:
            query = query.where(s.c.order_id == order_id)
        if decision:
            query = query.where(s.c.decision == decision)
        if run_id:
            query = query.where(s.c.run_id == run_id)
        if since:
            query = query.where(s.c.screened_at >= since)
        if until:
            query = query.where(s.c.screened_at <= until)
        if entity_id:
            query = query.where(
                s.c.screening_id.in_(
                    select(audit_hits.c.screening_id).where(audit_hits.c.entity_id == entity_id)
                )
            )
        with self.engine.connect() as conn:
            rows = conn.execute(query.limit(limit)).all()
        out = []
        for row in rows:
            d = dict(row._mapping)
            d["reasons"] = json.loads(d["reasons"])
            d["list_versions"] = json.loads(d["list_versions"])
            out.append(d)
        return out

    def screening(self, screening_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(audit_screenings.c.result).where(
                    audit_screenings.c.screening_id == screening_id
                )
            ).first()
        if row is None:
            raise NotFoundError(f"no screening {screening_id!r} in the audit trail")
        raw = row.result
        text = raw if isinstance(raw, str) else zlib.decompress(raw).decode("utf-8")
        return dict(json.loads(text))

    def book(self) -> Iterator[dict[str, Any]]:
        """The stored book of parties (each distinct party once)."""
        with self.engine.connect() as conn:
            for row in conn.execute(select(audit_parties).order_by(audit_parties.c.party_key)):
                d = dict(row._mapping)
                d["identifiers"] = json.loads(d["identifiers"] or "[]")
                yield d

    def known_hits(self) -> set[tuple[str, str, str | None]]:
        """Every (party key, entity id, content hash) already raised or recorded."""
        query = select(audit_hits.c.party_key, audit_hits.c.entity_id, audit_hits.c.content_hash)
        with self.engine.connect() as conn:
            return {(r[0], r[1], r[2]) for r in conn.execute(query.distinct())}
