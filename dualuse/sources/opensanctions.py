"""OpenSanctions (or any FollowTheMoney) entity JSON lines, loaded as they are.

Each line is one entity: ``{"id": ..., "schema": ..., "properties": {prop:
[values]}, ...}`` (the ``entities.ftm.json`` export). Ids are kept unchanged, so
OpenSanctions' own ids (``NK-...``, ``ofac-...``) stay stable across updates.
Values are already clean in these exports; they still go through the same
checks as every other parser (a country must be a country code, a date an ISO
date), and a value FtM cannot hold on that schema goes to ``notes``. Nested
entity values (``{"id": ...}``) are reduced to their id. The version date is
the newest ``last_change`` (or ``last_seen``) of any entity.

A line that is not JSON, or names an unknown schema, fails the file with its
line number. Statement-level exports are not read (the entity export carries
the same values).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from followthemoney import model

from dualuse.sources._util import (
    EntityMaker,
    as_paths,
    decode,
    fail,
    gc_paused,
    iso_date,
    read_bytes,
)
from dualuse.sources.base import ParsedList, checksum_files

SOURCE = "opensanctions"


@gc_paused
def parse(paths: Path | str | Sequence[Path | str], *, source: str = SOURCE) -> ParsedList:
    """Parse FtM entity JSON lines (one or more files) into entities."""
    files = as_paths(paths)
    maker = EntityMaker(source)
    dates: list[str] = []
    for path in files:
        text = decode(read_bytes(path), path.name)
        for line_no, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise fail(
                    f"not a JSON object: {exc.msg}", path.name, line_no, value=line[:80]
                ) from exc
            _entity(maker, data, path.name, line_no, dates)
    if not maker.entities:
        raise fail("no entities", ",".join(p.name for p in files))
    return ParsedList(
        source=source,
        version_date=max(dates) if dates else None,
        checksum=checksum_files(files),
        files=[p.name for p in files],
        entities=maker.entities,
        notes=[],
    )


def _entity(maker: EntityMaker, data: Any, file: str, line: int, dates: list[str]) -> None:
    if not isinstance(data, dict):
        raise fail("line is not a JSON object", file, line, value=str(data)[:80])
    entity_id = data.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise fail("entity has no id", file, line, "id", entity_id)
    schema_name = data.get("schema")
    schema = model.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        raise fail(f"unknown FtM schema {schema_name!r}", file, line, "schema", schema_name)
    props = data.get("properties") or {}
    if not isinstance(props, dict):
        raise fail("properties is not an object", file, line, "properties", str(props)[:80])
    if entity_id in maker.ids:
        raise fail(f"entity id {entity_id!r} occurs twice", file, line, "id", entity_id)
    entity = maker.make(schema.name, entity_id)
    for prop, values in props.items():
        if not isinstance(values, list):
            values = [values]
        for value in values:
            if isinstance(value, dict):
                value = value.get("id")
            if value is None:
                continue
            maker.add(entity, prop, str(value))
    for key in ("last_change", "last_seen"):
        date = iso_date(data.get(key) if isinstance(data.get(key), str) else None)
        if date:
            dates.append(date)
            break
