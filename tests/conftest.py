"""Shared test set-up: every test gets its own empty data folder, so no test
reads or writes the user's real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

FIXTURES = Path(__file__).parent / "fixtures"

# Property tests assert behaviour, not speed (speed is measured under bench/): no
# per-example deadline, which a loaded machine or a first call that loads ICU's
# tables would miss for reasons that have nothing to do with the property.
settings.register_profile("dualuse", deadline=None)
settings.load_profile("dualuse")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    data_dir = tmp_path_factory.mktemp("dualuse-data")
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(data_dir))
    monkeypatch.delenv("DUALUSE_DATABASE_URL", raising=False)
    yield data_dir


@pytest.fixture(scope="session")
def snapshot_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose store holds the whole shipped snapshot (loaded once per run).

    Tests that read from it must not write to it; use ``monkeypatch.setenv(
    "DUALUSE_DATA_DIR", str(snapshot_data_dir))`` to point commands at it.
    """
    from dualuse.config import Settings
    from dualuse.store import open_store

    folder = tmp_path_factory.mktemp("dualuse-snapshot")
    open_store(Settings(data_dir=folder)).engine.dispose()
    return folder
