"""Cut the small REAL excerpts in ``tests/fixtures/lists/`` out of the full files.

Run once by hand (the tests never read the full files):

    python tests/sources/make_excerpts.py ../shared/data/lists

It keeps the chosen rows of each publisher file (the selection
is below: the Iran-Russia drone network of the 2024-05-03 SDN list, vessels
with IMO/MMSI numbers, aircraft, rows with every kind of remark, and rows that
exercise the parsers' edge cases), so the excerpts stay in the publishers'
formats (OFAC and BIS lines byte for byte, with OFAC's 0x1A end-of-file byte;
the CSL rows re-written by Python's csv module; the XML re-serialised by lxml).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from lxml import etree

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "lists"

SDN_2024 = {
    # the drone network and what it is linked to
    "16418", "39637", "40192", "39096", "40416", "40417", "40418", "40419", "40420", "45696",
    "10392", "12055", "45708", "45710", "45713", "46431", "46437", "46441", "46442", "40867",
    # vessels (IMO, MMSI, flags), aircraft
    "4243", "4238", "15036", "15038", "25285", "15431", "15432",
    # other remark kinds: DOB ranges, e-mail/web, phone, names with quotes
    "306", "15496", "10933", "11166", "11346", "12057", "28530",
}  # fmt: skip
SDN_2021 = {"36", "173", "306", "4243", "12300", "28263", "28264", "15036", "15431", "10392"}
CONS_IDS = {"17013", "9639", "4695"}
UN_REFS = {"QDi.006", "CDi.006", "CDe.003", "CDe.004", "KPe.001", "IRe.001", "IRi.001"}
CSL_PER_SOURCE = 4
DPL_NAMES = {
    " I. ASH", "AIR FREIGHT LTD", "KNOKKE-HEIST SUPPORT CORPORATION MANAGEMENT",
    "MANSOUR ZADEH", "AL-NASER  AIRLINES", "UTAIR AVIATION JSC,", "ADVANCED TECH SOLUTIONS",
}  # fmt: skip


def _csv_rows(path: Path, keep: set[str], column: int = 0) -> bytes:
    raw = path.read_bytes()
    lines = raw.split(b"\r\n") if b"\r\n" in raw else raw.split(b"\n")
    out = []
    for line in lines:
        if line.strip(b"\x1a \t") == b"":
            continue
        row = next(csv.reader(io.StringIO(line.decode("utf-8"))))
        if row and row[column] in keep:
            out.append(line)
    return b"\r\n".join(out) + b"\r\n\x1a"


def main(root: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    sdn = root / "ofac_sdn_history" / "sdn_2024-05-03.csv"
    (OUT / "ofac_sdn_2024-05-03_excerpt.csv").write_bytes(_csv_rows(sdn, SDN_2024))
    folder = OUT / "ofac_sdn_2021_excerpt"
    folder.mkdir(exist_ok=True)
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        (folder / name).write_bytes(_csv_rows(root / "ofac_sdn_2021" / name, SDN_2021))

    tree = etree.parse(str(root / "ofac_consolidated_2025" / "CONS_ENHANCED.XML"))
    ns = tree.getroot().nsmap[None]
    for tag in ("referenceValues", "featureTypes"):
        for el in tree.getroot().findall(f"{{{ns}}}{tag}"):
            tree.getroot().remove(el)
    entities = tree.getroot().find(f"{{{ns}}}entities")
    chinese = [e for e in entities if "Chinese" in etree.tostring(e, encoding="unicode")][:2]
    keep = {e.get("id") for e in chinese} | CONS_IDS
    ids = {e.get("id") for e in entities}
    for entity in entities:  # one relationship whose both ends are in the file
        related = entity.find(f".//{{{ns}}}relatedEntity")
        if related is not None and related.get("entityId") in ids:
            keep |= {entity.get("id"), related.get("entityId")}
            break
    for entity in list(entities):
        if entity.get("id") not in keep:
            entities.remove(entity)
    tree.write(str(OUT / "ofac_cons_excerpt.xml"), encoding="utf-8", xml_declaration=True)

    tree = etree.parse(str(root / "un_2026" / "UN_consolidated.xml"))
    cyrillic = 0
    for group in ("INDIVIDUALS", "ENTITIES"):
        container = tree.getroot().find(group)
        for el in list(container):
            ref = el.findtext("REFERENCE_NUMBER")
            script = el.findtext("NAME_ORIGINAL_SCRIPT") or ""
            between = el.find("INDIVIDUAL_DATE_OF_BIRTH/FROM_YEAR") is not None
            is_cyr = any("\u0400" <= ch <= "\u04ff" for ch in script)
            if is_cyr and cyrillic < 2:
                cyrillic += 1
                continue
            if ref in UN_REFS or (between and ref.startswith("TAi.00")):
                continue
            container.remove(el)
    tree.write(str(OUT / "un_excerpt.xml"), encoding="UTF-8", xml_declaration=True)

    text = (root / "us_csl_2022" / "consolidated.csv").read_text("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    counts: dict[str, int] = {}
    rows = [header]
    for row in reader:
        src = row[1]
        special = "\x92" in row[5] or ("?" in row[5] and "Entity List" in src)
        if counts.get(src, 0) < CSL_PER_SOURCE or (special and counts.get("special", 0) < 3):
            counts[src] = counts.get(src, 0) + 1
            if special:
                counts["special"] = counts.get("special", 0) + 1
            rows.append(row)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (OUT / "us_csl_excerpt.csv").write_text(buf.getvalue(), "utf-8")

    lines = (root / "bis_dpl_2022" / "dpl.txt").read_text("utf-8").splitlines(keepends=True)
    keep_lines = [lines[0]] + [
        line for line in lines[1:] if line.split("\t", 1)[0].strip('"') in DPL_NAMES
    ]
    (OUT / "bis_dpl_excerpt.txt").write_text("".join(keep_lines), "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/lists"))
