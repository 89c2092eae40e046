"""Read the packaged data files of :mod:`dualuse.normalize`, once (cached)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """Parse ``dualuse/normalize/data/<name>`` (YAML); the result is shared, do not mutate."""
    text = resources.files("dualuse.normalize.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)
