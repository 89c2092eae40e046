"""The scorer's features: small, named, each explaining itself.

Each feature takes a :class:`Context` (the query, the listed party and the best
name alignment) and returns a :class:`~dualuse.matching.model.FeatureResult`
with its similarity, its contribution to the final score and a reason in plain
words. The final score is the name score plus the other features'
contributions, clipped to [0, 1]:

- ``name``: aligned name parts (:mod:`dualuse.matching.names`); the base score.
- ``identifier``: an exact identifier match lifts the score to at least 0.95
  (a strong identifier outweighs a weak name); a different value of the same
  kind lowers it.
- ``birth_date``: same year +0.03, a different year -0.20.
- ``country``: shared country +0.02; only different countries -0.05.
- ``schema``: a person never matches a vessel (incompatible schemas score 0).
- ``legal_form``: legal forms are compared apart from the name; different
  classes (LLC vs JSC) -0.03; a legal form never counts as a name word.

The weights are configuration in ``data/scoring.yml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from dualuse.matching.index import EntityRecord
from dualuse.matching.model import FeatureResult, PartyQuery
from dualuse.matching.names import Alignment
from dualuse.normalize import NameForm, identifier_kind, normalize_identifier


@cache
def scoring_config() -> dict[str, Any]:
    text = resources.files("dualuse.matching.data").joinpath("scoring.yml").read_text("utf-8")
    return yaml.safe_load(text)


#: which listed schemas a query schema may match
COMPATIBLE: dict[str, frozenset[str]] = {
    "Person": frozenset({"Person", "LegalEntity"}),
    "Organization": frozenset({"Organization", "Company", "LegalEntity", "PublicBody"}),
    "Company": frozenset({"Organization", "Company", "LegalEntity", "PublicBody"}),
    "LegalEntity": frozenset({"Person", "Organization", "Company", "LegalEntity", "PublicBody"}),
    "Vessel": frozenset({"Vessel", "LegalEntity"}),
    "Airplane": frozenset({"Airplane", "LegalEntity"}),
}


def schemas_compatible(query_schema: str, schema: str) -> bool:
    allowed = COMPATIBLE.get(query_schema)
    return allowed is None or schema in allowed


@dataclass(frozen=True)
class Context:
    query: PartyQuery
    query_form: NameForm
    entity: EntityRecord
    cand_form: NameForm
    alignment: Alignment


def _fmt_pairs(al: Alignment) -> str:
    parts = []
    for a, b, s in al.pairs:
        parts.append(f"{a}={b}" if s >= 1.0 else f"{a}~{b} ({s:.2f})")
    return ", ".join(parts)


class _WordsBySkeleton:
    """Hands out a name's words for its skeletons, each word once, in name order."""

    def __init__(self, form: NameForm) -> None:
        self._words: dict[str, list[str]] = {}
        for tok, sk in zip(form.tokens, form.skeletons, strict=True):
            self._words.setdefault(sk, []).append(tok)

    def take(self, parts: str) -> str:
        """The words of a skeleton (or of skeletons joined by a space)."""
        out: list[str] = []
        for part in parts.split(" "):
            left = self._words.get(part)
            out.append(left.pop(0) if left else part)
        return " ".join(out)


def _in_words(ctx: Context) -> Alignment:
    """The alignment with skeletons shown as the words they stand for (qds=qods, not kds=kds)."""
    al = ctx.alignment
    if not al.by_skeleton:
        return al
    q, c = _WordsBySkeleton(ctx.query_form), _WordsBySkeleton(ctx.cand_form)
    return al.replace(
        pairs=tuple((q.take(a), c.take(b), s) for a, b, s in al.pairs),
        unmatched_query=tuple(q.take(a) for a in al.unmatched_query),
        unmatched_candidate=tuple(c.take(b) for b in al.unmatched_candidate),
    )


def name_feature(ctx: Context) -> FeatureResult:
    al = _in_words(ctx)
    bits: list[str] = []
    if al.pairs:
        bits.append("parts matched: " + _fmt_pairs(al))
    else:
        bits.append("no name part matched")
    if al.unmatched_query:
        bits.append("query parts not in the listed name: " + ", ".join(al.unmatched_query))
    if al.unmatched_candidate:
        bits.append("listed parts not in the query: " + ", ".join(al.unmatched_candidate))
    for word, source in al.borrowed:
        bits.append(f"{word} is in the party's other listed name {source!r}")
    if al.qualifiers:
        places = ", ".join(al.qualifiers)
        bits.append(f"{places}: a place only one name has, counted as a qualifier")
    if al.legal_words:
        bits.append("legal-form words set aside: " + ", ".join(al.legal_words))
    if al.substitution:
        bits.append(f"each side has a word the other lacks: -{al.substitution:.2f}")
    if ctx.query_form.script != ctx.cand_form.script:
        bits.append(f"{ctx.query_form.script} script compared with {ctx.cand_form.script}")
    return FeatureResult(
        "name",
        round(al.score, 4),
        round(al.score, 4),
        "; ".join(bits),
        ctx.query.name,
        ctx.cand_form.original,
    )


