"""How the app connects to a workshop file: by URI, never creating it, with
untrusted schema code switched off. Shared by the document and its snapshots.

Reading never creates anything beside the file. SQLite reads a file in WAL
mode (another program may have switched it) only with a `-shm` index, which it
creates beside the file even for a read-only connection; such a file is read
from a private copy (with its `-wal`, which holds its newest changes) in a
temporary folder instead, removed when the connection closes.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

from desktop_app.files.paths import real_path

EXTENSION = ".workshop"
BUSY_TIMEOUT = 2.0  # seconds to wait for another program's lock before saying so
WAL_SUFFIX = "-wal"


def uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(real_path(path)))}?mode={mode}"


_PRIVATE_COPIES: set[Path] = set()  # folders of the copies open now


def remove_private_copies() -> None:
    """Remove every private read copy (the app is being ended while it reads)."""
    for folder in list(_PRIVATE_COPIES):
        shutil.rmtree(folder, ignore_errors=True)
        _PRIVATE_COPIES.discard(folder)


class _PrivateCopy(sqlite3.Connection):
    """A read-only connection to a copy; closing it removes the copy."""

    folder: Path | None = None

    def close(self) -> None:
        super().close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            _PRIVATE_COPIES.discard(self.folder)
            self.folder = None

    def __del__(self) -> None:  # a connection dropped without close()
        with contextlib.suppress(Exception):
            self.close()


def in_wal_mode(path: Path) -> bool:
    """Bytes 18-19 of the header are 2 in a database in WAL mode."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(20)
    except OSError:
        return False
    return header[18:20] == b"\x02\x02"


def _read_private_copy(path: Path, timeout: float) -> sqlite3.Connection:
    folder = Path(tempfile.mkdtemp(prefix="sourcing-workshop-read-"))
    _PRIVATE_COPIES.add(folder)
    try:
        copy = folder / "copy.workshop"
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + WAL_SUFFIX)
        if wal.is_file():
            shutil.copyfile(wal, copy.with_name(copy.name + WAL_SUFFIX))
        conn = sqlite3.connect(uri(copy, "ro"), uri=True, timeout=timeout, factory=_PrivateCopy)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        _PRIVATE_COPIES.discard(folder)
        raise
    conn.folder = folder
    return conn


def connect(path: Path, mode: str, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """`mode` is "ro" or "rw": an existing file only (a missing one is an error)."""
    if mode == "ro" and in_wal_mode(path):
        try:
            conn = _read_private_copy(Path(path), timeout)
        except OSError as error:
            raise sqlite3.OperationalError(f"unable to open database file ({error})") from None
    else:
        conn = sqlite3.connect(uri(path, mode), uri=True, timeout=timeout)
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn
