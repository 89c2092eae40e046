"""Read the packaged data files of :mod:`dualuse.normalize`, once (cached)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

# libyaml's loader when PyYAML was built with it (8x faster on the glossary), same results
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> Any:
    """Parse ``dualuse/normalize/data/<name>`` (YAML); the result is shared, do not mutate."""
    text = resources.files("dualuse.normalize.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python