def identifier_feature(ctx: Context) -> FeatureResult | None:
    if not ctx.query.identifiers or not ctx.entity.identifiers:
        return None
    cfg = scoring_config()["identifier"]
    listed = {normalize_identifier(v): v for v in ctx.entity.identifiers}
    listed.pop(None, None)
    for value in ctx.query.identifiers:
        norm = normalize_identifier(value)
        if norm and norm in listed:
            kind = identifier_kind(value)
            lift = max(0.0, cfg["match_floor"] - ctx.alignment.score)
            return FeatureResult(
                "identifier",
                1.0,
                round(lift, 4),
                f"{kind.upper()} {norm} is listed for this party",
                value,
                listed[norm],
            )
    q_kinds = {identifier_kind(v) for v in ctx.query.identifiers} - {"id"}
    l_kinds = {identifier_kind(v) for v in listed.values()}
    clash = sorted(q_kinds & l_kinds)
    if clash:
        return FeatureResult(
            "identifier",
            0.0,
            -cfg["mismatch_penalty"],
            f"{clash[0].upper()} differs from the listed one",
            ", ".join(ctx.query.identifiers),
            ", ".join(sorted(listed.values())),
        )
    return None


def birth_date_feature(ctx: Context) -> FeatureResult | None:
    q = ctx.query.birth_date
    if not q or not ctx.entity.birth_dates:
        return None
    cfg = scoring_config()["birth_date"]
    years = {d[:4] for d in ctx.entity.birth_dates}
    listed = ", ".join(sorted(ctx.entity.birth_dates))
    if any(d.startswith(q) or q.startswith(d) for d in ctx.entity.birth_dates):
        return FeatureResult(
            "birth_date", 1.0, cfg["match_bonus"], f"born {q}, as listed", q, listed
        )
    if q[:4] in years:
        return FeatureResult(
            "birth_date", 0.8, cfg["match_bonus"], f"birth year {q[:4]} as listed", q, listed
        )
    return FeatureResult(
        "birth_date",
        0.0,
        -cfg["mismatch_penalty"],
        f"born {q}; listed birth dates {listed}",
        q,
        listed,
    )


def country_feature(ctx: Context) -> FeatureResult | None:
    q = {c.lower() for c in ctx.query.countries}
    listed = {c.lower() for c in ctx.entity.countries}
    if not q or not listed:
        return None
    cfg = scoring_config()["country"]
    shared = sorted(q & listed)
    if shared:
        return FeatureResult(
            "country",
            1.0,
            cfg["match_bonus"],
            f"country {', '.join(shared).upper()} as listed",
            ", ".join(sorted(q)),
            ", ".join(sorted(listed)),
        )
    return FeatureResult(
        "country",
        0.0,
        -cfg["mismatch_penalty"],
        f"query country {', '.join(sorted(q)).upper()}; listed {', '.join(sorted(listed)).upper()}",
        ", ".join(sorted(q)),
        ", ".join(sorted(listed)),
    )


def schema_feature(ctx: Context) -> FeatureResult:
    qs, cs = ctx.query.schema, ctx.entity.schema
    if qs == "Any":
        return FeatureResult("schema", 1.0, 0.0, f"any kind of party may be a {cs}", qs, cs)
    if schemas_compatible(qs, cs):
        reason = f"{qs} query, listed as {cs}"
        return FeatureResult("schema", 1.0, 0.0, reason, qs, cs)
    return FeatureResult("schema", 0.0, -1.0, f"a {qs} cannot be the listed {cs}", qs, cs)


def legal_form_feature(ctx: Context) -> FeatureResult | None:
    q, c = set(ctx.query_form.legal_forms), set(ctx.cand_form.legal_forms)
    if not q and not c:
        return None
    qs, cs = ", ".join(sorted(q)).upper(), ", ".join(sorted(c)).upper()
    if q and c and not (q & c):
        pen = scoring_config()["legal_form"]["mismatch_penalty"]
        return FeatureResult("legal_form", 0.0, -pen, f"legal forms differ: {qs} vs {cs}", qs, cs)
    if q and c:
        reason = f"same legal form ({', '.join(sorted(q & c)).upper()}), not counted as a name"
        return FeatureResult("legal_form", 1.0, 0.0, reason, qs, cs)
    side = "query" if q else "listed name"
    return FeatureResult(
        "legal_form",
        0.5,
        0.0,
        f"legal form {(qs or cs)} only in the {side}, set aside",
        qs or None,
        cs or None,
    )


#: The scorer, in order. Each returns a FeatureResult or None (not applicable).
FEATURES: list[Callable[[Context], FeatureResult | None]] = [
    name_feature,
    identifier_feature,
    birth_date_feature,
    country_feature,
    schema_feature,
    legal_form_feature,
]


def score_features(ctx: Context) -> tuple[float, tuple[FeatureResult, ...]]:
    """Run every feature; the final score in [0, 1] and the results."""
    results = tuple(r for f in FEATURES if (r := f(ctx)) is not None)
    total = sum(r.weight for r in results)
    return round(min(1.0, max(0.0, total)), 4), results
