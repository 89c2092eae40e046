"""UK OFSI Consolidated List of Financial Sanctions Targets, ``ConList.csv``.

Layout (OFSI's "2022 format"; column names as OFSI publishes them and as
public consumers read them): a first line ``Last Updated,DD/MM/YYYY``, then a
header ``Name 6, Name 1, Name 2, Name 3, Name 4, Name 5, Title, Name Non-Latin
Script, Non-Latin Script Type, Non-Latin Script Language, DOB, Town of Birth,
Country of Birth, Nationality, Passport Number, Passport Details, National
Identification Number, National Identification Details, Position, Address 1 ..
Address 6, Post/Zip Code, Country, Other Information, Group Type, Alias Type,
Alias Quality, Regime, Listed On, UK Sanctions List Date Designated, Last
Updated, Group ID``. There is **one row per name**: rows sharing a ``Group ID``
are one listed party (id ``uk-<Group ID>``).

Columns are read by header name, so older or newer layouts with the same names
parse too; only ``Name 6``, ``Group Type`` and ``Group ID`` are required.
``Name 6`` is the family name (or the entity's name), ``Name 1``..``Name 5`` the
given names; the full name is given names then family name. Alias Type
``Primary name`` → ``name``, ``Primary name variation``/``AKA`` → ``alias``,
``FKA`` → ``previousName``; Alias Quality ``Low quality`` → ``weakAlias``.
Group Type Individual → Person, Entity → Organization, Ship → Vessel. Dates are
``DD/MM/YYYY`` with ``00`` for an unknown day or month. Multi-valued cells
number their values ``(1) ... (2) ...``.

Encoding: OFSI does not document one. The file is read as UTF-8 with a
Windows-1252 fallback for bytes that are not UTF-8 (either encoding then reads
correctly); UTF-16 is refused. No real ConList.csv is available in this
project; the tests use a small made-up fixture in this layout.
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
    decode,
    dmy_date,
    fail,
    gc_paused,
    read_bytes,
)
from dualuse.sources.base import ParsedList, checksum_files

SOURCE = "uk_hmt"
AUTHORITY = "HM Treasury, Office of Financial Sanctions Implementation (OFSI)"
SOURCE_URL = (
    "https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets"
)
REQUIRED = ("Name 6", "Group Type", "Group ID")
SCHEMATA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
NAME_PROPS = {
    "primary name": "name",
    "primary name variation": "alias",
    "aka": "alias",
    "fka": "previousName",
    "": "alias",
}
SCRIPT_LANGS = {"russian": "rus", "arabic": "ara", "persian": "fas", "chinese": "zho"}
_NUMBERED = re.compile(r"\(\d{1,2}\)")


def split_numbered(value: str | None) -> list[str]:
    """``(1) Russia (2) Belarus`` → ``["Russia", "Belarus"]``; plain text → ``[text]``."""
    text = clean_text(value)
    if not text:
        return []
    parts = [clean_text(p) for p in _NUMBERED.split(text)]
    return [p.strip(" ,;.") for p in parts if p and p.strip(" ,;.")]


def uk_date(value: str | None) -> str | None:
    """``DD/MM/YYYY`` with ``00`` parts for unknown → ISO prefix, else None."""
    text = (value or "").strip()
    m = re.match(r"^(\d{2})/(\d{2})/(\d{4})$", text)
    if not m:
        return dmy_date(text)
    day, month, year = m.groups()
    if month == "00":
        return year
    if day == "00":
        return f"{year}-{month}" if 1 <= int(month) <= 12 else None
    return dmy_date(text)


@gc_paused
def parse(paths: Path | str | Sequence[Path | str], *, source: str = SOURCE) -> ParsedList:
    """Parse OFSI's ConList.csv into one party per Group ID."""
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
    version_date = None
    header: list[str] | None = None
    try:
        for row in reader:
            cells = [c.strip() for c in row]
            if "Name 6" in cells:
                header = cells
                break
            if cells and cells[0].rstrip(":").lower() == "last updated" and len(cells) > 1:
                version_date = uk_date(cells[1])
            if reader.line_num > 5:
                break
    except csv.Error as exc:
        raise fail(f"malformed CSV: {exc}", path.name, reader.line_num) from exc
    if header is None:
        raise fail(
            "no header row with 'Name 6' in the first lines; expected OFSI's ConList.csv "
            "(a 'Last Updated' line, then the header)",
            path.name,
            reader.line_num,
            field="header",
        )
    header_line = reader.line_num
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise fail(
            f"header lacks column(s) {', '.join(missing)}",
            path.name,
            header_line,
            field="header",
            value=",".join(header)[:200],
        )
    maker = EntityMaker(source)
    parties: dict[str, StatementEntity] = {}
    sanctions: dict[str, StatementEntity] = {}
    rows = 0
    updates: list[str] = []
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row):
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
            rec = {k: clean_text(v) for k, v in zip(header, row, strict=True)}
            group = rec.get("Group ID") or ""
            if not group.isdigit():
                raise fail(
                    f"Group ID {group!r} is not a number", path.name, line, "Group ID", group
                )
            kind = (rec.get("Group Type") or "").lower()
            schema = SCHEMATA.get(kind)
            if schema is None:
                raise fail(
                    f"Group Type {rec.get('Group Type')!r} is not Individual, Entity or Ship",
                    path.name,
                    line,
                    "Group Type",
                    rec.get("Group Type"),
                )
            party = parties.get(group)
            if party is None:
                party = parties[group] = maker.make(schema, f"uk-{group}")
                maker.add(party, "topics", "sanction")
            elif party.schema.name != schema:
                raise fail(
                    f"Group ID {group} is {party.schema.name} on an earlier row and {schema} here",
                    path.name,
                    line,
                    "Group Type",
                    rec.get("Group Type"),
                )
            _row(maker, party, rec, path.name, line)
            update = uk_date(rec.get("Last Updated"))
            if update:
                updates.append(update)
            _sanction(maker, party, rec, sanctions)
    except csv.Error as exc:
        raise fail(f"malformed CSV: {exc}", path.name, reader.line_num) from exc
    if rows == 0:
        raise fail("the file holds a header but no rows", path.name)
    for party in parties.values():
        if not party.get("name"):
            # A group listed only under aliases: its first alias is its name.
            aliases = party.get("alias") or party.get("weakAlias")
            if aliases:
                maker.add(party, "name", aliases[0])
    return ParsedList(
        source=source,
        version_date=version_date or (max(updates) if updates else None),
        checksum=checksum_files(files),
        files=[path.name],
        entities=maker.entities,
        notes=[f"{rows} name rows merged into {len(parties)} parties by Group ID"],
    )


