"""Helpers every list parser shares: reading bytes strictly, building entities fast,
formatting dates, and raising :class:`ParseError` with the place named.

Speed: ``StatementEntity.add`` runs each value through its type's cleaner, which
is the slowest part of a parse. :class:`EntityMaker` cleans the cheap types itself
(names, strings, identifiers: whitespace only; dates: formatted by the parsers;
countries: one cached lookup per distinct text) and hands FtM only the types whose
cleaning is real validation (e-mail, URL, phone). A value the model cannot hold on
this schema, or one that does not clean, is kept in ``notes`` as ``"<prop>: <text>"``
so nothing the publisher wrote is dropped silently.
"""

from __future__ import annotations

import codecs
import functools
import gc
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import yaml
from followthemoney import Statement, StatementEntity, registry
from followthemoney.property import Property
from followthemoney.statement.util import NON_LANG_TYPE_NAMES
from lxml import etree
from rigour.territories import get_territories

from dualuse.errors import ErrorDetail, ParseError
from dualuse.sources.base import make_dataset

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(func: Callable[P, R]) -> Callable[P, R]:
    """Run a parser with Python's cyclic garbage collector paused.

    A parse allocates a few hundred thousand small objects (FtM statements) and
    keeps them all; the collector would scan that growing heap again and again
    for cycles that statements never form, which doubles the parse time.
    Reference counting still frees everything; the previous state is restored.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper


def fail(
    message: str,
    file: str | None = None,
    line: int | None = None,
    field: str | None = None,
    value: Any = None,
) -> ParseError:
    """A ParseError whose single detail names the place; ``raise fail(...)``."""
    where = file if line is None else f"{file}:{line}"
    text = f"{where}: {message}" if where else message
    return ParseError(text, [ErrorDetail(message, file=file, line=line, field=field, value=value)])


def as_paths(paths: Path | str | Sequence[Path | str]) -> list[Path]:
    """One path or several, as a list of Paths (order kept)."""
    if isinstance(paths, str | Path):
        return [Path(paths)]
    result = [Path(p) for p in paths]
    if not result:
        raise fail("no file given to parse")
    return result


def read_bytes(path: Path) -> bytes:
    """The file's bytes; an empty or unreadable file fails as a whole."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror}", path.name) from exc
    if not data.strip(b" \t\r\n\x1a"):
        raise fail("the file is empty", path.name, field=None, value="")
    return data


def decode(data: bytes, name: str, *, encoding: str = "utf-8", tolerant: bool = False) -> str:
    """Decode a publisher's text file.

    UTF-16 (a BOM or NUL bytes) is refused in every format: no publisher here
    sends it, and reading it as UTF-8 would give garbage names. With
    ``tolerant=False`` a byte that is not valid ``encoding`` fails the file with
    its line and byte offset; with ``tolerant=True`` (formats whose publisher is
    known to mix encodings) such bytes are read as Windows-1252.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise fail(
            f"the file looks like UTF-16 or binary data (NUL bytes); expected {encoding} text",
            name,
            value=data[:16],
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if tolerant:
            return data.decode(encoding, errors="cp1252_fallback")
        line = data.count(b"\n", 0, exc.start) + 1
        raise fail(
            f"byte {data[exc.start : exc.start + 1]!r} at offset {exc.start} is not valid "
            f"{encoding}; the file must be {encoding} text",
            name,
            line,
            value=data[max(0, exc.start - 20) : exc.start + 20],
        ) from exc


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    chunk = exc.object[exc.start : exc.end]
    return chunk.decode("cp1252", errors="replace"), exc.end


codecs.register_error("cp1252_fallback", _cp1252_fallback)

# Text mis-encoded at the source (cp1252 bytes read as latin-1) shows C1 control
# characters such as U+0092 where a quote was meant; map them back.
_C1 = {c: bytes([c]).decode("cp1252", errors="replace") for c in range(0x80, 0xA0)}
_C1_RE = re.compile("[\x80-\x9f]")


def clean_text(value: str | None) -> str | None:
    """Whitespace collapsed, C1 controls mapped to their cp1252 characters; None if empty."""
    if value is None:
        return None
    if _C1_RE.search(value):
        value = value.translate(_C1)
    value = " ".join(value.split())
    return value or None


@lru_cache(maxsize=1)
def _country_table() -> dict[str, str]:
    """Lower-case names and codes of rigour's territories, plus the publishers'
    own spellings from ``data/country_names.yml``, → FtM country code."""
    table: dict[str, str] = {}
    for territory in get_territories():
        code = territory.ftm_country
        if not code:
            continue
        for text in (territory.name, territory.full_name, territory.in_sentence):
            if text:
                table.setdefault(text.lower(), code)
        for text in territory.codes:
            table.setdefault(text.lower(), code)
    data = resources.files("dualuse.sources.data").joinpath("country_names.yml").read_text("utf-8")
    for name, code in (yaml.safe_load(data)["names"] or {}).items():
        table[str(name).lower()] = str(code)
    return table


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """FtM country code for a country name or code as the publishers write it, else None.

    A table lookup only: FtM's full cleaner builds rigour's fuzzy name index on
    first use, which takes about two seconds per process, longer than parsing a
    list. A name the table lacks gives None and the caller keeps the text in
    ``notes``; add the spelling to ``data/country_names.yml`` to map it.
    """
    return _country_table().get(" ".join(text.split()).lower())


def script_lang(text: str) -> str | None:
    """A language code for a name written in a non-Latin script (None for Latin).

    The script says little about the language; these are the defaults the lists'
    own annotations use (Cyrillic names on OFAC/UN lists are Russian, Arabic
    script ones Arabic unless the publisher says Persian).
    """
    for ch in text:
        if ch.isalpha() and ord(ch) > 0x24F:
            name = unicodedata.name(ch, "")
            if name.startswith("CYRILLIC"):
                return "rus"
            if name.startswith("ARABIC"):
                return "ara"
            if name.startswith("CJK"):
                return "zho"
            if name.startswith("HANGUL"):
                return "kor"
            if name.startswith("HEBREW"):
                return "heb"
            if name.startswith("GEORGIAN"):
                return "kat"
            if name.startswith("ARMENIAN"):
                return "hye"
            if name.startswith("GREEK"):
                return "ell"
            if name.startswith("THAI"):
                return "tha"
            return None
    return None


# --- dates ---------------------------------------------------------------------------


def iso_date(text: str | None) -> str | None:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO timestamp → ISO date prefix."""
    text = (text or "").strip()
    if not text:
        return None
    if "T" in text:
        text = text.split("T", 1)[0]
    text = text[:10]
    if not _ISO_DATE.match(text):
        return None
    parts = text.split("-")
    if len(parts) > 1 and not 1 <= int(parts[1]) <= 12:
        return None
    if len(parts) > 2 and not 1 <= int(parts[2]) <= 31:
        return None
    return text


