"""Damaged input: every parser fails as a whole with a ParseError that names the
file, the line (or element path), the field and the value. Also the XML safety
rules (no external entities, no entity expansion)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import etree

from dualuse.errors import ParseError
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
from dualuse.sources._util import xml_parser

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "lists"
SDN = FIXTURES / "ofac_sdn_2024-05-03_excerpt.csv"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def detail(exc: pytest.ExceptionInfo[ParseError]):
    assert exc.value.details, "a ParseError must carry a detail"
    return exc.value.details[0]


# --- OFAC legacy CSV (strict UTF-8) ----------------------------------------------


def test_sdn_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "sdn.csv", b"\x1a")
    with pytest.raises(ParseError, match="sdn.csv: the file is empty"):
        ofac_csv.parse([path])


def test_sdn_truncated_inside_a_quoted_field(tmp_path: Path) -> None:
    data = SDN.read_bytes()
    cut = data.index(b"QODS AVIATION INDUSTRIES") + 200
    path = write(tmp_path, "sdn.csv", data[:cut])
    with pytest.raises(ParseError) as exc:
        ofac_csv.parse([path])
    d = detail(exc)
    assert d.file == "sdn.csv" and d.line is not None
    assert "sdn.csv:" in str(exc.value)


def test_sdn_truncated_row_reports_missing_columns(tmp_path: Path) -> None:
    lines = SDN.read_bytes().split(b"\r\n")
    lines[3] = b'999999,"EXAMPLE CUT ROW",-0- ,"SDGT"'
    path = write(tmp_path, "sdn.csv", b"\r\n".join(lines))
    with pytest.raises(ParseError) as exc:
        ofac_csv.parse([path])
    d = detail(exc)
    assert (d.file, d.line, d.field) == ("sdn.csv", 4, "columns")
    assert "row has 4 columns; expected 12" in str(exc.value)
    assert "EXAMPLE CUT ROW" in str(d.value)


def test_sdn_latin1_bytes_fail_with_line_and_offset(tmp_path: Path) -> None:
    lines = SDN.read_bytes().split(b"\r\n")
    lines[5] = lines[5].replace(b"Remarks", b"").replace(b'"', b'"', 1)
    lines[5] = b'999998,"CAF\xc9 EXAMPLE",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '
    path = write(tmp_path, "sdn.csv", b"\r\n".join(lines))
    with pytest.raises(ParseError) as exc:
        ofac_csv.parse([path])
    d = detail(exc)
    assert d.line == 6
    assert "is not valid utf-8" in str(exc.value) and "b'\\xc9'" in str(exc.value)


def test_sdn_utf16_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "sdn.csv", SDN.read_text("utf-8").encode("utf-16"))
    with pytest.raises(ParseError, match="UTF-16"):
        ofac_csv.parse([path])


def test_sdn_garbage(tmp_path: Path) -> None:
    path = write(tmp_path, "sdn.csv", bytes(range(1, 256)) * 4)
    with pytest.raises(ParseError) as exc:
        ofac_csv.parse([path])
    assert detail(exc).file == "sdn.csv"


def test_sdn_eof_byte_only_at_the_end(tmp_path: Path) -> None:
    data = SDN.read_bytes()
    assert data.endswith(b"\x1a")  # accepted at the end (the golden test parses it)
    middle = data.index(b"\r\n", 2000)
    path = write(tmp_path, "sdn.csv", data[:middle] + b"\x1a" + data[middle:])
    with pytest.raises(ParseError, match="0x1A before the end"):
        ofac_csv.parse([path])


@pytest.mark.parametrize(
    ("row", "field", "value"),
    [
        (b'ABC,"EXAMPLE",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ', "ent_num", "ABC"),
        (
            b'999997,"EXAMPLE",submarine,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
            "SDN_Type",
            "submarine",
        ),
        (b'999996,-0- ,-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ', "SDN_Name", "-0- "),
        (
            b'16418,"EXAMPLE DUP",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
            "ent_num",
            "16418",
        ),
    ],
)
def test_sdn_bad_field_names_field_and_value(
    tmp_path: Path, row: bytes, field: str, value: str
) -> None:
    path = write(tmp_path, "sdn.csv", SDN.read_bytes().replace(b"\x1a", row + b"\r\n\x1a"))
    with pytest.raises(ParseError) as exc:
        ofac_csv.parse([path])
    d = detail(exc)
    assert d.field == field and d.value == value and d.line is not None


def test_sdn_bad_alt_type(tmp_path: Path) -> None:
    folder = FIXTURES / "ofac_sdn_2021_excerpt"
    alt = (folder / "alt.csv").read_bytes().replace(b'"aka"', b'"xyz"', 1)
    paths = [folder / "sdn.csv", write(tmp_path, "alt.csv", alt)]
    with pytest.raises(ParseError) as exc:
        ofac_csv.parse(paths)
    d = detail(exc)
    assert (d.file, d.field, d.value) == ("alt.csv", "alt_type", '"xyz"'.strip('"'))


def test_sdn_without_main_file(tmp_path: Path) -> None:
    alt = FIXTURES / "ofac_sdn_2021_excerpt" / "alt.csv"
    with pytest.raises(ParseError, match="no main sdn.csv"):
        ofac_csv.parse([alt])


# --- XML: damaged files and attacks ----------------------------------------------

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY secret SYSTEM "file://{path}">]>
<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>
<FIRST_NAME>&secret;</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER></INDIVIDUAL>
</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lollollollollollollollollollol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&lol9;</FIRST_NAME>
<REFERENCE_NUMBER>XXi.002</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS><ENTITIES/>
</CONSOLIDATED_LIST>"""


