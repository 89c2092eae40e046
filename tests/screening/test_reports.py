"""Report formats: JSON shape, JSON Lines, CSV formula injection, HTML escaping."""

from __future__ import annotations

import csv
import io
import json

from dualuse.reports import csv_safe, write_all
from dualuse.screening.pipeline import Screener
from tests.screening.conftest import order

EVIL_ID = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","x")'


def results(screener: Screener) -> list[dict]:
    bad = order(
        order_id=EVIL_ID,
        parties=[("buyer", "Qods Aviation Industries", "IR"), ("consignee", FORMULA, "AE")],
        end_use="<img src=x onerror=alert(2)>",
    )
    clean = order(order_id="-2+3", parties=[("buyer", "@SUM(A1)", "DE")], new_customer=False)
    return [screener.screen(bad).to_dict(), screener.screen(clean).to_dict()]


def render(fmt: str, rs: list[dict]) -> str:
    out = io.StringIO()
    write_all(fmt, rs, out, {"input": "<in>.csv", "input_errors": []})
    return out.getvalue()


def test_json_is_one_array_of_orders(fake_screener: Screener) -> None:
    data = json.loads(render("json", results(fake_screener)))
    assert isinstance(data, list) and len(data) == 2
    assert {"order_id", "decision", "reasons"} <= set(data[0])
    assert data[0]["decision"] in ("clear", "review", "block")
    assert json.loads(render("json", [])) == []


def test_jsonl_one_object_per_line(fake_screener: Screener) -> None:
    lines = render("jsonl", results(fake_screener)).splitlines()
    assert [json.loads(x)["order_id"] for x in lines] == [EVIL_ID, "-2+3"]


def test_csv_is_safe_against_formula_injection(fake_screener: Screener) -> None:
    rows = list(csv.DictReader(io.StringIO(render("csv", results(fake_screener)))))
    assert rows[1]["order_id"] == "'-2+3"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert csv_safe("=1+1") == "'=1+1" and csv_safe("plain") == "plain" and csv_safe(None) == ""


def test_html_escapes_everything_and_links_orders_to_entries(fake_screener: Screener) -> None:
    page = render("html", results(fake_screener))
    assert "<script>" not in page and "onerror=alert" not in page.replace(
        "onerror=alert(2)&gt;", ""
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x" in page
    assert "href='#entity-ofac-sdn-16418'" in page and "id='entity-ofac-sdn-16418'" in page
    assert "href='#order-" in page
    assert "http://" not in page.split("<body>")[0]  # no external resource in the head
    assert "<link" not in page and "<script" not in page


def test_html_keeps_flagged_orders_and_counts_all(fake_screener: Screener) -> None:
    from dualuse.reports import HtmlWriter

    clean = [
        fake_screener.screen(
            order(order_id=f"C{i}", parties=[("buyer", "Plain Ltd", "GB")], new_customer=False)
        ).to_dict()
        for i in range(3)
    ]
    out = io.StringIO()
    writer = HtmlWriter(out, max_clear=1)
    for r in clean + results(fake_screener):
        writer.write(r)
    writer.close({"input": "x"})
    page = out.getvalue()
    assert "C0" in page and "C2" not in page
    assert "further clear orders are not listed" in page
    assert "<span class='n'>4</span><span>clear</span>" in page
