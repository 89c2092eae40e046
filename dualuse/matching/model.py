"""Result and query shapes of party matching (see notes/interfaces.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class PartyQuery:
    """What is screened: a name, and optionally what else is known of the party."""

    name: str
    schema: str = "Any"
    countries: tuple[str, ...] = ()
    birth_date: str | None = None
    identifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeatureResult:
    """One scoring feature's verdict on a query/candidate pair.

    ``score`` is the feature's own similarity in [0, 1]; ``weight`` is what it
    contributed to the final score (the name feature's weight is the base score,
    the others add or subtract); ``reason`` says why in plain words.
    """

    name: str
    score: float
    weight: float
    reason: str
    query_value: str | None = None
    candidate_value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MatchHit:
    """A listed party that the query may be, with the score and its explanation."""

    entity_id: str
    schema: str
    caption: str
    source: str
    score: float
    threshold: float
    matched_name: str
    query_name: str
    features: tuple[FeatureResult, ...] = ()
    ofac_score: float = 0.0
    programs: tuple[str, ...] = ()
    list_version: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "schema": self.schema,
            "caption": self.caption,
            "source": self.source,
            "score": self.score,
            "threshold": self.threshold,
            "matched_name": self.matched_name,
            "query_name": self.query_name,
            "features": [f.to_dict() for f in self.features],
            "ofac_score": self.ofac_score,
            "programs": list(self.programs),
            "list_version": self.list_version,
        }