@pytest.mark.parametrize("module", [un_xml, ofac_xml, eu_fsf])
def test_external_entities_are_refused(tmp_path: Path, module) -> None:
    secret = write(tmp_path, "secret.txt", "TOP-SECRET-EXAMPLE")
    path = write(tmp_path, "list.xml", XXE.replace(b"{path}", str(secret).encode()))
    with pytest.raises(ParseError) as exc:
        module.parse(path)
    assert "DOCTYPE or ENTITY" in str(exc.value)
    assert "TOP-SECRET" not in str(exc.value.to_dict())


def test_entity_expansion_bomb_is_refused_fast(tmp_path: Path) -> None:
    path = write(tmp_path, "consolidated.xml", BOMB)
    start = time.perf_counter()
    with pytest.raises(ParseError, match="DOCTYPE or ENTITY"):
        un_xml.parse(path)
    assert time.perf_counter() - start < 5  # refused before any expansion


def test_parser_itself_neither_expands_nor_fetches(tmp_path: Path) -> None:
    """Defence in depth: even without the DOCTYPE check, the lxml parser settings
    leave entities unexpanded and read no file."""
    secret = write(tmp_path, "secret.txt", "TOP-SECRET-EXAMPLE")
    root = etree.fromstring(XXE.replace(b"{path}", str(secret).encode()), xml_parser())
    assert "TOP-SECRET" not in etree.tostring(root, encoding="unicode")
    try:
        bomb = etree.fromstring(BOMB, xml_parser())
    except etree.XMLSyntaxError as exc:  # libxml2's own amplification limit
        assert "amplification" in str(exc)
    else:
        assert len(etree.tostring(bomb)) < 10_000


