"""Settings of the HTTP server, read from ``DUALUSE_SERVER_*`` environment variables.

One typed place, one prefix, every value commented and validated: a value
that cannot be parsed stops the server at start-up with a :class:`ConfigError`
naming the variable, never a silent default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from dualuse.errors import ConfigError, ErrorDetail

PREFIX = "DUALUSE_SERVER_"


def _int(name: str, default: int, lo: int, hi: int) -> int:
    raw = os.environ.get(PREFIX + name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = lo - 1
    if not lo <= value <= hi:
        raise ConfigError(
            f"{PREFIX}{name}={raw!r} is not a whole number between {lo} and {hi}",
            [ErrorDetail("must be an integer in range", field=PREFIX + name, value=raw)],
        )
    return value


@dataclass(frozen=True)
class ServerSettings:
    #: Largest request body accepted, in bytes; larger bodies get 413.
    max_body_bytes: int = 2 * 1024 * 1024
    #: Largest uploaded order file, in bytes (multipart upload to ``/screen/file``).
    max_upload_bytes: int = 5 * 1024 * 1024
    #: Most orders in one ``POST /screen`` batch; more get 422.
    max_batch: int = 100
    #: Most queries in one ``POST /match``; more get 422.
    max_match_queries: int = 50
    #: Most results per query (``limit`` of ``/match`` and ``/search``).
    max_limit: int = 100
    #: Most parties in one order.
    max_parties: int = 50
    #: Most goods lines in one order.
    max_lines: int = 500
    #: Seconds between checks of the store for list versions swapped in by another
    #: process (``dualuse update``, another worker); 0 turns the check off.
    reload_seconds: int = 60


def load_server_settings() -> ServerSettings:
    """Read and validate the server settings from the environment."""
    return ServerSettings(
        max_body_bytes=_int("MAX_BODY_BYTES", 2 * 1024 * 1024, 1024, 1024**3),
        max_upload_bytes=_int("MAX_UPLOAD_BYTES", 5 * 1024 * 1024, 1024, 1024**3),
        max_batch=_int("MAX_BATCH", 100, 1, 100_000),
        max_match_queries=_int("MAX_MATCH_QUERIES", 50, 1, 10_000),
        max_limit=_int("MAX_LIMIT", 100, 1, 1000),
        max_parties=_int("MAX_PARTIES", 50, 1, 10_000),
        max_lines=_int("MAX_LINES", 500, 1, 100_000),
        reload_seconds=_int("RELOAD_SECONDS", 60, 0, 86_400),
    )
