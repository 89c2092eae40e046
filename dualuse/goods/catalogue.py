"""The goods reference data shipped with dualuse, read once and kept in memory.

Every table lives in ``dualuse/goods/data/`` as reviewed CSV/YAML with its
source on each row:

- ``chpl.csv``: the Common High Priority List (BIS, 23 Feb 2024; 50 HS-6 codes
  with their tiers exactly as written there), plus ``chpl_tiers.yml`` saying
  what each tier means for a user;
- ``uav_goods.csv``: the Iran-UAV goods rules as far as the reference gives
  them. No HS/CN code could be retrieved for any of these regimes, so rows are
  either item *categories* (screened by words) or *gaps* (reported as "code
  list not loaded");
- ``drone_components.csv``: makers and parts reported in recovered drones;
- ``part_rules.yml``: per-manufacturer ordering-code suffix rules.

Loaders validate the files and raise :class:`~dualuse.errors.ConfigError`
with file and line when a shipped file is broken (a packaging bug, caught by
the tests).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from dualuse.errors import ConfigError, ErrorDetail

#: CHPL tiers exactly as the list writes them.
CHPL_TIERS = ("1", "2", "3.A", "3.B", "4.A", "4.B")
CHPL_LIST = "CHPL"
COMPONENTS_LIST = "DRONE-COMPONENTS"


def _data_text(name: str) -> str:
    return resources.files("dualuse.goods.data").joinpath(name).read_text(encoding="utf-8")


def _csv_rows(name: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(_data_text(name).splitlines(keepends=True))
    rows = []
    for row in reader:
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    return rows


@dataclass(frozen=True)
class ChplEntry:
    code: str
    description: str
    tier: str
    source_url: str
    version_date: str


@dataclass(frozen=True)
class TierInfo:
    tier: str
    summary: str
    priority: str
    advice: str


@dataclass(frozen=True)
class UavRule:
    id: str
    list: str
    kind: str  # "category" (screenable by words) or "gap" (code list not loaded)
    description: str
    keywords: tuple[str, ...]
    regime: str
    hs_codes: tuple[str, ...]
    version_date: str
    source_url: str
    note: str


@dataclass(frozen=True)
class ComponentEntry:
    id: str
    manufacturer: str
    manufacturer_aliases: tuple[str, ...]
    part_number: str
    part_keys: tuple[str, ...]
    category: str
    drone_model: str
    confidence: str
    source_url: str
    note: str


@dataclass(frozen=True)
class SuffixValue:
    code: str
    meaning: str
    verified: bool
    source: str


@dataclass(frozen=True)
class SuffixSegment:
    name: str
    required: bool
    values: tuple[SuffixValue, ...]


@dataclass(frozen=True)
class PartFamily:
    base: str
    segments: tuple[SuffixSegment, ...]


@dataclass(frozen=True)
class MakerRules:
    id: str
    name: str
    sources: tuple[str, ...]
    base_prefix: str | None = None
    prefix_alternatives: dict[str, str] = field(default_factory=dict)
    optional_make_prefix: str | None = None
    families: tuple[PartFamily, ...] = ()


@cache
def chpl_entries() -> dict[str, ChplEntry]:
    """The CHPL keyed by HS-6 digits."""
    out: dict[str, ChplEntry] = {}
    problems: list[ErrorDetail] = []
    for line, row in _csv_rows("chpl.csv"):
        code, tier = row.get("hs_code", ""), row.get("tier", "")
        if not (code.isdigit() and len(code) == 6):
            problems.append(
                ErrorDetail("hs_code is not 6 digits", "chpl.csv", line, "hs_code", code)
            )
            continue
        if tier not in CHPL_TIERS:
            problems.append(ErrorDetail(f"unknown tier {tier!r}", "chpl.csv", line, "tier", tier))
            continue
        out[code] = ChplEntry(
            code, row["description"], tier, row["source_url"], row["version_date"]
        )
    if problems:
        raise ConfigError("the shipped CHPL table is broken", problems)
    return out


@cache
def chpl_tier_info() -> tuple[dict[str, TierInfo], str, str]:
    """Tier meanings, the source URL and the version date of the CHPL."""
    data = yaml.safe_load(_data_text("chpl_tiers.yml"))
    tiers = {
        str(k): TierInfo(str(k), v["summary"], v["priority"], v["advice"])
        for k, v in data["tiers"].items()
    }
    if set(tiers) != set(CHPL_TIERS):
        raise ConfigError(f"chpl_tiers.yml must describe exactly the tiers {CHPL_TIERS}")
    return tiers, data["source"], str(data["version_date"])


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


@cache
def uav_rules() -> tuple[UavRule, ...]:
    rules = []
    for line, row in _csv_rows("uav_goods.csv"):
        if row["kind"] not in {"category", "gap"}:
            raise ConfigError(f"uav_goods.csv:{line}: kind must be 'category' or 'gap'")
        rules.append(
            UavRule(
                id=row["id"],
                list=row["list"],
                kind=row["kind"],
                description=row["description"],
                keywords=_split(row["keywords"]),
                regime=row["regime"],
                hs_codes=_split(row["hs_codes"]),
                version_date=row["version_date"],
                source_url=row["source_url"],
                note=row["note"],
            )
        )
    return tuple(rules)


@cache
def components() -> tuple[ComponentEntry, ...]:
    out = []
    for _line, row in _csv_rows("drone_components.csv"):
        out.append(
            ComponentEntry(
                id=row["id"],
                manufacturer=row["manufacturer"],
                manufacturer_aliases=_split(row["manufacturer_aliases"]),
                part_number=row["part_number"],
                part_keys=_split(row["part_keys"]),
                category=row["category"],
                drone_model=row["drone_model"],
                confidence=row["confidence"],
                source_url=row["source_url"],
                note=row["note"],
            )
        )
    return tuple(out)


def _segment(data: dict[str, Any]) -> SuffixSegment:
    values = tuple(
        SuffixValue(
            code=str(code).upper(),
            meaning=str(v.get("meaning", "")),
            verified=bool(v.get("verified", False)),
            source=str(v.get("source", "")),
        )
        for code, v in (data.get("values") or {}).items()
    )
    return SuffixSegment(str(data["name"]), bool(data.get("required", False)), values)


@cache
def maker_rules() -> tuple[MakerRules, ...]:
    data = yaml.safe_load(_data_text("part_rules.yml"))
    out = []
    for m in data["manufacturers"]:
        stage = m.get("stage_prefixes") or {}
        out.append(
            MakerRules(
                id=m["id"],
                name=m["name"],
                sources=tuple(m.get("sources") or ()),
                base_prefix=stage.get("base_prefix"),
                prefix_alternatives=dict(stage.get("alternatives") or {}),
                optional_make_prefix=m.get("optional_make_prefix"),
                families=tuple(
                    PartFamily(
                        str(f["base"]).upper(),
                        tuple(_segment(s) for s in f.get("segments") or ()),
                    )
                    for f in m.get("families") or ()
                ),
            )
        )
    return tuple(out)
