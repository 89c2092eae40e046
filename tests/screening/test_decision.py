"""The decision policy: severities and summed weights -> clear / review / block."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import ConfigError
from dualuse.rules import Flag
from dualuse.screening import load_policy


def flag(severity: str, rule_id: str = "R") -> Flag:
    return Flag(rule_id, "t", severity, "a", "d", "https://x", "r")


@pytest.mark.parametrize(
    ("severities", "decision"),
    [
        ([], "clear"),
        (["info", "info"], "clear"),
        (["low"], "clear"),
        (["low", "low", "low"], "review"),  # 15 reaches review.score_at_least
        (["medium"], "review"),
        (["high"], "review"),
        (["high", "high", "high"], "block"),  # 150 reaches block.score_at_least
        (["block"], "block"),
        (["low", "block"], "block"),
    ],
)
def test_default_policy(severities: list[str], decision: str) -> None:
    policy = load_policy()
    assert policy.decide([flag(s) for s in severities])[0] == decision


def test_custom_policy(tmp_path: Path) -> None:
    path = tmp_path / "p.yml"
    path.write_text(
        "weights: {info: 0, low: 1, medium: 2, high: 3, block: 10}\n"
        "block: {any_severity: [block, high]}\n"
        "review: {score_at_least: 2}\n"
    )
    policy = load_policy(path)
    assert policy.decide([flag("high")]) == ("block", 3.0)
    assert policy.decide([flag("low"), flag("low")]) == ("review", 2.0)
    assert policy.decide([flag("medium")])[0] == "review"
    assert policy.decide([flag("low")])[0] == "clear"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("weights: {low: 1}\nblock: {}\nreview: {}\n", "weight of severity 'info'"),
        (
            "weights: {info: 0, low: 1, medium: 2, high: 3, block: x}\nblock: {}\nreview: {}\n",
            "weight of severity 'block'",
        ),
        (
            "weights: {info: 0, low: 1, medium: 2, high: 3, block: 4}\n"
            "block: {any_severity: [fatal]}\nreview: {}\n",
            "block.any_severity",
        ),
        (
            "weights: {info: 0, low: 1, medium: 2, high: 3, block: 4}\nblock: {}\nreview: {}\n"
            "colour: red\n",
            "unknown policy key 'colour'",
        ),
    ],
)
def test_bad_policy_is_refused(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "p.yml"
    path.write_text(text)
    with pytest.raises(ConfigError) as exc:
        load_policy(path)
    assert any(needle in d.message and d.file == str(path) for d in exc.value.details), exc.value


def test_result_carries_what_reproduces_it(fake_screener) -> None:  # type: ignore[no-untyped-def]
    from tests.screening.conftest import order

    result = fake_screener.screen(order(parties=[("buyer", "Qods Aviation Industries", "IR")]))
    data = result.to_dict()
    for key in (
        "order_id",
        "decision",
        "reasons",
        "party_hits",
        "goods_hits",
        "route_hits",
        "flags",
        "list_versions",
        "config_hash",
        "dualuse_version",
        "screened_at",
    ):
        assert key in data
    assert data["decision"] == "block"
    assert len(data["config_hash"]) == 16
    assert data["party_hits"][0]["hit_id"].startswith("H")
