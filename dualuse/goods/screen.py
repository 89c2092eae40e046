"""Goods screening: one order line (code, part number, manufacturer, description) -> hits.

:func:`screen_goods` is what the transaction screening calls. Each input is
checked on its own and every list it touches comes back as a
:class:`GoodsHit` carrying the list, the code or part, the CHPL tier or the
category, the source and its date, a plain-language reason and a confidence
(how sure the *match* is; the reliability of the source is stated in the
reason). Inputs that cannot be screened raise
:class:`~dualuse.errors.InputError` naming the field.

- code: prefix match of the HS-6 beneath any 6/8/10-digit code against the
  CHPL and user tables; a 4-digit heading lists its subheadings (hits at
  confidence 0.5: the full code decides);
- part number: catalogue match with per-maker ordering-suffix rules; a
  matched part also names the Iran-UAV guidance category of its catalogue
  category ("processor");
- manufacturer: maker-name match against the catalogue (a hint, never a
  finding by itself);
- description: ranked HS-6 subheadings (``GoodsResult.candidates``); those on
  the CHPL become hits, as do the item categories of the Iran-UAV guidance
  and catalogue part numbers written inside the description. When a code is
  declared too and the description points elsewhere, a note says so (a
  misdeclared code is a known way around controls).

The Iran-UAV code lists (EU Reg. 2023/1529 Annex II, UK SI 2023/1314 Sch. 4,
BIS Supp. No. 7 to Part 746) are *not* loaded: the reference holds no code for
them. Every code screening says so in its notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from dualuse.errors import ErrorDetail, InputError
from dualuse.goods.catalogue import (
    CHPL_LIST,
    COMPONENTS_LIST,
    ChplEntry,
    ComponentEntry,
    chpl_entries,
    chpl_tier_info,
    uav_rules,
)
from dualuse.goods.codes import format_code, normalize_code
from dualuse.goods.describe import (
    MAX_DESCRIPTION_CHARS,
    HeadingCandidate,
    default_classifier,
    tokenize,
)
from dualuse.goods.parts import (
    MAX_PART_LENGTH,
    match_manufacturer,
    match_part,
    normalize_maker,
    normalize_part,
)
from dualuse.goods.table import GoodsRule, GoodsTable

HitKind = Literal["code", "part", "manufacturer", "category", "description"]
#: A description candidate on a list becomes a hit from this confidence up.
DESCRIPTION_HIT_CONFIDENCE = 0.2
#: Only the best few description candidates can become hits.
DESCRIPTION_HIT_RANK = 3
MAX_MANUFACTURER_LENGTH = 300
_KIND_ORDER = {"code": 0, "part": 1, "manufacturer": 2, "description": 3, "category": 4}


@dataclass(frozen=True)
class GoodsHit:
    """One list entry an order line touches, with its provenance and reason."""

    kind: HitKind
    list: str
    code: str | None
    tier: str | None
    category: str | None
    source: str
    date: str | None
    reason: str
    confidence: float
    part_number: str | None = None
    manufacturer: str | None = None
    entry_id: str | None = None
    words: tuple[str, ...] = ()
    tier_meaning: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "list": self.list,
            "code": self.code,
            "code_display": format_code(self.code) if self.code else None,
            "tier": self.tier,
            "tier_meaning": self.tier_meaning,
            "category": self.category,
            "part_number": self.part_number,
            "manufacturer": self.manufacturer,
            "entry_id": self.entry_id,
            "source": self.source,
            "date": self.date,
            "reason": self.reason,
            "confidence": round(self.confidence, 3),
            "words": list(self.words),
        }


@dataclass
class GoodsResult:
    """All hits of one order line, best first, plus notes and description candidates."""

    hits: list[GoodsHit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    candidates: list[HeadingCandidate] = field(default_factory=list)
    subheadings: list[dict[str, Any]] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)

    @property
    def hit(self) -> bool:
        return bool(self.hits)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "hit": self.hit,
            "hits": [h.to_dict() for h in self.hits],
            "candidates": [c.to_dict() for c in self.candidates],
            "subheadings": self.subheadings,
            "notes": self.notes,
        }


def tier_meaning(tier: str) -> str:
    """Plain-language meaning of a CHPL tier for the user."""
    info = chpl_tier_info()[0][tier]
    prio = "highest priority of the authorities" if info.priority == "highest" else info.priority
    return f"Tier {tier} ({prio}): {info.summary.rstrip('.')}. {info.advice}"


def chpl_tier(code: str) -> str | None:
    """CHPL tier ("1", "2", "3.A", ...) of the HS-6 beneath a code, or None.

    Raises InputError for a malformed code; a 4-digit heading is not itself on
    the list and gives None.
    """
    c = normalize_code(code)
    if c.hs6 is None:
        return None
    entry = chpl_entries().get(c.hs6)
    return entry.tier if entry else None


def _chpl_hit(
    entry: ChplEntry, kind: HitKind, reason: str, confidence: float, **kw: Any
) -> GoodsHit:
    return GoodsHit(
        kind=kind,
        list=CHPL_LIST,
        code=entry.code,
        tier=entry.tier,
        category=entry.description,
        source=entry.source_url,
        date=entry.version_date,
        reason=reason,
        confidence=confidence,
        tier_meaning=tier_meaning(entry.tier),
        **kw,
    )


def _uav_code_note() -> str:
    gaps = sorted({r.list for r in uav_rules() if r.kind == "gap"})
    return (
        "Iran-UAV code lists not loaded: the reference holds no HS/CN code for "
        + ", ".join(gaps)
        + "; goods are screened against these regimes by category only "
        "(describe the goods with --describe), or load the code table with --table."
    )


def _screen_code(code: str, tables: Sequence[GoodsTable], result: GoodsResult) -> None:
    c = normalize_code(code, field="code")
    result.query["code"] = {"written": c.raw, "digits": c.digits, "system": c.system}
    chpl = chpl_entries()
    clf = default_classifier()
    if c.is_heading:
        wording, _src = clf.wording(c.heading)
        known = sorted(
            {k for k in chpl if k.startswith(c.heading)}
            | {k for k in clf.subheadings if k.startswith(c.heading)}
        )
        for sub in known:
            sub_wording, sub_src = clf.wording(sub)
            entry = chpl.get(sub)
            result.subheadings.append(
                {
                    "code": sub,
                    "code_display": format_code(sub),
                    "wording": sub_wording or (entry.description if entry else ""),
                    "wording_source": sub_src or (entry.source_url if entry else ""),
                    "chpl_tier": entry.tier if entry else None,
                }
            )
            if entry:
                result.hits.append(
                    _chpl_hit(
                        entry,
                        "code",
                        f"Heading {c.heading}{' (' + wording + ')' if wording else ''} contains "
                        f"CHPL subheading {format_code(sub)} ({entry.description}), tier "
                        f"{entry.tier}; a heading covers all its subheadings, so give the full "
                        "code of the goods to know which one applies.",
                        0.5,
                    )
                )
        result.notes.append(
            f"{c.heading} is a 4-digit HS heading: listed are the subheadings beneath it that "
            "dualuse knows (the CHPL and the description vocabulary), not the whole nomenclature."
        )
    else:
        hs6 = c.hs6 or ""
        entry = chpl.get(hs6)
        if entry:
            beneath = (
                f"{c.display} ({c.system}) falls under HS {format_code(hs6)}"
                if c.length > 6
                else f"HS {format_code(hs6)}"
            )
            result.hits.append(
                _chpl_hit(
                    entry,
                    "code",
                    f"{beneath}, which the Common High Priority List names in tier "
                    f"{entry.tier}: {entry.description}.",
                    1.0,
                )
            )
    for table in tables:
        for rule in table.rules:
            if not rule.code:
                continue
            if c.digits.startswith(rule.code):
                conf, how = 1.0, f"{c.display} falls under {format_code(rule.code)}"
            elif rule.code.startswith(c.digits):
                conf, how = (
                    0.5,
                    (
                        f"{c.display} covers {format_code(rule.code)}, which is listed; "
                        "give the full national code to know whether the goods are the listed ones"
                    ),
                )
            else:
                continue
            result.hits.append(_rule_hit(rule, "code", how, conf, code=rule.code))
    result.notes.append(_uav_code_note())


def _rule_hit(rule: GoodsRule, kind: HitKind, how: str, conf: float, **kw: Any) -> GoodsHit:
    reason = f"{how} (user table {rule.file}:{rule.line})"
    if rule.reason:
        reason += f": {rule.reason}"
    return GoodsHit(
        kind=kind,
        list=rule.list,
        code=kw.pop("code", rule.code),
        tier=rule.tier,
        category=rule.category,
        source=rule.source,
        date=rule.date,
        reason=reason,
        confidence=conf,
        part_number=rule.part_number,
        manufacturer=rule.manufacturer,
        entry_id=f"{rule.file}:{rule.line}",
        **kw,
    )


def _component_text(entry: ComponentEntry) -> str:
    conf = {"reported": "reported", "medium": "medium confidence", "low": "low confidence"}
    reliability = conf.get(entry.confidence, "uncertain attribution")
    return (
        f"reported in recovered {entry.drone_model} drones as {entry.category!r} "
        f"(source reliability: {reliability}; {entry.note})"
    )


def _classification_note(entry: ComponentEntry) -> str | None:
    best = default_classifier().classify(entry.category, limit=1)
    if not best or best[0].confidence < 0.3:
        return None
    cand = best[0]
    chpl = chpl_entries().get(cand.code)
    on = f", CHPL tier {chpl.tier}" if chpl else ""
    return (
        f"The catalogue category {entry.category!r} usually classifies under HS "
        f"{format_code(cand.code)} ({cand.wording}{on}); check the code declared for this line."
    )


def _screen_part(
    part_number: str, manufacturer: str | None, tables: Sequence[GoodsTable], result: GoodsResult
) -> set[str]:
    if len(part_number) > MAX_PART_LENGTH:
        raise InputError(
            f"part number is {len(part_number)} characters long; at most {MAX_PART_LENGTH}",
            [ErrorDetail("too long", field="part_number", value=part_number[:40])],
        )
    key = normalize_part(part_number)
    if not key:
        raise InputError(
            f"part number {part_number!r} has no letters or digits",
            [ErrorDetail("no letters or digits", field="part_number", value=part_number)],
        )
    result.query["part_number"] = {"written": part_number, "key": key}
    matches, near = match_part(part_number)
    maker_key = normalize_maker(manufacturer) if manufacturer else ""
    hit_rows: set[str] = set()
    for m in matches:
        reason = f"{m.explanation}; {_component_text(m.entry)}."
        if maker_key and maker_key not in {
            normalize_maker(a) for a in m.entry.manufacturer_aliases
        }:
            reason += (
                f" The manufacturer given ({manufacturer!r}) is not the catalogue maker "
                f"({m.entry.manufacturer!r}): check for a counterfeit, a re-marked part or a typo."
            )
        result.hits.append(
            GoodsHit(
                kind="part",
                list=COMPONENTS_LIST,
                code=None,
                tier=None,
                category=m.entry.category,
                source=m.entry.source_url,
                date=None,
                reason=reason,
                confidence=round(m.confidence, 3),
                part_number=m.entry.part_number,
                manufacturer=m.entry.manufacturer,
                entry_id=m.entry.id,
            )
        )
        if m.entry.id not in hit_rows:
            result.hits.extend(
                _uav_category_hits(
                    tokenize(m.entry.category),
                    f"Catalogue part {m.entry.part_number} is reported as",
                    part_number=m.entry.part_number,
                    manufacturer=m.entry.manufacturer,
                )
            )
        hit_rows.add(m.entry.id)
        note = _classification_note(m.entry)
        if note and note not in result.notes:
            result.notes.append(note)
    for n in near:
        result.notes.append(n.explanation)
    for table in tables:
        for rule in table.rules:
            if rule.part_key and rule.part_key == key:
                result.hits.append(_rule_hit(rule, "part", f"part {part_number!r} is listed", 1.0))
    return hit_rows


def _screen_manufacturer(
    manufacturer: str, skip_rows: set[str], tables: Sequence[GoodsTable], result: GoodsResult
) -> None:
    if len(manufacturer) > MAX_MANUFACTURER_LENGTH:
        raise InputError(
            f"manufacturer name is {len(manufacturer)} characters long; "
            f"at most {MAX_MANUFACTURER_LENGTH}",
            [ErrorDetail("too long", field="manufacturer", value=manufacturer[:40])],
        )
    key = normalize_maker(manufacturer)
    if not key:
        raise InputError(
            f"manufacturer {manufacturer!r} has no name left after removing legal forms",
            [ErrorDetail("empty after normalization", field="manufacturer", value=manufacturer)],
        )
    result.query["manufacturer"] = {"written": manufacturer, "key": key}
    for m in match_manufacturer(manufacturer):
        if m.entry.id in skip_rows:
            continue
        how = {
            "exact": "is",
            "alias": "is known as",
            "name-begins-with-alias": "begins with the name of",
        }[m.how]
        part = f" (part {m.entry.part_number})" if m.entry.part_number else ""
        result.hits.append(
            GoodsHit(
                kind="manufacturer",
                list=COMPONENTS_LIST,
                code=None,
                tier=None,
                category=m.entry.category,
                source=m.entry.source_url,
                date=None,
                reason=(
                    f"Manufacturer {manufacturer!r} {how} catalogue maker {m.alias!r}{part}, "
                    f"{_component_text(m.entry)}. The maker alone is not a finding: "
                    "most of its products are not drone parts; review what is being sold."
                ),
                confidence=m.confidence,
                manufacturer=m.entry.manufacturer,
                part_number=m.entry.part_number or None,
                entry_id=m.entry.id,
            )
        )
    for table in tables:
        for rule in table.rules:
            if rule.maker_key and rule.maker_key == key:
                result.hits.append(
                    _rule_hit(rule, "manufacturer", f"manufacturer {manufacturer!r} is listed", 1.0)
                )


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


#: Part numbers are looked for among at most this many description words.
MAX_PART_WORDS = 500
_PART_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-./]{0,40}")


def _parts_in_description(text: str, result: GoodsResult) -> None:
    """Declarations often carry the part number inside the description."""
    seen: set[str] = set()
    found = _PART_WORD.findall(text)[:MAX_PART_WORDS]
    # Single words, and pairs of words ("Rotax 912"), that contain a digit.
    singles = [w for w in found if len(w) >= 4]
    candidates = singles + [f"{a} {b}" for a, b in zip(found, found[1:], strict=False)]
    for word in (w for w in candidates if any(c.isdigit() for c in w)):
        matches, _near = match_part(word)
        for m in matches:
            if m.entry.id in seen or m.how == "make-omitted":
                continue  # a bare number in free text ("912") is not a part number
            seen.add(m.entry.id)
            result.hits.append(
                GoodsHit(
                    kind="part",
                    list=COMPONENTS_LIST,
                    code=None,
                    tier=None,
                    category=m.entry.category,
                    source=m.entry.source_url,
                    date=None,
                    reason=f"The description contains a part number: {m.explanation}; "
                    f"{_component_text(m.entry)}.",
                    confidence=round(m.confidence, 3),
                    part_number=m.entry.part_number,
                    manufacturer=m.entry.manufacturer,
                    entry_id=m.entry.id,
                )
            )


def _uav_category_hits(words: list[str], lead: str, **kw: Any) -> list[GoodsHit]:
    """Item categories of the Iran-UAV guidance named by the given words."""
    hits = []
    for urule in uav_rules():
        if urule.kind != "category":
            continue
        found = [k for k in urule.keywords if _contains(words, tuple(tokenize(k)))]
        if not found:
            continue
        hits.append(
            GoodsHit(
                kind="category",
                list=urule.list,
                code=None,
                tier=None,
                category=urule.description,
                source=urule.source_url,
                date=urule.version_date,
                reason=(
                    f"{lead} {', '.join(repr(f) for f in found)}, an item category of the "
                    f"{urule.regime}. The guidance's HS code table is not loaded, so this is "
                    "a category match only."
                ),
                confidence=0.6,
                entry_id=urule.id,
                words=tuple(found),
                **kw,
            )
        )
    return hits


def _screen_description(
    description: str, tables: Sequence[GoodsTable], result: GoodsResult
) -> None:
    text = description
    if len(text) > MAX_DESCRIPTION_CHARS:
        result.notes.append(
            f"The description is {len(text)} characters long; only the first "
            f"{MAX_DESCRIPTION_CHARS} were read."
        )
        text = text[:MAX_DESCRIPTION_CHARS]
    result.query["description"] = text[:200] + ("..." if len(text) > 200 else "")
    candidates = default_classifier().classify(text, limit=5)
    result.candidates = candidates
    if not candidates:
        result.notes.append(
            "No word of the description is in the goods vocabulary; no HS heading suggested."
        )
    chpl = chpl_entries()
    for rank, cand in enumerate(candidates[:DESCRIPTION_HIT_RANK], start=1):
        entry = chpl.get(cand.code)
        if not entry or cand.confidence < DESCRIPTION_HIT_CONFIDENCE:
            continue
        result.hits.append(
            _chpl_hit(
                entry,
                "description",
                f"The description (words: {', '.join(cand.words[:6])}) most likely describes "
                f"goods of HS {format_code(cand.code)} ({cand.wording}) - candidate {rank}, "
                f"confidence {cand.confidence:.2f} - which the CHPL names in tier {entry.tier}. "
                + (
                    f"The description also names {', '.join(repr(c) for c in cand.caveats)}, "
                    "which usually means an accessory rather than the goods themselves; "
                    "the confidence was lowered. "
                    if cand.caveats
                    else ""
                )
                + "This is a suggested classification, not the declared code: confirm it.",
                cand.confidence,
                words=cand.words,
            )
        )
    _parts_in_description(text, result)
    words = tokenize(text)
    result.hits.extend(_uav_category_hits(words, "The description names"))
    for table in tables:
        for grule in table.rules:
            found_kw = [
                t
                for t, k in zip(grule.keyword_text, grule.keywords, strict=False)
                if _contains(words, k)
            ]
            if found_kw:
                result.hits.append(
                    _rule_hit(
                        grule,
                        "description",
                        f"the description names {', '.join(repr(k) for k in found_kw)}",
                        0.6,
                        words=tuple(found_kw),
                    )
                )


#: A description candidate this sure that disagrees with the declared code is reported.
MISMATCH_CONFIDENCE = 0.4


def _compare_declared_code(code: str, result: GoodsResult) -> None:
    """Say when the description points elsewhere than the declared code (misdeclaration)."""
    declared = normalize_code(code)
    best = result.candidates[0]
    if best.confidence < MISMATCH_CONFIDENCE:
        return
    if declared.is_heading:
        agrees = best.code.startswith(declared.heading)
    else:
        agrees = declared.hs6 == best.code
    if agrees:
        return
    chpl = chpl_entries()
    note = (
        f"The declared code {declared.display} does not match the description, which most "
        f"likely describes HS {format_code(best.code)} ({best.wording}; confidence "
        f"{best.confidence:.2f})."
    )
    if best.code in chpl and (declared.hs6 or "") not in chpl:
        note += (
            f" That subheading is on the CHPL (tier {chpl[best.code].tier}) while the declared "
            "code is not: a misdeclared code is a known way around export controls - check it."
        )
    result.notes.append(note)


def _check_text(value: str | None, field_name: str, label: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{label} must be text", [ErrorDetail("not text", field=field_name)])
    if not value.strip():
        raise InputError(
            f"{label} is empty", [ErrorDetail(f"{label} is empty", field=field_name, value=value)]
        )
    return value.strip()


def screen_goods(
    code: str | None = None,
    part_number: str | None = None,
    manufacturer: str | None = None,
    description: str | None = None,
    *,
    tables: Sequence[GoodsTable] = (),
) -> GoodsResult:
    """Screen one order line's goods; every list it touches comes back as a hit.

    ``tables`` are extra user tables from :func:`dualuse.goods.load_goods_table`.
    Raises InputError (naming the field) for an empty or malformed input.
    """
    if isinstance(code, int | float) and not isinstance(code, bool):
        # Spreadsheet cells hold codes as numbers; a lost leading zero then fails
        # the length check with a clear message instead of matching the wrong code.
        code = str(code)
    code = _check_text(code, "code", "HS code")
    part_number = _check_text(part_number, "part_number", "part number")
    manufacturer = _check_text(manufacturer, "manufacturer", "manufacturer")
    description = _check_text(description, "description", "description")
    if not any((code, part_number, manufacturer, description)):
        raise InputError(
            "nothing to screen: give a code, a part number, a manufacturer or a description"
        )
    result = GoodsResult()
    if code:
        _screen_code(code, tables, result)
    skip: set[str] = set()
    if part_number:
        skip = _screen_part(part_number, manufacturer, tables, result)
    if manufacturer:
        _screen_manufacturer(manufacturer, skip, tables, result)
    if description:
        _screen_description(description, tables, result)
    if code and description and result.candidates:
        _compare_declared_code(code, result)
    result.hits.sort(key=lambda h: (_KIND_ORDER[h.kind], -h.confidence))
    return result
