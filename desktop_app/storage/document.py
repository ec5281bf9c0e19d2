"""One workshop = one SQLite file (`.workshop`).

Opening is careful because the file may come from anywhere: it is identified
by its header and `application_id` before SQLite touches it, checked
read-only (version, structure, triggers and views, every value), and only then
opened for writing. Nothing is ever written to a file that was refused, with
one exception that changes no stored data: if a crashed writer left an
unfinished change (a hot `-journal`), SQLite first rolls it back, restoring
the file to its last stored state.

Every command is written in one transaction, with a rollback journal and
`synchronous=EXTRA`: the main file is complete after each commit, so copying
just the `.workshop` file is always safe, and the folder is synced after the
journal is deleted, so a power cut just after a commit cannot bring the
journal back and undo an edit the app already reported as stored.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop_app import APP_NAME, __version__
from desktop_app.domain.commands import DETAILS, THRESHOLDS, Change, Command
from desktop_app.domain.model import SECTIONS, Workshop
from desktop_app.files.atomic import atomic_write
from desktop_app.files.paths import same_file, why_missing
from desktop_app.storage import rows, schema
from desktop_app.storage.connection import EXTENSION, connect
from desktop_app.storage.errors import (
    DamagedFile,
    DocumentError,
    FileBusy,
    FileMissing,
    FileTooLarge,
    NeedsRecovery,
    NewerVersion,
    NotAWorkshop,
    ReadOnlyDocument,
    UntrustedFile,
    WriteFailed,
)
from desktop_app.storage.snapshots import SnapshotStore

__all__ = ["EXTENSION", "WorkshopDocument", "can_write", "identify", "write_workshop_file"]

SQLITE_MAGIC = b"SQLite format 3\x00"
# The large benchmark workshop (2,700 items) is about 1 MB: no real workshop
# comes near this, and a bigger file would take minutes and gigabytes to check.
MAX_WORKSHOP_BYTES = 16 * 2**20  # checked in seconds (tests/benchmarks/bench_big_files.py)
ALL_SECTIONS = (DETAILS, THRESHOLDS, *SECTIONS)


JOURNAL_SUFFIX = "-journal"


def _configure_for_writing(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = EXTRA")  # FULL + a folder sync; ~0.1 ms more here
    conn.execute("PRAGMA foreign_keys = ON")


def _wrap(conn: sqlite3.Connection) -> Database:
    return Database(conn, execute_plugins=False)


def _fetcher(db: Database) -> Callable[[str], list[dict[str, Any]]]:
    def fetch(table: str) -> list[dict[str, Any]]:
        if not db[table].exists():
            return []
        order = "position" if "position" in db[table].columns_dict else None
        return list(db[table].rows_where(order_by=order))

    return fetch


def identify(path: Path) -> None:
    """Refuse files that are not workshops without asking SQLite to open them."""
    if not path.exists():
        raise FileMissing(why_missing(path))
    if path.is_dir():
        raise NotAWorkshop(f"{path} is a folder, not a workshop file.")
    if not path.is_file():  # a pipe or a device would block the read below
        raise NotAWorkshop(f"{path} is not a regular file, so it is not a workshop file.")
    size = path.stat().st_size
    wal = path.with_name(path.name + "-wal")  # its newest changes, read with it
    with contextlib.suppress(OSError):
        size += wal.stat().st_size if wal.is_file() else 0
    if size > MAX_WORKSHOP_BYTES:
        raise FileTooLarge(
            f"{path.name} is {size / 2**20:,.0f} MB, larger than a workshop file can be "
            f"(at most {MAX_WORKSHOP_BYTES // 2**20} MB; a large workshop is about 1 MB). It "
            "was not opened: it is not a workshop, or another program filled it."
        )
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise DocumentError(f"Cannot read {path}: {error.strerror or error}.") from None
    if not header:
        raise NotAWorkshop(f"{path.name} is empty: it is not a workshop file.")
    if not header.startswith(SQLITE_MAGIC):
        raise NotAWorkshop(
            f"{path.name} is not a workshop file. Open a .workshop file made by "
            "Sourcing Workshop, or import an interchange .json file."
        )
    if len(header) < 100:
        raise DamagedFile(f"{path.name} is damaged (it is cut short) and cannot be opened.")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != schema.APPLICATION_ID:
        raise NotAWorkshop(
            f"{path.name} is an SQLite database of another program, not a workshop file."
        )


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def can_write(path: Path) -> bool:
    """Whether `path` and its folder can really be written, by trying.

    `os.access` is wrong for root, on read-only media and on some network
    shares; opening the file for writing and creating (then removing) a file
    in its folder ask the file system itself. The folder matters because the
    rollback journal is created beside the file at every commit.
    """
    try:
        os.close(os.open(path, os.O_RDWR))
        handle, name = tempfile.mkstemp(prefix=".~sw-probe-", dir=_folder(path))
    except OSError:
        return False
    os.close(handle)
    os.unlink(name)
    return True


def _recover(path: Path) -> None:
    """Roll back what a crashed writer left half-done (SQLite's hot journal).

    Read-only connections cannot do it and fail, so a file whose last writer
    was killed mid-commit is brought back to its last committed state first.
    The journal only counts as hot when no live writer holds the file, so this
    never disturbs an instance that is committing right now.
    """
    journal = path.with_name(path.name + JOURNAL_SUFFIX)
    try:
        if journal.stat().st_size == 0:
            return
    except OSError:
        return
    if not can_write(path):
        raise NeedsRecovery(
            f"{path.name} was not closed properly (its {journal.name} file is beside it) and "
            "must be repaired by writing to it, which is not possible here. Copy both files "
            "to a folder you can write to and open the copy."
        )
    conn = connect(path, "rw")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def _upgrade(db: Database, path: Path, snapshots: SnapshotStore | None) -> str:
    """Bring an older file to the current format, after a snapshot of it.

    Returns why it was not upgraded ("" when it was, or needed nothing): an
    upgrade is not done without the snapshot that could undo it.
    """
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version >= schema.SCHEMA_VERSION:
        return ""
    if snapshots is not None:
        try:
            snapshots.take(db.conn, path, "upgrade")
        except WriteFailed as error:
            return (f"it is from an older version and must be upgraded to be edited, but no "
                    f"snapshot of it could be kept first ({error})")
    with db.atomic():
        schema.migrations.apply(db)
        _record_writer(db)  # so an older release names this one, not the last editor
    return ""


def _writer(db: Database, found: Counter[schema.SchemaObject]) -> str:
    """'Sourcing Workshop 1.4.0', as recorded by the release that wrote the file.

    Read only if the `written_by` table is exactly the app's own, so that even
    a file refused as newer cannot make this read run anything or take long.
    """
    own = [o for o in schema.expected_objects(schema.SCHEMA_VERSION) if o[1] == schema.WRITTEN_BY]
    row = None
    if own and all(found[o] == 1 for o in own):
        try:
            row = db.execute(
                f"SELECT app, version FROM {schema.WRITTEN_BY} WHERE id = 1 "
                "AND length(app) < 200 AND length(version) < 200"
            ).fetchone()
        except sqlite3.Error:
            row = None
    if row and all(isinstance(v, str) for v in row):
        app, version = (" ".join(v.split())[:60] for v in row)
        return f"{app} {version}"
    return "a release that did not record its version"


def _record_writer(db: Database) -> None:
    db[schema.WRITTEN_BY].upsert({"id": 1, "app": APP_NAME, "version": __version__}, pk="id")


def _foreign(name: str, what: str) -> UntrustedFile:
    return UntrustedFile(
        f"{name} was changed by another program: it contains {what}, which Sourcing "
        "Workshop did not create. It was not opened, to keep your computer and your data "
        "safe. Open the original file, or ask the sender for an interchange .json export."
    )


def _describe(db: Database, obj: schema.SchemaObject, expected_names: set[str]) -> str:
    """'a trigger 'wipe'', 'a generated column 'x' in table 'scores'', ..."""
    kind, name, table, sql = obj
    words = (sql or "").split()
    if words[:2] == ["create", "trigger"] or kind.lower() == "trigger":
        return f"a trigger {name!r}"
    if words[:2] == ["create", "view"] or kind.lower() == "view":
        return f"a view {name!r}"
    if words[:3] == ["create", "virtual", "table"]:
        return f"a virtual table {name!r}"
    if kind == "table" and name in expected_names:
        try:
            generated = [row[1] for row in db.execute(f"PRAGMA table_xinfo({_quoted(name)})")
                         if row[6] in (2, 3)]
        except sqlite3.Error:
            generated = []
        if generated:
            return f"a generated column {generated[0]!r} in table {name!r}"
        return f"a changed definition of table {name!r}"
    if kind == "index":
        return f"an index {name!r} on {table!r}"
    return f"a {kind.lower() or 'database object'} {name!r}"


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _check_schema(db: Database, name: str, version: int,
                  found: Counter[schema.SchemaObject]) -> None:
    """The file's schema is exactly the app's for its version (see schema.py),
    checked before any row is read."""
    for table, columns in schema.required_columns().items():
        if not db[table].exists():
            raise DamagedFile(f"{name} is damaged (its table {table!r} is missing).")
        missing = columns - set(db[table].columns_dict)
        if missing:
            raise DamagedFile(
                f"{name} is damaged (table {table!r} lacks {', '.join(sorted(missing))})."
            )
    unexpected = schema.unexpected_objects(found, version)
    if unexpected:
        names = {o[1] for o in schema.expected_objects(version)}
        described = [_describe(db, obj, names) for obj in unexpected[:3]]
        more = len(unexpected) - len(described)
        raise _foreign(name, ", ".join(described) + (f" and {more} more" if more > 0 else ""))
    lacking = schema.missing_objects(found, version)
    if lacking:
        kind, obj_name = lacking[0][:2]
        raise DamagedFile(f"{name} is damaged (its {kind} {obj_name!r} is missing).")


def _check_references(db: Database, name: str) -> None:
    """Every row that names another (a score its vendor, a wave its functions)
    names one that is there: a file written with foreign keys off is damaged."""
    broken = db.execute("PRAGMA foreign_key_check").fetchmany(1)
    if broken:
        table, rowid, parent, _index = broken[0]
        raise DamagedFile(
            f"{name} is damaged: a row of {table!r} (row {rowid}) refers to an entry of "
            f"{parent!r} that is not there."
        )


def _check(db: Database, name: str) -> Workshop:
    """Read-only checks of an identified file; returns its content."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version < 0:
        raise NotAWorkshop(
            f"{name} carries the Sourcing Workshop mark but its format number ({version}) "
            "is one no release of the app writes: it is not a workshop file. It was not opened."
        )
    found = schema.schema_objects(db.conn)
    if version > schema.SCHEMA_VERSION:
        raise NewerVersion(
            f"{name} comes from a newer version of {APP_NAME}: it was written by "
            f"{_writer(db, found)} (file format {version}); this is "
            f"{APP_NAME} {__version__}, which reads file formats up to "
            f"{schema.SCHEMA_VERSION}. Update the app to open it."
        )
    if version == 0:
        raise NotAWorkshop(
            f"{name} carries the Sourcing Workshop mark but holds no workshop. "
            "It was not opened."
        )
    _check_schema(db, name, version, found)
    # integrity_check, not quick_check: it also compares indexes with their
    # tables, which a journal rolled into the wrong file breaks (a few ms here).
    result = db.execute("PRAGMA integrity_check(1)").fetchall()
    if result != [("ok",)]:
        raise DamagedFile(f"{name} is damaged ({result[0][0]}) and cannot be opened.")
    applied = {
        row["name"]
        for row in db[schema.migrations.migrations_table].rows_where(
            "migration_set = ?", [schema.MIGRATION_SET]
        )
    }
    if applied - schema.KNOWN_MIGRATIONS:
        raise NewerVersion(
            f"{name} comes from a newer version of {APP_NAME}: it was written by "
            f"{_writer(db, found)}; this is {APP_NAME} {__version__}. Update the app to open it."
        )
    _check_references(db, name)
    try:
        return rows.load_workshop(_fetcher(db), money_scale=schema.money_scale(version))
    except rows.RowError as error:
        raise DamagedFile(f"{name} is damaged: {str(error).rstrip('.')}. It was not "
                          "opened.") from None


def _translate(error: sqlite3.Error, path: Path) -> DocumentError:
    text = str(error)
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DamagedFile(f"{path.name} is damaged ({text}) and cannot be opened.")
    if "locked" in text or "busy" in text:
        return FileBusy(
            f"{path.name} is being written by another program, which holds it locked. Close "
            "it there (or wait until it finishes) and try again."
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnlyDocument(f"{path.name} cannot be written: {text}.")
    return DocumentError(f"{path.name} could not be opened: {text}.")


def _initialise(db: Database, workshop: Workshop) -> None:
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    schema.migrations.apply(db)
    with db.atomic():
        _record_writer(db)
        for section in ALL_SECTIONS:
            for table, table_rows in rows.section_rows(workshop, section).items():
                if table_rows:
                    db[table].insert_all(table_rows.values())


def write_workshop_file(target: Path, workshop: Workshop) -> None:
    """Write `workshop` as a new document at `target`, atomically."""

    def write(temp: Path) -> None:
        temp.unlink()  # SQLite creates it afresh
        try:
            conn = sqlite3.connect(str(temp))
        except sqlite3.Error as error:
            raise WriteFailed(f"Could not write {Path(target).name}: {error}.") from None
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            _configure_for_writing(conn)
            _initialise(_wrap(conn), workshop)
        except sqlite3.Error as error:
            raise WriteFailed(f"Could not write {Path(target).name}: {error}.") from None
        finally:
            conn.close()

    atomic_write(Path(target), write)


@contextlib.contextmanager
def _write_transaction(db: Database) -> Iterator[None]:
    """One command's writes, all or nothing.

    `BEGIN IMMEDIATE` takes the write lock first, so another program's short
    write makes this one wait (up to `BUSY_TIMEOUT`) instead of failing at
    once, as a read lock that must be upgraded would.
    """
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


def _store_failure(path: Path, error: sqlite3.Error) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        reason = "another program holds the file locked; close it there and try again"
    elif "full" in text or "disk I/O" in text:
        reason = ("the disk is full or cannot be written (" + text + "); free some space or "
                  "check the drive, then try again")
    elif "readonly" in text or "read-only" in text:
        reason = "the file can no longer be written; use File > Save a Copy As"
    else:
        reason = text
    return f"The change could not be stored in {path.name} ({reason}). Nothing was changed."


class WorkshopDocument:
    """An open workshop file and its content in memory, kept in step."""

    def __init__(self, path: Path, db: Database, workshop: Workshop, read_only: bool) -> None:
        self.path = path
        self.workshop = workshop
        self.read_only = read_only
        self._db = db
        self._writer_recorded = False  # with the first change this app stores
        self.read_only_reason = ""  # why storage chose read-only, if it did
        self._written: dict[str, rows.Rows] = {}
        for section in ALL_SECTIONS:
            self._written.update(rows.section_rows(workshop, section))

    # -- opening -------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, workshop: Workshop | None = None) -> WorkshopDocument:
        """Make a new document at `path` (which must not exist) and open it."""
        path = Path(path)
        if path.exists():
            raise WriteFailed(f"{path} already exists; choose another name.")
        write_workshop_file(path, workshop or Workshop())
        return cls.open(path)

    @classmethod
    def open(cls, path: Path, read_only: bool = False,
             snapshots: SnapshotStore | None = None) -> WorkshopDocument:
        """Open an existing document; never creates or changes a refused file.

        With `snapshots`, a file about to be upgraded to the current format is
        copied there first, as it was.
        """
        path = Path(path)
        identify(path)
        try:
            if not read_only and can_write(path):
                _recover(path)  # about to write it anyway; reading changes nothing beside it
            probe = connect(path, "ro")
        except sqlite3.Error as error:
            raise _translate(error, path) from None
        try:
            workshop = _check(_wrap(probe), path.name)
        except sqlite3.Error as error:
            raise _translate(error, path) from None
        finally:
            probe.close()
        writable = not read_only and can_write(path)
        note = ""
        try:
            conn = connect(path, "rw" if writable else "ro")
        except sqlite3.Error as error:
            raise _translate(error, path) from None
        try:
            db = _wrap(conn)
            if writable:
                _configure_for_writing(conn)
                note = _upgrade(db, path, snapshots)
        except BaseException as error:
            conn.close()
            if isinstance(error, sqlite3.Error):
                raise _translate(error, path) from None
            raise
        if note:  # not upgraded: read it as it is
            conn.close()
            conn = connect(path, "ro")
            db, writable = _wrap(conn), False
        document = cls(path, db, workshop, read_only=not writable)
        document.read_only_reason = note
        return document

    def close(self) -> None:
        self._db.conn.close()

    def take_snapshot(self, store: SnapshotStore, reason: str, label: str | None = None) -> Path:
        """A consistent copy of the document in `store` (see storage.snapshots)."""
        return store.take(self._db.conn, self.path, reason, label)

    # -- editing -------------------------------------------------------------

    def apply(self, command: Command) -> Change:
        """Apply `command` and store it in one transaction; on failure, neither."""
        self._ensure_writable()
        change = command.apply(self.workshop)
        try:
            self._persist(change)
        except BaseException:
            command.revert(self.workshop)
            raise
        return change

    def revert(self, command: Command) -> Change:
        self._ensure_writable()
        change = command.revert(self.workshop)
        try:
            self._persist(change)
        except BaseException:
            command.apply(self.workshop)
            raise
        return change

    def _ensure_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyDocument(
                f"{self.path.name} is open read-only: changes cannot be stored. Use "
                "File > Save a Copy As to make an editable copy."
            )

    def _persist(self, change: Change) -> None:
        planned: list[tuple[str, rows.Rows]] = []
        for section in change.sections:
            planned.extend(rows.section_rows(self.workshop, section).items())
        try:
            with _write_transaction(self._db):
                if not self._writer_recorded:
                    _record_writer(self._db)
                for table, new_rows in planned:
                    self._write_table(table, new_rows)
        except sqlite3.Error as error:
            raise WriteFailed(_store_failure(self.path, error)) from None
        self._writer_recorded = True
        for table, new_rows in planned:
            self._written[table] = new_rows

    def _write_table(self, table: str, new_rows: rows.Rows) -> None:
        old_rows = self._written.get(table, {})
        columns = rows.primary_key(table)
        where = " AND ".join(f'"{c}" = ?' for c in columns)
        for key in old_rows.keys() - new_rows.keys():
            values = list(key) if isinstance(key, tuple) else [key]
            self._db.execute(f'DELETE FROM "{table}" WHERE {where}', values)
        changed = [row for key, row in new_rows.items() if old_rows.get(key) != row]
        if changed:
            self._db[table].upsert_all(changed, pk=columns if len(columns) > 1 else columns[0])

    # -- copies ----------------------------------------------------------------

    def save_copy(self, target: Path) -> None:
        """A complete, consistent copy of the document at `target` (atomic)."""
        target = Path(target)
        if same_file(target, self.path):
            raise WriteFailed("A copy cannot replace the open file itself.")

        def write(temp: Path) -> None:
            temp.unlink()
            self._db.execute("VACUUM INTO ?", [str(temp)])

        atomic_write(target, write)
