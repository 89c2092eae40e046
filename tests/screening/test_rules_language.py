"""The rule file format: user rules load without code; bad files are refused with
file:line and the reason; the condition language's operators."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import ConfigError
from dualuse.rules import load_rules
from dualuse.rules.engine import _compare, render, resolve
from dualuse.screening import ScreeningConfig
from dualuse.screening.pipeline import Screener
from tests.screening.conftest import order
from tests.screening.fakes import DRONE_NETWORK, FakeMatcher, FakeStore, fake_goods, make_query

GOOD = """
sets:
  watch_countries: [KG, AM]
rules:
  - id: USER-01
    title: Watched country as consignee
    severity: high
    authority: Our export control office
    source: https://intranet.example/policy/7
    reason: "consignee {party.consignee.name} in {party.consignee.country}"
    when:
      all:
        - {fact: party.consignee.country, in: {set: watch_countries}}
        - not: {fact: order.end_use, matches: "^approved:"}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my_rules.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_rule_file_is_loaded_and_used(tmp_path: Path) -> None:
    config = ScreeningConfig.load([str(write(tmp_path, GOOD))], goods=fake_goods)
    config.query_factory = make_query
    screener = Screener(store=FakeStore(), matcher=FakeMatcher(DRONE_NETWORK), config=config)
    hit = order(parties=[("consignee", "Ala-Too Trade", "KG")], new_customer=False, end_use="x")
    ok = order(parties=[("consignee", "Ala-Too Trade", "KG")], end_use="approved: licence 12")
    result = screener.screen(hit)
    assert "USER-01" in {f["rule_id"] for f in result.flags}
    assert any("consignee Ala-Too Trade in KG" in r["text"] for r in result.reasons)
    assert result.decision == "review"
    assert "USER-01" not in {f["rule_id"] for f in screener.screen(ok).flags}
    base = ScreeningConfig.load(goods=fake_goods)
    assert config.hash != base.hash  # the user file is part of the configuration hash


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("rules:\n  - id: X\n    title: t\n", 2, "missing required key 'severity'"),
        (GOOD.replace("severity: high", "severity: urgent"), 7, "severity 'urgent'"),
        (GOOD.replace("in: {set: watch_countries}", "within: [KG]"), 13, "unknown operator"),
        (GOOD.replace("{set: watch_countries}", "{set: nowhere}"), 13, "unknown set 'nowhere'"),
        (
            GOOD.replace("party.consignee.country, in", "shipment.country, in"),
            13,
            "unknown 'shipment'",
        ),
        (GOOD.replace('"^approved:"', '"(unclosed"'), 14, "bad regular expression"),
        (GOOD.replace("https://intranet.example/policy/7", "intranet"), 9, "http(s) URL"),
        (GOOD + GOOD.split("rules:\n")[1], 15, "already used"),
        (GOOD.replace("    title:", "    titel: x\n    title:"), 6, "unknown rule key 'titel'"),
        ("rules:\n  - id: X\n   bad: [\n", 3, "not valid YAML"),
        (
            GOOD.replace(
                "{fact: party.consignee.country, in: {set: watch_countries}}",
                "{fact: party.consignee.country, exists: yes please}",
            ),
            13,
            "exists: true",
        ),
        (
            GOOD.replace("__import__", "").replace("reason:", "eval: os.system('x')\n    reason:"),
            10,
            "unknown rule key 'eval'",
        ),
    ],
)
def test_bad_rule_file_is_refused_with_line(
    tmp_path: Path, text: str, line: int, needle: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        load_rules([path])
    messages = [(d.file, d.line, d.message) for d in exc.value.details]
    assert any(f == str(path) and n_line == line and needle in m for f, n_line, m in messages), (
        messages
    )


def test_missing_rule_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_rules([tmp_path / "none.yml"])


def test_operators() -> None:
    assert _compare("in", "ir", ["IR", "RU"])
    assert _compare("in", ["de", "ir"], ["IR"])
    assert not _compare("not_in", ["de", "ir"], ["IR"])
    assert _compare("intersects", ["AE"], {"ae", "tr"}) and _compare("disjoint", ["DE"], {"ae"})
    assert _compare("contains", "Baltic Freight", "freight")
    assert _compare("gte", 0.95, 0.9) and not _compare("gt", None, 1)
    assert not _compare("eq", None, None) and not _compare("ne", None, "x")
    assert _compare("exists", ["x"], None) and _compare("missing", [], None)


def test_resolve_maps_over_lists_and_render_fills_placeholders() -> None:
    facts = {"parties": [{"country": "DE"}, {"country": "AE"}], "order": {"id": "A"}}
    assert resolve(facts, "parties.country") == ["DE", "AE"]
    assert resolve(facts, "order.nothing.deeper") is None
    assert render("{order.id} via {parties.country} {order.none}", facts) == "A via DE, AE —"
