"""UN Security Council Consolidated List (XML, ``CONSOLIDATED_LIST``).

Layout (the UN's published ``sc-sanctions.xsd``): ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY`` with ``DATAID``, ``REFERENCE_NUMBER`` (e.g. ``QDi.006``),
``FIRST_NAME`` .. ``FOURTH_NAME``, ``NAME_ORIGINAL_SCRIPT``, ``UN_LIST_TYPE``,
``LISTED_ON``, ``*_ALIAS`` (``QUALITY`` Good/Low/a.k.a./f.k.a., ``ALIAS_NAME``),
``*_ADDRESS``, ``INDIVIDUAL_DATE_OF_BIRTH`` (EXACT/APPROXIMATELY/BETWEEN),
``INDIVIDUAL_PLACE_OF_BIRTH``, ``INDIVIDUAL_DOCUMENT``, ``NATIONALITY``,
``TITLE``, ``DESIGNATION``; the root's ``dateGenerated`` is the version date.

Entity ids are ``un-<REFERENCE_NUMBER>``. The name is the name parts joined as
listed; ``NAME_ORIGINAL_SCRIPT`` is added to ``name`` with ``lang`` from its
script (Arabic → ara, Cyrillic → rus). Alias quality: Good and a.k.a. →
``alias``, Low → ``weakAlias``, f.k.a. → ``previousName``.

Strictness: an element without its reference number or name, or with a
non-numeric DATAID, fails the whole file (it is not the UN's list). A date the
UN wrote in an unexpected form is kept in ``notes`` instead: one typo should
not block a list update.
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
    read_xml_file,
    script_lang,
    xml_fail,
)
from dualuse.sources.base import ParsedList, checksum_files

SOURCE = "un_sc"
AUTHORITY = "United Nations Security Council"
SOURCE_URL = "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list"
ALIAS_PROPS = {
    "good": "alias",
    "a.k.a.": "alias",
    "": "alias",
    "low": "weakAlias",
    "f.k.a.": "previousName",
}


def _t(el: etree._Element | None, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(tag)
    return clean_text(child.text) if child is not None else None


def _values(el: etree._Element, tag: str) -> list[str]:
    node = el.find(tag)
    if node is None:
        return []
    return [v for v in (clean_text(x.text) for x in node.findall("VALUE")) if v]


@gc_paused
def parse(paths: Path | str | Sequence[Path | str], *, source: str = SOURCE) -> ParsedList:
    """Parse the UN Security Council consolidated XML into FtM entities."""
    path, root = read_xml_file(paths, "CONSOLIDATED_LIST")
    version_date = iso_date(root.get("dateGenerated"))
    maker = EntityMaker(source)
    notes: list[str] = []
    count = 0
    for group, tag, schema in (
        ("INDIVIDUALS", "INDIVIDUAL", "Person"),
        ("ENTITIES", "ENTITY", "Organization"),
    ):
        container = root.find(group)
        if container is None:
            raise xml_fail(f"no <{group}> element", path.name, root, group, None)
        for el in container.findall(tag):
            _parse_entry(maker, el, schema, path.name, notes)
            count += 1
    if count == 0:
        raise xml_fail("no INDIVIDUAL or ENTITY elements", path.name, root, "INDIVIDUAL", None)
    return ParsedList(
        source=source,
        version_date=version_date,
        checksum=checksum_files([path]),
        files=[path.name],
        entities=maker.entities,
        notes=notes,
    )


def _parse_entry(
    maker: EntityMaker, el: etree._Element, schema: str, file: str, notes: list[str]
) -> None:
    prefix = "INDIVIDUAL" if schema == "Person" else "ENTITY"
    dataid = _t(el, "DATAID") or ""
    if not dataid.isdigit():
        raise xml_fail(f"DATAID {dataid!r} is not a number", file, el, "DATAID", dataid)
    ref = _t(el, "REFERENCE_NUMBER")
    if not ref:
        raise xml_fail("REFERENCE_NUMBER is missing", file, el, "REFERENCE_NUMBER", None)
    parts = [_t(el, f"{n}_NAME") for n in ("FIRST", "SECOND", "THIRD", "FOURTH")]
    name = " ".join(p for p in parts if p)
    if not name:
        raise xml_fail("FIRST_NAME is missing", file, el, "FIRST_NAME", None)
    entity_id = f"un-{ref}"
    if entity_id in maker.ids:
        raise xml_fail(f"REFERENCE_NUMBER {ref} occurs twice", file, el, "REFERENCE_NUMBER", ref)
    party = maker.make(schema, entity_id)
    maker.add(party, "name", name)
    maker.add(party, "topics", "sanction")
    if schema == "Person":
        for prop, value in zip(("firstName", "secondName", "middleName"), parts, strict=False):
            maker.add(party, prop, value)
    original = _t(el, "NAME_ORIGINAL_SCRIPT")
    if original:
        maker.add(party, "name", original, lang=script_lang(original))
    maker.note(party, _t(el, "COMMENTS1") or "")
    for title in _values(el, "TITLE"):
        maker.add(party, "title", title)
    for position in _values(el, "DESIGNATION"):
        maker.add(party, "position", position)
    for nationality in _values(el, "NATIONALITY"):
        maker.add(party, "nationality", nationality)
    gender = (_t(el, "GENDER") or "").lower()
    if gender:
        maker.add(party, "gender", gender)

    for alias in el.findall(f"{prefix}_ALIAS"):
        _alias(maker, party, alias, file)
    for address in el.findall(f"{prefix}_ADDRESS"):
        parts_ = [_t(address, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")]
        country = _t(address, "COUNTRY")
        full = ", ".join(p for p in [*parts_, country] if p)
        if any(parts_):
            maker.add(party, "address", full)
        if country:
            maker.add(party, "country", country)
        note = _t(address, "NOTE")
        if note:
            maker.note(party, f"address {full or '-'}: {note}")
    for dob in el.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        _birth_date(maker, party, dob)
    for pob in el.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        place = [_t(pob, t) for t in ("CITY", "STATE_PROVINCE", "COUNTRY")]
        maker.add(party, "birthPlace", ", ".join(p for p in place if p))
        if _t(pob, "COUNTRY"):
            maker.add(party, "birthCountry", _t(pob, "COUNTRY"))
        if _t(pob, "NOTE"):
            maker.note(party, f"place of birth: {_t(pob, 'NOTE')}")
    for doc in el.findall("INDIVIDUAL_DOCUMENT"):
        _document(maker, party, doc)

    listed_on = _t(el, "LISTED_ON")
    listing_date = iso_date(listed_on)
    if listed_on and listing_date is None:
        maker.note(party, f"LISTED_ON: {listed_on}")
    maker.sanction(
        party,
        authority=AUTHORITY,
        program=_t(el, "UN_LIST_TYPE"),
        programId=_t(el, "UN_LIST_TYPE"),
        listingDate=listing_date,
        authorityId=ref,
        unscId=ref,
        sourceUrl=SOURCE_URL,
        status=_values(el, "LIST_TYPE"),
    )


def _alias(maker: EntityMaker, party: StatementEntity, el: etree._Element, file: str) -> None:
    name = _t(el, "ALIAS_NAME")
    quality = (_t(el, "QUALITY") or "").lower()
    if not name:
        return
    prop = ALIAS_PROPS.get(quality)
    if prop is None:
        raise xml_fail(
            f"alias QUALITY {quality!r} is not Good, Low, a.k.a. or f.k.a.",
            file,
            el,
            "QUALITY",
            quality,
        )
    maker.add(party, prop, name, lang=script_lang(name))
    for tag, label in (("DATE_OF_BIRTH", "DOB"), ("CITY_OF_BIRTH", "POB"), ("NOTE", "note")):
        value = _t(el, tag)
        if value:
            maker.note(party, f"alias {name}: {label} {value}")


def _birth_date(maker: EntityMaker, party: StatementEntity, el: etree._Element) -> None:
    kind = (_t(el, "TYPE_OF_DATE") or "").upper()
    values: list[str] = []
    if kind == "BETWEEN":
        start, end = _t(el, "FROM_YEAR"), _t(el, "TO_YEAR")
        if start and end and start.isdigit() and end.isdigit() and 0 <= int(end) - int(start) <= 10:
            values = [str(y) for y in range(int(start), int(end) + 1)]
        else:
            values = [v for v in (iso_date(start), iso_date(end)) if v]
    else:
        for tag in ("DATE", "YEAR"):
            value = iso_date(_t(el, tag))
            if value:
                values.append(value)
    for value in values:
        maker.add(party, "birthDate", value)
    raw = " ".join(c.text.strip() for c in el if c.text and c.text.strip())
    if not values and raw:
        maker.note(party, f"date of birth: {raw}")
    if _t(el, "NOTE"):
        maker.note(party, f"date of birth: {_t(el, 'NOTE')}")


def _document(maker: EntityMaker, party: StatementEntity, el: etree._Element) -> None:
    kind = _t(el, "TYPE_OF_DOCUMENT") or ""
    number = _t(el, "NUMBER")
    details = [
        _t(el, t)
        for t in (
            "TYPE_OF_DOCUMENT2",
            "ISSUING_COUNTRY",
            "COUNTRY_OF_ISSUE",
            "DATE_OF_ISSUE",
            "NOTE",
        )
    ]
    low = kind.lower()
    prop = (
        "passportNumber"
        if ("passport" in low or "pasaporte" in low or "passeport" in low)
        else "idNumber"
    )
    if number:
        maker.add(party, prop, number)
    detail = "; ".join(d for d in details if d)
    if detail or (kind and not number):
        maker.note(party, f"{kind or 'document'} {number or ''}: {detail}".strip())
