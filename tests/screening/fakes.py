"""Stand-ins for the matcher and goods screening, built from objects in the test.

They have the shapes agreed in notes/interfaces.md (``match(query, limit=,
threshold=)`` returning objects with ``to_dict()``; ``screen_goods(code=, ...)``
returning an object with ``hits``) so that the screening stages can be tested
on their own. The end-to-end tests use the real matcher and goods modules.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz
from rigour.text import ascii_text

from dualuse.errors import ErrorDetail, InputError


@dataclass
class FakeHit:
    entity_id: str
    schema: str
    caption: str
    source: str
    score: float
    programs: list[str] = field(default_factory=list)
    matched_name: str = ""
    query_name: str = ""
    threshold: float = 0.8
    list_version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FakeQuery:
    name: str
    schema: str = "Any"
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()


def make_query(
    name: str, schema: str, countries: tuple[str, ...], ids: tuple[str, ...]
) -> FakeQuery:
    return FakeQuery(name, schema, countries, ids)


def _fold(text: str) -> str:
    return " ".join(ascii_text(text).lower().replace(".", "").split())


class FakeMatcher:
    """Names compared with rapidfuzz token_sort_ratio on ASCII-folded text."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.entries = entries
        self.calls = 0

    def match(self, query: Any, limit: int = 10, threshold: float | None = None) -> list[FakeHit]:
        self.calls += 1
        out = []
        for e in self.entries:
            score = max(
                fuzz.token_sort_ratio(_fold(query.name), _fold(n)) / 100 for n in e["names"]
            )
            if score >= (threshold or 0.85):
                out.append(
                    FakeHit(
                        e["id"],
                        e.get("schema", "Organization"),
                        e["names"][0],
                        e.get("source", "ofac_sdn"),
                        round(score, 3),
                        list(e.get("programs", [])),
                        e["names"][0],
                        query.name,
                    )
                )
        return sorted(out, key=lambda h: -h.score)[:limit]


@dataclass
class FakeGoodsHit:
    kind: str
    list: str
    code: str | None
    tier: str | None
    category: str | None
    source: str
    reason: str
    date: str | None = None
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FakeGoodsResult:
    hits: list[FakeGoodsHit]
    notes: list[str] = field(default_factory=list)


#: A few real CHPL rows (chpl.csv, 23 Feb 2024) for the rule tests.
CHPL = {
    "854231": "1",
    "854232": "1",
    "851762": "2",
    "853224": "2",
    "848210": "4.A",
    "852589": "3.A",
}


def fake_goods(
    code: str | None = None,
    part_number: str | None = None,
    manufacturer: str | None = None,
    description: str | None = None,
) -> FakeGoodsResult:
    if code is not None and len(code) not in (6, 8, 10):
        raise InputError("bad code", [ErrorDetail("bad", field="code", value=code)])
    hits = []
    if code and code[:6] in CHPL:
        tier = CHPL[code[:6]]
        hits.append(FakeGoodsHit("code", "CHPL", code[:6], tier, None, "chpl", f"CHPL tier {tier}"))
    if description and "microcontroller" in description.lower():
        hits.append(
            FakeGoodsHit(
                "category",
                "IRAN-UAV-GUIDANCE-2023",
                None,
                None,
                "microcontrollers",
                "uav",
                "key item",
            )
        )
    return FakeGoodsResult(hits)


class FakeStore:
    """Only what the pipeline reads from a store."""

    def __init__(self, hashes: dict[str, str] | None = None) -> None:
        self.hashes = hashes or {}

    def active_versions(self) -> list[Any]:
        return []

    def get_content_hash(self, entity_id: str) -> str | None:
        return self.hashes.get(entity_id)


DRONE_NETWORK = [
    {
        "id": "ofac-sdn-16418",
        "names": ["QODS AVIATION INDUSTRIES"],
        "programs": ["NPWMD", "IFSR", "IRAN-CON-ARMS-EO", "RUSSIA-EO14024"],
    },
    {
        "id": "ofac-sdn-39637",
        "names": ["SHAHED AVIATION INDUSTRIES RESEARCH CENTER", "SAIRC"],
        "programs": ["NPWMD", "IRGC", "IFSR"],
    },
    {
        "id": "ofac-sdn-45713",
        "names": ["LIMITED LIABILITY COMPANY ALABUGA MACHINERY", "ALABUGA MACHINERY"],
        "programs": ["RUSSIA-EO14024"],
    },
    {
        "id": "ofac-sdn-38556",
        "names": ["EMPEROR AVIATION LTD"],
        "programs": ["RUSSIA-EO14024"],
    },
]
