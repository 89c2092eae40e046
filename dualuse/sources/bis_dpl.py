"""BIS Denied Persons List, the tab-separated ``dpl.txt``.

Layout: a header row ``Name, Street_Address, City, State, Country, Postal_Code,
Effective_Date, Expiration_Date, Standard_Order, Last_Update, Action,
FR_Citation``, every field double-quoted, one row per (name, address, order).

One party per distinct name (whitespace collapsed, a trailing comma dropped):
id ``bis-dpl-<sha1(upper(name))[:10]>``, the benchmark's scheme. The list mixes
people and companies without saying which, so parties are **LegalEntity**. Each
row's address is merged into the party; each distinct order (effective date,
expiration date, Federal Register citation) becomes one Sanction.

Dates are ``MM/DD/YYYY`` (orders) and ``YYYY-MM-DD`` (Last_Update). BIS data
holds typos such as Last_Update ``2922-09-01`` and ``3017-08-22``: a date that
does not parse, or a Last_Update in the future, is kept as written in a note
instead of failing the list. The version date is the newest plausible
Last_Update (no later than next year).

Encoding: UTF-8, tolerantly (bytes that are not UTF-8 are read as
Windows-1252): the file is ASCII in practice and a stray Windows byte in one
address should not block a list update.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
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
    iso_date,
    read_bytes,
)
from dualuse.sources.base import ParsedList, checksum_files

SOURCE = "bis_dpl"
AUTHORITY = "US Department of Commerce, Bureau of Industry and Security (BIS)"
SOURCE_URL = "https://www.bis.gov/dpl"
COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)


def clean_name(name: str) -> str | None:
    """The name as listed, whitespace collapsed and a trailing comma dropped."""
    value = clean_text(name)
    return value.rstrip(",; ").strip() or None if value else None


def entity_id(name: str) -> str:
    """``bis-dpl-<sha1(upper(name))[:10]>`` of the cleaned name."""
    return "bis-dpl-" + hashlib.sha1(name.upper().encode("utf-8")).hexdigest()[:10]


def _plausible(date: str | None, today: datetime.date) -> bool:
    return date is not None and 1950 <= int(date[:4]) <= today.year + 1


@gc_paused
def parse(paths: Path | str | Sequence[Path | str], *, source: str = SOURCE) -> ParsedList:
    """Parse BIS's dpl.txt into one LegalEntity per name with its orders."""
    files = as_paths(paths)
    if len(files) != 1:
        raise fail(
            f"expected one text file, got {len(files)}",
            ",".join(p.name for p in files),
            field="files",
        )
    path = files[0]
    text = decode(read_bytes(path), path.name, tolerant=True)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise fail("no header row", path.name, 1, field="header") from exc
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise fail(
            f"header lacks column(s) {', '.join(missing)}; expected the tab-separated "
            f"columns {', '.join(COLUMNS)}",
            path.name,
            1,
            field="header",
            value="\t".join(header)[:200],
        )
    today = datetime.date.today()
    maker = EntityMaker(source)
    parties: dict[str, StatementEntity] = {}
    orders: dict[str, dict[tuple[str, str, str], StatementEntity]] = {}
    updates: list[str] = []
    implausible: list[str] = []
    rows = 0
    try:
        for row in reader:
            line = reader.line_num
            if not row or row == [""]:
                continue
            if len(row) != len(header):
                raise fail(
                    f"row has {len(row)} fields; the header has {len(header)} (tab-separated)",
                    path.name,
                    line,
                    field="columns",
                    value="\t".join(row)[:120],
                )
            rows += 1
            rec = dict(zip(header, row, strict=True))
            name = clean_name(rec["Name"])
            if name is None:
                raise fail("Name is empty", path.name, line, "Name", rec["Name"])
            pid = entity_id(name)
            party = parties.get(pid)
            if party is None:
                party = parties[pid] = maker.make("LegalEntity", pid)
                maker.add(party, "name", name, original=clean_text(rec["Name"]))
                maker.add(party, "topics", "sanction")
            _address(maker, party, rec)
            last_update = clean_text(rec["Last_Update"])
            update = iso_date(last_update)
            if last_update and not _plausible(update, today):
                implausible.append(f"line {line}: Last_Update {last_update!r}")
                maker.note(party, f"Last_Update {last_update} (implausible date, kept as written)")
                update = None
            if update:
                updates.append(update)
            _order(maker, party, rec, orders.setdefault(pid, {}), update)
    except csv.Error as exc:
        raise fail(f"malformed line: {exc}", path.name, reader.line_num, value=str(exc)) from exc
    if rows == 0:
        raise fail("the file holds a header but no rows", path.name)
    notes = [f"{rows} rows merged into {len(parties)} parties (one per distinct name)"]
    if implausible:
        notes.append(
            "Last_Update values with an implausible year kept as notes: " + "; ".join(implausible)
        )
    return ParsedList(
        source=source,
        version_date=max(updates) if updates else None,
        checksum=checksum_files(files),
        files=[path.name],
        entities=maker.entities,
        notes=notes,
    )


def _address(maker: EntityMaker, party: StatementEntity, rec: dict[str, str]) -> None:
    parts = [clean_text(rec[c]) for c in ("Street_Address", "City", "State", "Postal_Code")]
    country = clean_text(rec["Country"])
    if any(parts):
        maker.add(party, "address", ", ".join(p for p in [*parts, country] if p))
    if country:
        maker.add(party, "country", country)


def _order(
    maker: EntityMaker,
    party: StatementEntity,
    rec: dict[str, str],
    seen: dict[tuple[str, str, str], StatementEntity],
    update: str | None,
) -> None:
    effective = clean_text(rec["Effective_Date"]) or ""
    expiration = clean_text(rec["Expiration_Date"]) or ""
    citation = clean_text(rec["FR_Citation"]) or ""
    key = (effective, expiration, citation)
    sanction = seen.get(key)
    if sanction is None:
        n = len(seen) + 1
        start, end = dmy_date(effective, month_first=True), dmy_date(expiration, month_first=True)
        sanction = maker.sanction(
            party,
            "" if n == 1 else f"-{n}",
            authority=AUTHORITY,
            program="Denied Persons List",
            programId="DPL",
            startDate=start,
            listingDate=start,
            endDate=end,
            description=f"Federal Register: {citation}" if citation else None,
            sourceUrl=SOURCE_URL,
        )
        for label, raw, parsed in (
            ("Effective_Date", effective, start),
            ("Expiration_Date", expiration, end),
        ):
            if raw and parsed is None:
                maker.add(sanction, "summary", f"{label} {raw} (not a date, kept as written)")
        if (rec["Standard_Order"] or "").strip():
            maker.add(sanction, "provisions", f"Standard order: {rec['Standard_Order'].strip()}")
        seen[key] = sanction
    if update:
        maker.add(sanction, "modifiedAt", update)
    if clean_text(rec["Action"]):
        maker.add(sanction, "status", rec["Action"])
