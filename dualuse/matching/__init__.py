"""Party matching: a candidate index, an explainable scorer and an OFAC-style score.

Public surface: :class:`PartyQuery`, :class:`MatchHit`, :class:`FeatureResult`,
:class:`Matcher` and :func:`get_matcher`; :func:`names_is_compiled` says whether the
name alignment runs compiled by mypyc (see :mod:`dualuse.matching._native`).
"""

# first: _native chooses which dualuse.matching.names every other module imports
from dualuse.matching._native import names_is_compiled
from dualuse.matching.matcher import Matcher, get_matcher
from dualuse.matching.model import FeatureResult, MatchHit, PartyQuery

__all__ = ["FeatureResult", "MatchHit", "Matcher", "PartyQuery", "get_matcher", "names_is_compiled"]
