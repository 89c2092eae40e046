"""Settings, in one typed place, all read from ``DUALUSE_*`` environment variables.

Every setting is documented here and in ``docs/configuration.md``. A value
that cannot be parsed is an error at start-up, never a silent default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dualuse.errors import ConfigError, ErrorDetail

PREFIX = "DUALUSE_"


def _default_data_dir() -> Path:
    # XDG on Linux; ~/Library and %APPDATA% would go here for other systems.
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dualuse"


def _float(name: str, default: float, lo: float, hi: float) -> float:
    raw = os.environ.get(PREFIX + name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not (lo <= value <= hi):
        raise ConfigError(
            f"{PREFIX}{name}={raw!r} is not a number between {lo} and {hi}",
            [ErrorDetail("must be a number in range", field=PREFIX + name, value=raw)],
        )
    return value


@dataclass(frozen=True)
class Settings:
    #: Folder for the embedded store and the persisted match index.
    data_dir: Path = field(default_factory=_default_data_dir)
    #: SQLAlchemy URL of the store; default: SQLite file in ``data_dir``.
    #: For a shared server: ``postgresql+psycopg://user:pass@host/dualuse``.
    database_url: str = ""
    #: An update whose party count falls by more than this fraction is refused.
    update_max_drop: float = 0.2
    #: Seconds before a list download is given up.
    update_timeout: float = 60.0

    @property
    def store_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'dualuse.sqlite'}"


def load_settings() -> Settings:
    """Read the settings from the environment (validated)."""
    data_dir = os.environ.get(PREFIX + "DATA_DIR")
    return Settings(
        data_dir=Path(data_dir).expanduser() if data_dir else _default_data_dir(),
        database_url=os.environ.get(PREFIX + "DATABASE_URL", ""),
        update_max_drop=_float("UPDATE_MAX_DROP", 0.2, 0.0, 1.0),
        update_timeout=_float("UPDATE_TIMEOUT", 60.0, 1.0, 3600.0),
    )
