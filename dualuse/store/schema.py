"""Tables of the list store (SQLAlchemy Core, so SQLite and PostgreSQL share one code path).

``list_versions`` records each version of each list ever loaded: which source, the
publisher's date, the checksum of the exact bytes, counts, and whether it is the
version in use. ``entities`` holds the entities of the kept versions, one row per
(version, entity), with a content hash so that a change of one list entry can be
told from a new version of the whole list.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

list_versions = Table(
    "list_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("version_date", String(32)),
    Column("checksum", String(64), nullable=False),
    Column("party_count", Integer, nullable=False),
    Column("counts", Text, nullable=False),  # JSON: entities by schema
    Column("files", Text, nullable=False),  # JSON: file names read
    Column("notes", Text, nullable=False),  # JSON: what the parser skipped or merged
    Column("origin", String(32), nullable=False),  # snapshot | update | file
    Column("loaded_at", String(32), nullable=False),  # ISO 8601 UTC
    Column("in_use", Boolean, nullable=False, default=False),
)
Index("ix_list_versions_source", list_versions.c.source, list_versions.c.in_use)

entities = Table(
    "entities",
    metadata,
    Column(
        "version_id",
        Integer,
        ForeignKey("list_versions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("entity_id", String(255), primary_key=True),
    Column("schema", String(64), nullable=False),
    Column("caption", Text, nullable=False),
    Column("content_hash", String(40), nullable=False),
    Column("data", Text, nullable=False),  # JSON: the entity's statements
)
Index("ix_entities_entity_id", entities.c.entity_id)
