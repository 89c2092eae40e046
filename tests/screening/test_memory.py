"""Audit trail and reviewed-hit memory on a real store and the real matcher, across
real list changes (excerpts of the dated OFAC SDN snapshots)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from dualuse.audit import AuditLog, rescreen
from dualuse.audit.log import audit_hits, audit_screenings
from dualuse.errors import InputError, NotFoundError
from dualuse.matching import Matcher
from dualuse.screening import ScreeningConfig
from dualuse.screening.pipeline import Screener
from dualuse.store import Store
from tests.screening.conftest import load_sdn, order
from tests.screening.fakes import fake_goods


def screener(store: Store, audit: AuditLog) -> Screener:
    config = ScreeningConfig.load(goods=fake_goods, memory=audit)
    return Screener(store=store, matcher=Matcher.build(store.iter_entities()), config=config)


def emperor_order(order_id: str = "M-1") -> Any:
    return order(
        order_id=order_id,
        parties=[("buyer", "Emperor Aviation Ltd", "MT")],
        new_customer=False,
        end_use="Charter flights",
    )


def hit_for(result: Any, entity_id: str) -> dict[str, Any] | None:
    return next((h for h in result.party_hits if h["entity_id"] == entity_id), None)


@pytest.fixture
def audit(sdn_store: Store) -> AuditLog:
    return AuditLog(sdn_store)


def run(audit: AuditLog, scr: Screener, *orders: Any) -> list[Any]:
    run_id = audit.start_run(
        "screen", input_name="t", config_hash="x", list_versions=[], dualuse_version="t"
    )
    results = [scr.screen(o) for o in orders]
    audit.write_batch(run_id, results)
    return results


def test_false_positive_is_remembered_then_delisting_is_reported_once(
    sdn_store: Store, audit: AuditLog
) -> None:
    (first,) = run(audit, screener(sdn_store, audit), emperor_order())
    hit = hit_for(first, "ofac-sdn-38556")
    assert hit is not None and hit["status"] == "open"
    assert first.decision in ("review", "block")

    review = audit.review(
        hit["hit_id"], "false_positive", "Maltese charter firm, other owner", "alice"
    )
    assert review.reviewed_by == "alice" and review.reviewed_at

    (second,) = run(audit, screener(sdn_store, audit), emperor_order("M-2"))
    again = hit_for(second, "ofac-sdn-38556")
    assert again is not None and again["hit_id"] == hit["hit_id"]
    assert again["status"] == "reviewed_false_positive"
    assert "LIST-01" not in {f["rule_id"] for f in second.flags}
    assert second.decision == "clear"
    assert any("alice" in note and "false positive" in note for note in second.notes)

    # nothing new on the same lists
    assert (
        rescreen(
            audit,
            store=sdn_store,
            matcher=Matcher.build(sdn_store.iter_entities()),
            config=ScreeningConfig.load(goods=fake_goods, memory=audit),
        ).items
        == []
    )

    load_sdn(sdn_store, "2024-05-03")  # the 8 delistings
    matcher = Matcher.build(sdn_store.iter_entities())
    config = ScreeningConfig.load(goods=fake_goods, memory=audit)
    report = rescreen(audit, store=sdn_store, matcher=matcher, config=config)
    assert [(i.change, i.entity_id) for i in report.items] == [("delisted", "ofac-sdn-38556")]
    assert rescreen(audit, store=sdn_store, matcher=matcher, config=config).items == []


def test_review_lapses_when_the_list_entry_changes(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    load_sdn(store, "2023-06-08")
    audit = AuditLog(store)
    qods = order(parties=[("buyer", "Qods Aviation Industries", "IR")], new_customer=False)
    (first,) = run(audit, screener(store, audit), qods)
    hit = hit_for(first, "ofac-sdn-16418")
    assert hit is not None
    audit.review(hit["hit_id"], "false_positive", "test: pretend it is another firm", "bob")
    (second,) = run(audit, screener(store, audit), qods)
    assert hit_for(second, "ofac-sdn-16418")["status"] == "reviewed_false_positive"

    load_sdn(store, "2024-05-03")  # 16418 gained IRAN-CON-ARMS-EO and identifiers
    matcher = Matcher.build(store.iter_entities())
    report = rescreen(
        audit,
        store=store,
        matcher=matcher,
        config=ScreeningConfig.load(goods=fake_goods, memory=audit),
    )
    assert ("entry_changed", "ofac-sdn-16418") in {(i.change, i.entity_id) for i in report.items}
    (third,) = run(audit, screener(store, audit), qods)
    reopened = hit_for(third, "ofac-sdn-16418")
    assert reopened["status"] == "reopened"
    assert "LIST-01" in {f["rule_id"] for f in third.flags}


def test_true_positive_blocks(sdn_store: Store, audit: AuditLog) -> None:
    (first,) = run(audit, screener(sdn_store, audit), emperor_order())
    hid = hit_for(first, "ofac-sdn-38556")["hit_id"]
    audit.review(hid, "true_positive", "confirmed by registry extract", "carol")
    (second,) = run(audit, screener(sdn_store, audit), emperor_order("M-2"))
    assert "LIST-03" in {f["rule_id"] for f in second.flags}
    assert second.decision == "block"


def test_review_input_errors(audit: AuditLog) -> None:
    with pytest.raises(NotFoundError):
        audit.review("Hnope", "false_positive", "x", "a")
    with pytest.raises(InputError):
        audit.review("Hnope", "maybe", "x", "a")
    with pytest.raises(InputError):
        audit.review("Hnope", "false_positive", " ", "a")


def test_batch_is_one_transaction(sdn_store: Store, audit: AuditLog) -> None:
    scr = screener(sdn_store, audit)
    a = scr.screen(emperor_order("A"))
    b = scr.screen(emperor_order("B"))
    b.screening_id = a.screening_id  # violates the unique key on the second insert row
    with pytest.raises(Exception):  # noqa: B017 - any database error; what matters is the rollback
        audit.write_batch("R1", [a, b])
    with sdn_store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit_screenings)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(audit_hits)).scalar() == 0


def test_history_filters(sdn_store: Store, audit: AuditLog) -> None:
    clean = order(order_id="C-1", parties=[("buyer", "Plain Bakery Ltd", "GB")], new_customer=False)
    run(audit, screener(sdn_store, audit), emperor_order("M-1"), clean)
    assert {r["order_id"] for r in audit.history()} == {"M-1", "C-1"}
    assert [r["order_id"] for r in audit.history(decision="clear")] == ["C-1"]
    assert [r["order_id"] for r in audit.history(entity_id="ofac-sdn-38556")] == ["M-1"]
    row = audit.history(order_id="M-1")[0]
    assert row["list_versions"] == ["ofac_sdn@2024-05-02"]
    assert row["config_hash"] and row["dualuse_version"]
    stored = audit.screening(row["screening_id"])
    assert stored["party_hits"][0]["entity_id"] == "ofac-sdn-38556"


def test_new_customer_is_stable_on_rescreening(sdn_store: Store, audit: AuditLog) -> None:
    first = order(order_id="N-1", customer_id="K1", parties=[("buyer", "Plain Ltd", "GB")])
    later = order(order_id="N-2", customer_id="K1", parties=[("buyer", "Plain Ltd", "GB")])
    r1, r2 = run(audit, screener(sdn_store, audit), first, later)
    assert "KYC-06" in {f["rule_id"] for f in r1.flags}
    assert "KYC-06" not in {f["rule_id"] for f in r2.flags}
    (again,) = run(audit, screener(sdn_store, audit), first)
    assert "KYC-06" in {f["rule_id"] for f in again.flags}
