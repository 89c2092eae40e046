"""Delta between two versions of a list: which entries were added, removed or changed.

Entries are compared by id and by the content hash of what the entry says
(schema and values), so a re-published file with the same entries is no change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dualuse.sources.base import PARTY_SCHEMATA, ParsedList
from dualuse.store.store import Store, content_hash, entity_statements

#: entity_id -> (schema, caption, content_hash)
Summary = dict[str, tuple[str, str, str]]


@dataclass
class Delta:
    old_label: str
    new_label: str
    added: list[tuple[str, str]] = field(default_factory=list)  # (id, caption)
    removed: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        def items(rows: list[tuple[str, str]]) -> list[dict[str, str]]:
            return [{"id": i, "caption": c} for i, c in rows]

        return {
            "old": self.old_label,
            "new": self.new_label,
            "added": items(self.added),
            "removed": items(self.removed),
            "changed": items(self.changed),
            "counts": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
            },
        }


def summarize(parsed: ParsedList) -> Summary:
    out: Summary = {}
    for entity in parsed.entities:
        if entity.id is None:
            continue
        rows = entity_statements(entity)
        out[entity.id] = (
            entity.schema.name,
            entity.caption or entity.id,
            content_hash(entity.schema.name, rows),
        )
    return out


def diff_summaries(old: Summary, new: Summary, old_label: str, new_label: str) -> Delta:
    """Compare listed parties only: a party's Sanction record changing shows as
    a change of the party only when the party's own values change too."""
    old_p = {k: v for k, v in old.items() if v[0] in PARTY_SCHEMATA}
    new_p = {k: v for k, v in new.items() if v[0] in PARTY_SCHEMATA}
    delta = Delta(old_label, new_label)
    for key in sorted(new_p.keys() - old_p.keys()):
        delta.added.append((key, new_p[key][1]))
    for key in sorted(old_p.keys() - new_p.keys()):
        delta.removed.append((key, old_p[key][1]))
    for key in sorted(old_p.keys() & new_p.keys()):
        if old_p[key][2] != new_p[key][2]:
            delta.changed.append((key, new_p[key][1]))
    return delta


def diff_parsed(old: ParsedList, new: ParsedList) -> Delta:
    """Delta between two parsed files of the same list."""
    return diff_summaries(
        summarize(old),
        summarize(new),
        f"{old.source}@{old.version_date or ','.join(old.files)}",
        f"{new.source}@{new.version_date or ','.join(new.files)}",
    )


def diff_versions(store: Store, old_id: int, new_id: int) -> Delta:
    """Delta between two stored versions (their entities must still be kept)."""
    old_v, new_v = store.version(old_id), store.version(new_id)
    return diff_summaries(
        store.entity_hashes(old_id),
        store.entity_hashes(new_id),
        f"{old_v.label} (#{old_v.id})",
        f"{new_v.label} (#{new_v.id})",
    )
