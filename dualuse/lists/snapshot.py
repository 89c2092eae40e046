"""The shipped snapshot: the publishers' own files, gzipped, inside the package.

A fresh install screens with no network: on first use every source of the
manifest that has no version in use is parsed from its shipped file and stored.
The manifest states each file's origin, the date of the version and the sha256
of the uncompressed bytes, which is checked before parsing. Rebuild it with
``python scripts/build_snapshot.py``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from dualuse.errors import ErrorDetail, ParseError
from dualuse.store.store import LoadResult, Store

log = logging.getLogger(__name__)

SNAPSHOT_PACKAGE = "dualuse.lists.data.snapshot"


@dataclass(frozen=True)
class SnapshotSource:
    source: str
    version_date: str
    files: list[dict[str, str]]  # name, path (in package), sha256, origin
    note: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SnapshotSource:
        return cls(data["source"], data["version_date"], data["files"], data.get("note", ""))


def manifest() -> list[SnapshotSource]:
    """The sources the package ships, in load order."""
    text = resources.files(SNAPSHOT_PACKAGE).joinpath("manifest.json").read_text("utf-8")
    return [SnapshotSource.from_dict(d) for d in json.loads(text)["sources"]]


def extract(entry: SnapshotSource, folder: Path) -> list[Path]:
    """Decompress one source's files into ``folder`` and check their checksums."""
    paths = []
    for item in entry.files:
        target = folder / item["name"]
        with resources.files(SNAPSHOT_PACKAGE).joinpath(item["path"]).open("rb") as raw:
            with gzip.open(raw) as unzipped, open(target, "wb") as out:
                shutil.copyfileobj(unzipped, out)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        if digest != item["sha256"]:
            raise ParseError(
                f"shipped snapshot file {item['path']} is damaged (checksum mismatch)",
                [ErrorDetail("sha256 differs from the manifest", file=item["path"], value=digest)],
            )
        paths.append(target)
    return paths


def load_entry(store: Store, entry: SnapshotSource) -> LoadResult:
    """Parse and store one shipped source."""
    from dualuse.sources.registry import SOURCES

    spec = SOURCES[entry.source]
    with tempfile.TemporaryDirectory(prefix="dualuse-snapshot-") as tmp:
        paths = extract(entry, Path(tmp))
        parsed = spec.parse(paths, source=entry.source)
    # A legacy SDN CSV carries no date of its own: the manifest says which day it is.
    parsed.version_date = parsed.version_date or entry.version_date
    return store.load(parsed, title=spec.title, origin="snapshot")


def ensure_snapshot(store: Store) -> list[LoadResult]:
    """Load every shipped source that has no version in use yet."""
    have = {v.source for v in store.active_versions()}
    results = []
    for entry in manifest():
        if entry.source in have:
            continue
        log.info("loading shipped snapshot of %s (%s)", entry.source, entry.version_date)
        results.append(load_entry(store, entry))
    return results
