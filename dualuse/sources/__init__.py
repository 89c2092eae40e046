"""Parsers of the publishers' own list files, one module per format.

Each module exposes ``parse(paths, *, source=...) -> ParsedList``; the table of
sources (key, publisher, official addresses, expected files) is
:data:`dualuse.sources.registry.SOURCES`. Modules are imported on first use.
"""

from dualuse.sources.base import PARTY_SCHEMATA, ParsedList

__all__ = ["PARTY_SCHEMATA", "ParsedList"]