def _row(
    maker: EntityMaker, party: StatementEntity, rec: dict[str, str | None], file: str, line: int
) -> None:
    given = [rec.get(f"Name {i}") for i in range(1, 6)]
    family = rec.get("Name 6")
    full = " ".join(p for p in [*given, family] if p)
    if not full:
        raise fail("all name columns are empty", file, line, "Name 6", "")
    alias_type = (rec.get("Alias Type") or "").lower()
    prop = NAME_PROPS.get(alias_type)
    if prop is None:
        raise fail(
            f"Alias Type {rec.get('Alias Type')!r} is not Primary name, Primary name "
            "variation, AKA or FKA",
            file,
            line,
            "Alias Type",
            rec.get("Alias Type"),
        )
    if (rec.get("Alias Quality") or "").lower().startswith("low"):
        prop = "weakAlias"
    maker.add(party, prop, full)
    if prop == "name" and party.schema.name == "Person":
        maker.add(party, "firstName", given[0])
        maker.add(party, "lastName", family)
    script_name = rec.get("Name Non-Latin Script")
    if script_name:
        lang = SCRIPT_LANGS.get((rec.get("Non-Latin Script Language") or "").lower())
        maker.add(party, "alias", script_name, lang=lang)
    maker.add(party, "title", rec.get("Title"))
    if party.schema.name == "Person":
        for value in split_numbered(rec.get("DOB")):
            date = uk_date(value)
            if date:
                maker.add(party, "birthDate", date)
            else:
                maker.note(party, f"DOB: {value}")
        for value in split_numbered(rec.get("Town of Birth")):
            maker.add(party, "birthPlace", value)
        for value in split_numbered(rec.get("Country of Birth")):
            maker.add(party, "birthCountry", value)
        for value in split_numbered(rec.get("Nationality")):
            maker.add(party, "nationality", value)
        for value in split_numbered(rec.get("Passport Number")):
            maker.add(party, "passportNumber", value)
        for value in split_numbered(rec.get("National Identification Number")):
            maker.add(party, "idNumber", value)
        for value in split_numbered(rec.get("Position")):
            maker.add(party, "position", value)
    for detail in ("Passport Details", "National Identification Details"):
        if rec.get(detail):
            maker.note(party, f"{detail}: {rec[detail]}")
    parts = [rec.get(f"Address {i}") for i in range(1, 7)] + [rec.get("Post/Zip Code")]
    country = rec.get("Country")
    if any(parts):
        maker.add(party, "address", ", ".join(p for p in [*parts, country] if p))
    for value in split_numbered(country):
        maker.add(party, "country", value)
    maker.note(party, rec.get("Other Information") or "")


def _sanction(
    maker: EntityMaker,
    party: StatementEntity,
    rec: dict[str, str | None],
    sanctions: dict[str, StatementEntity],
) -> None:
    regime = rec.get("Regime")
    key = f"{party.id}|{regime}"
    sanction = sanctions.get(key)
    if sanction is None:
        n = sum(1 for k in sanctions if k.startswith(f"{party.id}|")) + 1
        sanction = sanctions[key] = maker.sanction(
            party,
            "" if n == 1 else f"-{n}",
            authority=AUTHORITY,
            program=regime,
            programId=regime,
            authorityId=(party.id or "")[3:],
            sourceUrl=SOURCE_URL,
        )
    maker.add(sanction, "listingDate", uk_date(rec.get("Listed On")))
    maker.add(sanction, "startDate", uk_date(rec.get("UK Sanctions List Date Designated")))
    maker.add(sanction, "modifiedAt", uk_date(rec.get("Last Updated")))
