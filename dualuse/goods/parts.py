"""Part-number and manufacturer matching against the drone-component catalogue.

Part numbers
    :func:`normalize_part` upper-cases and removes separators (spaces, hyphens,
    dots, slashes). A written part then matches a catalogue part when

    1. the keys are equal;
    2. the written part is the catalogue base followed by an ordering suffix
       that parses completely with the manufacturer's rules in
       ``data/part_rules.yml`` (package, then temperature grade, then
       packaging, for TI's TMS320F28335PGFA); a value not verified in the
       device's own data sheet lowers the confidence and is said so;
    3. the written part uses another documented development-stage prefix
       (TMX/TMP for TMS) or leaves out the make ("912" for "Rotax 912").

    Nothing is ever stripped blindly: a part that begins like a catalogue part
    but whose suffix does not parse is *not* a hit; it comes back as a
    :class:`PartNearMiss` so the user can check it by hand.

Manufacturers
    Names are compared after case folding, punctuation removal and legal-form
    removal ("Inc", "GmbH", "Co., Ltd." ...),
    against the maker name and the aliases in the catalogue. An alias that is
    the beginning of the written name ("NXP" in "NXP Semiconductors") is a
    weaker match. The key comes from the party-name normalization of
    :mod:`dualuse.normalize` (so "OOO"/"有限公司" are removed as for parties);
    fuzzy name scoring is deliberately not used: a maker hit is only a hint.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from rigour.names import remove_org_types

try:  # the party-name normalization, when that part of dualuse is installed
    from dualuse.normalize import analyze_name as _analyze_name
except ImportError:  # pragma: no cover - depends on the installation
    _analyze_name = None  # type: ignore[assignment]

from dualuse.goods.catalogue import (
    ComponentEntry,
    MakerRules,
    PartFamily,
    SuffixValue,
    components,
    maker_rules,
)

_PART_SEPARATORS = re.compile(r"[\s\-./_]+")
_NAME_PUNCT = re.compile(r"[^\w]+", re.UNICODE)
#: Longest part number worth looking at.
MAX_PART_LENGTH = 64


def normalize_part(value: str) -> str:
    """Comparison key of a part number: upper case, no separators. Pure."""
    text = unicodedata.normalize("NFKC", value or "").strip().upper()
    # Upper-casing can leave decomposed characters; compose again so the key is stable.
    return unicodedata.normalize("NFKC", _PART_SEPARATORS.sub("", text))


def _rigour_maker_key(text: str) -> str:
    text = remove_org_types(text.casefold())
    text = _NAME_PUNCT.sub(" ", unicodedata.normalize("NFKC", text))
    return unicodedata.normalize("NFKC", " ".join(text.split()))


def normalize_maker(value: str) -> str:
    """Comparison key of a manufacturer name: folded, no legal form, no punctuation.

    Uses the party-name normalization of :mod:`dualuse.normalize` (Unicode
    cleaning, legal forms in Latin and other scripts, transliteration) when it
    is installed, so makers and parties are normalized alike; rigour's
    org-type table otherwise.
    """
    text = unicodedata.normalize("NFKC", value or "")
    # Parenthesised remarks ("(Switzerland)", "(now Infineon)") are not the name.
    text = re.sub(r"\([^)]*\)", " ", text)
    if _analyze_name is None:
        return _rigour_maker_key(text)
    key = " ".join(_analyze_name(text, "Organization").tokens)
    # Normalizing a key again must not change it (the index relies on it).
    return (
        key
        if " ".join(_analyze_name(key, "Organization").tokens) == key
        else (_rigour_maker_key(text))
    )


@dataclass(frozen=True)
class PartMatch:
    entry: ComponentEntry
    catalogue_part: str
    query_key: str
    confidence: float
    how: str  # "exact", "ordering-variant", "stage-prefix", "make-omitted"
    explanation: str
    unverified: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartNearMiss:
    entry: ComponentEntry
    catalogue_part: str
    query_key: str
    suffix: str
    explanation: str


@dataclass(frozen=True)
class MakerMatch:
    entry: ComponentEntry
    alias: str
    confidence: float
    how: str


def _family(base: str) -> tuple[MakerRules, PartFamily] | tuple[None, None]:
    for maker in maker_rules():
        for fam in maker.families:
            if fam.base == base:
                return maker, fam
    return None, None


def _parse_suffix(suffix: str, family: PartFamily) -> list[tuple[str, SuffixValue]] | None:
    """Split ``suffix`` into the family's segments, in order; None when it does not parse."""

    def walk(rest: str, i: int) -> list[tuple[str, SuffixValue]] | None:
        if i == len(family.segments):
            return [] if rest == "" else None
        seg = family.segments[i]
        # Longest values first, with backtracking: segments are short, so this is cheap.
        for value in sorted(seg.values, key=lambda v: -len(v.code)):
            if rest.startswith(value.code):
                tail = walk(rest[len(value.code) :], i + 1)
                if tail is not None:
                    return [(seg.name, value)] + tail
        if not seg.required:
            return walk(rest, i + 1)
        return None

    return walk(suffix, 0)


