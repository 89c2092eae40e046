"""Identifiers (IMO, MMSI, passport, INN, OGRN, LEI, SWIFT/BIC, crypto addresses).

Identifiers are matched exactly, after this normalization: upper case, every
character that is not a letter or digit removed, and a leading type label
("IMO", "MMSI", "INN", "SWIFT" ...) removed, so that "IMO 9184691",
"imo9184691" and "9184691" meet. Where rigour knows the format (IMO, INN,
OGRN, LEI, BIC) its ``normalize`` is used and its check digit tested; the
kind is kept for the explanation. Crypto addresses are case-sensitive in some
chains (base58), so they are kept as written, only trimmed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.ids import BIC, IMO, INN, LEI, OGRN

_LABELS = re.compile(
    r"^(IMO|MMSI|INN|OGRN|LEI|BIC|SWIFT|SWIFTBIC|PASSPORT|PASSPORTNO|NO|TAXID|REGNO|ID)(?=\d|[A-Z0-9]{6,})"
)
# Ethereum (0x + 40 hex), Bitcoin legacy/P2SH (base58) and bech32, Tron (T + base58)
_CRYPTO = re.compile(
    r"^(0x[0-9a-fA-F]{40}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[0-9a-z]{20,90}"
    r"|T[1-9A-HJ-NP-Za-km-z]{33})$"
)


@lru_cache(maxsize=65536)
def normalize_identifier(value: str) -> str | None:
    """The comparable form of an identifier, or None when nothing usable is left."""
    raw = value.strip()
    if not raw:
        return None
    if _CRYPTO.match(raw):
        return raw
    text = re.sub(r"[^0-9A-Za-z]", "", raw).upper()
    text = _LABELS.sub("", text)
    if len(text) < 4:
        return None
    return text


@lru_cache(maxsize=65536)
def identifier_kind(value: str) -> str:
    """A label for the explanation: imo, inn, ogrn, lei, bic, crypto or id."""
    raw = value.strip()
    if _CRYPTO.match(raw):
        return "crypto"
    norm = normalize_identifier(raw) or ""
    if norm.isdigit() and len(norm) == 7 and IMO.is_valid(norm):
        return "imo"
    if norm.isdigit() and len(norm) == 9:
        return "mmsi"
    if norm.isdigit() and len(norm) in (10, 12) and INN.is_valid(norm):
        return "inn"
    if norm.isdigit() and len(norm) in (13, 15) and OGRN.is_valid(norm):
        return "ogrn"
    if len(norm) == 20 and LEI.is_valid(norm):
        return "lei"
    if len(norm) in (8, 11) and norm[:6].isalpha() and BIC.is_valid(norm):
        return "bic"
    return "id"
