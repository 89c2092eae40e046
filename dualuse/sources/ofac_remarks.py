"""The Remarks column of OFAC's legacy SDN CSV, taken apart.

OFAC packs everything that has no column of its own into one text: aliases
(``a.k.a. 'SAIRC'``), dates and places of birth, nationalities, identity and
company numbers with their issuing country (``Tax ID No. 5022050639 (Russia)``),
IMO and MMSI numbers, web sites, ``Linked To: NAME`` relations and statements
about the sanction (``Additional Sanctions Information - Subject to Secondary
Sanctions``). Remarks are separated by ``;``, the column ends with ``.``, and
``alt.`` marks a second value of the same key.

Which key means what is reviewed data, not code: ``data/ofac_remark_keys.yml``.
:func:`parse_remarks` only splits and classifies; it never drops text: a remark
whose key is unknown comes back with ``kind="unknown"`` and the caller keeps it
in the party's ``notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from dualuse.sources._util import clean_text, date_values


@dataclass(frozen=True)
class RemarkKey:
    key: str
    kind: str  #: name, date, country, id, imo, text, contact, gender, link, sanction, note
    prop: str | None = None


@dataclass
class Remark:
    """One ``;``-separated remark, classified."""

    text: str  #: the remark as written (without the trailing ``.``)
    kind: str  #: a RemarkKey kind, or ``unknown``
    key: str | None = None
    prop: str | None = None
    value: str = ""  #: the value with the key removed (and qualifiers for ids)
    values: list[str] = field(default_factory=list)  #: cleaned values (dates, names...)
    country: str | None = None  #: issuing country written in ``(...)`` after an id
    lang: str | None = None  #: for names in another script, e.g. ``(Latin: ...)``


@lru_cache(maxsize=1)
def remark_keys() -> tuple[RemarkKey, ...]:
    """The reviewed key table, longest key first."""
    text = (
        resources.files("dualuse.sources.data").joinpath("ofac_remark_keys.yml").read_text("utf-8")
    )
    keys = [RemarkKey(k["key"], k["kind"], k.get("prop")) for k in yaml.safe_load(text)["keys"]]
    return tuple(sorted(keys, key=lambda k: -len(k.key)))


@lru_cache(maxsize=1)
def _key_regex() -> tuple[re.Pattern[str], dict[str, RemarkKey]]:
    keys = remark_keys()
    by_lower = {k.key.lower(): k for k in keys}
    alternatives = "|".join(re.escape(k.key) for k in keys)
    pattern = re.compile(rf"^(?:alt\.\s+)?({alternatives})(?=[\s:]|$)\s*:?\s*", re.I)
    return pattern, by_lower


def split_remarks(text: str | None) -> list[str]:
    """``"a; b; c."`` → ``["a", "b", "c"]`` (the closing ``.`` removed once).

    A ``;`` inside a quoted alias would split it; OFAC does not write such names
    (checked on the real files), so a plain split is exact and fast.
    """
    text = clean_text(text)
    if not text or text == "-0-":
        return []
    if text.endswith("."):
        text = text[:-1]
    return [part.strip() for part in text.split(";") if part.strip()]


_QUALIFIER = re.compile(r"\s+(?:issued|expires|Issue Date|Expire Date)\b.*$", re.I)
_TRAILING_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")
_LATIN_VARIANT = re.compile(r"^'(?P<name>.*)'\s*\((?P<script>[A-Za-z ]+):\s*'?(?P<alt>.*?)'?\)$")
_SCRIPT_LANGS = {"latin": None, "cyrillic": "rus", "arabic": "ara", "persian": "fas"}


def _strip_quotes(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == "'" and value[-1] == "'":
        return value[1:-1].strip()
    return value.strip("'").strip()


def _split_id(value: str) -> tuple[str, str | None]:
    """``D10003923 (Iran) expires 15 Aug 2023`` → (``D10003923``, ``Iran``)."""
    value = _QUALIFIER.sub("", value).strip()
    country = None
    m = _TRAILING_PAREN.search(value)
    if m:
        country = m.group(1).strip()
        value = value[: m.start()].strip()
    return value.rstrip(","), country


def classify(text: str) -> Remark:
    """Classify one remark by the key table."""
    pattern, by_lower = _key_regex()
    m = pattern.match(text)
    if m is None:
        return Remark(text=text, kind="unknown", value=text)
    spec = by_lower[m.group(1).lower()]
    value = text[m.end() :].strip()
    remark = Remark(text=text, kind=spec.kind, key=spec.key, prop=spec.prop, value=value)
    if spec.kind == "name":
        variant = _LATIN_VARIANT.match(value)
        if variant:
            # ``a.k.a. 'NAME' (Latin: 'NAME2')``: both spellings are the alias.
            remark.values = [variant.group("name").strip(), variant.group("alt").strip()]
            remark.lang = _SCRIPT_LANGS.get(variant.group("script").strip().lower())
        else:
            remark.values = [_strip_quotes(value)]
    elif spec.kind == "date":
        remark.values = date_values(value)
    elif spec.kind in ("id", "imo"):
        number, country = _split_id(value)
        remark.country = country
        if spec.kind == "imo":
            digits = re.sub(r"\D", "", number)
            remark.values = [f"IMO{digits}"] if len(digits) == 7 else []
        else:
            remark.values = [number] if number else []
    elif spec.kind == "gender":
        gender = value.lower()
        remark.values = [gender] if gender in ("male", "female") else []
    elif spec.kind == "link":
        remark.values = [value.strip().rstrip(".").strip()] if value else []
    elif spec.kind == "contact":
        remark.values = [value.strip().rstrip(".")] if value else []
    else:
        remark.values = [value] if value else []
    return remark


def parse_remarks(text: str | None) -> list[Remark]:
    """Every remark of a Remarks column, classified, in the order written."""
    return [classify(part) for part in split_remarks(text)]