def _candidates(key: str, maker: MakerRules | None) -> list[tuple[str, str]]:
    """The written key plus its documented equivalent spellings, with how they were made."""
    out = [(key, "")]
    if maker and maker.base_prefix:
        for alt, meaning in maker.prefix_alternatives.items():
            if key.startswith(alt):
                out.append((maker.base_prefix + key[len(alt) :], f"prefix {alt} = {meaning}"))
    if maker and maker.optional_make_prefix and not key.startswith(maker.optional_make_prefix):
        out.append((maker.optional_make_prefix + key, f"make {maker.optional_make_prefix} added"))
    return out


@cache
def _anchors() -> tuple[str, ...]:
    """Beginnings a written key must have to match any catalogue part (a fast pre-filter)."""
    out: set[str] = set()
    for entry in components():
        for base in entry.part_keys:
            out.add(base)
            maker, _fam = _family(base)
            if maker and maker.base_prefix and base.startswith(maker.base_prefix):
                out.update(
                    alt + base[len(maker.base_prefix) :] for alt in maker.prefix_alternatives
                )
            if maker and maker.optional_make_prefix and base.startswith(maker.optional_make_prefix):
                out.add(base[len(maker.optional_make_prefix) :])
    return tuple(sorted(a for a in out if a))


def match_part(part_number: str) -> tuple[list[PartMatch], list[PartNearMiss]]:
    """Catalogue parts the written part number is, and parts it only starts like."""
    key = normalize_part(part_number)
    matches: list[PartMatch] = []
    near: list[PartNearMiss] = []
    if not key or not key.startswith(_anchors()):
        return matches, near
    for entry in components():
        for base in entry.part_keys:
            maker, family = _family(base)
            found = False
            for cand, how_note in _candidates(key, maker):
                if cand == base:
                    how = (
                        "exact"
                        if not how_note
                        else ("stage-prefix" if how_note.startswith("prefix") else "make-omitted")
                    )
                    # A bare model number ("912") is weaker evidence than a full one.
                    conf = {"exact": 1.0, "stage-prefix": 0.9, "make-omitted": 0.7}[how]
                    expl = f"'{part_number}' is catalogue part {entry.part_number!r}"
                    if how_note:
                        expl += f" ({how_note})"
                    matches.append(PartMatch(entry, base, key, conf, how, expl))
                    found = True
                    break
                if cand.startswith(base) and len(cand) > len(base):
                    suffix = cand[len(base) :]
                    parsed = _parse_suffix(suffix, family) if family else None
                    if parsed is None:
                        continue
                    unverified = tuple(f"{v.code} ({n})" for n, v in parsed if not v.verified)
                    parts = ", ".join(f"{n} {v.code} = {v.meaning}" for n, v in parsed)
                    expl = (
                        f"'{part_number}' is an ordering variant of catalogue part "
                        f"{entry.part_number!r}: suffix {suffix!r} read as {parts}"
                    )
                    if how_note:
                        expl += f"; {how_note}"
                    if unverified:
                        expl += (
                            "; suffix value(s) "
                            + ", ".join(unverified)
                            + " follow the maker's documented scheme but were not read in "
                            "this device's data sheet"
                        )
                    conf = 0.95 if not unverified else 0.85
                    if how_note:
                        conf -= 0.05 if how_note.startswith("prefix") else 0.2
                    matches.append(
                        PartMatch(entry, base, key, conf, "ordering-variant", expl, unverified)
                    )
                    found = True
                    break
            if not found and key.startswith(base) and len(key) > len(base):
                suffix = key[len(base) :]
                maker_name = maker.name if maker else entry.manufacturer
                near.append(
                    PartNearMiss(
                        entry,
                        base,
                        key,
                        suffix,
                        f"'{part_number}' begins with catalogue part {entry.part_number!r} but "
                        f"the suffix {suffix!r} is not a known {maker_name} ordering suffix; "
                        "not matched - check the maker's data sheet and add the suffix to "
                        "part_rules.yml if it is a variant",
                    )
                )
    return matches, near


def match_manufacturer(name: str) -> list[MakerMatch]:
    """Catalogue rows whose maker is the written manufacturer name."""
    query = normalize_maker(name)
    if not query:
        return []
    q_tokens = query.split()
    out: list[MakerMatch] = []
    for entry in components():
        best: MakerMatch | None = None
        for i, alias in enumerate(entry.manufacturer_aliases):
            a = normalize_maker(alias)
            if not a:
                continue
            if a == query:
                conf, how = (1.0, "exact") if i == 0 else (0.95, "alias")
            elif len(a.split()) < len(q_tokens) and q_tokens[: len(a.split())] == a.split():
                # "NXP" is the start of "NXP Semiconductors": probably the same maker.
                conf, how = 0.8, "name-begins-with-alias"
                if len(a) < 3:
                    continue  # "TI ..." is too short to trust as a prefix
            else:
                continue
            if best is None or conf > best.confidence:
                best = MakerMatch(entry, alias, conf, how)
        if best:
            out.append(best)
    return out
