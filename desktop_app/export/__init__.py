"""Exports people take home: the PDF minutes and the actions as CSV.

Headless like domain and storage: no Qt here (tests/test_layering.py)."""
