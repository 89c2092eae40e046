"""The endpoints against a real store: answers, provenance and list versions."""

from __future__ import annotations

from tests.server.conftest import Api

ORDER = {
    "order_id": "SO-1001",
    "customer_id": "C-77",
    "parties": [
        {"role": "buyer", "name": "Generation Trading FZE", "country": "AE"},
        {"role": "end_user", "name": "Alabuga Machinery LLC", "country": "Russia"},
    ],
    "lines": [{"hs_code": "8542.31", "description": "microcontroller", "quantity": 100}],
}


def test_health_needs_no_key_and_readiness_names_versions(api: Api) -> None:
    assert api.client.get("/healthz").json()["status"] == "ok"
    ready = api.client.get("/readyz")
    assert ready.status_code == 200
    assert [v["label"] for v in ready.json()["list_versions"]] == ["ofac_sdn@2024-05-02"]


def test_every_response_names_the_list_versions_in_a_header(api: Api) -> None:
    for response in (api.get("/lists"), api.client.get("/healthz"), api.client.get("/lists")):
        assert response.headers["X-Dualuse-List-Versions"] == "ofac_sdn@2024-05-02"


def test_lists(api: Api) -> None:
    body = api.get("/lists").json()
    assert body["versions"][0]["source"] == "ofac_sdn"
    assert body["versions"][0]["party_count"] == 20


def test_entity_with_provenance_and_sanction(api: Api) -> None:
    body = api.get("/entities/ofac-sdn-16418").json()
    assert body["caption"] == "QODS AVIATION INDUSTRIES"
    assert body["provenance"]["list_version"] == "ofac_sdn@2024-05-02"
    assert body["provenance"]["files"] == ["sdn_2024-05-02.csv", "sdn_2024-05-03_people.csv"]
    assert any(s["prop"] == "name" for s in body["statements"])
    assert body["sanctions"] and body["sanctions"][0]["schema"] == "Sanction"
    assert api.get("/entities/nope-1").status_code == 404


def test_match_accepts_the_yente_shape(api: Api) -> None:
    body = {
        "queries": {
            "q1": {
                "schema": "Person",
                "properties": {
                    "name": ["Mohammad Reza Mehdipur"],
                    "birthDate": ["1975-08-06"],
                    "nationality": ["ir"],
                },
            },
            "q2": {"schema": "Company", "properties": {"name": "Qods Aviation Industries"}},
            "q3": {"schema": "Person", "properties": {"name": ["Jane Nobody"]}},
        },
        "weights": {"name_literal": 0.8},
    }
    r = api.post("/match/default?limit=3", json=body)
    assert r.status_code == 200, r.text
    out = r.json()
    q1 = out["responses"]["q1"]["results"]
    assert q1[0]["id"] == "ofac-sdn-26546" and q1[0]["match"] is True
    assert q1[0]["features"] and q1[0]["explanation"]
    # what yente clients read to rebuild the entity
    assert q1[0]["schema"] == "Person" and q1[0]["datasets"] == ["ofac_sdn"]
    assert q1[0]["properties"]["birthDate"] == ["1975-08-06"]
    assert any("birth" in f["name"] for f in q1[0]["features"])
    assert out["responses"]["q2"]["results"][0]["id"] == "ofac-sdn-16418"
    assert out["responses"]["q3"]["results"] == []
    assert out["list_versions"][0]["label"] == "ofac_sdn@2024-05-02"
    assert api.post("/match", json=body).json()["responses"].keys() == {"q1", "q2", "q3"}


def test_match_unknown_dataset_is_404(api: Api) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["x"]}}}}
    r = api.post("/match/eu_fsf", json=body)
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_search(api: Api) -> None:
    body = api.get("/search", params={"q": "alabuga", "threshold": 0.1}).json()
    ids = [h["entity_id"] for h in body["results"]]
    assert {"ofac-sdn-45708", "ofac-sdn-45713"} <= set(ids)
    scores = [h["score"] for h in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_goods(api: Api) -> None:
    r = api.get("/goods", params={"code": "854231"})
    assert r.status_code == 200, r.text
    assert any(h["list"] == "CHPL" for h in r.json()["hits"])
    bad = api.get("/goods", params={"code": "85423"})
    assert bad.status_code == 422 and "85423" in bad.json()["message"]
    assert api.get("/goods").status_code == 422


def test_screen_one_order_is_stored_with_versions(api: Api) -> None:
    r = api.post("/screen", json={"order": ORDER})
    assert r.status_code == 200, r.text
    result = r.json()["results"][0]
    assert result["decision"] == "block"
    assert {h["entity_id"] for h in result["party_hits"]} >= {"ofac-sdn-47230", "ofac-sdn-45713"}
    assert result["list_versions"][0]["version_date"] == "2024-05-02"
    history = api.get("/history", params={"order_id": "SO-1001"}).json()["screenings"]
    assert history and history[0]["screening_id"] == result["screening_id"]
    stored = api.get(f"/history/{result['screening_id']}").json()
    assert stored["order_id"] == "SO-1001"


def test_screen_batch(api: Api) -> None:
    clean = {"order_id": "SO-2", "parties": [{"role": "buyer", "name": "Siemens AG"}]}
    r = api.post("/screen", json={"orders": [ORDER | {"order_id": "SO-1"}, clean]})
    assert r.status_code == 200, r.text
    decisions = {x["order_id"]: x["decision"] for x in r.json()["results"]}
    assert decisions["SO-1"] == "block" and decisions["SO-2"] == "clear"


def test_screen_party_uses_schema_and_birth_date(api: Api) -> None:
    r = api.post(
        "/screen/party",
        json={"name": "Akbar Motallebizadeh", "schema": "Person", "birth_date": "1963-07-23"},
    )
    assert r.status_code == 200, r.text
    hit = r.json()["results"][0]["party_hits"][0]
    assert hit["entity_id"] == "ofac-sdn-26548"
    assert any(f["name"].startswith("birth") and f["weight"] > 0 for f in hit["features"])


def test_screen_file_upload(api: Api) -> None:
    csv = "order_id,buyer_name,buyer_country,hs_code\nF-1,Grend Si LLC,RU,854231\n"
    r = api.post("/screen/file", files={"file": ("orders.csv", csv.encode(), "text/csv")})
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["order_id"] == "F-1"
    bad = api.post("/screen/file", files={"file": ("orders.exe", b"MZ", "application/x")})
    assert bad.status_code == 422


def test_metrics(api: Api) -> None:
    api.get("/lists")
    text = api.get("/metrics").text
    assert "dualuse_http_requests_total" in text and 'route="/lists"' in text
    assert "dualuse_ready 1.0" in text
    assert api.client.get("/metrics").status_code == 401


def test_web_page_is_served_offline(api: Api) -> None:
    page = api.client.get("/")
    assert page.status_code == 200 and "<title>" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from a CDN
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert api.client.get("/static/app.js").status_code == 200


def test_openapi_description_and_no_cdn_docs_page(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    assert {"/match", "/match/{dataset}", "/screen", "/reviews", "/history", "/search"} <= set(
        spec["paths"]
    )
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert api.client.get("/docs").status_code == 404
