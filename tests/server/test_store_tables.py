"""The server's own tables (API keys) and reviews through the API, on every store backend."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dualuse.errors import InputError, NotFoundError
from dualuse.server.auth import KeyStore, api_keys
from dualuse.store import Store
from tests.server.conftest import make_app, sdn_version

ORDER = {
    "order_id": "REV-1",
    "parties": [
        {"role": "buyer", "name": "Generation Trading FZE", "country": "AE"},
        {"role": "end_user", "name": "Qods Aviation Industries", "country": "IR"},
    ],
}


def test_keys_are_stored_hashed_and_verified(any_store: Store) -> None:
    keys = KeyStore(any_store.engine)
    plain, key = keys.create("alice", "analyst")
    assert plain.startswith(f"du_{key.key_id}_")
    with any_store.engine.connect() as conn:
        row = conn.execute(api_keys.select()).one()
    secret = plain.split("_", 2)[2]
    assert secret not in (row.secret_hash, row.salt) and len(row.secret_hash) == 64
    assert keys.verify(plain) == key
    assert keys.verify(plain[:-1] + ("A" if plain[-1] != "A" else "B")) is None
    other, _ = keys.create("bob", "analyst")
    assert other != plain
    keys.revoke(key.key_id)
    assert keys.verify(plain) is None
    assert [k.to_dict()["active"] for k in keys.list()] == [False, True]
    with pytest.raises(NotFoundError):
        keys.revoke("00000000")
    with pytest.raises(InputError):
        keys.create("x", "root")
    with pytest.raises(InputError):
        keys.create("<b>x</b>", "admin")


def test_key_hierarchy() -> None:
    from dualuse.server.auth import ApiKey

    analyst = ApiKey("1", "a", "analyst", "", None)
    assert analyst.allows("screener") and analyst.allows("analyst") and not analyst.allows("admin")


def test_concurrent_reviewers_do_not_lose_decisions(any_store: Store, tmp_path: Path) -> None:
    any_store.load(sdn_version("2024-05-02"))
    app = make_app(any_store, tmp_path)
    alice, _ = app.state.keys.create("alice", "analyst")
    bob, _ = app.state.keys.create("bob", "analyst")
    client = TestClient(app)
    screened = client.post("/screen", json={"order": ORDER}, headers={"X-API-Key": alice}).json()
    hits = {h["entity_id"]: h["hit_id"] for h in screened["results"][0]["party_hits"]}
    assert {"ofac-sdn-47230", "ofac-sdn-16418"} <= hits.keys()
    rounds = 8
    errors: list[str] = []
    barrier = threading.Barrier(2)

    def reviewer(key: str, name: str) -> None:
        own = TestClient(app)
        barrier.wait()
        for i in range(rounds):
            for entity_id in ("ofac-sdn-47230", "ofac-sdn-16418"):
                verdict = "true_positive" if name == "alice" else "false_positive"
                r = own.post(
                    "/reviews",
                    json={"hit_id": hits[entity_id], "verdict": verdict, "reason": f"{name} {i}"},
                    headers={"X-API-Key": key},
                )
                if r.status_code != 200:
                    errors.append(r.text)

    threads = [
        threading.Thread(target=reviewer, args=(alice, "alice")),
        threading.Thread(target=reviewer, args=(bob, "bob")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    for entity_id in ("ofac-sdn-47230", "ofac-sdn-16418"):
        r = client.get("/reviews", params={"hit_id": hits[entity_id]}, headers={"X-API-Key": bob})
        reviews = r.json()["reviews"]
        assert len(reviews) == 2 * rounds
        reasons = {x["reason"] for x in reviews}
        assert reasons == {f"{who} {i}" for who in ("alice", "bob") for i in range(rounds)}
        assert {x["reviewed_by"] for x in reviews} == {"alice", "bob"}
    # the latest decision is what the next screening of the party shows
    again = client.post("/screen", json={"order": ORDER}, headers={"X-API-Key": bob}).json()
    statuses = {h["entity_id"]: h["status"] for h in again["results"][0]["party_hits"]}
    assert statuses["ofac-sdn-47230"].startswith("reviewed_")
