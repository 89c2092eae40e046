"""OFAC SDN legacy CSV set: ``sdn.csv`` with optional ``alt.csv``, ``add.csv``,
``sdn_comments.csv`` beside it.

Layout (OFAC's data specification; no header row, ``-0-`` means empty, the last
line of each file is the DOS end-of-file byte 0x1A, which is accepted):

- ``sdn.csv``: ``ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
  Tonnage, GRT, Vess_flag, Vess_owner, Remarks`` (12 columns)
- ``alt.csv``: ``ent_num, alt_num, alt_type (aka/fka/nka), alt_name, alt_remarks``
- ``add.csv``: ``ent_num, add_num, address, city/state/postal, country, add_remarks``
- ``sdn_comments.csv``: ``ent_num, remarks_extended``: the rest of a Remarks text
  that ran past the sdn.csv field limit (joined on as is: OFAC cuts mid-word).

Since 2021 OFAC publishes sdn.csv alone in practice (aliases inside Remarks), so
the three others are optional. Files are told apart by name (``alt``, ``add``,
``comments`` in the name; anything else is the main file), so a dated copy like
``sdn_2024-05-03.csv`` parses too.

Schemata: ``individual`` → Person, ``vessel`` → Vessel, ``aircraft`` → Airplane,
``-0-`` → **Organization**. The untyped entries are companies, banks, state
bodies, armed groups and political parties; Organization is the FtM schema that
covers all of them (Company would be wrong for a militia, and LegalEntity is
also the parent of Person, which would let a person-only query match them). The
benchmark index calls them Organization too.

Encoding: strict UTF-8 (OFAC has published UTF-8 since 2019); a byte that is not
UTF-8 fails the file with its line, because a silently mis-decoded name cannot
be screened. The Program column holds the programs between ``] [``; each becomes
a ``programId`` on the party and on its Sanction. The Remarks are read by
:mod:`dualuse.sources.ofac_remarks`.
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
    read_bytes,
    script_lang,
)
from dualuse.sources.base import ParsedList, checksum_files
from dualuse.sources.ofac_remarks import Remark, parse_remarks

SOURCE = "ofac_sdn"
AUTHORITY = "US Treasury, Office of Foreign Assets Control (OFAC)"
SOURCE_URL = "https://sanctionslist.ofac.treas.gov/Home/SdnList"
SDN_COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
SCHEMATA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}
ALT_PROPS = {"aka": "alias", "fka": "previousName", "nka": "alias"}
NULL = "-0-"


def _null(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return None if value == NULL or not value else value


def read_rows(path: Path, width: int, id_prefix: str | None = None) -> list[tuple[int, list[str]]]:
    """Rows of an OFAC CSV with their line numbers; a row of the wrong width fails."""
    text = decode(read_bytes(path), path.name)
    text = text.rstrip("\r\n\x1a \t")
    if "\x1a" in text:
        line = text.count("\n", 0, text.index("\x1a")) + 1
        raise fail("end-of-file byte 0x1A before the end of the file", path.name, line)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                raise fail(
                    f"row has {len(row)} columns; expected {width}",
                    path.name,
                    line,
                    field="columns",
                    value=",".join(row)[:120],
                )
            if not row[0].strip().isdigit():
                raise fail(
                    f"ent_num {row[0]!r} is not a number",
                    path.name,
                    line,
                    field="ent_num",
                    value=row[0],
                )
            rows.append((line, row))
    except csv.Error as exc:
        raise fail(f"malformed CSV: {exc}", path.name, reader.line_num, value=str(exc)) from exc
    if not rows:
        raise fail("the file holds no rows", path.name)
    return rows


def _role(path: Path) -> str:
    name = path.name.lower()
    if "comment" in name:
        return "comments"
    if re.search(r"(^|[^a-z])alt", name):
        return "alt"
    if re.search(r"(^|[^a-z])add", name):
        return "add"
    return "sdn"


def name_key(name: str) -> str:
    """Key to resolve ``Linked To:`` names: upper case, no dots, single spaces."""
    return re.sub(r"\s+", " ", name.upper().replace(".", "")).strip()


def split_person_name(name: str) -> tuple[str | None, str | None]:
    """``LAST, First`` → (first, last); other forms → (None, None)."""
    if name.count(",") != 1:
        return None, None
    last, first = (p.strip() for p in name.split(","))
    return (first or None), (last or None)


@gc_paused
def parse(paths: Path | str | Sequence[Path | str], *, source: str = SOURCE) -> ParsedList:
    """Parse an OFAC SDN legacy CSV set into FtM entities."""
    files = as_paths(paths)
    by_role: dict[str, Path] = {}
    for path in files:
        role = _role(path)
        if role in by_role:
            raise fail(
                f"two files for the {role} role: {by_role[role].name} and {path.name}",
                path.name,
                field="files",
                value=path.name,
            )
        by_role[role] = path
    if "sdn" not in by_role:
        raise fail(
            "no main sdn.csv among the files given",
            ",".join(p.name for p in files),
            field="files",
        )
    sdn_path = by_role["sdn"]
    rows = read_rows(sdn_path, len(SDN_COLUMNS))
    comments: dict[str, str] = {}
    if "comments" in by_role:
        for _line, row in read_rows(by_role["comments"], 2):
            comments[row[0].strip()] = comments.get(row[0].strip(), "") + row[1]
    alts: dict[str, list[tuple[int, list[str]]]] = {}
    if "alt" in by_role:
        for line, row in read_rows(by_role["alt"], 5):
            alts.setdefault(row[0].strip(), []).append((line, row))
    adds: dict[str, list[list[str]]] = {}
    if "add" in by_role:
        for _line, row in read_rows(by_role["add"], 6):
            adds.setdefault(row[0].strip(), []).append(row)

    maker = EntityMaker(source)
    notes: list[str] = []
    names: dict[str, str] = {}
    pending_links: list[tuple[StatementEntity, str]] = []
    seen: set[str] = set()
    for line, row in rows:
        ent_num = row[0].strip()
        if ent_num in seen:
            raise fail(f"ent_num {ent_num} occurs twice", sdn_path.name, line, "ent_num", ent_num)
        seen.add(ent_num)
        name = _null(row[1])
        if name is None:
            raise fail("SDN_Name is empty", sdn_path.name, line, "SDN_Name", row[1])
        sdn_type = (_null(row[2]) or "").lower()
        schema = SCHEMATA.get(sdn_type)
        if schema is None:
            raise fail(
                f"SDN_Type {row[2]!r} is not individual, vessel, aircraft or -0-",
                sdn_path.name,
                line,
                "SDN_Type",
                row[2],
            )
        party = maker.make(schema, f"ofac-sdn-{ent_num}")
        names.setdefault(name_key(name), party.id or "")
        maker.add(party, "name", name)
        maker.add(party, "topics", "sanction")
        if schema == "Person":
            first, last = split_person_name(name)
            maker.add(party, "firstName", first)
            maker.add(party, "lastName", last)
        elif schema == "Airplane":
            # OFAC lists aircraft under their tail number.
            maker.add(party, "registrationNumber", name)
        programs = [p.strip() for p in (_null(row[3]) or "").strip("[] ").split("] [")]
        programs = [p for p in programs if p]
        for program in programs:
            maker.add(party, "programId", program)
        title = _null(row[4])
        if title:
            maker.add(party, "position" if schema == "Person" else "notes", title)
        _vessel_columns(maker, party, row)
        remarks_text = (_null(row[11]) or "") + comments.get(ent_num, "")
        provisions = _apply_remarks(maker, party, parse_remarks(remarks_text), pending_links)
        for alt_line, alt in alts.get(ent_num, []):
            alt_type = alt[2].strip().lower()
            prop = ALT_PROPS.get(alt_type)
            if prop is None:
                raise fail(
                    f"alt_type {alt[2]!r} is not aka, fka or nka",
                    by_role["alt"].name,
                    alt_line,
                    "alt_type",
                    alt[2],
                )
            alt_name = _null(alt[3])
            maker.add(party, prop, alt_name, lang=script_lang(alt_name or ""))
            if _null(alt[4]):
                maker.note(party, f"{alt_name}: {alt[4].strip()}")
        for add in adds.get(ent_num, []):
            parts = [_null(add[2]), _null(add[3]), _null(add[4])]
            full = ", ".join(p for p in parts if p)
            maker.add(party, "address", full)
            if _null(add[4]):
                code = country_code(add[4].strip())
                if code:
                    maker.add(party, "country", code)
            if _null(add[5]):
                maker.note(party, f"address remark: {add[5].strip()}")
        maker.sanction(
            party,
            authority=AUTHORITY,
            program=" ".join(f"[{p}]" for p in programs) or None,
            programId=programs,
            authorityId=ent_num,
            sourceUrl=SOURCE_URL,
            provisions=provisions,
        )
    for key in set(alts) - seen:
        notes.append(f"alt.csv names ent_num {key}, which sdn.csv does not list; ignored")
    for key in set(adds) - seen:
        notes.append(f"add.csv names ent_num {key}, which sdn.csv does not list; ignored")
    _resolve_links(maker, names, pending_links, notes)
    return ParsedList(
        source=source,
        version_date=None,  # the legacy CSV carries no publication date of its own
        checksum=checksum_files(files),
        files=[p.name for p in files],
        entities=maker.entities,
        notes=notes,
    )


def _vessel_columns(maker: EntityMaker, party: StatementEntity, row: list[str]) -> None:
    label = {5: "Call_Sign", 6: "Vess_type", 7: "Tonnage", 8: "GRT", 9: "Vess_flag"}
    props = {5: "callSign", 6: "type", 7: "tonnage", 8: "grossRegisteredTonnage", 9: "flag"}
    for index, prop in props.items():
        value = _null(row[index])
        if value:
            maker.add(party, prop, value, note_label=label[index])
    owner = _null(row[10])
    if owner:
        # FtM's Vessel.owner points to an entity; OFAC gives only a name.
        maker.note(party, f"Vessel owner: {owner}")


def _apply_remarks(
    maker: EntityMaker,
    party: StatementEntity,
    remarks: list[Remark],
    pending_links: list[tuple[StatementEntity, str]],
) -> list[str]:
    """Put each remark where it belongs; returns the texts that describe the sanction."""
    provisions: list[str] = []
    for remark in remarks:
        kind = remark.kind
        if kind == "sanction":
            provisions.append(remark.text)
        elif kind == "link":
            for value in remark.values:
                pending_links.append((party, value))
        elif kind in ("unknown", "note") or remark.prop is None:
            maker.note(party, remark.text)
        elif not remark.values:
            maker.note(party, remark.text)
        elif kind == "name":
            for value in remark.values:
                maker.add(party, remark.prop, value, lang=remark.lang or script_lang(value))
        elif kind == "date":
            for value in remark.values:
                maker.add(party, remark.prop, value, original=remark.value, note_label=remark.key)
        elif kind == "country":
            maker.add(party, remark.prop, remark.value, note_label=remark.key)
        else:
            for value in remark.values:
                added = maker.add(party, remark.prop, value, note_label=remark.key)
                if added and kind == "id":
                    russian_codes(maker, party, remark, value)
    return provisions


def russian_codes(maker: EntityMaker, party: StatementEntity, remark: Remark, value: str) -> None:
    """Russian tax and registration numbers are also INN and OGRN codes."""
    if remark.country != "Russia" or not value.isdigit():
        return
    if remark.prop == "taxNumber" and len(value) in (10, 12):
        maker.add(party, "innCode", value)
    elif remark.prop == "registrationNumber" and len(value) in (13, 15):
        maker.add(party, "ogrnCode", value)


def _resolve_links(
    maker: EntityMaker,
    names: dict[str, str],
    pending: list[tuple[StatementEntity, str]],
    notes: list[str],
) -> None:
    """``Linked To: NAME`` → UnknownLink when NAME is a party of this list, else a note."""
    counter: dict[str, int] = {}
    unresolved = 0
    for party, linked_name in pending:
        target = names.get(name_key(linked_name))
        if target is None or target == party.id:
            maker.note(party, f"Linked To: {linked_name}")
            unresolved += 1
            continue
        n = counter[party.id or ""] = counter.get(party.id or "", 0) + 1
        link = maker.make("UnknownLink", f"{party.id}-link-{n}")
        maker.add(link, "subject", party.id)
        maker.add(link, "object", target)
        maker.add(link, "role", "Linked To")
        maker.add(link, "description", clean_text(f"Linked To: {linked_name}"))
    if unresolved:
        notes.append(
            f"{unresolved} 'Linked To' names are not a listed name of this file; "
            "kept in the parties' notes"
        )
