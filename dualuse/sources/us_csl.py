"""US Consolidated Screening List (CSL), ITA's CSV export (29 columns, header row).

The CSL bundles eleven US government lists. Which rows become entities:

- **Kept** (the lists no other dualuse source carries): Commerce/BIS Entity List
  (EL), Unverified List (UVL), Military End User list (MEU); State Department
  ITAR Debarred (DTC) and Nonproliferation Sanctions (ISN).
- **Skipped by default**: the Treasury rows (SDN, SSI, PLC, CMIC, CAPTA,
  NS-MBS, FSE) duplicate OFAC's own files, which dualuse reads in full (with
  remarks, aliases and links the CSL flattens away) as ``ofac_sdn`` and
  ``ofac_cons``; the DPL rows duplicate BIS's ``dpl.txt`` (source ``bis_dpl``).
  Loading both would make every such party match twice under two ids. Pass
  ``include_treasury=True`` / ``include_dpl=True`` to keep them (e.g. when the
  CSL is the only US list a user loads). What was skipped is counted in
  ``ParsedList.notes``. This is also how the benchmark index is built.

Entity ids are ``us-csl-<_id>``; rows sharing an ``_id`` (a Treasury entry on
two programs) are one party with one Sanction per row. The BIS and State rows
leave ``type`` empty, so their parties are **LegalEntity** (the FtM schema for
"person or organisation, not known which"); typed rows map Individual → Person,
Entity → Organization, Vessel → Vessel, Aircraft → Airplane.

Encoding: read as UTF-8, tolerantly. ITA assembles the file from several
agencies' data and some names arrive mis-encoded (``Xi\\x92an`` where
``Xi’an`` was meant, ``?`` for lost quotes): C1 control characters are mapped
back through Windows-1252, invalid UTF-8 bytes are read as Windows-1252, and
a ``?`` that replaced a character cannot be recovered (counted in notes).
UTF-16 or binary data is still refused.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from followthemoney import StatementEntity

from dualuse.sources._util import (
    EntityMaker,
    as_paths,
    clean_text,
    country_code,
    decode,
    fail,
    gc_paused,
    iso_date,
    read_bytes,
)
from dualuse.sources.base import ParsedList, checksum_files
from dualuse.sources.ofac_remarks import classify

SOURCE = "us_csl"
COLUMNS = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
)
REQUIRED = ("_id", "source", "name")
SCHEMATA = {
    "": "LegalEntity",
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
_LIST_CODE = re.compile(r"\(([A-Z][A-Za-z-]*(?: List)?)\)")


def list_code(source_name: str) -> str:
    """``Entity List (EL) - Bureau of Industry and Security`` → ``EL``."""
    m = _LIST_CODE.search(source_name)
    return m.group(1).replace(" List", "") if m else source_name


def is_treasury(source_name: str) -> bool:
    return "Treasury" in source_name


def is_dpl(source_name: str) -> bool:
    return list_code(source_name) == "DPL"


@gc_paused
def parse(
    paths: Path | str | Sequence[Path | str],
    *,
    source: str = SOURCE,
    include_treasury: bool = False,
    include_dpl: bool = False,
) -> ParsedList:
    """Parse the CSL CSV (see the module docstring for which rows are kept)."""
    files = as_paths(paths)
    if len(files) != 1:
        raise fail(
            f"expected one CSV file, got {len(files)}",
            ",".join(p.name for p in files),
            field="files",
        )
    path = files[0]
    text = decode(read_bytes(path), path.name, tolerant=True)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise fail("no header row", path.name, 1, field="header") from exc
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise fail(
            f"header lacks column(s) {', '.join(missing)}; expected the CSL's 29 columns "
            f"({', '.join(COLUMNS[:6])}, ...)",
            path.name,
            1,
            field="header",
            value=",".join(header)[:200],
        )
    maker = EntityMaker(source)
    parties: dict[str, StatementEntity] = {}
    sanctions: dict[str, int] = {}
    skipped: dict[str, int] = {}
    lost_chars = 0
    rows = 0
    try:
        for row in reader:
            line = reader.line_num
            if not row or row == [""]:
                continue
            if len(row) != len(header):
                raise fail(
                    f"row has {len(row)} columns; the header has {len(header)}",
                    path.name,
                    line,
                    field="columns",
                    value=",".join(row)[:120],
                )
            rows += 1
            rec = dict(zip(header, row, strict=True))
            src = clean_text(rec["source"]) or ""
            if not src:
                raise fail("source is empty", path.name, line, "source", rec["source"])
            if (is_treasury(src) and not include_treasury) or (is_dpl(src) and not include_dpl):
                code = list_code(src)
                skipped[code] = skipped.get(code, 0) + 1
                continue
            uid = (rec["_id"] or "").strip()
            name = clean_text(rec["name"])
            if not uid:
                raise fail("_id is empty", path.name, line, "_id", rec["_id"])
            if not name:
                raise fail("name is empty", path.name, line, "name", rec["name"])
            lost_chars += name.count("?")
            schema = SCHEMATA.get((rec.get("type") or "").strip().lower())
            if schema is None:
                raise fail(
                    f"type {rec['type']!r} is not Individual, Entity, Vessel, Aircraft or empty",
                    path.name,
                    line,
                    "type",
                    rec["type"],
                )
            party = parties.get(uid)
            if party is None:
                party = parties[uid] = maker.make(schema, f"us-csl-{uid}")
                maker.add(party, "topics", "sanction")
            _row(maker, party, rec, src, sanctions)
    except csv.Error as exc:
        raise fail(f"malformed CSV: {exc}", path.name, reader.line_num, value=str(exc)) from exc
    if rows == 0:
        raise fail("the file holds a header but no rows", path.name)
    notes = [
        f"skipped {n} {code} rows ("
        + ("read from BIS dpl.txt" if code == "DPL" else "Treasury: read from the OFAC files")
        + ")"
        for code, n in sorted(skipped.items())
    ]
    if lost_chars:
        notes.append(
            f"{lost_chars} '?' characters in kept names stand for characters lost at the source"
        )
    return ParsedList(
        source=source,
        version_date=None,  # the CSV states no publication date; see newest start_date
        checksum=checksum_files(files),
        files=[path.name],
        entities=maker.entities,
        notes=notes,
    )


def _split(value: str | None, sep: str = ";") -> list[str]:
    return [v for v in (clean_text(p) for p in (value or "").split(sep)) if v]


def _row(
    maker: EntityMaker,
    party: StatementEntity,
    rec: dict[str, str],
    src: str,
    sanctions: dict[str, int],
) -> None:
    maker.add(party, "name", rec["name"])
    for alt in _split(rec.get("alt_names")):
        # BIS writes the last of several aliases as "...; and NAME".
        maker.add(party, "alias", re.sub(r"^and\s+", "", alt))
    for address in _split(rec.get("addresses")):
        maker.add(party, "address", address)
        tail = address.rsplit(",", 1)[-1].strip()
        if len(tail) == 2 and tail.isalpha():
            maker.add(party, "country", tail)
    if clean_text(rec.get("title")):
        maker.add(party, "position" if party.schema.name == "Person" else "notes", rec["title"])
    for prop, column in (
        ("callSign", "call_sign"),
        ("type", "vessel_type"),
        ("tonnage", "gross_tonnage"),
        ("grossRegisteredTonnage", "gross_registered_tonnage"),
        ("flag", "vessel_flag"),
    ):
        if clean_text(rec.get(column)):
            maker.add(party, prop, rec[column], note_label=column)
    if clean_text(rec.get("vessel_owner")):
        maker.note(party, f"Vessel owner: {rec['vessel_owner']}")
    for value in _split(rec.get("citizenships"), ","):
        maker.add(party, "citizenship", value)
    for value in _split(rec.get("nationalities"), ","):
        maker.add(party, "nationality", value)
    for value in _split(rec.get("dates_of_birth"), ","):
        date = iso_date(value)
        if date:
            maker.add(party, "birthDate", date)
        else:
            maker.note(party, f"date of birth: {value}")
    for value in _split(rec.get("places_of_birth")):
        maker.add(party, "birthPlace", value)
    maker.note(party, rec.get("remarks") or "")
    provisions = _ids(maker, party, rec.get("ids"))

    code = list_code(src)
    program, _, authority = src.partition(" - ")
    programs = _split(rec.get("programs"))
    n = sanctions[party.id or ""] = sanctions.get(party.id or "", 0) + 1
    for text in (rec.get("license_requirement"), rec.get("license_policy")):
        if clean_text(text):
            provisions.append(clean_text(text) or "")
    if (rec.get("standard_order") or "").strip():
        provisions.append(f"Standard order: {rec['standard_order'].strip()}")
    frn = clean_text(rec.get("federal_register_notice"))
    maker.sanction(
        party,
        "" if n == 1 else f"-{n}",
        authority=authority or src,
        program=program,
        programId=[code, *programs],
        authorityId=(rec.get("entity_number") or "").strip() or rec["_id"],
        startDate=iso_date(rec.get("start_date")),
        listingDate=iso_date(rec.get("start_date")),
        endDate=iso_date(rec.get("end_date")),
        sourceUrl=[u for u in (rec.get("source_list_url"), rec.get("source_information_url")) if u],
        provisions=provisions,
        description=f"Federal Register: {frn}" if frn else None,
    )


def _ids(maker: EntityMaker, party: StatementEntity, text: str | None) -> list[str]:
    """The ``ids`` column (``[country, ]value, label; ...``) via OFAC's key table."""
    provisions: list[str] = []
    for item in _split(text):
        value, _, label = item.rpartition(", ")
        if not value:
            maker.note(party, item)
            continue
        country = None
        head, sep, rest = value.partition(", ")
        if sep and len(head) == 2 and head.isupper():
            country, value = head, rest
        remark = classify(f"{label.rstrip(':').strip()} {value}")
        if remark.kind == "sanction":
            provisions.append(f"{label} {value}")
        elif remark.kind in ("unknown", "note", "link") or not remark.prop or not remark.values:
            maker.note(party, f"{label}: {value}")
        else:
            for v in remark.values:
                maker.add(party, remark.prop, v, original=value, note_label=label)
        if country and remark.kind in ("id", "imo"):
            code = country_code(country)
            if code:
                maker.add(party, "country", code)
    return provisions
