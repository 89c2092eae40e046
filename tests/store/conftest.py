"""Store tests run against every store backend: SQLite always, and PostgreSQL when
``DUALUSE_TEST_POSTGRES_URL`` names a server (``.ci/run`` starts one)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from dualuse.store import Store

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("DUALUSE_TEST_POSTGRES_URL") else [])


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path) -> Store:
    if request.param == "sqlite":
        yield Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
        return
    base = os.environ["DUALUSE_TEST_POSTGRES_URL"]
    name = f"dualuse_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + "/" + name
    store = Store(url)
    yield store
    store.engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}"'))
    admin.dispose()
