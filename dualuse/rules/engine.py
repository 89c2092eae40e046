"""Red-flag rules as data, and the small condition language they are written in.

A rule file is YAML::

    sets:                       # optional: named value lists the conditions can use
      cash_terms: [cash, "cash in advance"]
    rules:
      - id: KYC-05
        title: Cash offered for an expensive item
        severity: medium          # block | high | medium | low | info
        authority: US BIS
        document: Red Flag Indicators (EAR Supp. No. 3 to Part 732), item 5
        source: https://www.bis.gov/articles/red-flag-indicators
        reason: "payment terms '{order.payment_terms}'"
        when: {fact: order.payment_terms, in: {set: cash_terms}}

The condition language (documented in ``docs/rules.md``) has no way to run
code: a condition is a tree of

* ``all: [..]`` / ``any: [..]`` / ``not: {..}``
* a comparison ``{fact: PATH, OP: VALUE}`` with exactly one OP out of
  ``eq ne in not_in contains intersects disjoint gt gte lt lte matches
  exists missing is_true is_false``; VALUE is a literal, ``{set: NAME}`` or
  ``{fact: PATH}``;
* a quantifier ``{any_of: PATH, where: COND}``, ``{none_of: ...}`` or
  ``{all_of: ...}`` over a list; inside ``where`` the element is ``item``.

A rule with ``for_each: PATH`` raises one flag per element for which ``when``
holds (the element is ``item``); otherwise one flag per order. The last
element a quantifier matched is ``match`` in the reason template. Templates
substitute ``{path}`` only.

Rule files are read from YAML nodes so that every error names the file and
line; a file with any error is refused whole, with every error listed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dualuse.errors import ConfigError, ErrorDetail

SEVERITIES = ("info", "low", "medium", "high", "block")
#: Roots a fact path may start with (the facts the pipeline builds for an order).
ROOTS = ("order", "parties", "party", "lines", "route", "party_hits", "countries", "goods_hits")
OPS = (
    "eq",
    "ne",
    "in",
    "not_in",
    "contains",
    "intersects",
    "disjoint",
    "gt",
    "gte",
    "lt",
    "lte",
    "matches",
    "exists",
    "missing",
    "is_true",
    "is_false",
)
UNARY_OPS = ("exists", "missing", "is_true", "is_false")
RULE_KEYS = (
    "id",
    "title",
    "severity",
    "authority",
    "document",
    "source",
    "reason",
    "when",
    "for_each",
    "enabled",
    "tags",
    "note",
)
REQUIRED_KEYS = ("id", "title", "severity", "authority", "source", "reason", "when")

Ctx = dict[str, Any]
Cond = Callable[[Ctx], bool]
_MISSING = object()


@dataclass(frozen=True)
class Flag:
    """A rule that fired for an order, with its rendered reason."""

    rule_id: str
    title: str
    severity: str
    authority: str
    document: str
    source: str
    reason: str
    refs: tuple[str, ...] = ()  #: hit ids, line numbers, ports the flag is about

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "severity": self.severity,
            "authority": self.authority,
            "document": self.document,
            "source": self.source,
            "reason": self.reason,
            "refs": list(self.refs),
        }


@dataclass
class Rule:
    id: str
    title: str
    severity: str
    authority: str
    document: str
    source: str
    reason: str
    condition: Cond
    for_each: str | None
    file: str
    line: int
    enabled: bool = True
    tags: tuple[str, ...] = ()

    def evaluate(self, facts: Ctx) -> list[Flag]:
        if not self.enabled:
            return []
        if self.for_each is None:
            ctx = dict(facts)
            if self.condition(ctx):
                return [self._flag(ctx)]
            return []
        flags = []
        for item in _as_list(resolve(facts, self.for_each)):
            ctx = dict(facts)
            ctx["item"] = item
            if self.condition(ctx):
                flags.append(self._flag(ctx))
        return flags

    def _flag(self, ctx: Ctx) -> Flag:
        refs: list[str] = []
        for key in ("item", "match"):
            obj = ctx.get(key)
            if isinstance(obj, dict):
                for ref_key in ("hit_id", "ref"):
                    if obj.get(ref_key):
                        refs.append(str(obj[ref_key]))
        return Flag(
            self.id,
            self.title,
            self.severity,
            self.authority,
            self.document,
            self.source,
            render(self.reason, ctx),
            tuple(dict.fromkeys(refs)),
        )


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)
    sets: dict[str, frozenset[Any]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    digest: str = ""  #: sha256 over the rule files' bytes (part of the configuration hash)

    def evaluate(self, facts: Ctx) -> list[Flag]:
        flags: list[Flag] = []
        for rule in self.rules:
            flags.extend(rule.evaluate(facts))
        return flags

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


# -- evaluation helpers -------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None or value is _MISSING:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return [value]


def resolve(ctx: Ctx, path: str) -> Any:
    """Value at a dotted path; through a list it maps over the elements."""
    current: Any = ctx
    for part in path.split("."):
        if isinstance(current, dict):
            current = current.get(part, None)
        elif isinstance(current, list):
            out: list[Any] = []
            for element in current:
                value = element.get(part) if isinstance(element, dict) else None
                if isinstance(value, list):
                    out.extend(value)
                elif value is not None:
                    out.append(value)
            current = out
        else:
            return None
        if current is None:
            return None
    return current


def _norm(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def _compare(op: str, left: Any, right: Any) -> bool:
    if op == "exists":
        return not _empty(left)
    if op == "missing":
        return _empty(left)
    if op == "is_true":
        return left is True
    if op == "is_false":
        return left is False
    if op in ("eq", "ne"):
        # a missing fact equals nothing and differs from nothing (use exists/missing for it)
        if _empty(left) or _empty(right):
            return False
        equal = _norm(left) == _norm(right)
        if isinstance(left, list) and not isinstance(right, list):
            equal = any(_norm(v) == _norm(right) for v in left)
        return equal if op == "eq" else not equal
    if op in ("in", "not_in"):
        pool = {_norm(v) for v in _as_list(right)}
        values = [_norm(v) for v in _as_list(left)]
        if op == "in":
            return any(v in pool for v in values)
        return bool(values) and not any(v in pool for v in values)
    if op in ("intersects", "disjoint"):
        pool = {_norm(v) for v in _as_list(right)}
        found = any(_norm(v) in pool for v in _as_list(left))
        return found if op == "intersects" else not found
    if op == "contains":
        if isinstance(left, str):
            return isinstance(right, str) and right.casefold() in left.casefold()
        return any(_norm(v) == _norm(right) for v in _as_list(left))
    if op == "matches":
        return any(isinstance(v, str) and right.search(v) for v in _as_list(left))
    if left is None or right is None:
        return False
    try:
        if op == "gt":
            return bool(left > right)
        if op == "gte":
            return bool(left >= right)
        if op == "lt":
            return bool(left < right)
        if op == "lte":
            return bool(left <= right)
    except TypeError:
        return False
    raise AssertionError(op)


_TEMPLATE = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value) or "—"
    if isinstance(value, dict):
        return str(value.get("name") or value.get("caption") or "…")
    return str(value)


def render(template: str, ctx: Ctx) -> str:
    """Fill ``{path}`` placeholders from the facts (no format spec, no attribute access)."""
    return _TEMPLATE.sub(lambda m: _show(resolve(ctx, m.group(1))), template)


# -- loading ------------------------------------------------------------------


class _Loader:
    """Builds rules from YAML nodes, collecting every error with its line."""

    def __init__(self, file: str, sets: dict[str, frozenset[Any]]) -> None:
        self.file = file
        self.sets = sets
        self.errors: list[ErrorDetail] = []

    def error(self, node: yaml.Node | None, message: str, fieldname: str | None = None) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.errors.append(ErrorDetail(message, file=self.file, line=line, field=fieldname))

    def value(self, node: yaml.Node) -> Any:
        return yaml.safe_load(yaml.serialize(node))

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping")
            return None
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                self.error(key_node, f"key {key!r} appears twice in {what}", key)
            out[key] = (key_node, value_node)
        return out

    def path(self, node: yaml.Node, scope: tuple[str, ...]) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
            self.error(node, "a fact path must be a dotted name such as order.end_use")
            return None
        path = node.value
        if not re.fullmatch(r"[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*", path):
            self.error(node, f"fact path {path!r} is not a dotted lower-case name", "fact")
            return None
        root = path.split(".")[0]
        if root not in ROOTS + scope:
            allowed = ", ".join(ROOTS + scope)
            self.error(node, f"fact path {path!r} starts with unknown {root!r}; expected {allowed}")
            return None
        return path

    def operand(self, node: yaml.Node, scope: tuple[str, ...]) -> Callable[[Ctx], Any] | None:
        if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
            key = str(node.value[0][0].value)
            inner = node.value[0][1]
            if key == "set":
                name = str(inner.value) if isinstance(inner, yaml.ScalarNode) else ""
                if name not in self.sets:
                    known = ", ".join(sorted(self.sets)) or "none"
                    self.error(inner, f"unknown set {name!r}; known sets: {known}", "set")
                    return None
                values = self.sets[name]
                return lambda _ctx: values
            if key == "fact":
                path = self.path(inner, scope)
                if path is None:
                    return None
                return lambda ctx: resolve(ctx, path)
        literal = self.value(node)
        return lambda _ctx: literal

    def condition(self, node: yaml.Node, scope: tuple[str, ...] = ()) -> Cond | None:
        items = self.mapping(node, "a condition")
        if items is None:
            return None
        keys = set(items)
        if keys & {"all", "any"} and len(keys) == 1:
            key = next(iter(keys))
            _k, seq = items[key]
            if not isinstance(seq, yaml.SequenceNode) or not seq.value:
                self.error(seq, f"'{key}' needs a non-empty list of conditions", key)
                return None
            parts = [self.condition(n, scope) for n in seq.value]
            if any(p is None for p in parts):
                return None
            conds: list[Cond] = [p for p in parts if p is not None]
            if key == "all":
                return lambda ctx: all(c(ctx) for c in conds)
            return lambda ctx: any(c(ctx) for c in conds)
        if keys == {"not"}:
            inner = self.condition(items["not"][1], scope)
            return None if inner is None else (lambda ctx: not inner(ctx))
        quantifiers = keys & {"any_of", "all_of", "none_of"}
        if quantifiers:
            quant = next(iter(quantifiers))
            if keys != {quant, "where"}:
                self.error(node, f"'{quant}' takes exactly one 'where' condition beside it")
                return None
            path = self.path(items[quant][1], scope)
            where = self.condition(items["where"][1], scope + ("item",))
            if path is None or where is None:
                return None
            return _quantifier(quant, path, where)
        if "fact" in keys:
            ops = keys - {"fact"}
            if len(ops) != 1:
                self.error(
                    node,
                    "a comparison needs 'fact' and exactly one operator out of " + ", ".join(OPS),
                )
                return None
            op = next(iter(ops))
            if op not in OPS:
                self.error(
                    items[op][0], f"unknown operator {op!r}; expected one of {', '.join(OPS)}"
                )
                return None
            path = self.path(items["fact"][1], scope)
            if path is None:
                return None
            value_node = items[op][1]
            if op in UNARY_OPS:
                if self.value(value_node) is not True:
                    self.error(value_node, f"operator {op!r} is written '{op}: true'", op)
                    return None
                return lambda ctx: _compare(op, resolve(ctx, path), None)
            if op == "matches":
                pattern = self.value(value_node)
                try:
                    regex = re.compile(str(pattern), re.IGNORECASE)
                except re.error as exc:
                    self.error(value_node, f"bad regular expression {pattern!r}: {exc}", op)
                    return None
                return lambda ctx: _compare("matches", resolve(ctx, path), regex)
            operand = self.operand(value_node, scope)
            if operand is None:
                return None
            return lambda ctx: _compare(op, resolve(ctx, path), operand(ctx))
        self.error(
            node,
            f"cannot read condition with keys {sorted(keys)}; expected all/any/not, "
            "any_of/all_of/none_of + where, or fact + operator",
        )
        return None

    def rule(self, node: yaml.Node, seen: dict[str, int]) -> Rule | None:
        items = self.mapping(node, "a rule")
        if items is None:
            return None
        ok = True
        for key, (key_node, _v) in items.items():
            if key not in RULE_KEYS:
                self.error(key_node, f"unknown rule key {key!r}; allowed: {', '.join(RULE_KEYS)}")
                ok = False
        for key in REQUIRED_KEYS:
            if key not in items:
                self.error(node, f"rule is missing required key {key!r}", key)
                ok = False
        if not ok:
            return None

        def text(key: str, default: str = "") -> str:
            if key not in items:
                return default
            value = self.value(items[key][1])
            if not isinstance(value, str) or not value.strip():
                self.error(items[key][1], f"{key!r} must be a non-empty string", key)
                return default
            return value.strip()

        rule_id = text("id")
        if rule_id and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", rule_id):
            self.error(items["id"][1], f"rule id {rule_id!r} may hold only letters, digits, -_.")
        if rule_id in seen:
            self.error(
                items["id"][1], f"rule id {rule_id!r} is already used (line {seen[rule_id]})"
            )
        seen[rule_id] = node.start_mark.line + 1
        severity = text("severity")
        if severity not in SEVERITIES:
            self.error(
                items["severity"][1],
                f"severity {severity!r} is not one of {', '.join(SEVERITIES)}",
                "severity",
            )
        source = text("source")
        if source and not re.match(r"https?://", source):
            self.error(items["source"][1], f"source {source!r} must be an http(s) URL", "source")
        for_each = None
        scope: tuple[str, ...] = ()
        if "for_each" in items:
            for_each = self.path(items["for_each"][1], ())
            scope = ("item",)
        reason = text("reason")
        for placeholder in _TEMPLATE.findall(reason):
            root = placeholder.split(".")[0]
            if root not in ROOTS + scope + ("match", "item"):
                self.error(items["reason"][1], f"reason refers to unknown {{{placeholder}}}")
        condition = self.condition(items["when"][1], scope)
        enabled = self.value(items["enabled"][1]) if "enabled" in items else True
        if not isinstance(enabled, bool):
            self.error(items["enabled"][1], "'enabled' must be true or false", "enabled")
        tags = self.value(items["tags"][1]) if "tags" in items else []
        if condition is None:
            return None
        return Rule(
            id=rule_id,
            title=text("title"),
            severity=severity,
            authority=text("authority"),
            document=text("document", ""),
            source=source,
            reason=reason,
            condition=condition,
            for_each=for_each,
            file=self.file,
            line=node.start_mark.line + 1,
            enabled=bool(enabled),
            tags=tuple(str(t) for t in (tags or [])),
        )


def _quantifier(kind: str, path: str, where: Cond) -> Cond:
    def check(ctx: Ctx) -> bool:
        hits = 0
        elements = _as_list(resolve(ctx, path))
        for element in elements:
            local = dict(ctx)
            local["item"] = element
            if where(local):
                hits += 1
                ctx["match"] = element
                if kind == "any_of":
                    return True
                if kind == "none_of":
                    return False
            elif kind == "all_of":
                return False
        if kind == "any_of":
            return False
        if kind == "none_of":
            return True
        return bool(elements)

    return check


def load_rules(
    paths: Sequence[Path | str] | None = None,
    *,
    include_shipped: bool = True,
    builtin_sets: dict[str, Iterable[Any]] | None = None,
) -> RuleSet:
    """Load the shipped rules and any user rule files; refuse a bad file whole."""
    from importlib import resources

    sources: list[tuple[str, str]] = []
    if include_shipped:
        folder = resources.files("dualuse.rules.data")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".yml", ".yaml")):
                sources.append((f"dualuse/rules/data/{entry.name}", entry.read_text("utf-8")))
    for path in paths or []:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(
                f"rule file {p} does not exist", [ErrorDetail("file not found", file=str(p))]
            )
        sources.append((str(p), p.read_text("utf-8")))
    sets: dict[str, frozenset[Any]] = {
        k: frozenset(_norm(v) for v in vs) for k, vs in (builtin_sets or default_sets()).items()
    }
    ruleset = RuleSet()
    digest = hashlib.sha256()
    seen: dict[str, int] = {}
    for file, text in sources:
        digest.update(file.encode() + b"\0" + text.encode() + b"\0")
        ruleset.rules.extend(_load_text(file, text, sets, seen))
        ruleset.files.append(file)
    ruleset.sets = sets
    ruleset.digest = digest.hexdigest()[:16]
    return ruleset


def _load_text(
    file: str, text: str, sets: dict[str, frozenset[Any]], seen: dict[str, int]
) -> list[Rule]:
    loader = _Loader(file, sets)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(
            f"rule file {file}: not valid YAML: {getattr(exc, 'problem', exc)}",
            [ErrorDetail(f"not valid YAML: {getattr(exc, 'problem', exc)}", file=file, line=line)],
        ) from exc
    if root is None:
        return []
    rules: list[Rule] = []
    rule_nodes: list[yaml.Node] = []
    if isinstance(root, yaml.SequenceNode):
        rule_nodes = list(root.value)
    else:
        top = loader.mapping(root, "the rule file")
        for key, (key_node, value_node) in (top or {}).items():
            if key == "sets":
                set_items = loader.mapping(value_node, "'sets'") or {}
                for name, (name_node, values_node) in set_items.items():
                    values = loader.value(values_node)
                    if not isinstance(values, list):
                        loader.error(values_node, f"set {name!r} must be a list", name)
                        continue
                    if name in sets:
                        loader.error(name_node, f"set {name!r} is already defined", name)
                        continue
                    sets[name] = frozenset(_norm(v) for v in values)
            elif key == "rules":
                if not isinstance(value_node, yaml.SequenceNode):
                    loader.error(value_node, "'rules' must be a list of rules", "rules")
                else:
                    rule_nodes = list(value_node.value)
            elif key not in ("version", "description"):
                loader.error(key_node, f"unknown top-level key {key!r}; expected sets, rules")
    for node in rule_nodes:
        rule = loader.rule(node, seen)
        if rule is not None:
            rules.append(rule)
    if loader.errors:
        first = loader.errors[0]
        raise ConfigError(
            f"rule file {file} refused ({len(loader.errors)} error(s)); first at line "
            f"{first.line}: {first.message}",
            loader.errors,
        )
    return rules


def default_sets() -> dict[str, Iterable[Any]]:
    """Sets built from the packaged reference data (jurisdictions, port groups)."""
    from dualuse.screening.route import jurisdictions, ports

    sets: dict[str, set[str]] = {}
    for j in jurisdictions():
        sets.setdefault(f"jurisdictions.{j.tag}", set()).add(j.country)
    official = {"fincen_bis_2022_transshipment", "fincen_bis_2023_supply_node"}
    sets["jurisdictions.fincen_bis_alerts"] = {
        j.country for j in jurisdictions() if j.tag in official
    }
    sets["ports.caspian_unlocodes"] = {p.unlocode for p in ports() if p.unlocode}
    return {k: sorted(v) for k, v in sets.items()}
