"""Fixtures of the goods tests: small copies of the reference files, never /work/shared."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures" / "goods"


@pytest.fixture(scope="session")
def chpl_reference() -> list[dict[str, str]]:
    """The 50 CHPL rows as copied from the reference file (BIS, 23 Feb 2024)."""
    with (FIXTURES / "chpl_reference.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
