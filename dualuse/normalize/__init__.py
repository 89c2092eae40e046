"""Normalization of names and identifiers for matching: pure functions.

The only I/O is reading the packaged data files (``data/*.yml``, each with
its sources) once, on first use.
"""

from dualuse.normalize.ids import identifier_kind, normalize_identifier
from dualuse.normalize.legal import split_legal_forms, strip_original_script
from dualuse.normalize.names import NameForm, analyze_name, particles
from dualuse.normalize.phonetic import skeleton, soundex, variant_key
from dualuse.normalize.text import clean, detect_script
from dualuse.normalize.translit import to_latin

__all__ = [
    "NameForm",
    "analyze_name",
    "clean",
    "detect_script",
    "identifier_kind",
    "normalize_identifier",
    "particles",
    "skeleton",
    "soundex",
    "split_legal_forms",
    "strip_original_script",
    "to_latin",
    "variant_key",
]
