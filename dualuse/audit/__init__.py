"""Audit trail of every screening, analysts' reviews of hits, and re-screening."""

from dualuse.audit.log import VERDICTS, AuditLog, Review
from dualuse.audit.rescreen import RescreenItem, RescreenReport, rescreen

__all__ = ["VERDICTS", "AuditLog", "RescreenItem", "RescreenReport", "Review", "rescreen"]
