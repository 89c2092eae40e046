"""Regenerate the golden files that pin what each parser makes of its fixture.

    python tests/sources/regen_golden.py          # rewrite tests/fixtures/lists/golden/*.json
    python tests/sources/regen_golden.py --check  # exit 1 if any golden file would change

A golden file holds, for one fixture: the version date, the counts by schema,
the parser's notes, and every entity as ``{"id", "schema", "statements"}``
where statements are ``[prop, value, lang, original_value]`` rows (the same
rows the store keeps), sorted. Regenerate after a deliberate change to a
parser, read the diff, and commit the golden files with the change.
``tests/sources/test_sources_golden.py`` compares the parsers against them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from followthemoney import StatementEntity

from dualuse.sources import (
    bis_dpl,
    eu_fsf,
    ofac_csv,
    ofac_xml,
    opensanctions,
    uk_csv,
    un_xml,
    us_csl,
)
from dualuse.sources.base import ParsedList

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "lists"
GOLDEN = FIXTURES / "golden"

OFAC_2021 = ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"]

#: golden name -> (parse function, fixture paths relative to FIXTURES)
CASES: dict[str, tuple[Callable[..., ParsedList], list[str]]] = {
    "ofac_sdn_2024": (ofac_csv.parse, ["ofac_sdn_2024-05-03_excerpt.csv"]),
    "ofac_sdn_2021": (ofac_csv.parse, [f"ofac_sdn_2021_excerpt/{n}" for n in OFAC_2021]),
    "ofac_cons": (ofac_xml.parse, ["ofac_cons_excerpt.xml"]),
    "un_sc": (un_xml.parse, ["un_excerpt.xml"]),
    "us_csl": (us_csl.parse, ["us_csl_excerpt.csv"]),
    "bis_dpl": (bis_dpl.parse, ["bis_dpl_excerpt.txt"]),
    "eu_fsf": (eu_fsf.parse, ["eu_fsf_example.xml"]),
    "uk_hmt": (uk_csv.parse, ["uk_conlist_example.csv"]),
    "opensanctions": (opensanctions.parse, ["opensanctions_example.ftm.json"]),
}


def entity_dict(entity: StatementEntity) -> dict[str, Any]:
    rows = []
    for stmt in entity.statements:
        if stmt.prop == "id":
            continue
        original = stmt.original_value if stmt.original_value != stmt.value else None
        rows.append([stmt.prop, stmt.value, stmt.lang, original])
    rows.sort(key=lambda r: tuple(x or "" for x in r))
    return {"id": entity.id, "schema": entity.schema.name, "statements": rows}


def snapshot(name: str) -> dict[str, Any]:
    """What the parser makes of the fixture of case ``name``, as plain data."""
    parse, rel = CASES[name]
    parsed = parse([FIXTURES / r for r in rel])
    return {
        "fixture": rel,
        "version_date": parsed.version_date,
        "counts": parsed.counts(),
        "notes": parsed.notes,
        "entities": sorted((entity_dict(e) for e in parsed.entities), key=lambda d: d["id"]),
    }


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    GOLDEN.mkdir(parents=True, exist_ok=True)
    changed = []
    for name in CASES:
        path = GOLDEN / f"{name}.json"
        text = render(snapshot(name))
        if path.exists() and path.read_text("utf-8") == text:
            continue
        changed.append(name)
        if not check:
            path.write_text(text, "utf-8")
    print(("would change: " if check else "rewrote: ") + (", ".join(changed) or "nothing"))
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
