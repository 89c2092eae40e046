from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import ConfigError
from dualuse.goods import load_goods_table, screen_goods


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_csv_table_adds_codes_parts_makers_keywords(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "extra.csv",
        "list,code,part_number,manufacturer,keywords,tier,category,source,date,reason\n"
        "MY-LIST,8507.60,,,,,Li-ion batteries,https://example.org/list,2024-05-01,watch\n"
        "MY-LIST,,STM32F405RGT6,,,,MCU,internal review 12,,\n"
        "MY-LIST,,,Acme Drones GmbH,,,,internal review 13,,\n"
        "MY-LIST,,,,servo gear|brushless gimbal,,,internal review 14,,\n",
    )
    table = load_goods_table(p)
    assert len(table) == 4
    code = screen_goods(code="8507.60.0010", tables=[table])
    assert [(h.list, h.code, h.confidence) for h in code.hits] == [("MY-LIST", "850760", 1.0)]
    assert f"{p}:2" in code.hits[0].reason
    assert screen_goods(part_number="stm32f405rgt6", tables=[table]).hits[0].list == "MY-LIST"
    assert screen_goods(manufacturer="ACME DRONES", tables=[table]).hits[0].list == "MY-LIST"
    kw = screen_goods(description="3-axis brushless gimbal", tables=[table])
    assert any(h.list == "MY-LIST" for h in kw.hits)
    broader = screen_goods(code="8507", tables=[table])
    assert any(h.list == "MY-LIST" and h.confidence == 0.5 for h in broader.hits)


def test_yaml_table(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "extra.yml",
        "rules:\n"
        "  - list: IRAN-UAV-GUIDANCE-2023\n"
        "    code: '8409.10'\n"
        "    source: official PDF page 7\n"
        "    date: 2023-06-09\n",
    )
    table = load_goods_table(p)
    hit = screen_goods(code="840910", tables=[table]).hits[0]
    assert hit.list == "IRAN-UAV-GUIDANCE-2023" and hit.date == "2023-06-09"


def test_csv_errors_are_gathered_with_file_and_line(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "bad.csv",
        "list,code,source,date\n"
        "A,85423,src,\n"  # line 2: 5 digits
        ",854231,src,\n"  # line 3: list missing
        "A,,src,\n"  # line 4: no matcher
        "A,7701.10,src,2024-13-01\n",  # line 5: chapter 77 and a bad date
    )
    with pytest.raises(ConfigError) as err:
        load_goods_table(p)
    lines = sorted({(d.line, d.field) for d in err.value.details})
    assert (2, "code") in lines and (3, "list") in lines and (4, None) in lines
    assert (5, "code") in lines and (5, "date") in lines
    text = str(err.value)
    assert f"{p}:2" in text and "has 5 digits; expected 6, 8 or 10" in text
    assert "nothing was loaded" in text


def test_unknown_column(tmp_path: Path) -> None:
    p = write(tmp_path, "bad.csv", "list,hs,source\nA,854231,src\n")
    with pytest.raises(ConfigError, match="unknown column"):
        load_goods_table(p)


def test_yaml_errors_have_lines(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "bad.yaml",
        "- list: A\n  code: '854231'\n  source: s\n- list: B\n  code: 12ab\n  source: s\n",
    )
    with pytest.raises(ConfigError) as err:
        load_goods_table(p)
    assert err.value.details[0].line == 4
    broken = write(tmp_path, "broken.yml", "- list: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_goods_table(broken)


def test_missing_file_and_wrong_type(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_goods_table(tmp_path / "nope.csv")
    with pytest.raises(ConfigError, match="expected a .csv"):
        load_goods_table(write(tmp_path, "t.txt", "x"))


def test_yaml_codes_keep_leading_zeros(tmp_path: Path) -> None:
    p = write(tmp_path, "z.yml", "- list: A\n  code: 010121\n  source: s\n  date: 2024-01-02\n")
    rule = load_goods_table(p).rules[0]
    assert rule.code == "010121" and rule.date == "2024-01-02"


def test_csv_header_spaces_tolerated(tmp_path: Path) -> None:
    p = write(tmp_path, "s.csv", "list, code ,source\nA, 8542.31 ,s\n")
    assert load_goods_table(p).rules[0].code == "854231"
