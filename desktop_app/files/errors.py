"""The base errors of files, shared by storage and export: `str()` is a message a
person can read, saying what is wrong and what to do."""

from __future__ import annotations


class DocumentError(Exception):
    """A file that cannot be opened or written; `str()` is the message."""


class WriteFailed(DocumentError):
    """A file could not be written (full disk, no permission, a folder)."""
