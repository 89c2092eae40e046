"""Commodity-code normalization and validation.

Order lines carry codes in many national forms: the 6-digit Harmonized System
subheading (HS-6, "8542.31"), the EU Combined Nomenclature (CN-8,
"8542 31 90"), the US HTS / Schedule B (10 digits, "8542.31.0000") and the
Russian/EAEU TN VED (10 digits). All of them begin with the HS-6 subheading,
so screening against HS-6 lists is a prefix match on the digits.

:func:`normalize_code` accepts dots, spaces and hyphens as separators and a
leading code-system label ("HS", "HTS code:", "CN", "ТН ВЭД"), and rejects
everything else with an :class:`~dualuse.errors.InputError` that names
the value and the rule. A 4-digit HS heading is accepted as a *query* (list the
subheadings beneath it), never as a screening result by itself. Pure
functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dualuse.errors import ErrorDetail, InputError

#: Separators people put inside codes: "8542.31", "8542 31 00", "8542-31".
_SEPARATORS = re.compile(r"[\s.\-]+")
#: Labels people write before a code ("HS 8542.31", "HTS code: 8542.31.0000",
#: "ТН ВЭД 8542310000"); only these exact labels are taken off, nothing else.
_LABEL = re.compile(
    r"^\s*(?:hs|hts|htsus|cn|taric|schedule\s*b|tn\s*ved|тн\s*вэд|eaeu\s*cn\s*fea)"
    r"(?:[\s-]*(?:code|no\.?|number|код))?\s*[:#]?\s*",
    re.IGNORECASE,
)
#: Longest raw value worth looking at; anything longer is not a code.
MAX_RAW_LENGTH = 40
#: HS chapters 01-97 exist; 77 is reserved for possible future use.
RESERVED_CHAPTERS = frozenset({"77"})
#: Code lengths and what they usually are.
CODE_SYSTEMS = {
    4: "HS-4 heading",
    6: "HS-6 subheading",
    8: "CN-8 / HTS-8",
    10: "HTS / Schedule B-10 or TN VED-10",
}


@dataclass(frozen=True)
class CommodityCode:
    """A validated code: its digits and what the caller wrote."""

    raw: str
    digits: str

    @property
    def length(self) -> int:
        return len(self.digits)

    @property
    def is_heading(self) -> bool:
        return len(self.digits) == 4

    @property
    def chapter(self) -> str:
        return self.digits[:2]

    @property
    def heading(self) -> str:
        return self.digits[:4]

    @property
    def hs6(self) -> str | None:
        return self.digits[:6] if len(self.digits) >= 6 else None

    @property
    def system(self) -> str:
        return CODE_SYSTEMS[len(self.digits)]

    @property
    def display(self) -> str:
        return format_code(self.digits)


def format_code(digits: str) -> str:
    """Write digits as tariffs print them: 8542, 8542.31, 8542.31.00, 8542.31.0000."""
    if len(digits) <= 4:
        return digits
    parts = [digits[:4], digits[4:6]]
    if len(digits) > 6:
        parts.append(digits[6:])
    return ".".join(parts)


def _error(raw: str, message: str, field: str) -> InputError:
    return InputError(message, [ErrorDetail(message, field=field, value=raw)])


def normalize_code(raw: str, *, field: str = "code") -> CommodityCode:
    """Validate and normalize one written code; raise InputError naming the rule broken."""
    if raw is None or not str(raw).strip():
        raise _error("", "HS code is empty; expected 6, 8 or 10 digits", field)
    text = str(raw).strip()
    if len(text) > MAX_RAW_LENGTH:
        shown = text[:20] + "..."
        raise _error(
            text,
            f"HS code '{shown}' is {len(text)} characters long; a code has at most 10 digits",
            field,
        )
    digits = _SEPARATORS.sub("", _LABEL.sub("", text, count=1))
    bad = sorted({c for c in digits if not c.isdigit() or not c.isascii()})
    if bad:
        shown = "".join(bad[:5])
        raise _error(
            text,
            f"HS code '{text}' contains non-digit characters ({shown!r}); "
            "a code has digits only, with dots, spaces or hyphens as separators",
            field,
        )
    n = len(digits)
    if n not in CODE_SYSTEMS:
        raise _error(
            text,
            f"HS code '{text}' has {n} digit{'s' if n != 1 else ''}; expected 6, 8 or 10 "
            "(or a 4-digit heading to list its subheadings)",
            field,
        )
    chapter = digits[:2]
    if chapter in RESERVED_CHAPTERS:
        raise _error(
            text,
            f"HS code '{text}' is in chapter {chapter}, which the Harmonized System "
            "reserves for future use; no goods are classified there",
            field,
        )
    if not ("01" <= chapter <= "97"):
        hint = (
            "; chapters 98 and 99 are national special provisions (e.g. US HTS), "
            "not HS goods chapters"
            if chapter in {"98", "99"}
            else ""
        )
        raise _error(
            text,
            f"HS code '{text}' is in chapter {chapter}, which does not exist; "
            f"HS chapters run from 01 to 97{hint}",
            field,
        )
    return CommodityCode(raw=text, digits=digits)


def is_valid_code(raw: str) -> bool:
    """True when :func:`normalize_code` would accept the value."""
    try:
        normalize_code(raw)
    except InputError:
        return False
    return True
