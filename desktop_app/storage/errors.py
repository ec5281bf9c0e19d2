"""Errors a person can read: each says what is wrong and what to do."""

from __future__ import annotations

from desktop_app.files.errors import DocumentError, WriteFailed

__all__ = [
    "DamagedFile", "DocumentError", "FileBusy", "FileMissing", "FileTooLarge",
    "InterchangeError", "NeedsRecovery", "NewerVersion", "NotAWorkshop", "ReadOnlyDocument",
    "UntrustedFile", "WriteFailed",
]

class FileMissing(DocumentError):
    pass


class NotAWorkshop(DocumentError):
    pass


class DamagedFile(DocumentError):
    pass


class NewerVersion(DocumentError):
    pass


class UntrustedFile(DocumentError):
    pass


class FileTooLarge(DocumentError):
    """A file far larger than any workshop; refused before it is read."""


class ReadOnlyDocument(DocumentError):
    pass


class FileBusy(DocumentError):
    """Another program holds an SQLite lock on the file."""


class NeedsRecovery(DocumentError):
    """A crashed writer left a journal that cannot be rolled back here."""


class ForeignSideFile(DocumentError):
    """A `-journal`, `-wal` or `-shm` name beside the file holds something SQLite
    never writes (a named pipe, a link, a folder): never opened."""


class InterchangeError(DocumentError):
    """An interchange JSON document that cannot be imported."""
