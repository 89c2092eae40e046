"""The screening pipeline: one order in, one explained :class:`ScreeningResult` out.

Stages stay separate and each has a narrow seam, so they can be tested with
objects built in the test and replaced without touching the others:

1. **parties** — every party (all roles, plus the vessel) goes to the matcher
   (anything with ``match(query, limit=, threshold=)`` returning hits shaped
   like :class:`dualuse.matching.MatchHit`); each hit gets a stable id
   (same party + same list entry = same id) and the analysts' reviews are
   applied (see :mod:`dualuse.audit`);
2. **goods** — every line goes through a goods function shaped like
   :func:`dualuse.goods.screen_goods`;
3. **route** — :func:`dualuse.screening.route.screen_route`;
4. **facts** — all of the above flattened into plain dicts, the only thing the
   rules see;
5. **rules** then the **decision policy**.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from rigour.text import ascii_text

from dualuse import __version__
from dualuse.errors import DualuseError, ErrorDetail
from dualuse.rules.engine import SEVERITIES, RuleSet, load_rules
from dualuse.screening import route as route_mod
from dualuse.screening.decision import (
    DecisionPolicy,
    ScreeningResult,
    config_hash,
    load_policy,
)
from dualuse.screening.model import Order, Party

log = logging.getLogger(__name__)

GoodsFn = Callable[..., Any]


class PartyMatcher(Protocol):
    def match(self, query: Any, limit: int = 10, threshold: float | None = None) -> list[Any]: ...


class ReviewLookup(Protocol):
    """What the pipeline needs from the reviewed-hit memory."""

    def review_for(self, party_key: str, entity_id: str) -> dict[str, Any] | None: ...

    def content_hash(self, entity_id: str) -> str | None: ...

    def customer_first_order(self, customer_id: str) -> str | None: ...


def party_key(name: str, country: str | None) -> str:
    """Identity of "the same party" across orders and roles: folded name + country."""
    folded = " ".join(ascii_text(name).casefold().split()) or name.casefold().strip()
    return hashlib.sha1(f"{folded}|{country or ''}".encode()).hexdigest()[:16]


def hit_id(pkey: str, entity_id: str) -> str:
    """Stable id of "this party against this list entry" (what an analyst reviews)."""
    return "H" + hashlib.sha1(f"{pkey}|{entity_id}".encode()).hexdigest()[:11]


def default_goods() -> GoodsFn:
    from dualuse.goods import screen_goods

    return screen_goods  # type: ignore[no-any-return]


def make_query(
    name: str, schema: str, countries: tuple[str, ...], identifiers: tuple[str, ...]
) -> Any:
    from dualuse.matching import PartyQuery

    return PartyQuery(name=name, schema=schema, countries=countries, identifiers=identifiers)


@dataclass
class ScreeningConfig:
    """Everything that shapes a decision besides the lists; hashed into the result."""

    rules: RuleSet
    policy: DecisionPolicy
    goods: GoodsFn | None = None
    query_factory: Callable[..., Any] = make_query
    memory: ReviewLookup | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    _hash: str | None = None

    @classmethod
    def load(
        cls,
        rule_files: Iterable[str] = (),
        policy_file: str | None = None,
        *,
        goods: GoodsFn | None = None,
        memory: ReviewLookup | None = None,
    ) -> ScreeningConfig:
        return cls(
            rules=load_rules(list(rule_files)),
            policy=load_policy(policy_file),
            goods=goods,
            memory=memory,
        )

    @property
    def hash(self) -> str:
        if self._hash is None:
            self._hash = config_hash(
                {
                    "rules": self.rules.digest,
                    "rule_files": self.rules.files,
                    "policy": self.policy.to_dict(),
                    "route_data": route_mod.data_checksum(),
                    **self.extra,
                }
            )
        return self._hash


def _hit_dict(hit: Any) -> dict[str, Any]:
    if hasattr(hit, "to_dict"):
        data = dict(hit.to_dict())
    else:
        data = {k: getattr(hit, k, None) for k in ("entity_id", "schema", "caption", "source")}
    for key in (
        "entity_id",
        "schema",
        "caption",
        "source",
        "score",
        "threshold",
        "matched_name",
        "query_name",
        "programs",
        "list_version",
    ):
        if key not in data:
            data[key] = getattr(hit, key, None)
    programs: set[str] = set()
    for value in data.get("programs") or []:
        # some sources hand over OFAC's raw "[SDGT] [IFSR]" form as well: split it
        programs.update(p.strip(" []") for p in str(value).split("] [") if p.strip(" []"))
    data["programs"] = sorted(programs)
    data["caption"] = str(data.get("caption") or data.get("entity_id")).strip()
    data["score"] = float(data.get("score") or 0.0)
    return data


class Screener:
    """Screens orders against one store + matcher + configuration."""

    def __init__(self, *, store: Any, matcher: PartyMatcher, config: ScreeningConfig) -> None:
        self.store = store
        self.matcher = matcher
        self.config = config
        self.goods = config.goods or default_goods()
        self.list_versions = [v.to_dict() for v in store.active_versions()] if store else []
        self._labels = {
            d["source"]: f"{d['source']}@{d.get('version_date') or 'undated'}"
            for d in self.list_versions
        }
        self._hash_cache: dict[str, str | None] = {}
        self._rule_order = {r.id: i for i, r in enumerate(config.rules.rules)}
        self._first_orders: dict[str, str] = {}
        self._party_cache: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], list[Any]] = {}

    # -- stages -----------------------------------------------------------------

    def _match(
        self, name: str, schema: str, countries: tuple[str, ...], ids: tuple[str, ...]
    ) -> list[Any]:
        key = (name, schema, countries, ids)
        cached = self._party_cache.get(key)
        if cached is not None:
            return cached
        query = self.config.query_factory(name, schema, countries, ids)
        hits = self.matcher.match(
            query,
            limit=self.config.policy.party_limit,
            threshold=self.config.policy.party_threshold,
        )
        if len(self._party_cache) > 50_000:  # bounded memory on a 100k-order file
            self._party_cache.clear()
        self._party_cache[key] = hits
        return hits

    def _content_hash(self, entity_id: str) -> str | None:
        """Hash of what the list entry says now (a review holds only while it is unchanged)."""
        if entity_id not in self._hash_cache:
            memory = self.config.memory
            if memory is not None:
                value = memory.content_hash(entity_id)
            else:
                getter = getattr(self.store, "get_content_hash", None)
                value = getter(entity_id) if getter else None
            self._hash_cache[entity_id] = value
        return self._hash_cache[entity_id]

    def screen_parties(self, order: Order) -> list[dict[str, Any]]:
        subjects: list[tuple[Party | None, str, str, str, tuple[str, ...], tuple[str, ...]]] = []
        for party in order.parties:
            countries = (party.country,) if party.country else ()
            subjects.append(
                (party, party.role, party.name, "Any", countries, tuple(party.identifiers))
            )
        vessel = order.route.vessel_name or order.route.vessel_imo
        if vessel:
            ids = (order.route.vessel_imo,) if order.route.vessel_imo else ()
            subjects.append((None, "vessel", str(vessel), "Vessel", (), ids))
        out: list[dict[str, Any]] = []
        seen: dict[str, dict[str, Any]] = {}
        for party, role, name, schema, countries, ids in subjects:
            pkey = party_key(name, countries[0] if countries else None)
            for hit in self._match(name, schema, countries, ids):
                data = _hit_dict(hit)
                entity_id = str(data["entity_id"])
                hid = hit_id(pkey, entity_id)
                if hid in seen:  # the same party in several roles: one hit, all roles
                    roles = seen[hid]["roles"]
                    if role not in roles:
                        roles.append(role)
                        seen[hid]["role"] = ", ".join(roles)
                    continue
                chash = self._content_hash(entity_id)
                status, review = "open", None
                memory = self.config.memory
                if memory is not None:
                    review = memory.review_for(pkey, entity_id)
                if review is not None:
                    if review.get("content_hash") == chash:
                        status = "reviewed_" + str(review["verdict"])
                    else:
                        status = "reopened"  # the list entry changed since it was reviewed
                data.update(
                    hit_id=hid,
                    ref=hid,
                    role=role,
                    roles=[role],
                    party_key=pkey,
                    party_name=name,
                    party_country=countries[0] if countries else None,
                    party_row=party.row if party else None,
                    content_hash=chash,
                    status=status,
                    review=review,
                    list_version=data.get("list_version")
                    or self._labels.get(str(data.get("source"))),
                )
                seen[hid] = data
                out.append(data)
        return out

    def screen_lines(self, order: Order) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        lines: list[dict[str, Any]] = []
        goods_hits: list[dict[str, Any]] = []
        for line in order.lines:
            data = line.to_dict()
            data["ref"] = f"line {line.line}"
            data.update(chpl_tier=None, suggested_chpl_tier=None, lists=[], categories=[], hits=[])
            if line.hs_code or line.part_number or line.manufacturer or line.description:
                try:
                    result = self.goods(
                        code=line.hs_code,
                        part_number=line.part_number,
                        manufacturer=line.manufacturer,
                        description=line.description,
                    )
                except DualuseError as exc:
                    order.errors.append(
                        ErrorDetail(
                            f"goods line {line.line}: {exc.message}; line not screened",
                            file=order.source,
                            line=line.row,
                            field=exc.details[0].field if exc.details else None,
                        )
                    )
                    continue
                for hit in getattr(result, "hits", []):
                    h = hit.to_dict() if hasattr(hit, "to_dict") else dict(hit)
                    h["line"] = line.line
                    data["hits"].append(h)
                    goods_hits.append(h)
                    if h.get("list") and h["list"] not in data["lists"]:
                        data["lists"].append(h["list"])
                    if h.get("category") and h["category"] not in data["categories"]:
                        data["categories"].append(h["category"])
                    # only the declared code decides the tier; a tier suggested from the
                    # description is kept apart (the analyst confirms the classification)
                    if h.get("list") == "CHPL" and h.get("tier") and h.get("kind") != "code":
                        data["suggested_chpl_tier"] = data.get("suggested_chpl_tier") or str(
                            h["tier"]
                        )
                    elif h.get("list") == "CHPL" and h.get("tier"):
                        tier = str(h["tier"])
                        if data["chpl_tier"] is None or tier < data["chpl_tier"]:
                            data["chpl_tier"] = tier
            lines.append(data)
        return lines, goods_hits

    # -- facts and decision -----------------------------------------------------

    def is_new_customer(self, order: Order) -> bool | None:
        """First order of this customer? Stable on re-screening the same order.

        An explicit ``new_customer`` column wins; without a customer id it is unknown.
        """
        if order.new_customer is not None:
            return order.new_customer
        if not order.customer_id:
            return None
        cid = order.customer_id
        if cid not in self._first_orders:
            memory = self.config.memory
            first = memory.customer_first_order(cid) if memory is not None else None
            self._first_orders[cid] = first or order.order_id
        return self._first_orders[cid] == order.order_id

    def facts(
        self,
        order: Order,
        party_hits: list[dict[str, Any]],
        lines: list[dict[str, Any]],
        goods_hits: list[dict[str, Any]],
        route_hits: list[route_mod.RouteHit],
    ) -> dict[str, Any]:
        parties = [p.to_dict() for p in order.parties]
        by_role: dict[str, dict[str, Any]] = {}
        for p in parties:
            by_role.setdefault(p["role"], p)
        party_countries = sorted({p["country"] for p in parties if p["country"]})
        rcountries = route_mod.route_countries(order)
        home = {
            p["country"]
            for p in parties
            if p["country"] and p["role"] in ("buyer", "consignee", "end_user")
        }
        destination = [
            c
            for c in [
                by_role.get("end_user", {}).get("country"),
                by_role.get("consignee", {}).get("country"),
                order.route.destination_country,
            ]
            if c
        ]
        caspian = [
            {
                "name": h.port,
                "unlocode": h.unlocode,
                "group": h.group,
                "country": h.country,
                "leg": h.leg,
                "value": h.value,
                "ref": h.unlocode or h.port,
            }
            for h in route_hits
            if h.kind == "caspian_port"
        ]
        order_facts = order.to_dict()
        order_facts.pop("parties")
        order_facts.pop("lines")
        order_facts.pop("route")
        order_facts["new_customer"] = self.is_new_customer(order)
        order_facts["input_errors"] = len(order.errors)
        order_facts["id"] = order.order_id
        return {
            "order": order_facts,
            "parties": parties,
            "party": by_role,
            "lines": lines,
            "goods_hits": goods_hits,
            "party_hits": party_hits,
            "route": {
                **order.route.to_dict(),
                "countries": rcountries,
                "caspian_ports": caspian,
                "caspian_groups": sorted({c["group"] for c in caspian}),
                "jurisdiction_tags": sorted(
                    {h.group for h in route_hits if h.kind == "jurisdiction" and h.group}
                ),
            },
            "countries": {
                "parties": party_countries,
                "route": rcountries,
                "all": sorted(set(party_countries) | set(rcountries)),
                "destination": destination,
                "transit_only": [
                    c for c in route_mod.route_countries(order, with_origin=False) if c not in home
                ],
            },
        }

    def screen(self, order: Order) -> ScreeningResult:
        party_hits = self.screen_parties(order)
        lines, goods_hits = self.screen_lines(order)
        route_hits = route_mod.screen_route(order)
        facts = self.facts(order, party_hits, lines, goods_hits, route_hits)
        flags = self.config.rules.evaluate(facts)
        # most severe first; within a severity, in rule-file order (party matches first)
        order_of = self._rule_order
        flags.sort(key=lambda f: (-SEVERITIES.index(f.severity), order_of.get(f.rule_id, 0)))
        decision, score = self.config.policy.decide(flags)
        reasons = [
            {
                "rule_id": f.rule_id,
                "severity": f.severity,
                "text": f"{f.title}: {f.reason}",
                "authority": f.authority,
                "source": f.source,
                "refs": list(f.refs),
            }
            for f in flags
        ]
        notes = []
        reviewed = [h for h in party_hits if h["status"].startswith("reviewed_")]
        for h in reviewed:
            r = h["review"] or {}
            notes.append(
                f"{h['role']} {h['party_name']!r} vs {h['entity_id']} ({h['caption']}): reviewed "
                f"{r.get('verdict', '').replace('_', ' ')} by {r.get('reviewed_by')} on "
                f"{str(r.get('reviewed_at', ''))[:10]}: {r.get('reason')}"
            )
        return ScreeningResult(
            screening_id=uuid.uuid4().hex[:16],
            order_id=order.order_id,
            decision=decision,
            score=score,
            reasons=reasons,
            party_hits=party_hits,
            goods_hits=goods_hits,
            route_hits=[h.to_dict() for h in route_hits],
            flags=[f.to_dict() for f in flags],
            input_errors=[e.to_dict() for e in order.errors],
            parties=[p.to_dict() for p in order.parties],
            list_versions=self.list_versions,
            config_hash=self.config.hash,
            dualuse_version=__version__,
            screened_at=datetime.now(UTC).isoformat(timespec="seconds"),
            customer_id=order.customer_id,
            source=order.source,
            rows=list(order.rows),
            notes=notes,
            end_use=order.end_use,
            route=order.route.to_dict(),
        )


def screen_order(
    order: Order, *, store: Any, matcher: PartyMatcher, config: ScreeningConfig
) -> ScreeningResult:
    """Screen one order (the interface in notes/interfaces.md)."""
    return Screener(store=store, matcher=matcher, config=config).screen(order)


def screen_orders(
    orders: Iterable[Order], *, store: Any, matcher: PartyMatcher, config: ScreeningConfig
) -> Iterator[ScreeningResult]:
    """Screen many orders lazily (constant memory; results in input order)."""
    screener = Screener(store=store, matcher=matcher, config=config)
    for order in orders:
        yield screener.screen(order)
