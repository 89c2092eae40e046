"""EU Financial Sanctions File (FSF), the Commission's consolidated list as XML.

Layout (namespace ``http://eu.europa.ec/fpi/fsd/export``; field names as the
Commission's export and the public consumers of it, e.g. OpenSanctions'
``eu_fsf`` crawler, read them): root ``export[@generationDate]``, one
``sanctionEntity[@logicalId, @euReferenceNumber, @unitedNationId,
@designationDate]`` per listed party with

- ``subjectType[@code]``: ``person`` → Person, ``enterprise`` → Organization;
- ``nameAlias[@wholeName, @firstName, @middleName, @lastName, @title, @function,
  @gender, @nameLanguage, @strong]``: the first strong name is ``name``, other
  strong names ``alias``, ``strong="false"`` → ``weakAlias``; ``nameLanguage``
  (ISO 639-1) becomes the value's ``lang``;
- ``citizenship[@countryIso2Code]`` → nationality;
- ``birthdate[@birthdate | @year, @monthOfYear, @dayOfMonth, @city, @countryIso2Code]``;
- ``identification[@identificationTypeCode, @number, @latinNumber, @countryIso2Code]``
  (passport, id, regnumber, fiscalcode, swiftbic, imo ...);
- ``address[@street, @city, @zipCode, @poBox, @region, @place, @countryIso2Code]``
  with ``contactInfo[@key, @value]`` (PHONE, FAX, EMAIL, WEB);
- ``regulation[@programme, @numberTitle, @publicationDate, @entryIntoForceDate]``
  with ``publicationUrl``: one Sanction per regulation;
- ``remark``: notes.

Entity ids are ``eu-fsf-<logicalId>``. No full real file is available in this
project; the tests use a small made-up fixture that follows this layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from followthemoney import StatementEntity
from lxml import etree
from rigour.langs import iso_639_alpha3

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

SOURCE = "eu_fsf"
AUTHORITY = "European Union (Council of the EU)"
SCHEMATA = {"person": "Person", "enterprise": "Organization"}
ID_PROPS = {
    "passport": "passportNumber",
    "id": "idNumber",
    "regnumber": "registrationNumber",
    "fiscalcode": "taxNumber",
    "swiftbic": "swiftBic",
    "imo": "imoNumber",
}
CONTACT_PROPS = {"PHONE": "phone", "FAX": "phone", "EMAIL": "email", "WEB": "website"}


def _a(el: etree._Element, name: str) -> str | None:
    return clean_text(el.get(name))


def _country(el: etree._Element) -> str | None:
    code = (el.get("countryIso2Code") or "").strip()
    if code and code != "00":
        return code
    desc = _a(el, "countryDescription")
    return None if desc in (None, "UNKNOWN") else desc


def _kids(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c.tag) == name]


@gc_paused
def parse(paths: Path | str | Sequence[Path | str], *, source: str = SOURCE) -> ParsedList:
    """Parse an EU FSF XML export into FtM entities."""
    path, root = read_xml_file(paths, "export")
    maker = EntityMaker(source)
    entries = _kids(root, "sanctionEntity")
    if not entries:
        raise xml_fail("no <sanctionEntity> elements", path.name, root, "sanctionEntity", None)
    for el in entries:
        _entry(maker, el, path.name)
    return ParsedList(
        source=source,
        version_date=iso_date(root.get("generationDate")),
        checksum=checksum_files([path]),
        files=[path.name],
        entities=maker.entities,
        notes=[],
    )


def _entry(maker: EntityMaker, el: etree._Element, file: str) -> None:
    logical_id = (el.get("logicalId") or "").strip()
    if not logical_id.isdigit():
        raise xml_fail(
            f"logicalId {logical_id!r} is not a number", file, el, "logicalId", logical_id
        )
    subject = _kids(el, "subjectType")
    code = (subject[0].get("code") if subject else "") or ""
    schema = SCHEMATA.get(code.strip().lower())
    if schema is None:
        raise xml_fail(
            f"subjectType code {code!r} is not person or enterprise",
            file,
            subject[0] if subject else el,
            "subjectType",
            code,
        )
    party = maker.make(schema, f"eu-fsf-{logical_id}")
    maker.add(party, "topics", "sanction")
    for remark in _kids(el, "remark"):
        maker.note(party, remark.text or "")

    has_name = False
    for alias in _kids(el, "nameAlias"):
        whole = _a(alias, "wholeName")
        if not whole:
            continue
        lang2 = (alias.get("nameLanguage") or "").strip().lower()
        lang = iso_639_alpha3(lang2) if lang2 else None
        strong = (alias.get("strong") or "true").strip().lower() != "false"
        prop = "weakAlias" if not strong else ("alias" if has_name else "name")
        has_name = has_name or prop == "name"
        maker.add(party, prop, whole, lang=lang)
        if prop == "name" and schema == "Person":
            maker.add(party, "firstName", _a(alias, "firstName"), lang=lang)
            maker.add(party, "middleName", _a(alias, "middleName"), lang=lang)
            maker.add(party, "lastName", _a(alias, "lastName"), lang=lang)
        if _a(alias, "title"):
            maker.add(party, "title", _a(alias, "title"))
        if _a(alias, "function"):
            maker.add(party, "position" if schema == "Person" else "notes", _a(alias, "function"))
        gender = {"M": "male", "F": "female"}.get((alias.get("gender") or "").strip().upper())
        if gender:
            maker.add(party, "gender", gender)
    if not has_name:
        raise xml_fail("no strong nameAlias with a wholeName", file, el, "nameAlias", None)

    for node in _kids(el, "citizenship"):
        maker.add(party, "nationality", _country(node))
    for node in _kids(el, "birthdate"):
        _birth(maker, party, node)
    for node in _kids(el, "identification"):
        _identification(maker, party, node)
    for node in _kids(el, "address"):
        _address(maker, party, node)

    ref = _a(el, "euReferenceNumber")
    for n, reg in enumerate(_kids(el, "regulation"), start=1):
        urls = [clean_text(u.text) for u in _kids(reg, "publicationUrl")]
        start_dates = [
            d
            for d in (iso_date(el.get("designationDate")), iso_date(reg.get("entryIntoForceDate")))
            if d
        ]
        maker.sanction(
            party,
            "" if n == 1 else f"-{n}",
            authority=AUTHORITY,
            program=_a(reg, "programme"),
            programId=_a(reg, "programme"),
            reason=_a(reg, "numberTitle"),
            listingDate=iso_date(reg.get("publicationDate")),
            startDate=min(start_dates) if start_dates else None,
            authorityId=ref or logical_id,
            unscId=_a(el, "unitedNationId"),
            sourceUrl=[u for u in urls if u],
        )


def _birth(maker: EntityMaker, party: StatementEntity, node: etree._Element) -> None:
    date = iso_date(node.get("birthdate"))
    if date is None:
        year = (node.get("year") or "").strip()
        month = (node.get("monthOfYear") or "").strip()
        day = (node.get("dayOfMonth") or "").strip()
        if year.isdigit() and len(year) == 4:
            date = year
            if month.isdigit() and 1 <= int(month) <= 12:
                date = f"{year}-{int(month):02d}"
                if day.isdigit() and 1 <= int(day) <= 31:
                    date = f"{date}-{int(day):02d}"
    maker.add(party, "birthDate", date)
    place = [
        _a(node, "city"),
        _a(node, "place"),
        _a(node, "region"),
        _a(node, "countryDescription"),
    ]
    place_text = ", ".join(p for p in place if p and p != "UNKNOWN")
    maker.add(party, "birthPlace", place_text)
    if _country(node):
        maker.add(party, "birthCountry", _country(node))


def _identification(maker: EntityMaker, party: StatementEntity, node: etree._Element) -> None:
    kind = (node.get("identificationTypeCode") or "").strip().lower()
    number = _a(node, "number") or _a(node, "latinNumber")
    if not number:
        return
    prop = ID_PROPS.get(kind, "idNumber")
    label = _a(node, "identificationTypeDescription") or kind
    maker.add(party, prop, number, note_label=label)
    latin = _a(node, "latinNumber")
    if latin and latin != number:
        maker.add(party, prop, latin, note_label=label)


def _address(maker: EntityMaker, party: StatementEntity, node: etree._Element) -> None:
    parts = [_a(node, k) for k in ("street", "poBox", "city", "zipCode", "region", "place")]
    country = _a(node, "countryDescription")
    full = ", ".join(p for p in [*parts, country if country != "UNKNOWN" else None] if p)
    if any(parts):
        maker.add(party, "address", full)
    if _country(node):
        maker.add(party, "country", _country(node))
    for contact in _kids(node, "contactInfo"):
        prop = CONTACT_PROPS.get((contact.get("key") or "").strip().upper())
        value = _a(contact, "value")
        if prop and value:
            maker.add(party, prop, value, note_label=contact.get("key"))
        elif value:
            maker.note(party, f"{contact.get('key')}: {value}")
