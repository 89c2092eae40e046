"""OFAC "enhanced XML" (``CONS_ENHANCED.XML``, also ``SDN_ENHANCED.XML``).

The enhanced export gives structure that the legacy CSV packs into Remarks:
``entities/entity[@id]`` with ``generalInfo/entityType``, ``names/name``
(``isPrimary``, ``aliasType`` A.K.A./F.K.A./N.K.A., ``isLowQuality``) each with
``translations/translation`` per script (Latin, Cyrillic, Chinese...),
``addresses``, ``features`` (birth date, place of birth, nationality, web site,
directive information...), ``identityDocuments`` and ``relationships``. The
publication date is ``publicationInfo/dataAsOf``.

Names: the primary Latin name is ``name``; other translations of the primary name
are added to ``name`` with ``lang`` set from the script (Cyrillic → rus, Chinese →
zho), keeping the publisher's spelling. A.K.A./N.K.A. → ``alias``, F.K.A. →
``previousName``, ``isLowQuality`` → ``weakAlias``.

Features and identity documents have the same labels as the legacy Remarks, so
they are classified with the same reviewed key table
(:mod:`dualuse.sources.ofac_remarks`); labels that differ are mapped here.
Statements about the sanction (secondary sanctions risk, directives) go to the
Sanction record. Relationships become UnknownLink entities when the related
entity is in the same file, otherwise a note on the party.

The XML is parsed without DTDs, entity expansion or network access
(:func:`dualuse.sources._util.parse_xml`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from followthemoney import StatementEntity
from lxml import etree

from dualuse.sources._util import (
    EntityMaker,
    clean_text,
    gc_paused,
    iso_date,
    local,
    read_xml_file,
    xml_fail,
)
from dualuse.sources.base import ParsedList, checksum_files
from dualuse.sources.ofac_csv import AUTHORITY, russian_codes
from dualuse.sources.ofac_remarks import classify

SOURCE = "ofac_cons"
SOURCE_URL = "https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList"
SCHEMATA = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
SCRIPT_LANGS = {
    "latin": None,
    "cyrillic": "rus",
    "chinese simplified": "zho",
    "chinese traditional": "zho",
    "arabic": "ara",
    "persian": "fas",
    "korean": "kor",
}
# Feature labels whose remark-table key is spelled differently.
FEATURE_KEYS = {
    "birthdate": "DOB",
    "place of birth": "POB",
    "nationality country": "nationality",
    "citizenship country": "citizen",
    "vessel call sign": None,
    "vessel flag": "Vessel Flag",
    "vessel type": "Vessel Type",
    "vessel owner": None,
    "vessel tonnage": None,
    "vessel gross registered tonnage": None,
}
FEATURE_PROPS = {
    "vessel call sign": "callSign",
    "vessel tonnage": "tonnage",
    "vessel gross registered tonnage": "grossRegisteredTonnage",
}
ADDRESS_ORDER = ("ADDRESS1", "ADDRESS2", "ADDRESS3", "CITY", "STATE/PROVINCE", "REGION")


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    return clean_text("".join(el.itertext()))


def _children(el: etree._Element | None, name: str) -> list[etree._Element]:
    if el is None:
        return []
    return [c for c in el if local(c.tag) == name]


def _child(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def _path(el: etree._Element | None, *names: str) -> etree._Element | None:
    for name in names:
        el = _child(el, name)
    return el


@gc_paused
def parse(paths: Path | str | Sequence[Path | str], *, source: str = SOURCE) -> ParsedList:
    """Parse an OFAC enhanced XML file into FtM entities."""
    path, root = read_xml_file(paths, "sanctionsData")
    version_date = iso_date(_text(_path(root, "publicationInfo", "dataAsOf")))
    entities_el = _child(root, "entities")
    if entities_el is None:
        raise xml_fail("no <entities> element", path.name, root, "entities", None)
    maker = EntityMaker(source)
    notes: list[str] = []
    entity_els = _children(entities_el, "entity")
    listed = {el.get("id") for el in entity_els}
    for el in entity_els:
        _parse_entity(maker, el, path.name, listed, notes)
    if not entity_els:
        raise xml_fail("no <entity> elements", path.name, entities_el, "entity", None)
    return ParsedList(
        source=source,
        version_date=version_date,
        checksum=checksum_files([path]),
        files=[path.name],
        entities=maker.entities,
        notes=notes,
    )


def _parse_entity(
    maker: EntityMaker,
    el: etree._Element,
    file: str,
    listed: set[str | None],
    notes: list[str],
) -> None:
    uid = (el.get("id") or "").strip()
    if not uid.isdigit():
        raise xml_fail(f"entity id {uid!r} is not a number", file, el, "id", uid)
    general = _child(el, "generalInfo")
    entity_type = (_text(_child(general, "entityType")) or "").lower()
    schema = SCHEMATA.get(entity_type)
    if schema is None:
        raise xml_fail(
            f"entityType {entity_type!r} is not Individual, Entity, Vessel or Aircraft",
            file,
            el,
            "entityType",
            entity_type,
        )
    party = maker.make(schema, f"ofac-cons-{uid}")
    maker.add(party, "topics", "sanction")
    maker.note(party, _text(_child(general, "remarks")) or "")

    _names(maker, party, el, file)
    if not party.get("name"):
        raise xml_fail("entity has no primary name", file, el, "names", None)

    programs = [
        t
        for t in (_text(p) for p in _children(_child(el, "sanctionsPrograms"), "sanctionsProgram"))
        if t
    ]
    for program in programs:
        maker.add(party, "programId", program)
    lists = _children(_child(el, "sanctionsLists"), "sanctionsList")
    list_names = [t for t in (_text(x) for x in lists) if t]
    published = sorted(d for d in (iso_date(x.get("datePublished")) for x in lists) if d)
    provisions = [
        t for t in (_text(x) for x in _children(_child(el, "sanctionsTypes"), "sanctionsType")) if t
    ]
    authorities = [
        t
        for t in (_text(x) for x in _children(_child(el, "legalAuthorities"), "legalAuthority"))
        if t
    ]

    for address in _children(_child(el, "addresses"), "address"):
        _address(maker, party, address)
    for feature in _children(_child(el, "features"), "feature"):
        provisions.extend(_feature(maker, party, feature))
    for doc in _children(_child(el, "identityDocuments"), "identityDocument"):
        _document(maker, party, doc)

    maker.sanction(
        party,
        authority=AUTHORITY,
        program=list_names,
        programId=programs,
        authorityId=uid,
        listingDate=published[:1],
        sourceUrl=SOURCE_URL,
        provisions=provisions,
        description=authorities,
    )
    counter = 0
    for rel in _children(_child(el, "relationships"), "relationship"):
        related = _child(rel, "relatedEntity")
        role = _text(_child(rel, "type")) or "Linked To"
        other = (related.get("entityId") if related is not None else None) or ""
        other_name = _text(related) or other
        if other in listed and other != uid:
            counter += 1
            link = maker.make("UnknownLink", f"{party.id}-link-{counter}")
            maker.add(link, "subject", party.id)
            maker.add(link, "object", f"ofac-cons-{other}")
            maker.add(link, "role", role)
        else:
            maker.note(party, f"{role}: {other_name} (OFAC entity {other})")


def _names(maker: EntityMaker, party: StatementEntity, el: etree._Element, file: str) -> None:
    for name in _children(_child(el, "names"), "name"):
        primary = (_text(_child(name, "isPrimary")) or "").lower() == "true"
        low = (_text(_child(name, "isLowQuality")) or "").lower() == "true"
        alias_type = (_text(_child(name, "aliasType")) or "").upper()
        if primary:
            prop = "name"
        elif low:
            prop = "weakAlias"
        elif alias_type == "F.K.A.":
            prop = "previousName"
        elif alias_type in ("A.K.A.", "N.K.A.", ""):
            prop = "alias"
        else:
            raise xml_fail(
                f"aliasType {alias_type!r} is not A.K.A., F.K.A. or N.K.A.",
                file,
                name,
                "aliasType",
                alias_type,
            )
        for tr in _children(_child(name, "translations"), "translation"):
            full = _text(_child(tr, "formattedFullName"))
            if not full:
                continue
            script = (_text(_child(tr, "script")) or "latin").lower()
            lang = SCRIPT_LANGS.get(script)
            # The name parts keep the publisher's letter case (the full name is
            # upper-cased); keep that spelling as the original value.
            parts = [
                _text(_child(p, "value")) or ""
                for p in _children(_child(tr, "nameParts"), "namePart")
            ]
            original = " ".join(p for p in parts if p) or None
            maker.add(party, prop, full, lang=lang, original=original if lang else None)
            if prop == "name" and lang is None and party.schema.name == "Person":
                for part in _children(_child(tr, "nameParts"), "namePart"):
                    kind = (_text(_child(part, "type")) or "").lower()
                    target = {
                        "first name": "firstName",
                        "last name": "lastName",
                        "middle name": "middleName",
                    }.get(kind)
                    if target:
                        maker.add(party, target, _text(_child(part, "value")))


def _address(maker: EntityMaker, party: StatementEntity, el: etree._Element) -> None:
    country = _text(_child(el, "country"))
    for tr in _children(_child(el, "translations"), "translation"):
        parts: dict[str, str] = {}
        for part in _children(_child(tr, "addressParts"), "addressPart"):
            kind = (_text(_child(part, "type")) or "").upper()
            value = _text(_child(part, "value"))
            if value:
                parts[kind] = value
        ordered = [parts[k] for k in ADDRESS_ORDER if k in parts]
        if "POSTAL CODE" in parts:
            ordered.append(parts["POSTAL CODE"])
        ordered.extend(v for k, v in parts.items() if k not in ADDRESS_ORDER and k != "POSTAL CODE")
        if country:
            ordered.append(country)
        script = (_text(_child(tr, "script")) or "latin").lower()
        if len(ordered) > (1 if country else 0):
            maker.add(party, "address", ", ".join(ordered), lang=SCRIPT_LANGS.get(script))
    if country:
        maker.add(party, "country", country)


def _feature(maker: EntityMaker, party: StatementEntity, el: etree._Element) -> list[str]:
    """Apply one feature; returns texts that belong on the Sanction record."""
    label = _text(_child(el, "type")) or ""
    value = _text(_child(el, "value"))
    low = label.lower()
    if low == "birthdate":
        values = _date_span(_child(el, "valueDate"))
        for v in values:
            maker.add(party, "birthDate", v, original=value)
        if not values and value:
            maker.note(party, f"{label}: {value}")
        return []
    if value is None:
        return []
    if low in FEATURE_PROPS:
        maker.add(party, FEATURE_PROPS[low], value, note_label=label)
        return []
    key = FEATURE_KEYS.get(low, label)
    if key is None:
        maker.note(party, f"{label}: {value}")
        return []
    remark = classify(f"{key.rstrip(':')} {value}")
    if remark.kind == "sanction":
        return [f"{label} {value}"]
    if remark.kind in ("unknown", "note", "link") or remark.prop is None or not remark.values:
        maker.note(party, f"{label}: {value}")
    elif remark.kind == "country":
        maker.add(party, remark.prop, value, note_label=label)
    else:
        for v in remark.values:
            maker.add(party, remark.prop, v, original=value, note_label=label)
    return []


def _date_span(el: etree._Element | None) -> list[str]:
    """A ``valueDate`` (from/to begin/end) as ISO values: a day, month, year or years."""
    if el is None:
        return []
    start = iso_date(_text(_child(el, "fromDateBegin")))
    end = iso_date(_text(_child(el, "toDateEnd"))) or start
    if start is None or end is None:
        return []
    if start == end:
        return [start]
    if start[:4] == end[:4] and start[4:] == "-01-01" and end[4:] == "-12-31":
        return [start[:4]]
    if start[:7] == end[:7] and start[8:] == "01":
        return [start[:7]]
    y0, y1 = int(start[:4]), int(end[:4])
    if start[4:] == "-01-01" and end[4:] == "-12-31" and 0 <= y1 - y0 <= 10:
        return [str(y) for y in range(y0, y1 + 1)]
    return [start, end]


def _document(maker: EntityMaker, party: StatementEntity, el: etree._Element) -> None:
    label = _text(_child(el, "type")) or ""
    number = _text(_child(el, "documentNumber"))
    if not number:
        return
    country = _text(_child(el, "issuingCountry"))
    remark = classify(f"{label} {number}")
    remark.country = country
    if remark.kind in ("id", "imo") and remark.prop and remark.values:
        for value in remark.values:
            if maker.add(party, remark.prop, value, note_label=label):
                russian_codes(maker, party, remark, value)
    else:
        maker.note(party, f"{label}: {number}" + (f" ({country})" if country else ""))
