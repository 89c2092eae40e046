"""Reviewed data files of the list parsers."""
