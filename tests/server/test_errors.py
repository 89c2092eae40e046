"""The one error shape, the status table, and bad input of every kind.

Every refused request answers in the same JSON shape with a clear 4xx, and
nothing of it is stored.
"""

from __future__ import annotations

import pytest

from dualuse.errors import (
    ConfigError,
    DualuseError,
    InputError,
    NotFoundError,
    ParseError,
    UpdateError,
)
from dualuse.server.errors import STATUS_BY_ERROR, ApiError, status_for
from tests.server.conftest import Api

SHAPE = {"error", "status", "message", "details"}
DETAIL = {"message", "file", "line", "field", "value"}


def assert_shape(response, status: int, code: str | None = None) -> dict:  # noqa: ANN001
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == SHAPE
    assert body["status"] == status
    assert isinstance(body["message"], str) and body["message"]
    for detail in body["details"]:
        assert set(detail) == DETAIL
    if code is not None:
        assert body["error"] == code
    return body


def test_status_table_is_pinned() -> None:
    assert [(cls.__name__, status) for cls, status in STATUS_BY_ERROR] == [
        ("InputError", 422),
        ("ParseError", 422),
        ("NotFoundError", 404),
        ("UpdateError", 409),
        ("ConfigError", 500),
        ("DualuseError", 400),
    ]
    assert status_for(InputError("x")) == 422
    assert status_for(ParseError("x")) == 422
    assert status_for(NotFoundError("x")) == 404
    assert status_for(UpdateError("x")) == 409
    assert status_for(ConfigError("x")) == 500
    assert status_for(DualuseError("x")) == 400
    assert status_for(ApiError(413, "payload_too_large", "x")) == 413


def test_error_shape_is_pinned(api: Api) -> None:
    body = assert_shape(api.get("/entities/ofac-sdn-0"), 404, "not_found")
    assert body == {
        "error": "not_found",
        "status": 404,
        "message": "no entity 'ofac-sdn-0' in the lists in use",
        "details": [
            {
                "message": "unknown entity id",
                "file": None,
                "line": None,
                "field": "entity_id",
                "value": "ofac-sdn-0",
            }
        ],
    }


def test_missing_and_invalid_keys(api: Api) -> None:
    body = assert_shape(api.client.get("/lists"), 401, "unauthorized")
    assert "Authorization" in body["message"]
    for bad in ("du_00000000_" + "x" * 43, "nonsense", "' OR 1=1 --", api.keys["admin"] + "x"):
        assert_shape(api.client.get("/lists", headers={"X-API-Key": bad}), 401, "unauthorized")
    assert_shape(
        api.client.get("/lists", headers={"Authorization": "Basic Zm9vOmJhcg=="}),
        401,
        "unauthorized",
    )
    ok = api.client.get("/lists", headers={"X-API-Key": api.keys["screener"]})
    assert ok.status_code == 200


def test_roles(api: Api) -> None:
    review = {"hit_id": "H0123456789a", "verdict": "false_positive", "reason": "different DOB"}
    body = assert_shape(api.post("/reviews", "screener", json=review), 403, "forbidden")
    assert "analyst" in body["message"]
    assert_shape(api.post("/lists/update", "analyst", json={}), 403, "forbidden")
    assert_shape(api.get("/keys", "analyst"), 403, "forbidden")
    assert api.get("/keys", "admin").status_code == 200
    # an analyst passes the role check; the hit does not exist
    assert_shape(api.post("/reviews", "analyst", json=review), 404, "not_found")


def test_revoked_key_stops_at_once(api: Api) -> None:
    plain, key = api.app.state.keys.create("temp", "screener")
    assert api.client.get("/lists", headers={"X-API-Key": plain}).status_code == 200
    api.app.state.keys.revoke(key.key_id)
    assert_shape(api.client.get("/lists", headers={"X-API-Key": plain}), 401, "unauthorized")


