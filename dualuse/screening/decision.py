"""The decision policy (flags -> clear / review / block) and the screening result.

The policy is a small YAML file (the shipped default is
``dualuse/screening/data/policy.yml``; ``dualuse screen --policy FILE`` uses
another). Each flag has a severity; a severity has a weight; an order is

* **block** when any flag has a severity listed under ``block.any_severity``
  or the summed weight reaches ``block.score_at_least``;
* **review** when any flag has a severity listed under ``review.any_severity``
  or the summed weight reaches ``review.score_at_least``;
* **clear** otherwise.

The :class:`ScreeningResult` carries every reason, the scores, the list
versions, the configuration hash and the dualuse version, so that a decision
can be reproduced and audited.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dualuse.errors import ConfigError, ErrorDetail
from dualuse.rules.engine import SEVERITIES, Flag

DECISIONS = ("clear", "review", "block")
POLICY_KEYS = ("weights", "block", "review", "party_limit", "party_threshold", "description")
LEVEL_KEYS = ("any_severity", "score_at_least")


@dataclass(frozen=True)
class DecisionPolicy:
    weights: dict[str, float]
    block_severities: frozenset[str]
    block_score: float | None
    review_severities: frozenset[str]
    review_score: float | None
    party_limit: int = 5  #: candidates kept per party
    party_threshold: float | None = None  #: None: the matcher's configured thresholds
    source: str = "dualuse/screening/data/policy.yml"

    def score(self, flags: list[Flag]) -> float:
        return float(sum(self.weights.get(f.severity, 0.0) for f in flags))

    def decide(self, flags: list[Flag]) -> tuple[str, float]:
        score = self.score(flags)
        severities = {f.severity for f in flags}
        if severities & self.block_severities or (
            self.block_score is not None and score >= self.block_score
        ):
            return "block", score
        if severities & self.review_severities or (
            self.review_score is not None and score >= self.review_score
        ):
            return "review", score
        return "clear", score

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": dict(sorted(self.weights.items())),
            "block": {
                "any_severity": sorted(self.block_severities),
                "score_at_least": self.block_score,
            },
            "review": {
                "any_severity": sorted(self.review_severities),
                "score_at_least": self.review_score,
            },
            "party_limit": self.party_limit,
            "party_threshold": self.party_threshold,
        }


def load_policy(path: str | Path | None = None) -> DecisionPolicy:
    """Read and check a policy file (the shipped default when ``path`` is None)."""
    if path is None:
        name = "dualuse/screening/data/policy.yml"
        text = resources.files("dualuse.screening.data").joinpath("policy.yml").read_text("utf-8")
    else:
        name = str(path)
        if not Path(path).is_file():
            raise ConfigError(
                f"policy file {path} does not exist", [ErrorDetail("not found", name)]
            )
        text = Path(path).read_text("utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            f"policy file {name}: not valid YAML",
            [ErrorDetail(str(exc), file=name, line=mark.line + 1 if mark else None)],
        ) from exc
    errors: list[ErrorDetail] = []

    def err(node: yaml.Node | None, message: str, fieldname: str | None = None) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        errors.append(ErrorDetail(message, file=name, line=line, field=fieldname))

    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(
            f"policy file {name} must be a mapping", [ErrorDetail("not a mapping", name)]
        )
    data: dict[str, Any] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        if key not in POLICY_KEYS:
            err(key_node, f"unknown policy key {key!r}; allowed: {', '.join(POLICY_KEYS)}", key)
            continue
        data[key] = (value_node, yaml.safe_load(yaml.serialize(value_node)))
    weights: dict[str, float] = {}
    node, raw = data.get("weights", (None, None))
    if not isinstance(raw, dict):
        err(node or root, "'weights' must map each severity to a number", "weights")
    else:
        for sev in SEVERITIES:
            value = raw.get(sev)
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                err(node, f"weight of severity {sev!r} must be a number >= 0, got {value!r}", sev)
            else:
                weights[sev] = float(value)
        for extra in set(raw) - set(SEVERITIES):
            err(node, f"unknown severity {extra!r} in weights", extra)
    levels: dict[str, tuple[frozenset[str], float | None]] = {}
    for level in ("block", "review"):
        node, raw = data.get(level, (None, None))
        if not isinstance(raw, dict):
            err(
                node or root,
                f"'{level}' must be a mapping with {' and/or '.join(LEVEL_KEYS)}",
                level,
            )
            levels[level] = (frozenset(), None)
            continue
        for extra in set(raw) - set(LEVEL_KEYS):
            err(node, f"unknown key {extra!r} under {level!r}", extra)
        sevs = raw.get("any_severity") or []
        if not isinstance(sevs, list) or any(s not in SEVERITIES for s in sevs):
            err(node, f"{level}.any_severity must list severities out of {SEVERITIES}", level)
            sevs = []
        score = raw.get("score_at_least")
        if score is not None and (not isinstance(score, int | float) or isinstance(score, bool)):
            err(node, f"{level}.score_at_least must be a number, got {score!r}", level)
            score = None
        levels[level] = (frozenset(sevs), None if score is None else float(score))
    limit_node, limit = data.get("party_limit", (None, 5))
    if not isinstance(limit, int) or not 1 <= limit <= 100:
        err(limit_node, f"party_limit must be an integer 1..100, got {limit!r}", "party_limit")
        limit = 5
    thr_node, threshold = data.get("party_threshold", (None, None))
    if threshold is not None and not (isinstance(threshold, int | float) and 0 < threshold <= 1):
        err(thr_node, f"party_threshold must be a number in (0, 1], got {threshold!r}")
        threshold = None
    if errors:
        raise ConfigError(
            f"policy file {name} refused ({len(errors)} error(s)): {errors[0]}", errors
        )
    return DecisionPolicy(
        weights=weights,
        block_severities=levels["block"][0],
        block_score=levels["block"][1],
        review_severities=levels["review"][0],
        review_score=levels["review"][1],
        party_limit=limit,
        party_threshold=None if threshold is None else float(threshold),
        source=name,
    )


@dataclass
class ScreeningResult:
    """Everything one screening decided, and what it was decided against."""

    screening_id: str
    order_id: str
    decision: str
    score: float
    reasons: list[dict[str, Any]]  #: the flags, most severe first
    party_hits: list[dict[str, Any]]
    goods_hits: list[dict[str, Any]]
    route_hits: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    input_errors: list[dict[str, Any]]
    parties: list[dict[str, Any]]
    list_versions: list[dict[str, Any]]
    config_hash: str
    dualuse_version: str
    screened_at: str
    customer_id: str | None = None
    source: str | None = None
    rows: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    end_use: str | None = None
    route: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "screening_id": self.screening_id,
            "order_id": self.order_id,
            "decision": self.decision,
            "score": self.score,
            "reasons": self.reasons,
            "party_hits": self.party_hits,
            "goods_hits": self.goods_hits,
            "route_hits": self.route_hits,
            "flags": self.flags,
            "input_errors": self.input_errors,
            "parties": self.parties,
            "list_versions": self.list_versions,
            "config_hash": self.config_hash,
            "dualuse_version": self.dualuse_version,
            "screened_at": self.screened_at,
            "customer_id": self.customer_id,
            "source": self.source,
            "rows": self.rows,
            "notes": self.notes,
            "end_use": self.end_use,
            "route": self.route,
        }


def config_hash(parts: dict[str, Any]) -> str:
    """Stable hash of everything that shapes a decision besides the lists."""
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]
