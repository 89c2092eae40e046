"""Screening reports: table, JSON, JSON Lines, CSV (injection-safe), HTML (self-contained)."""

from dualuse.reports.writers import (
    FORMATS,
    CsvWriter,
    HtmlWriter,
    JsonlWriter,
    JsonWriter,
    csv_safe,
    make_writer,
    render_html,
    write_all,
)

__all__ = [
    "FORMATS",
    "CsvWriter",
    "HtmlWriter",
    "JsonWriter",
    "JsonlWriter",
    "csv_safe",
    "make_writer",
    "render_html",
    "write_all",
]