def test_malformed_json(api: Api) -> None:
    for raw in (b"{", b'{"order": ', b"\xff\xfe", b"[1,2"):
        r = api.post("/screen", content=raw, headers={"Content-Type": "application/json"})
        assert_shape(r, 400, "malformed_json")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"order": {"order_id": 5}}, "order.order_id"),
        ({"order": {"order_id": "A", "parties": "x"}}, "order.parties"),
        ({"order": {"order_id": "A", "colour": "red"}}, "order.colour"),
        ({"order": {"order_id": "A", "parties": [{"role": "king", "name": "X"}]}}, "role"),
        ({"order": {"order_id": "A", "lines": [{"quantity": "many"}]}}, "quantity"),
        ({"order": {"order_id": "A"}, "extra": 1}, "extra"),
        ({"order": {"order_id": ""}}, "order.order_id"),
    ],
)
def test_wrong_types_and_unknown_fields_are_422(api: Api, body: dict, field: str) -> None:
    result = assert_shape(api.post("/screen", json=body), 422, "invalid_input")
    assert any(field in (d["field"] or "") for d in result["details"]), result


def test_values_that_break_a_rule_name_value_and_field(api: Api) -> None:
    body = {
        "order": {
            "order_id": "BAD-1",
            "parties": [{"role": "buyer", "name": "X", "country": "Atlantis"}],
            "lines": [{"hs_code": "85423"}],
        }
    }
    result = assert_shape(api.post("/screen", json=body), 422, "invalid_input")
    fields = {d["field"]: d["message"] for d in result["details"]}
    assert "5 digits" in fields["order.lines[0].hs_code"]
    assert "Atlantis" in fields["order.parties[0].country"]
    assert api.get("/history", params={"order_id": "BAD-1"}).json()["screenings"] == []


def test_order_and_orders_together_is_refused(api: Api) -> None:
    o = {"order_id": "Z"}
    assert_shape(api.post("/screen", json={"order": o, "orders": [o]}), 422, "invalid_input")
    assert_shape(api.post("/screen", json={}), 422, "invalid_input")


def test_match_bad_requests(api: Api) -> None:
    nameless = {"queries": {"q": {"schema": "Person", "properties": {"birthDate": ["1970"]}}}}
    assert_shape(api.post("/match", json=nameless), 422, "invalid_input")
    unknown_prop = {"queries": {"q": {"schema": "Person", "properties": {"name": ["A"], "x": []}}}}
    assert_shape(api.post("/match", json=unknown_prop), 422, "invalid_input")
    bad_schema = {"queries": {"q": {"schema": "Sanction", "properties": {"name": ["A"]}}}}
    assert_shape(api.post("/match", json=bad_schema), 422, "invalid_input")
    assert_shape(api.post("/match", json={"queries": {}}), 422, "invalid_input")
    assert_shape(api.post("/match?limit=0", json=nameless), 422, "invalid_input")


def test_batch_limits(api: Api) -> None:
    limit = api.app.state.settings.max_batch
    orders = [{"order_id": f"B{i}"} for i in range(limit + 1)]
    body = assert_shape(api.post("/screen", json={"orders": orders}), 422, "batch_too_large")
    assert str(limit) in body["message"]
    assert api.get("/history", params={"order_id": "B0"}).json()["screenings"] == []
    many = {
        "queries": {
            f"q{i}": {"schema": "Person", "properties": {"name": ["A B"]}} for i in range(51)
        }
    }
    assert_shape(api.post("/match", json=many), 422, "batch_too_large")


