"""The matcher: candidate index + scorer, built from FtM entities or a bench index.

``Matcher.match(query)`` analyses the query name, asks the index for a bounded
set of candidate names (plus the parties carrying any query identifier),
scores the best name of each candidate party with the features in
:mod:`dualuse.matching.features` (a best name just under the threshold may take a
query word it lacks from another name of the same party:
:func:`dualuse.matching.names.borrow_words`), and returns the hits at or above the
threshold of the query's schema, best first (ties by entity id: the same
lists, query and configuration always give the same answer).

``get_matcher(store)`` keeps the built matcher on disk, in
``settings.data_dir/match-index-<versions key>-<format>.pkl``, so a start
loads it instead of rebuilding it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import tempfile
import time
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dualuse.errors import ErrorDetail, ParseError
from dualuse.matching.features import (
    COMPATIBLE,
    Context,
    schemas_compatible,
    score_features,
    scoring_config,
)
from dualuse.matching.index import CandidateIndex, EntityRecord, gc_paused
from dualuse.matching.model import MatchHit, PartyQuery
from dualuse.matching.names import Alignment, NameComparer, borrow_words
from dualuse.matching.ofac import ofac_score
from dualuse.normalize import NameForm, analyze_name
from dualuse.normalize.places import place_words

if TYPE_CHECKING:
    from followthemoney import StatementEntity

    from dualuse.store import Store

log = logging.getLogger(__name__)

#: bump when the index layout or the analysis code changes, so old files are not reused
#: (changes to the data files are caught by :func:`index_fingerprint`)
#: 10: forms inside names; 9: L.L.C. at the start; 8: Persian ezafe; 7: no (ACRONYM)
INDEX_FORMAT = "12"

PARTY_SCHEMAS = frozenset(
    {"Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"}
)
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "flag")
ID_PROPS = (
    "imoNumber",
    "mmsi",
    "passportNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "registrationNumber",
    "leiCode",
    "swiftBic",
    "idNumber",
    "vatCode",
    "icaoCode",
    "registrationNumber",
)


def _values(entity: StatementEntity, props: Iterable[str]) -> list[str]:
    out: list[str] = []
    for prop in props:
        if prop in entity.schema.properties:
            for v in entity.get(prop, quiet=True):
                if v not in out:
                    out.append(v)
    return out


def records_from_entities(entities: Iterable[StatementEntity]) -> list[EntityRecord]:
    """Parties as :class:`EntityRecord`, with programs from their Sanction entities."""
    parties: list[StatementEntity] = []
    programs: dict[str, list[str]] = {}
    for ent in entities:
        schema = ent.schema.name
        if schema == "Sanction":
            progs = _values(ent, ("programId", "program"))
            for target in ent.get("entity", quiet=True):
                lst = programs.setdefault(target, [])
                lst.extend(p for p in progs if p not in lst)
        elif schema in PARTY_SCHEMAS:
            parties.append(ent)
    records: list[EntityRecord] = []
    for ent in parties:
        names = _values(ent, NAME_PROPS)
        if not names:
            continue
        records.append(
            EntityRecord(
                id=str(ent.id),
                schema=ent.schema.name,
                caption=ent.caption,
                source=ent.dataset.name,
                names=names,
                countries=tuple(_values(ent, COUNTRY_PROPS)),
                birth_dates=tuple(_values(ent, ("birthDate",))),
                identifiers=tuple(_values(ent, ID_PROPS)),
                programs=tuple(programs.get(str(ent.id), ())),
            )
        )
    records.sort(key=lambda r: r.id)
    return records


class Matcher:
    """Screen a party against the indexed lists (see the module docstring)."""

    def __init__(self, index: CandidateIndex, versions: dict[str, str] | None = None) -> None:
        self.index = index
        #: source -> list version label, for the hits' provenance
        self.versions: dict[str, str] = dict(versions or {})
        cfg = scoring_config()
        self.thresholds: dict[str, float] = dict(cfg["thresholds"])
        self.beta: dict[str, float] = dict(cfg["beta"])
        self.n_candidates: int = int(cfg["candidates"])
        self.min_rank: float = float(cfg["min_rank"])
        other = cfg["other_names"]
        self.borrow_margin: float = float(other["margin"])
        self.borrow_words: int = int(other["max_words"])
        self.borrow_similarity: float = float(other["min_similarity"])
        self.extra_query: float = float(cfg["extra_query"])
        self.place_cost: float = float(cfg["place_qualifier"])
        self.substitution: dict[str, float] = dict(cfg["substitution"])
        self.build_seconds: float = 0.0
        #: per (listed schema, organisation query): beta, initials allowed, substitution
        #: penalty, qualifying place names
        self._params: dict[tuple[str, bool], tuple[float, bool, float, frozenset[str]]] = {}

    # -- construction ------------------------------------------------------

    @classmethod
    def from_records(cls, records: Iterable[EntityRecord], workers: int = 1) -> Matcher:
        """Index ``records`` (``workers``: see :meth:`CandidateIndex.build`)."""
        start = time.perf_counter()
        matcher = cls(CandidateIndex.build(records, workers=workers))
        matcher.build_seconds = time.perf_counter() - start
        log.info(
            "match index built: %d parties, %d names, %d tokens in %.1fs",
            len(matcher.index.entities),
            len(matcher.index.name_forms),
            len(matcher.index.tokens),
            matcher.build_seconds,
        )
        return matcher

    @classmethod
    def build(cls, entities: Iterable[StatementEntity]) -> Matcher:
        """Index the parties among FtM entities (Sanction entities give programs)."""
        return cls.from_records(records_from_entities(entities))

    @classmethod
    def from_bench_index(cls, path: str | Path) -> Matcher:
        """Index a benchmark index file (JSON lines: id, source, schema, names)."""
        records: list[EntityRecord] = []
        path = Path(path)
        with path.open(encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    names = [n for n in row["names"] if n]
                    records.append(
                        EntityRecord(
                            id=row["id"],
                            schema=row["schema"],
                            caption=names[0] if names else row["id"],
                            source=row.get("source", ""),
                            names=names,
                        )
                    )
                except (ValueError, KeyError, TypeError) as exc:
                    raise ParseError(
                        f"{path}:{line_no} is not a bench index row (id, schema, names)",
                        [ErrorDetail(str(exc), file=str(path), line=line_no)],
                    ) from exc
        return cls.from_records(records)

    def save(self, path: Path) -> None:
        """Write the matcher atomically (a reader never sees half a file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(
                    {"format": index_fingerprint(), "index": self.index, "versions": self.versions},
                    fh,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> Matcher | None:
        """The matcher saved at ``path``, or None if absent or of another format."""
        try:
            with path.open("rb") as fh:
                with gc_paused():  # millions of objects, no cycles (see gc_paused)
                    data = pickle.load(fh)  # our own file in our own data dir
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        if not isinstance(data, dict) or data.get("format") != index_fingerprint():
            return None
        return cls(data["index"], data["versions"])

    # -- matching ----------------------------------------------------------

    def threshold_for(self, schema: str) -> float:
        return float(self.thresholds.get(schema, self.thresholds["Any"]))

    def _beta(self, schema: str) -> float:
        return float(self.beta.get(schema, self.beta["default"]))

    def match(
        self, query: PartyQuery, limit: int = 10, threshold: float | None = None
    ) -> list[MatchHit]:
        """Listed parties the query may be, best first (see the module docstring)."""
        return self.score_query(query, limit=limit, threshold=threshold)

    def score_query(
        self,
        query: PartyQuery,
        limit: int = 10,
        threshold: float | None = None,
        explain: bool = True,
    ) -> list[MatchHit]:
        idx = self.index
        schema_cut = self.threshold_for(query.schema)
        cut = schema_cut if threshold is None else threshold
        qform = analyze_name(query.name, _analysis_schema(query.schema))
        comparer = NameComparer(qform, idx.token_weight.__getitem__)
        # place names qualify organisations' names (see _align)
        org = query.schema in _ORG_QUERIES
        best: dict[int, tuple[float, int, Any]] = {}
        if qform.tokens:
            # Arabic-script queries meet Latin names through short consonant skeletons,
            # which many names share: look further, and do not trust the rank floor
            arabic = qform.script == "Arabic"
            limit_c = self.n_candidates * (4 if arabic else 1)
            floor = 0.0 if arabic else self.min_rank
            # the loop below runs for every candidate: its look-ups are hoisted
            entity_of = idx.entity_of_name
            entities, forms = idx.entities, idx.name_forms
            allowed = COMPATIBLE.get(query.schema)
            for name_no, rank in idx.candidates(qform, limit_c):
                if rank < floor:
                    break  # ranked best first: the rest cover even less of the query
                ent_no = entity_of[name_no]
                schema = entities[ent_no].schema
                if allowed is not None and schema not in allowed:
                    continue  # as schemas_compatible
                al = self._align(comparer, forms[name_no], schema, org)
                prev = best.get(ent_no)
                if prev is None or al.score > prev[0]:
                    best[ent_no] = (al.score, name_no, al)
        if self.borrow_margin > 0 and not comparer.arabic:
            # a query word the best listed name lacks may be in another name of the
            # same party (GRAN GRIF DE SAVIEN: GRAN GRIF and SAVIEN GANG). The window is
            # the schema's configured threshold, never the caller's: a hit's score
            # depends on the query and the configuration only, not on the cut asked for
            for ent_no, (name_score, name_no, al) in list(best.items()):
                if (
                    schema_cut - self.borrow_margin <= name_score < schema_cut
                    and al.unmatched_query
                ):
                    lent = self._borrow(comparer, ent_no, name_no, al, org)
                    if lent is not None and lent.score > name_score:
                        best[ent_no] = (lent.score, name_no, lent)
        for value in query.identifiers:
            for ent_no in idx.by_identifier(value):
                if ent_no not in best and schemas_compatible(
                    query.schema, idx.entities[ent_no].schema
                ):
                    name_no = idx.names_of(ent_no)[0]
                    al = self._align(
                        comparer, idx.name_forms[name_no], idx.entities[ent_no].schema, org
                    )
                    best[ent_no] = (al.score, name_no, al)
        # without identifiers, a birth date or countries, no feature can lift a score
        can_lift = bool(query.identifiers or query.birth_date or query.countries)
        hits: list[MatchHit] = []
        for ent_no, (name_score, name_no, al) in best.items():
            if name_score < cut and not can_lift:
                continue
            ent = idx.entities[ent_no]
            cform = idx.name_forms[name_no]
            ctx = Context(query, qform, ent, cform, al)
            score, feats = score_features(ctx)
            if score < cut:
                continue
            hits.append(
                MatchHit(
                    entity_id=ent.id,
                    schema=ent.schema,
                    caption=ent.caption,
                    source=ent.source,
                    score=score,
                    threshold=cut,
                    matched_name=cform.original,
                    query_name=query.name,
                    features=feats,
                    ofac_score=ofac_score(query.name, cform.original) if explain else 0.0,
                    programs=ent.programs,
                    list_version=self.versions.get(ent.source),
                )
            )
        hits.sort(key=lambda h: (-h.score, h.entity_id))
        return hits[:limit]

    def _borrow(
        self, comparer: NameComparer, ent_no: int, name_no: int, al: Alignment, org: bool
    ) -> Alignment | None:
        """The alignment with words borrowed from the party's other names, or None."""
        idx = self.index
        others = [idx.name_forms[n] for n in idx.names_of(ent_no) if n != name_no]
        lent = borrow_words(
            al,
            idx.name_forms[name_no],
            others,
            idx.token_weight.__getitem__,
            self.borrow_words,
            self.borrow_similarity,
        )
        if lent is None:
            return None
        form, borrowed = lent
        schema = idx.entities[ent_no].schema
        return self._align(comparer, form, schema, org).replace(borrowed=borrowed)

    def _align(self, comparer: NameComparer, cform: NameForm, schema: str, org: bool) -> Alignment:
        """Compare with one listed name of a party of ``schema`` (``org``: the query may
        be an organisation's name, see ``_ORG_QUERIES``)."""
        key = (schema, org)
        params = self._params.get(key)
        if params is None:
            params = self._params[key] = (
                self._beta(schema),
                schema in ("Person", "LegalEntity"),
                float(self.substitution.get(schema, self.substitution["default"])),
                # place names qualify organisations' names, never persons' or vessels'
                place_words() if org and schema in _QUALIFIED else frozenset(),
            )
        beta, initials, substitution, places = params
        return comparer.compare(
            cform, beta, initials, substitution, self.extra_query, places, self.place_cost
        )


#: listed schemas whose names a place may qualify (LegalEntity: US CSL and BIS DPL
#: parties, companies for the most part)...
_QUALIFIED = frozenset({"Organization", "Company", "PublicBody", "LegalEntity"})
#: ...when the query may be an organisation's name (Any: the caller does not say)
_ORG_QUERIES = _QUALIFIED | {"Any"}


def _analysis_schema(schema: str) -> str:
    if schema == "Person":
        return "Person"
    if schema in ("Organization", "Company", "PublicBody"):
        return "Organization"
    return "Any"


@cache
def index_fingerprint() -> str:
    """INDEX_FORMAT plus a hash of the normalization and scoring data files."""
    from importlib import resources

    digest = hashlib.sha1(INDEX_FORMAT.encode())
    for package in ("dualuse.normalize.data", "dualuse.matching.data"):
        for item in sorted(resources.files(package).iterdir(), key=lambda i: i.name):
            if item.name.endswith(".yml"):
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return f"{INDEX_FORMAT}.{digest.hexdigest()[:10]}"


def index_path(store: Store, data_dir: Path) -> Path:
    return data_dir / f"match-index-{store.versions_key()}-{index_fingerprint()}.pkl"


def get_matcher(store: Store, data_dir: Path | None = None) -> Matcher:
    """The matcher for the store's list versions in use: loaded from disk, or built and saved."""
    if data_dir is None:
        from dualuse.config import load_settings

        data_dir = load_settings().data_dir
    path = index_path(store, data_dir)
    versions = {v.source: v.label for v in store.active_versions()}
    matcher = Matcher.load(path)
    if matcher is not None:
        matcher.versions = versions
        return matcher
    matcher = Matcher.build(store.iter_entities())
    matcher.versions = versions
    matcher.save(path)
    # older index files of other versions are stale; keep the folder small
    for old in data_dir.glob("match-index-*.pkl"):
        if old != path:
            old.unlink(missing_ok=True)
    return matcher
