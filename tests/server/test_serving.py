"""Readiness while loading, and list updates swapped in while serving."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from dualuse.matching import get_matcher
from dualuse.server import create_app
from tests.server.conftest import Api, loaded_store, make_app, sdn_version


def test_not_ready_until_the_lists_are_loaded(tmp_path: Path) -> None:
    store = loaded_store(f"sqlite:///{tmp_path / 's.sqlite'}")
    gate = threading.Event()

    def slow_matcher(s):  # noqa: ANN001, ANN202
        gate.wait(10)
        return get_matcher(s, data_dir=tmp_path)

    app = create_app(store, load_snapshot=False, matcher_factory=slow_matcher)
    plain, _ = app.state.keys.create("t", "screener")
    with TestClient(app) as client:  # runs the start-up hook: loading begins in a thread
        assert client.get("/healthz").status_code == 200
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["error"] == "not_ready"
        r = client.get("/search", params={"q": "alabuga"}, headers={"X-API-Key": plain})
        assert r.status_code == 503 and r.json()["error"] == "not_ready"
        gate.set()
        for _ in range(200):
            if client.get("/readyz").status_code == 200:
                break
            time.sleep(0.05)
        assert client.get("/readyz").status_code == 200
        r = client.get("/search", params={"q": "alabuga"}, headers={"X-API-Key": plain})
        assert r.status_code == 200


def test_update_swaps_while_requests_in_flight_keep_their_version(tmp_path: Path) -> None:
    store = loaded_store(f"sqlite:///{tmp_path / 's.sqlite'}")
    api = Api(make_app(store, tmp_path))
    state = api.app.state.dualuse
    old = state.current
    query = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Emperor Aviation"]}}}}
    before = api.post("/match", json=query).json()
    assert before["responses"]["q"]["results"][0]["id"] == "ofac-sdn-38556"
    assert before["list_versions"][0]["label"] == "ofac_sdn@2024-05-02"

    # A request in flight holds the Serving it started with.
    in_flight = state.current
    store.load(sdn_version("2024-05-03"))  # 8 entries delisted on 2024-05-03
    assert state.current is old  # nothing changes until the server swaps
    r = api.post("/lists/update", "admin", json={"sources": []})
    assert r.status_code == 200, r.text
    assert r.json()["swapped"] is True
    assert r.json()["previous"] == ["ofac_sdn@2024-05-02"]
    assert state.current is not old

    after = api.post("/match", json=query).json()
    assert after["responses"]["q"]["results"] == []
    assert after["list_versions"][0]["label"] == "ofac_sdn@2024-05-03"
    assert api.get("/lists").headers["X-Dualuse-List-Versions"] == "ofac_sdn@2024-05-03"
    # the old object still answers with the old lists for whoever holds it
    from dualuse.matching import PartyQuery

    hits = in_flight.matcher.match(PartyQuery("Emperor Aviation", "Company"))
    assert hits and hits[0].entity_id == "ofac-sdn-38556"
    assert [v.label for v in in_flight.store.active_versions()] == ["ofac_sdn@2024-05-02"]

    # nothing new: no swap
    again = api.post("/lists/update", "admin", json={"sources": []}).json()
    assert again["swapped"] is False


def test_update_of_an_unknown_source_reports_and_keeps_serving(api: Api) -> None:
    r = api.post("/lists/update", "admin", json={"sources": ["no_such_list"]})
    assert r.status_code == 200
    outcome = r.json()["outcomes"][0]
    assert outcome["ok"] is False and "unknown source" in outcome["message"]
    assert api.get("/readyz").status_code == 200


def test_another_process_updating_the_store_is_picked_up(tmp_path: Path) -> None:
    store = loaded_store(f"sqlite:///{tmp_path / 's.sqlite'}")
    api = Api(make_app(store, tmp_path))
    state = api.app.state.dualuse
    assert state.reload_if_changed() is False
    store.load(sdn_version("2024-05-03"))  # as `dualuse update` in another process would
    assert state.reload_if_changed() is True
    assert api.get("/lists").headers["X-Dualuse-List-Versions"] == "ofac_sdn@2024-05-03"
    assert "dualuse_list_swaps_total 2.0" in api.get("/metrics").text


def test_a_failed_load_is_reported_by_readyz(tmp_path: Path) -> None:
    store = loaded_store(f"sqlite:///{tmp_path / 's.sqlite'}")

    def broken(_store):  # noqa: ANN001, ANN202
        raise OSError("index folder not writable")

    app = create_app(store, load_snapshot=False, matcher_factory=broken)
    with TestClient(app) as client:
        for _ in range(100):
            if not app.state.dualuse.loading:
                break
            time.sleep(0.05)
        r = client.get("/readyz")
        assert r.status_code == 503
        assert "index folder not writable" in r.json()["message"]
