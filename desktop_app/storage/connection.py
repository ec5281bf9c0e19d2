"""How the app connects to a workshop file: by URI, never creating it, with
untrusted schema code switched off. Shared by the document and its snapshots.

Reading never creates anything beside the file. SQLite reads a file in WAL
mode (another program may have switched it) only with a `-shm` index, which it
creates beside the file even for a read-only connection; such a file is read
from a private copy (with its `-wal`, which holds its newest changes) in a
temporary folder instead, removed when the connection closes. So is a file
with a `-journal` beside it (a crashed writer's unfinished change, or junk):
SQLite rolls the journal back, or discards it, in the private copy, and the
journal beside the file stays as it was.

SQLite opens the side files itself, so each is first looked at by name: a
named pipe would block its open, a link to /dev/zero would be read for ever.
Anything but a regular file there is refused with its name.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

from desktop_app.files.paths import real_path
from desktop_app.storage.errors import ForeignSideFile
from desktop_app.storage.locks import not_a_plain_file

EXTENSION = ".workshop"
BUSY_TIMEOUT = 2.0  # seconds to wait for another program's lock before saying so
WAL_SUFFIX = "-wal"
JOURNAL_SUFFIX = "-journal"
SIDE_SUFFIXES = (JOURNAL_SUFFIX, WAL_SUFFIX, "-shm")
ANY_SIZE = 1 << 62


def side_file(path: Path, suffix: str) -> Path:
    real = real_path(path)
    return real.with_name(real.name + suffix)


def check_side_files(path: Path) -> None:
    """Refuse a file whose SQLite side files are not regular files."""
    for suffix in SIDE_SUFFIXES:
        side = side_file(path, suffix)
        reason = not_a_plain_file(side, ANY_SIZE)
        if reason is not None:
            raise ForeignSideFile(
                f"{Path(path).name} was not opened: {side.name} beside it is not a file "
                f"SQLite writes: {reason}. Move {side.name} out of the folder and try again.")


def has_journal(path: Path) -> bool:
    """A non-empty rollback journal beside the file (hot, or junk)."""
    try:
        return side_file(path, JOURNAL_SUFFIX).stat().st_size > 0
    except OSError:
        return False


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
        for suffix in (WAL_SUFFIX, JOURNAL_SUFFIX):
            side = side_file(path, suffix)
            if side.is_file():
                shutil.copyfile(side, copy.with_name(copy.name + suffix))
        if has_journal(copy):  # rolled back (or discarded) here, in the copy only
            with contextlib.closing(sqlite3.connect(uri(copy, "rw"), uri=True,
                                                    timeout=timeout)) as recovery:
                recovery.execute("PRAGMA trusted_schema = OFF")
                recovery.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn = sqlite3.connect(uri(copy, "ro"), uri=True, timeout=timeout, factory=_PrivateCopy)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        _PRIVATE_COPIES.discard(folder)
        raise
    conn.folder = folder
    return conn


def connect(path: Path, mode: str, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """`mode` is "ro" or "rw": an existing file only (a missing one is an error)."""
    check_side_files(Path(path))
    if mode == "ro" and (in_wal_mode(path) or has_journal(Path(path))):
        try:
            conn = _read_private_copy(Path(path), timeout)
        except OSError as error:
            raise sqlite3.OperationalError(f"unable to open database file ({error})") from None
    else:
        conn = sqlite3.connect(uri(path, mode), uri=True, timeout=timeout)
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn
