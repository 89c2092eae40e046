"""A small real store (OFAC SDN rows copied from real files), an app on it, and keys.

API tests share one SQLite-backed app per module (building it is the slow part);
the store tests of the server's own tables (keys, reviews) run on every backend,
SQLite always and PostgreSQL when ``DUALUSE_TEST_POSTGRES_URL`` names a server,
with the pattern of ``tests/store/conftest.py``.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from dualuse.matching import get_matcher
from dualuse.server import create_app
from dualuse.sources.base import ParsedList
from dualuse.sources.ofac_csv import parse
from dualuse.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures" / "server"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("DUALUSE_TEST_POSTGRES_URL") else [])


def sdn_version(day: str) -> ParsedList:
    """The network rows of ``day`` plus three individuals, as one ``ofac_sdn`` version."""
    network = parse(FIXTURES / f"sdn_{day}.csv")
    people = parse(FIXTURES / "sdn_2024-05-03_people.csv")
    return dataclasses.replace(
        network,
        version_date=day,
        checksum=network.checksum[:32] + people.checksum[:32],
        entities=list(network.entities) + list(people.entities),
        files=network.files + people.files,
    )


def loaded_store(url: str) -> Store:
    store = Store(url)
    store.load(sdn_version("2024-05-02"), title="OFAC SDN (test excerpt)")
    return store


@pytest.fixture(params=BACKENDS)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store on each backend."""
    if request.param == "sqlite":
        yield Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
        return
    base = os.environ["DUALUSE_TEST_POSTGRES_URL"]
    name = f"dualuse_srv_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    store = Store(base.rsplit("/", 1)[0] + "/" + name)
    yield store
    store.engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def make_app(store: Store, data_dir: Path, **kw):  # noqa: ANN201 - FastAPI
    return create_app(
        store,
        load_snapshot=False,
        background=False,
        matcher_factory=lambda s: get_matcher(s, data_dir=data_dir),
        **kw,
    )


class Api:
    """A TestClient with one key per role."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app
        self.client = TestClient(app)
        self.keys = {
            role: app.state.keys.create(f"{role}-test", role)[0]
            for role in ("screener", "analyst", "admin")
        }

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}

    def get(self, url: str, role: str = "screener", **kw):  # noqa: ANN201
        return self.client.get(url, headers=self.auth(role), **kw)

    def post(self, url: str, role: str = "screener", **kw):  # noqa: ANN201
        headers = {**self.auth(role), **kw.pop("headers", {})}
        return self.client.post(url, headers=headers, **kw)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    folder = tmp_path_factory.mktemp("server")
    store = loaded_store(f"sqlite:///{folder / 'store.sqlite'}")
    return Api(make_app(store, folder))