def dmy_date(text: str | None, *, month_first: bool = False) -> str | None:
    """``DD/MM/YYYY`` (or ``MM/DD/YYYY`` with ``month_first``) → ISO, else None."""
    text = (text or "").strip()
    m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", text)
    if not m:
        return iso_date(text)
    a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
    day, month = (b, a) if month_first else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year}-{month:02d}-{day:02d}"


_OFAC_DATE = re.compile(r"^(?:(\d{1,2}) )?(?:([A-Za-z]{3})[a-z]* )?(\d{4})$")


def ofac_date(text: str) -> str | None:
    """``08 Jul 2000``, ``Mar 1945`` or ``1962`` → ISO prefix, else None."""
    m = _OFAC_DATE.match(text.strip())
    if not m:
        return iso_date(text)
    day, mon, year = m.groups()
    if mon is None:
        return year if day is None else None
    month = MONTHS.get(mon.lower())
    if month is None:
        return None
    if day is None:
        return f"{year}-{month:02d}"
    if not 1 <= int(day) <= 31:
        return None
    return f"{year}-{month:02d}-{int(day):02d}"


def date_values(text: str) -> list[str]:
    """An OFAC-style date or date range as the ISO values to store.

    ``circa 1951`` → 1951; ``1951 to 1953`` → each year (a range of at most ten
    years is spelled out so a birth year inside it matches); longer or finer
    ranges → both ends. An unreadable text gives ``[]`` (the caller keeps it in notes).
    """
    text = text.strip().rstrip(".")
    text = re.sub(r"^(circa|approximately|about)\s+", "", text, flags=re.I)
    if " to " in text:
        start_text, end_text = text.split(" to ", 1)
        start, end = ofac_date(start_text), ofac_date(end_text)
        if start is None or end is None:
            return []
        y0, y1 = int(start[:4]), int(end[:4])
        whole_years = (len(start) == 4 or start[4:] == "-01-01") and (
            len(end) == 4 or end[4:] == "-12-31"
        )
        if whole_years and 0 <= y1 - y0 <= 10:
            return [str(y) for y in range(y0, y1 + 1)]
        return [start, end]
    value = ofac_date(text)
    return [value] if value else []


# --- XML -----------------------------------------------------------------------------


def xml_parser() -> etree.XMLParser:
    """An lxml parser that never fetches, never expands entities, never grows huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse publisher XML safely; a DTD or entity declaration fails the file.

    No publisher list carries a DTD, so one in the prolog is either an attack
    (external entities, entity-expansion bombs) or not the publisher's file.
    """
    head = data[:65536]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise fail(
            "XML with a DOCTYPE or ENTITY declaration is refused (external entities and "
            "entity expansion are not allowed in list files)",
            name,
            field="DOCTYPE",
            value=head[head.find(b"<!") : head.find(b"<!") + 60],
        )
    try:
        root = etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise fail(f"not well-formed XML: {exc.msg}", name, line, value=exc.msg) from exc
    if root is None:
        raise fail("no XML root element", name)
    return root


