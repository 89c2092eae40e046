"""User-loadable goods tables: extra codes, parts, makers or keywords, without code changes.

A user who obtains a code list the shipped reference lacks (for example the
HS table of the June 2023 Iran-UAV guidance, or a company's own watch list)
writes it as CSV or YAML and passes it with ``--table`` or
:func:`load_goods_table`. Every row is validated on load; all problems are
gathered and raised together as one :class:`~dualuse.errors.ConfigError`
whose details carry file, line, field and value.

Columns / keys (``list`` and ``source`` required, plus at least one matcher):

=============  ===============================================================
list           name of the list the row belongs to (e.g. IRAN-UAV-GUIDANCE-2023)
code           HS/CN/HTS prefix, 4 to 10 digits, dots/spaces allowed
part_number    a part number (matched after normalization, exact)
manufacturer   a maker name (matched after legal-form removal, exact)
keywords       words for descriptions, separated by "|"
tier           free text, e.g. a CHPL tier
category       what the goods are
source         where the row comes from (URL or citation)
date           version date of the source, YYYY-MM-DD
reason         plain-language reason shown with a hit
=============  ===============================================================

YAML files hold a list of such mappings, or a mapping with a ``rules`` list.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from dualuse.errors import ConfigError, ErrorDetail, InputError
from dualuse.goods.codes import normalize_code
from dualuse.goods.describe import tokenize
from dualuse.goods.parts import normalize_maker, normalize_part

COLUMNS = (
    "list",
    "code",
    "part_number",
    "manufacturer",
    "keywords",
    "tier",
    "category",
    "source",
    "date",
    "reason",
)
MATCHERS = ("code", "part_number", "manufacturer", "keywords")
#: A goods table is a reviewed list, not a data dump.
MAX_ROWS = 100_000
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class GoodsRule:
    """One validated row of a user table."""

    list: str
    source: str
    file: str
    line: int
    code: str | None = None  # digits
    part_key: str | None = None
    part_number: str | None = None
    maker_key: str | None = None
    manufacturer: str | None = None
    keywords: tuple[tuple[str, ...], ...] = ()
    keyword_text: tuple[str, ...] = ()
    tier: str | None = None
    category: str | None = None
    date: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class GoodsTable:
    path: str
    rules: tuple[GoodsRule, ...]

    def __len__(self) -> int:
        return len(self.rules)


def _rows_csv(text: str) -> list[tuple[int, dict[str, object]]]:
    reader = csv.DictReader(io.StringIO(text))
    out = []
    for row in reader:
        extra = row.pop(None, None)  # type: ignore[call-overload]
        values: dict[str, object] = {(k or "").strip(): v for k, v in row.items()}
        if extra:
            values["__extra__"] = extra
        out.append((reader.line_num, values))
    return out


def _rows_yaml(text: str, name: str) -> list[tuple[int, dict[str, object]]]:
    try:
        root = yaml.compose(text)
        # BaseLoader keeps every scalar a string: "010121" must not become the octal
        # number 4177, nor "2024-05-01" a date object.
        data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds no objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ConfigError(
            f"{name}: not valid YAML",
            [ErrorDetail(str(exc).splitlines()[0], name, line)],
        ) from None
    if data is None:
        return []
    node = root
    if isinstance(data, dict):
        if not isinstance(data.get("rules"), list):
            raise ConfigError(
                f"{name}: a YAML goods table is a list of rows or a mapping with a 'rules' list",
                [ErrorDetail("no 'rules' list", name, 1)],
            )
        data = data["rules"]
        node = next(v for k, v in root.value if k.value == "rules")  # type: ignore[union-attr]
    if not isinstance(data, list):
        raise ConfigError(f"{name}: a YAML goods table is a list of rows")
    out = []
    for item, item_node in zip(data, node.value, strict=False):  # type: ignore[union-attr]
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            out.append((line, {"__not_mapping__": item}))
        else:
            out.append((line, {str(k): v for k, v in item.items()}))
    return out


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return str(value).strip()


def load_goods_table(path: str | Path) -> GoodsTable:
    """Read and validate a CSV or YAML goods table; raise ConfigError listing every problem."""
    p = Path(path)
    name = str(p)
    if not p.is_file():
        raise ConfigError(
            f"goods table {name} does not exist", [ErrorDetail("file not found", name)]
        )
    if p.stat().st_size > MAX_FILE_BYTES:
        raise ConfigError(f"goods table {name} is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"goods table {name} is not UTF-8 text", [ErrorDetail(str(exc), name)]
        ) from None
    suffix = p.suffix.lower()
    if suffix == ".csv":
        rows = _rows_csv(text)
        header = next(csv.reader(io.StringIO(text)), [])
        unknown = [h for h in header if h.strip() not in COLUMNS]
        if unknown:
            raise ConfigError(
                f"{name}: unknown column(s) {', '.join(repr(u) for u in unknown)}",
                [ErrorDetail(f"allowed columns: {', '.join(COLUMNS)}", name, 1)],
            )
    elif suffix in {".yml", ".yaml"}:
        rows = _rows_yaml(text, name)
    else:
        raise ConfigError(f"goods table {name}: expected a .csv, .yml or .yaml file")
    if len(rows) > MAX_ROWS:
        raise ConfigError(f"{name}: {len(rows)} rows; a goods table holds at most {MAX_ROWS}")

    problems: list[ErrorDetail] = []
    rules: list[GoodsRule] = []
    for line, row in rows:
        if "__not_mapping__" in row:
            problems.append(ErrorDetail("row is not a mapping of column: value", name, line))
            continue
        if "__extra__" in row:
            problems.append(ErrorDetail("row has more cells than the header", name, line))
            continue
        unknown = [k for k in row if k not in COLUMNS]
        if unknown:
            problems.append(
                ErrorDetail(
                    f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(COLUMNS)}",
                    name,
                    line,
                )
            )
            continue
        vals = {k: _text(row.get(k)) for k in COLUMNS}
        row_problems: list[ErrorDetail] = []
        for req in ("list", "source"):
            if not vals[req]:
                row_problems.append(ErrorDetail(f"{req} is required", name, line, req))
        if not any(vals[m] for m in MATCHERS):
            row_problems.append(
                ErrorDetail(
                    "give at least one of code, part_number, manufacturer, keywords", name, line
                )
            )
        digits = None
        if vals["code"]:
            try:
                digits = normalize_code(vals["code"]).digits
            except InputError as exc:
                row_problems.append(ErrorDetail(exc.message, name, line, "code", vals["code"]))
        if vals["date"]:
            try:
                dt.date.fromisoformat(vals["date"])
            except ValueError:
                row_problems.append(
                    ErrorDetail("date must be YYYY-MM-DD", name, line, "date", vals["date"])
                )
        keywords = tuple(tuple(tokenize(k)) for k in vals["keywords"].split("|") if k.strip())
        if vals["keywords"] and not all(keywords):
            row_problems.append(
                ErrorDetail("a keyword has no letters or digits", name, line, "keywords")
            )
        part_key = normalize_part(vals["part_number"]) if vals["part_number"] else None
        if vals["part_number"] and not part_key:
            row_problems.append(
                ErrorDetail("part_number has no characters left after normalization", name, line)
            )
        if row_problems:
            problems.extend(row_problems)
            continue
        rules.append(
            GoodsRule(
                list=vals["list"],
                source=vals["source"],
                file=name,
                line=line,
                code=digits,
                part_key=part_key,
                part_number=vals["part_number"] or None,
                maker_key=normalize_maker(vals["manufacturer"]) or None,
                manufacturer=vals["manufacturer"] or None,
                keywords=keywords,
                keyword_text=tuple(k.strip() for k in vals["keywords"].split("|") if k.strip()),
                tier=vals["tier"] or None,
                category=vals["category"] or None,
                date=vals["date"] or None,
                reason=vals["reason"] or None,
            )
        )
    if problems:
        raise ConfigError(
            f"goods table {name} has {len(problems)} problem(s); nothing was loaded", problems
        )
    return GoodsTable(name, tuple(rules))
