"""``dualuse update``: fetch the current lists from their publishers, check, swap.

Each source is fetched into a temporary folder, parsed in full and checked
(parties present, party count not fallen by more than the configured fraction)
before :meth:`Store.load` swaps it in within one transaction. Any failure (no
network, HTTP error, a file that does not parse, a count drop) leaves the
version in use untouched and is reported as an :class:`UpdateError`.

The official addresses are in :mod:`dualuse.sources.registry`; override them per
source with ``DUALUSE_URL_<SOURCE>`` (comma-separated, in the order of the
source's files) or ``--url``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dualuse import __version__
from dualuse.config import Settings, load_settings
from dualuse.errors import DualuseError, ErrorDetail, UpdateError
from dualuse.store.store import LoadResult, Store

#: A download larger than this is refused (the biggest official list is ~30 MB).
MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024


@dataclass
class UpdateOutcome:
    source: str
    ok: bool
    message: str
    result: LoadResult | None = None


def source_urls(source: str, default: Sequence[str], override: Sequence[str] | None) -> list[str]:
    if override:
        return list(override)
    env = os.environ.get(f"DUALUSE_URL_{source.upper()}")
    if env:
        return [u.strip() for u in env.split(",") if u.strip()]
    return list(default)


def download(url: str, target: Path, timeout: float) -> None:
    """Fetch one URL (http, https or file) to ``target``; raise UpdateError on failure."""
    request = urllib.request.Request(url, headers={"User-Agent": f"dualuse/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp, open(target, "wb") as out:
            copied = 0
            while block := resp.read(1 << 20):
                copied += len(block)
                if copied > MAX_DOWNLOAD_BYTES:
                    raise UpdateError(
                        f"download of {url} exceeds {MAX_DOWNLOAD_BYTES} bytes; refused",
                        [ErrorDetail("download too large", field="url", value=url)],
                    )
                out.write(block)
    except urllib.error.HTTPError as exc:
        raise UpdateError(
            f"download of {url} failed: HTTP {exc.code} {exc.reason}",
            [ErrorDetail("HTTP error", field="url", value=url)],
        ) from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UpdateError(
            f"could not download {url}: {reason} (no network, or the address is unreachable)",
            [ErrorDetail("network error", field="url", value=url)],
        ) from exc


def update_source(
    store: Store,
    source: str,
    *,
    urls: Sequence[str] | None = None,
    local_files: Sequence[Path] | None = None,
    settings: Settings | None = None,
) -> LoadResult:
    """Fetch (or take ``local_files``), parse, check and swap in one source."""
    from dualuse.sources.registry import SOURCES

    settings = settings or load_settings()
    if source not in SOURCES:
        raise UpdateError(
            f"unknown source {source!r}; known: {', '.join(sorted(SOURCES))}",
            [ErrorDetail("unknown source", field="source", value=source)],
        )
    spec = SOURCES[source]
    current = store.active_version(source)
    keeping = f"keeping {current.label}" if current else "nothing is in use for it"
    with tempfile.TemporaryDirectory(prefix=f"dualuse-update-{source}-") as tmp:
        paths: list[Path] = []
        if local_files:
            for path in local_files:
                target = Path(tmp) / Path(path).name
                shutil.copyfile(path, target)
                paths.append(target)
        else:
            names = list(spec.files)
            optional = set(getattr(spec, "optional", ()) or ())
            for index, url in enumerate(source_urls(source, spec.urls, urls)):
                name = names[index] if index < len(names) else Path(url).name
                target = Path(tmp) / name
                try:
                    download(url, target, settings.update_timeout)
                except UpdateError as exc:
                    if name in optional:
                        continue
                    raise UpdateError(f"{source}: {exc.message}; {keeping}", exc.details) from exc
                paths.append(target)
        try:
            parsed = spec.parse(paths, source=source)
        except DualuseError as exc:
            raise UpdateError(
                f"{source}: the new file does not parse ({exc.message}); {keeping}",
                exc.details,
            ) from exc
        return store.load(
            parsed, title=spec.title, origin="update", max_drop=settings.update_max_drop
        )


def update_sources(
    store: Store,
    sources: Sequence[str],
    *,
    urls: Sequence[str] | None = None,
    local_files: Sequence[Path] | None = None,
    settings: Settings | None = None,
) -> list[UpdateOutcome]:
    """Update each source in turn; one failing source does not stop the others."""
    outcomes = []
    for source in sources:
        try:
            result = update_source(
                store, source, urls=urls, local_files=local_files, settings=settings
            )
        except DualuseError as exc:
            outcomes.append(UpdateOutcome(source, False, str(exc)))
            continue
        if result.unchanged:
            msg = f"{source}: unchanged (same checksum as {result.version.label})"
        else:
            was = f" (was {result.replaced.label})" if result.replaced else ""
            msg = f"{source}: now {result.version.label}, {result.version.party_count} parties{was}"
        outcomes.append(UpdateOutcome(source, True, msg, result))
    return outcomes