def test_huge_body_is_413(api: Api) -> None:
    limit = api.app.state.settings.max_body_bytes
    big = b'{"order": {"order_id": "HUGE", "end_use": "' + b"a" * (limit + 10) + b'"}}'
    r = api.post("/screen", content=big, headers={"Content-Type": "application/json"})
    body = assert_shape(r, 413, "payload_too_large")
    assert str(limit) in body["message"]

    def chunks():  # no Content-Length: the limit counts what arrives
        yield b'{"order": {"order_id": "HUGE2", "end_use": "'
        for _ in range(limit // 65536 + 2):
            yield b"a" * 65536
        yield b'"}}'

    r = api.post("/screen", content=chunks(), headers={"Content-Type": "application/json"})
    assert_shape(r, 413, "payload_too_large")
    for order_id in ("HUGE", "HUGE2"):
        assert api.get("/history", params={"order_id": order_id}).json()["screenings"] == []


def test_unknown_route_and_method(api: Api) -> None:
    assert_shape(api.get("/nope"), 404, "not_found")
    assert_shape(api.client.put("/healthz"), 405, "method_not_allowed")


def test_sql_and_script_shaped_names_are_stored_and_returned_as_text(api: Api) -> None:
    names = [
        "Robert'); DROP TABLE audit_screenings;--",
        '<script>alert("x")</script> Trading LLC',
        "<img src=x onerror=alert(1)>",
        "1' OR '1'='1",
    ]
    for i, name in enumerate(names):
        order = {"order_id": f"INJ-{i} {name}", "parties": [{"role": "buyer", "name": name}]}
        r = api.post("/screen", json={"order": order})
        assert r.status_code == 200, r.text
        assert r.json()["results"][0]["parties"][0]["name"] == name
    for i, name in enumerate(names):
        rows = api.get("/history", params={"order_id": f"INJ-{i} {name}"}).json()["screenings"]
        assert len(rows) == 1
        stored = api.get(f"/history/{rows[0]['screening_id']}").json()
        assert stored["parties"][0]["name"] == name
    assert api.get("/search", params={"q": names[0]}).status_code == 200
    # the page puts data in with textContent only
    js = api.client.get("/static/app.js").text
    assert "innerHTML" not in js.replace("innerHTML is never used", "")
    assert "insertAdjacentHTML" not in js and "document.write" not in js


def test_refused_reviews_store_nothing(api: Api) -> None:
    order = {"order_id": "RV-1", "parties": [{"role": "buyer", "name": "Generation Trading FZE"}]}
    hit_id = api.post("/screen", json={"order": order}).json()["results"][0]["party_hits"][0][
        "hit_id"
    ]
    for body in (
        {"hit_id": hit_id, "verdict": "maybe", "reason": "x"},
        {"hit_id": hit_id, "verdict": "false_positive", "reason": "   "},
        {"hit_id": hit_id, "verdict": "false_positive"},
        {"hit_id": hit_id, "verdict": "false_positive", "reason": "x", "by": "someone else"},
        {"hit_id": "'; DELETE FROM audit_reviews;--", "verdict": "true_positive", "reason": "x"},
    ):
        assert_shape(api.post("/reviews", "analyst", json=body), 422, "invalid_input")
    assert api.get("/reviews", params={"hit_id": hit_id}).json()["reviews"] == []
    ok = api.post(
        "/reviews", "analyst", json={"hit_id": hit_id, "verdict": "true_positive", "reason": "x"}
    )
    assert ok.status_code == 200
    assert ok.json()["review"]["reviewed_by"] == "analyst-test"  # who: from the key, not the body


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("a.csv", b"\xff\xfe\x00\x81garbage\n1,2", "UTF-8"),
        ("a.xlsx", b"PK\x03\x04garbage", "Excel"),
        ("a.json", b"{not json", "not valid JSON"),
        ("a.csv", b"", "empty"),
        ("a.csv", b"foo,bar\n1,2\n", "missing required column"),
    ],
)
def test_broken_uploads_are_422_and_store_nothing(
    api: Api, name: str, data: bytes, said: str
) -> None:
    before = len(api.get("/history", params={"limit": 1000}).json()["screenings"])
    r = api.post("/screen/file", files={"file": (name, data, "application/octet-stream")})
    body = assert_shape(r, 422)
    assert said in body["message"]
    assert len(api.get("/history", params={"limit": 1000}).json()["screenings"]) == before


def test_upload_over_the_limit_is_413(api: Api) -> None:
    size = api.app.state.settings.max_upload_bytes + 1
    r = api.post("/screen/file", files={"file": ("big.csv", b"a" * size, "text/csv")})
    assert_shape(r, 413, "payload_too_large")