def local(tag: Any) -> str:
    """Tag name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def element_path(el: etree._Element) -> str:
    """``/root/child[3]/leaf`` without namespaces, for error messages."""
    parts = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        name = local(node.tag)
        if parent is not None:
            same = [c for c in parent if c.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/" + "/".join(reversed(parts))


def xml_fail(
    message: str, name: str, el: etree._Element, field: str | None, value: Any
) -> ParseError:
    """A ParseError naming the file, line and element path."""
    path = element_path(el)
    err = fail(f"{message} (at {path})", name, el.sourceline, field=field, value=value)
    return err


def read_xml_file(
    paths: Path | str | Sequence[Path | str], root_tag: str
) -> tuple[Path, etree._Element]:
    """The one XML file of a single-file source, parsed safely, with its root checked
    (by local name, so namespaced and plain roots are treated alike)."""
    files = as_paths(paths)
    if len(files) != 1:
        raise fail(
            f"expected one XML file, got {len(files)}",
            ",".join(p.name for p in files),
            field="files",
        )
    path = files[0]
    root = parse_xml(read_bytes(path), path.name)
    if local(root.tag) != root_tag:
        raise xml_fail(
            f"root element is <{local(root.tag)}>; expected <{root_tag}>",
            path.name,
            root,
            "root",
            local(root.tag),
        )
    return path, root


# --- entities ------------------------------------------------------------------------

_VALIDATED_TYPES = {"email", "url", "phone", "language", "gender", "topic", "checksum"}


@lru_cache(maxsize=8192)
def _validated(type_name: str, value: str) -> str | None:
    return registry.get(type_name).clean_text(value)  # type: ignore[union-attr]


class EntityMaker:
    """Builds the entities of one parse with fast, mostly pre-cleaned adds."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.dataset = make_dataset(source)
        self.entities: list[StatementEntity] = []
        self.ids: set[str] = set()

    def make(self, schema: str, entity_id: str, *, emit: bool = True) -> StatementEntity:
        entity = StatementEntity(self.dataset, {"id": entity_id, "schema": schema})
        if emit:
            self.emit(entity)
        return entity

    def emit(self, entity: StatementEntity) -> None:
        if entity.id in self.ids:
            raise fail(f"entity id {entity.id!r} occurs twice", field="id", value=entity.id)
        self.ids.add(entity.id or "")
        self.entities.append(entity)

    def add(
        self,
        entity: StatementEntity,
        prop_name: str,
        value: str | None,
        *,
        lang: str | None = None,
        original: str | None = None,
        note_label: str | None = None,
    ) -> bool:
        """Add one value; returns False when it went to ``notes`` (or was empty)."""
        value = clean_text(value)
        if value is None:
            return False
        prop: Property | None = entity.schema.properties.get(prop_name)
        if prop is None or prop.stub:
            self.note(entity, f"{note_label or prop_name}: {value}")
            return False
        type_name = prop.type.name
        clean: str | None
        if type_name == "country":
            clean = country_code(value)
        elif type_name == "date":
            clean = iso_date(value)
        elif type_name == "phone":
            clean = prop.type.clean_text(value, proxy=entity)
        elif type_name in _VALIDATED_TYPES:
            clean = _validated(type_name, value)
        else:
            clean = value
        if clean is None:
            self.note(entity, f"{note_label or prop_name}: {value}")
            return False
        self.put(entity, prop, clean, lang=lang, original=original or value)
        return True

    def put(
        self,
        entity: StatementEntity,
        prop: Property,
        clean: str,
        *,
        lang: str | None = None,
        original: str | None = None,
    ) -> None:
        """Add an already clean value, as ``unsafe_add(cleaned=True)`` does, faster.

        FtM keys each statement with a SHA-1 of dataset, entity, property and
        value; within one parse the unhashed text is as unique and costs nothing.
        The store keeps values, not statement keys.
        """
        if lang is not None and prop.type.name in NON_LANG_TYPE_NAMES:
            lang = None
        key = (
            f"{entity.id}.{prop.name}.{clean}"
            if lang is None
            else (f"{entity.id}.{prop.name}.{clean}@{lang}")
        )
        stmt = Statement(
            entity_id=entity.id or "",
            prop=prop.name,
            schema=entity.schema.name,
            value=clean,
            dataset=self.dataset.name,
            lang=lang,
            original_value=original,
            id=key,
        )
        entity.add_statement(stmt)

    def add_many(self, entity: StatementEntity, prop_name: str, values: Iterable[str]) -> None:
        for value in values:
            self.add(entity, prop_name, value)

    def note(self, entity: StatementEntity, text: str) -> None:
        text_ = clean_text(text)
        if text_:
            props = entity.schema.properties
            # Sanction and link records have no notes; they have a description.
            prop = props.get("notes") or props.get("description") or props.get("summary")
            if prop is not None:
                self.put(entity, prop, text_)

    def sanction(
        self, party: StatementEntity, suffix: str = "", **props: str | Iterable[str] | None
    ) -> StatementEntity:
        """A Sanction record ``<party id>-sanction[-n]`` about ``party``."""
        sid = f"{party.id}-sanction{suffix}"
        sanction = self.make("Sanction", sid)
        self.add(sanction, "entity", party.id)
        for prop, values in props.items():
            if values is None:
                continue
            for value in [values] if isinstance(values, str) else values:
                self.add(sanction, prop, value)
        return sanction
