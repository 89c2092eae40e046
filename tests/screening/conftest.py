"""Fixtures of the screening tests: a real store loaded from SDN excerpts, the real
matcher built on it, and builders for orders."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from dualuse.screening import Order, Party, ScreeningConfig
from dualuse.screening.model import GoodsLine, Route
from dualuse.screening.pipeline import Screener
from tests.screening.fakes import DRONE_NETWORK, FakeMatcher, FakeStore, fake_goods, make_query

FIXTURES = Path(__file__).parent.parent / "fixtures" / "screening"


def load_sdn(store: Any, day: str) -> Any:
    from dualuse.sources.ofac_csv import parse

    parsed = parse([FIXTURES / f"sdn_{day}.csv"])
    parsed.version_date = day
    return store.load(parsed)


BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("DUALUSE_TEST_POSTGRES_URL") else [])


@pytest.fixture(params=BACKENDS)
def sdn_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A store with the 2024-05-02 SDN excerpt, on every backend (PostgreSQL when
    ``DUALUSE_TEST_POSTGRES_URL`` names a server, as in ``.ci/run``)."""
    from dualuse.store import Store

    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
        load_sdn(store, "2024-05-02")
        yield store
        return
    base = os.environ["DUALUSE_TEST_POSTGRES_URL"]
    name = f"dualuse_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    store = Store(base.rsplit("/", 1)[0] + "/" + name)
    load_sdn(store, "2024-05-02")
    yield store
    store.engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}"'))
    admin.dispose()


@pytest.fixture
def fake_screener() -> Screener:
    config = ScreeningConfig.load(goods=fake_goods)
    config.query_factory = make_query
    return Screener(store=FakeStore(), matcher=FakeMatcher(DRONE_NETWORK), config=config)


def order(
    *,
    parties: list[tuple[str, str, str | None]] | None = None,
    lines: list[dict[str, Any]] | None = None,
    route: dict[str, Any] | None = None,
    **kw: Any,
) -> Order:
    """An order from short specs: parties as (role, name, country)."""
    o = Order(order_id=kw.pop("order_id", "T-1"), **kw)
    for role, name, country in parties or [("buyer", "Example Buyer GmbH", "DE")]:
        o.parties.append(Party(role=role, name=name, country=country))
    for i, spec in enumerate(lines or [], start=1):
        o.lines.append(GoodsLine(line=i, **spec))
    o.route = Route(**(route or {}))
    return o
