"""Re-screening the stored book of parties after a list change: only what is new.

Every distinct party ever screened (``audit_parties``) is matched again against
the lists in use. A hit is *new* when this party has never been raised against
this list entry with this content (``audit_hits``) and no analyst review covers
it. A previously raised entry that is no longer in the lists in use is reported
once as *delisted*. What a rescreen reports is recorded as hits of its own run,
so the next rescreen reports only what changed after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dualuse import __version__
from dualuse.audit.log import AuditLog
from dualuse.screening.pipeline import ScreeningConfig, _hit_dict, hit_id, party_key


@dataclass
class RescreenItem:
    change: str  #: new_match | entry_changed | delisted
    hit_id: str
    party_name: str
    party_country: str | None
    entity_id: str
    caption: str | None
    source: str | None
    score: float | None
    programs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class RescreenReport:
    run_id: str
    parties: int
    items: list[RescreenItem]
    list_versions: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "parties": self.parties,
            "list_versions": self.list_versions,
            "items": [i.to_dict() for i in self.items],
        }


def rescreen(
    audit: AuditLog, *, store: Any, matcher: Any, config: ScreeningConfig
) -> RescreenReport:
    known = audit.known_hits()
    raised = {(pk, eid) for pk, eid, _h in known}
    labels = [v.label for v in store.active_versions()]
    run_id = audit.start_run(
        "rescreen",
        input_name="book of parties",
        config_hash=config.hash,
        list_versions=labels,
        dualuse_version=__version__,
    )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    items: list[RescreenItem] = []
    rows: list[dict[str, Any]] = []
    names: dict[str, tuple[str, str | None]] = {}
    count = 0
    for party in audit.book():
        count += 1
        pkey = party["party_key"]
        names[pkey] = (party["name"], party["country"])
        countries = (party["country"],) if party["country"] else ()
        query = config.query_factory(party["name"], "Any", countries, tuple(party["identifiers"]))
        hits = matcher.match(
            query, limit=config.policy.party_limit, threshold=config.policy.party_threshold
        )
        for hit in hits:
            data = _hit_dict(hit)
            eid = str(data["entity_id"])
            chash = audit.content_hash(eid)
            if (pkey, eid, chash) in known:
                continue
            review = audit.review_for(pkey, eid)
            if review is not None and review.get("content_hash") == chash:
                continue
            change = "entry_changed" if (pkey, eid) in raised else "new_match"
            hid = hit_id(pkey, eid)
            items.append(
                RescreenItem(
                    change,
                    hid,
                    party["name"],
                    party["country"],
                    eid,
                    data.get("caption"),
                    data.get("source"),
                    data.get("score"),
                    list(data.get("programs") or []),
                )
            )
            rows.append(
                _row(
                    run_id,
                    hid,
                    pkey,
                    party["name"],
                    party["country"],
                    eid,
                    data,
                    chash,
                    change,
                    now,
                )
            )
            known.add((pkey, eid, chash))
    for pkey, eid in sorted(raised):
        if audit.content_hash(eid) is None and (pkey, eid, None) not in known:
            name, country = names.get(pkey, (pkey, None))
            hid = hit_id(pkey, eid)
            items.append(RescreenItem("delisted", hid, name, country, eid, None, None, None))
            rows.append(_row(run_id, hid, pkey, name, country, eid, {}, None, "delisted", now))
    audit.record_hits(run_id, rows)
    return RescreenReport(run_id, count, items, labels)


def _row(
    run_id: str,
    hid: str,
    pkey: str,
    name: str,
    country: str | None,
    eid: str,
    data: dict[str, Any],
    chash: str | None,
    status: str,
    now: str,
) -> dict[str, Any]:
    return {
        "hit_id": hid,
        "screening_id": f"rescreen:{run_id}",
        "run_id": run_id,
        "order_id": None,
        "party_key": pkey,
        "party_name": name,
        "party_role": None,
        "party_country": country,
        "entity_id": eid,
        "entity_source": data.get("source"),
        "caption": data.get("caption"),
        "content_hash": chash,
        "score": data.get("score"),
        "status": status,
        "list_version": data.get("list_version"),
        "screened_at": now,
    }


__all__ = ["RescreenItem", "RescreenReport", "party_key", "rescreen"]
