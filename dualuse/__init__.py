"""dualuse: screen parties, goods and routes against sanctions, export-control
and drone-component lists, with every decision explained.

Public Python API: :func:`match` (parties), :func:`screen_goods` (goods lines),
:func:`read_orders` and :func:`screen_order` (whole orders), :func:`open_store`.
They are imported on first use so that ``import dualuse`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("dualuse")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+local"

_LAZY = {
    "match": "dualuse.api",
    "screen_goods": "dualuse.goods",
    "read_orders": "dualuse.screening",
    "screen_order": "dualuse.screening",
    "open_store": "dualuse.store",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dualuse' has no attribute {name!r}")
