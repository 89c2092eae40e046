"""One exception tree for dualuse.

Every error a user can cause is a :class:`DualuseError` carrying structured
context (the file and line, the field, the offending value and the rule it
broke), so that the CLI, the HTTP API and the logs all say the same thing.
The HTTP layer maps these classes to status codes in one table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ErrorDetail:
    """One problem found in the input: where, what and why."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    value: Any = None

    def location(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        loc = self.location()
        return f"{loc}: {self.message}" if loc else self.message

    def to_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "value": None if self.value is None else str(self.value)[:200],
        }


@dataclass
class DualuseError(Exception):
    """Root of every error dualuse raises on purpose."""

    message: str
    details: list[ErrorDetail] = field(default_factory=list)
    code: str = "error"

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        if not self.details:
            return self.message
        lines = [self.message] + [f"  - {d}" for d in self.details[:20]]
        if len(self.details) > 20:
            lines.append(f"  ... and {len(self.details) - 20} more")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": self.code,
            "message": self.message,
            "details": [d.to_dict() for d in self.details],
        }


class ConfigError(DualuseError):
    """A setting or configuration file that cannot be used."""

    def __init__(self, message: str, details: list[ErrorDetail] | None = None) -> None:
        super().__init__(message, details or [], "config_error")


class InputError(DualuseError):
    """User input (a query, an order file, a code) that breaks a rule."""

    def __init__(self, message: str, details: list[ErrorDetail] | None = None) -> None:
        super().__init__(message, details or [], "invalid_input")


class ParseError(DualuseError):
    """A list file that cannot be read. Nothing of it is stored."""

    def __init__(self, message: str, details: list[ErrorDetail] | None = None) -> None:
        super().__init__(message, details or [], "parse_error")


class UpdateError(DualuseError):
    """A list update that was refused; the version in use stays."""

    def __init__(self, message: str, details: list[ErrorDetail] | None = None) -> None:
        super().__init__(message, details or [], "update_refused")


class NotFoundError(DualuseError):
    """An entity, list version, hit or screening that does not exist."""

    def __init__(self, message: str, details: list[ErrorDetail] | None = None) -> None:
        super().__init__(message, details or [], "not_found")
