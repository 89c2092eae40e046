"""What every list parser returns, and the helpers they share.

A parser reads one publisher's own file format and returns a :class:`ParsedList`:
FollowTheMoney entities (the listed parties, their ``Sanction`` records and
``UnknownLink`` relations) plus what is needed to record the list version
(publisher date, checksum of the exact bytes read). A parser either returns a
whole list or raises :class:`dualuse.errors.ParseError`; it never returns half
a file, so a damaged download can never reach the store.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from followthemoney import Dataset, StatementEntity

#: Schemata that are screened as parties (the others are records about them).
PARTY_SCHEMATA = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")


@dataclass
class ParsedList:
    """One parsed version of one list."""

    source: str  #: registry key, e.g. ``ofac_sdn``
    version_date: str | None  #: ISO date the publisher states for this version
    checksum: str  #: sha256 over the bytes of the file(s) read
    files: list[str]  #: file names read, for provenance
    entities: list[StatementEntity] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  #: what the parser skipped or merged, and why

    def counts(self) -> dict[str, int]:
        """Entities by schema, e.g. ``{"Person": 4620, "Sanction": 8976}``."""
        return dict(sorted(Counter(e.schema.name for e in self.entities).items()))

    @property
    def party_count(self) -> int:
        """Number of listed parties (the figure a count-drop check compares)."""
        return sum(1 for e in self.entities if e.schema.name in PARTY_SCHEMATA)


def make_dataset(source: str, title: str | None = None) -> Dataset:
    """The FtM dataset whose name tags every statement of a source."""
    return Dataset.make({"name": source, "title": title or source})


def checksum_files(paths: Iterable[Path]) -> str:
    """sha256 over the files in the order given (the identity of a list version)."""
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()
