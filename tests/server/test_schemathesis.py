"""Property-based requests generated from the OpenAPI description find no 5xx.

Schemathesis generates bodies, query strings and path values that fit (and, in
its negative phases, do not fit) the schema of every operation; each answer
must be below 500 and, when it is an error, in the one error shape. The
examples per operation are bounded so the run stays well under a minute.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.server.conftest import loaded_store, make_app

SHAPE = {"error", "status", "message", "details"}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    app = make_app(loaded_store(f"sqlite:///{folder / 'store.sqlite'}"), folder)
    # an analyst key: every operation but the admin ones is reached past authentication
    app.state.schemathesis_key = app.state.keys.create("schemathesis", "analyst")[0]
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("DUALUSE_SCHEMATHESIS_EXAMPLES", "10")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors(case) -> None:  # noqa: ANN001
    key = case.operation.schema.app.state.schemathesis_key
    response = case.call(headers={"X-API-Key": key})
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    if response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
        body = response.json()
        assert set(body) == SHAPE, body
        assert body["status"] == response.status_code
