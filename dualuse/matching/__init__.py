"""Party matching: a candidate index, an explainable scorer and an OFAC-style score.

Public surface: :class:`PartyQuery`, :class:`MatchHit`, :class:`FeatureResult`,
:class:`Matcher` and :func:`get_matcher`.
"""

from dualuse.matching.matcher import Matcher, get_matcher
from dualuse.matching.model import FeatureResult, MatchHit, PartyQuery

__all__ = ["FeatureResult", "MatchHit", "Matcher", "PartyQuery", "get_matcher"]
