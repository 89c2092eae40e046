"""Red-flag rules as data (YAML) and the small condition language they use.

See :mod:`dualuse.rules.engine` and ``docs/rules.md``.
"""

from dualuse.rules.engine import Flag, Rule, RuleSet, load_rules

__all__ = ["Flag", "Rule", "RuleSet", "load_rules"]
