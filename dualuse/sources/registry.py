"""Every list dualuse can read: its key, publisher, format, parser, official
download addresses and the file names it expects.

The addresses are defaults: ``dualuse update`` lets the user override them
(see :mod:`dualuse.lists.update`). Each address says in a comment whether it was
checked against the publisher's own documentation or a public consumer of it;
the ones marked "unverified" should be confirmed by the user before relying on
them. Parsers are imported on first use, so reading this table is cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dualuse.sources.base import ParsedList

ParseFn = Callable[..., ParsedList]


@dataclass(frozen=True)
class SourceSpec:
    """One list source."""

    name: str  #: registry key, e.g. ``ofac_sdn``
    title: str
    publisher: str
    format: str  #: the module under dualuse.sources that reads it
    parse: ParseFn  #: ``parse(paths, *, source=name) -> ParsedList``
    urls: tuple[str, ...]  #: official download addresses, in the order of ``files``
    files: tuple[str, ...]  #: expected file names (the download is saved under these)
    optional: tuple[str, ...] = ()  #: files that may be missing

    @property
    def required_files(self) -> tuple[str, ...]:
        return tuple(f for f in self.files if f not in self.optional)


def _lazy(module: str) -> ParseFn:
    def parse(paths: Path | Sequence[Path], *, source: str | None = None) -> ParsedList:
        mod = importlib.import_module(f"dualuse.sources.{module}")
        if source is None:
            return mod.parse(paths)  # type: ignore[no-any-return]
        return mod.parse(paths, source=source)  # type: ignore[no-any-return]

    parse.__name__ = f"{module}.parse"
    parse.__doc__ = f"Parse with :func:`dualuse.sources.{module}.parse` (imported on first use)."
    return parse


# Checked: the OFAC Sanctions List Service serves every export under this base
# (the enhanced XML names it in its own xsi:schemaLocation).
_OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports"

SOURCES: dict[str, SourceSpec] = {
    spec.name: spec
    for spec in (
        SourceSpec(
            name="ofac_sdn",
            title="OFAC Specially Designated Nationals (SDN) List",
            publisher="US Treasury, Office of Foreign Assets Control",
            format="ofac_csv",
            parse=_lazy("ofac_csv"),
            urls=(
                f"{_OFAC}/SDN.CSV",
                f"{_OFAC}/ALT.CSV",
                f"{_OFAC}/ADD.CSV",
                f"{_OFAC}/SDN_COMMENTS.CSV",
            ),
            files=("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"),
            optional=("alt.csv", "add.csv", "sdn_comments.csv"),
        ),
        SourceSpec(
            name="ofac_cons",
            title="OFAC Consolidated (non-SDN) Sanctions List",
            publisher="US Treasury, Office of Foreign Assets Control",
            format="ofac_xml",
            parse=_lazy("ofac_xml"),
            urls=(f"{_OFAC}/CONS_ENHANCED.XML",),
            files=("CONS_ENHANCED.XML",),
        ),
        SourceSpec(
            name="un_sc",
            title="UN Security Council Consolidated List",
            publisher="United Nations Security Council",
            format="un_xml",
            parse=_lazy("un_xml"),
            # Unverified here (no network): the address the UN's consolidated-list
            # page gives for the XML.
            urls=("https://scsanctions.un.org/resources/xml/en/consolidated.xml",),
            files=("consolidated.xml",),
        ),
        SourceSpec(
            name="us_csl",
            title="US Consolidated Screening List (BIS, State; Treasury rows left to OFAC)",
            publisher="US Department of Commerce, International Trade Administration",
            format="us_csl",
            parse=_lazy("us_csl"),
            # Unverified here (no network): ITA's data.trade.gov CSV download.
            urls=(
                "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
            ),
            files=("consolidated.csv",),
        ),
        SourceSpec(
            name="bis_dpl",
            title="BIS Denied Persons List",
            publisher="US Department of Commerce, Bureau of Industry and Security",
            format="bis_dpl",
            parse=_lazy("bis_dpl"),
            # Unverified: BIS's long-standing address of the tab-separated file.
            urls=("https://www.bis.doc.gov/dpl/dpl.txt",),
            files=("dpl.txt",),
        ),
        SourceSpec(
            name="eu_fsf",
            title="EU Financial Sanctions File (consolidated list)",
            publisher="European Commission (FPI) / EEAS",
            format="eu_fsf",
            parse=_lazy("eu_fsf"),
            # Checked against OpenSanctions' eu_fsf dataset definition: the public
            # token is part of the address the Commission publishes.
            urls=(
                "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
                "content?token=dG9rZW4tMjAxNw",
            ),
            files=("eu_fsf.xml",),
        ),
        SourceSpec(
            name="uk_hmt",
            title="UK OFSI Consolidated List of Financial Sanctions Targets",
            publisher="HM Treasury, Office of Financial Sanctions Implementation",
            format="uk_csv",
            parse=_lazy("uk_csv"),
            # Unverified: OFSI publishes ConList.xml at this folder (checked against
            # OpenSanctions' gb_hmt dataset); the CSV beside it is assumed.
            urls=("https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",),
            files=("ConList.csv",),
        ),
        SourceSpec(
            name="opensanctions",
            title="OpenSanctions sanctions collection (FtM entities)",
            publisher="OpenSanctions",
            format="opensanctions",
            parse=_lazy("opensanctions"),
            # Unverified: OpenSanctions' bulk export of the "sanctions" collection
            # (large; its licence is CC BY-NC for commercial users).
            urls=("https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json",),
            files=("entities.ftm.json",),
        ),
    )
}


def get_source(name: str) -> SourceSpec:
    """The spec of a registered source; KeyError names the known ones."""
    try:
        return SOURCES[name]
    except KeyError:
        raise KeyError(f"unknown source {name!r}; known: {', '.join(sorted(SOURCES))}") from None