@pytest.mark.parametrize(
    ("module", "fixture"),
    [
        (un_xml, "un_excerpt.xml"),
        (ofac_xml, "ofac_cons_excerpt.xml"),
        (eu_fsf, "eu_fsf_example.xml"),
    ],
)
def test_truncated_xml_names_file_and_line(tmp_path: Path, module, fixture: str) -> None:
    data = (FIXTURES / fixture).read_bytes()
    path = write(tmp_path, fixture, data[: len(data) // 2])
    with pytest.raises(ParseError) as exc:
        module.parse(path)
    d = detail(exc)
    assert d.file == fixture and d.line is not None
    assert "not well-formed XML" in str(exc.value)


@pytest.mark.parametrize("module", [un_xml, ofac_xml, eu_fsf])
def test_xml_wrong_encoding_and_wrong_root(tmp_path: Path, module) -> None:
    latin1 = write(
        tmp_path, "a.xml", '<?xml version="1.0" encoding="UTF-8"?><x>CAF\xc9</x>'.encode("latin-1")
    )
    with pytest.raises(ParseError, match="a.xml"):
        module.parse(latin1)
    wrong = write(tmp_path, "b.xml", b"<?xml version='1.0'?><html><body/></html>")
    with pytest.raises(ParseError) as exc:
        module.parse(wrong)
    assert detail(exc).field == "root" and detail(exc).value == "html"


def test_un_element_errors_name_the_element_path(tmp_path: Path) -> None:
    data = (FIXTURES / "un_excerpt.xml").read_text("utf-8")
    data = data.replace("<REFERENCE_NUMBER>QDi.006</REFERENCE_NUMBER>", "", 1)
    path = write(tmp_path, "consolidated.xml", data)
    with pytest.raises(ParseError) as exc:
        un_xml.parse(path)
    d = detail(exc)
    assert d.field == "REFERENCE_NUMBER" and d.line is not None
    assert "/CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[" in str(exc.value)


def test_un_unknown_alias_quality(tmp_path: Path) -> None:
    data = (FIXTURES / "un_excerpt.xml").read_text("utf-8")
    data = data.replace("<QUALITY>Low</QUALITY>", "<QUALITY>Shaky</QUALITY>", 1)
    path = write(tmp_path, "consolidated.xml", data)
    with pytest.raises(ParseError) as exc:
        un_xml.parse(path)
    assert (detail(exc).field, detail(exc).value) == ("QUALITY", "shaky")


def test_ofac_xml_unknown_entity_type(tmp_path: Path) -> None:
    data = (FIXTURES / "ofac_cons_excerpt.xml").read_text("utf-8")
    data = data.replace(">Individual</entityType>", ">Spaceship</entityType>", 1)
    path = write(tmp_path, "CONS_ENHANCED.XML", data)
    with pytest.raises(ParseError) as exc:
        ofac_xml.parse(path)
    assert (detail(exc).field, detail(exc).value) == ("entityType", "spaceship")
    assert "/sanctionsData/entities/entity[" in str(exc.value)


def test_eu_unknown_subject_type(tmp_path: Path) -> None:
    data = (FIXTURES / "eu_fsf_example.xml").read_text("utf-8")
    data = data.replace('code="person"', 'code="robot"')
    with pytest.raises(ParseError) as exc:
        eu_fsf.parse(write(tmp_path, "eu.xml", data))
    assert (detail(exc).field, detail(exc).value) == ("subjectType", "robot")


# --- CSL, DPL, UK, OpenSanctions ------------------------------------------------


def test_csl_missing_column(tmp_path: Path) -> None:
    lines = (FIXTURES / "us_csl_excerpt.csv").read_text("utf-8").splitlines()
    lines[0] = lines[0].replace(",name,", ",nom,")
    with pytest.raises(ParseError) as exc:
        us_csl.parse(write(tmp_path, "consolidated.csv", "\n".join(lines)))
    d = detail(exc)
    assert (d.line, d.field) == (1, "header")
    assert "lacks column(s) name" in str(exc.value)


def test_csl_row_with_missing_fields(tmp_path: Path) -> None:
    text = (FIXTURES / "us_csl_excerpt.csv").read_text("utf-8") + "abc,Entity List (EL) - BIS,x\n"
    with pytest.raises(ParseError) as exc:
        us_csl.parse(write(tmp_path, "consolidated.csv", text))
    d = detail(exc)
    assert d.field == "columns" and d.line is not None and "3 columns" in str(exc.value)


def test_csl_reads_windows_1252_bytes_tolerantly(tmp_path: Path) -> None:
    data = (FIXTURES / "us_csl_excerpt.csv").read_bytes()
    data = data.replace(b"140 Repair Plant JSC", b"140 R\xe9pair Plant JSC", 1)
    parsed = us_csl.parse(write(tmp_path, "consolidated.csv", data))
    names = {n for e in parsed.entities for n in e.get("name", quiet=True)}
    assert "140 Répair Plant JSC" in names


@pytest.mark.parametrize("module", [us_csl, bis_dpl, uk_csv])
def test_text_formats_refuse_utf16_empty_and_garbage(tmp_path: Path, module) -> None:
    fixture = {
        us_csl: "us_csl_excerpt.csv",
        bis_dpl: "bis_dpl_excerpt.txt",
        uk_csv: "uk_conlist_example.csv",
    }[module]
    text = (FIXTURES / fixture).read_text("utf-8")
    with pytest.raises(ParseError, match="UTF-16"):
        module.parse(write(tmp_path, "u16.csv", text.encode("utf-16")))
    with pytest.raises(ParseError, match="empty"):
        module.parse(write(tmp_path, "empty.csv", b""))
    with pytest.raises(ParseError):
        module.parse(write(tmp_path, "garbage.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 200))))


def test_dpl_missing_column_and_short_row(tmp_path: Path) -> None:
    lines = (FIXTURES / "bis_dpl_excerpt.txt").read_text("utf-8").splitlines()
    header_less = [lines[0].replace('"FR_Citation"', '"Citation"'), *lines[1:]]
    with pytest.raises(ParseError, match="lacks column\\(s\\) FR_Citation"):
        bis_dpl.parse(write(tmp_path, "dpl.txt", "\n".join(header_less)))
    short = [*lines, '"EXAMPLE SHORT ROW"\t"1 EXAMPLE ST"']
    with pytest.raises(ParseError) as exc:
        bis_dpl.parse(write(tmp_path, "dpl.txt", "\n".join(short)))
    d = detail(exc)
    assert d.line == len(short) and "2 fields" in str(exc.value)


def test_dpl_bad_order_dates_are_kept_not_fatal(tmp_path: Path) -> None:
    text = (FIXTURES / "bis_dpl_excerpt.txt").read_text("utf-8")
    text = text.replace('"06/29/2056"', '"06/31/20X6"', 1)
    parsed = bis_dpl.parse(write(tmp_path, "dpl.txt", text))
    summaries = [s for e in parsed.entities for s in e.get("summary", quiet=True)]
    assert any("06/31/20X6" in s for s in summaries)


def test_uk_without_header_and_bad_group_type(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="no header row with 'Name 6'"):
        uk_csv.parse(write(tmp_path, "ConList.csv", "a,b,c\n1,2,3\n"))
    text = (FIXTURES / "uk_conlist_example.csv").read_text("utf-8").replace(",Ship,", ",Planet,", 1)
    with pytest.raises(ParseError) as exc:
        uk_csv.parse(write(tmp_path, "ConList.csv", text))
    d = detail(exc)
    assert (d.field, d.value) == ("Group Type", "Planet") and d.line is not None


def test_opensanctions_bad_lines(tmp_path: Path) -> None:
    good = (FIXTURES / "opensanctions_example.ftm.json").read_text("utf-8")
    with pytest.raises(ParseError) as exc:
        opensanctions.parse(write(tmp_path, "e.json", good + '{"id": "x", "schema": \n'))
    assert detail(exc).line == 5
    bad_schema = good + '{"id": "x", "schema": "Dragon", "properties": {}}\n'
    with pytest.raises(ParseError) as exc:
        opensanctions.parse(write(tmp_path, "e.json", bad_schema))
    assert (detail(exc).field, detail(exc).value) == ("schema", "Dragon")
