"""API keys with roles, stored hashed, on the store's database.

A key looks like ``du_<key id>_<secret>``: the key id (public, 8 hex digits)
finds the row, the secret (32 random bytes, URL-safe) is checked against
``sha256(salt || secret)``. The secret has 256 bits of entropy, so a fast salted
hash is enough (a slow KDF such as scrypt defends low-entropy passwords, and
would cost every request tens of milliseconds); the comparison is constant-time.
The plain key is shown once, at creation, and never stored.

Roles are ordered: ``screener`` (screen, match, search, read) < ``analyst``
(plus reviews) < ``admin`` (plus list updates and keys). Tables are the
server's own (``server_api_keys``) in their own ``MetaData``, created with
``create_all`` on ``store.engine``, so SQLite and PostgreSQL run the same code.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, insert, select, update

from dualuse.errors import ErrorDetail, InputError, NotFoundError

ROLES: tuple[str, ...] = ("screener", "analyst", "admin")
KEY_PATTERN = re.compile(r"^du_([0-9a-f]{8})_([A-Za-z0-9_-]{20,100})$")
NAME_PATTERN = re.compile(r"^[\w .@'-]{1,100}$", re.UNICODE)

metadata = MetaData()

api_keys = Table(
    "server_api_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_id", String(8), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("role", String(16), nullable=False),
    Column("salt", String(32), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
)


@dataclass(frozen=True)
class ApiKey:
    """A stored key, without its secret."""

    key_id: str
    name: str
    role: str
    created_at: str
    revoked_at: str | None

    def allows(self, role: str) -> bool:
        """Whether this key's role includes ``role`` (roles are ordered)."""
        return ROLES.index(self.role) >= ROLES.index(role)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "name": self.name,
            "role": self.role,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
            "active": self.revoked_at is None,
        }


def _hash(salt: str, secret: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + secret.encode("utf-8")).hexdigest()


def _key(row: Any) -> ApiKey:
    return ApiKey(row.key_id, row.name, row.role, row.created_at, row.revoked_at)


class KeyStore:
    """Create, list, revoke and verify API keys."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def create(self, name: str, role: str) -> tuple[str, ApiKey]:
        """A new key: returns the plain key (shown once) and its stored record."""
        if role not in ROLES:
            raise InputError(
                f"role {role!r} is not one of {', '.join(ROLES)}",
                [ErrorDetail("unknown role", field="role", value=role)],
            )
        if not NAME_PATTERN.match(name or ""):
            raise InputError(
                f"key name {name!r} must be 1-100 letters, digits, spaces or . @ ' _ -",
                [ErrorDetail("invalid key name", field="name", value=name)],
            )
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for _attempt in range(5):
            key_id = secrets.token_hex(4)
            secret = secrets.token_urlsafe(32)
            salt = secrets.token_hex(16)
            with self.engine.begin() as conn:
                exists = conn.execute(
                    select(api_keys.c.id).where(api_keys.c.key_id == key_id)
                ).first()
                if exists:
                    continue
                conn.execute(
                    insert(api_keys).values(
                        key_id=key_id,
                        name=name,
                        role=role,
                        salt=salt,
                        secret_hash=_hash(salt, secret),
                        created_at=now,
                        revoked_at=None,
                    )
                )
            return f"du_{key_id}_{secret}", ApiKey(key_id, name, role, now, None)
        raise RuntimeError("could not draw a free key id")  # 2^32 ids: practically never

    def list(self) -> list[ApiKey]:
        with self.engine.connect() as conn:
            return [_key(r) for r in conn.execute(select(api_keys).order_by(api_keys.c.id))]

    def revoke(self, key_id: str) -> ApiKey:
        """Revoke a key by its id (the ``du_<id>`` part); it stops working at once."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            result = conn.execute(
                update(api_keys)
                .where(api_keys.c.key_id == key_id)
                .where(api_keys.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            row = conn.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
        if row is None:
            raise NotFoundError(
                f"no API key with id {key_id!r}; `dualuse keys list` shows the ids",
                [ErrorDetail("unknown key id", field="key_id", value=key_id)],
            )
        if result.rowcount == 0 and row.revoked_at is None:  # pragma: no cover - race
            raise NotFoundError(f"key {key_id!r} could not be revoked")
        return _key(row)

    def verify(self, presented: str) -> ApiKey | None:
        """The active key matching ``presented``, or None."""
        match = KEY_PATTERN.match(presented or "")
        if match is None:
            return None
        key_id, secret = match.groups()
        with self.engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.secret_hash, _hash(row.salt, secret)):
            return None
        return _key(row)
