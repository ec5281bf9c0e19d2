"""Rolling snapshots of open workshops, kept in the user's data folder.

A snapshot is a complete, consistent copy made by SQLite itself (`VACUUM
INTO`, which also works on a read-only connection), so it can be taken while
the document is open. Each workshop file gets its own folder, named after the
file and a hash of its full path, holding its newest snapshots and a
`source.txt` that says where they came from. A snapshot identical to the
latest one is not kept twice; the copy made before a format upgrade is never
pruned by later ones. Folders untouched for `STALE_DAYS` are removed.
Snapshots are never edited in place: restoring copies one into a new file.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop_app.files.atomic import atomic_write
from desktop_app.files.paths import real_path
from desktop_app.storage.connection import ANY_SIZE, EXTENSION, connect
from desktop_app.storage.errors import DocumentError, WriteFailed
from desktop_app.storage.locks import not_a_plain_file

SOURCE_FILE = "source.txt"
KEEP_PER_WORKSHOP = 12
STALE_DAYS = 90  # a workshop's snapshots are removed when none is newer than this
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
REASONS = {
    "open": "When it was opened",
    "timed": "While editing",
    "upgrade": "Before a format upgrade",
}


@dataclass(frozen=True)
class Snapshot:
    path: Path
    taken_at: datetime
    reason: str
    source: str  # the workshop file it was taken of, as the user knew it
    title: str

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)


def _folder_name(source: Path) -> str:
    resolved = str(real_path(source))
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in Path(source).stem)
    return f"{stem[:40] or 'workshop'}-{digest}"


def _same_content(first: Path, second: Path) -> bool:
    try:
        return first.read_bytes() == second.read_bytes()
    except OSError:
        return False


def _taken_at(path: Path) -> datetime | None:
    """When a snapshot was taken, from its name (no need to open it)."""
    try:
        return datetime.strptime(path.stem.partition("_")[0], STAMP_FORMAT)
    except ValueError:
        return None


def _title_of(path: Path) -> str:
    try:
        conn = connect(path, "ro", timeout=0.5)
        try:
            row = conn.execute("SELECT title FROM workshop WHERE id = 1").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, DocumentError):  # damaged, or a side file that is no file
        return ""
    return str(row[0]) if row else ""


class SnapshotStore:
    """The snapshots of every workshop, under one folder (created on demand)."""

    def __init__(self, root: Path, keep: int = KEEP_PER_WORKSHOP) -> None:
        self.root = Path(root)
        self.keep = keep

    def folder_for(self, source: Path) -> Path:
        return self.root / _folder_name(source)

    # -- taking ------------------------------------------------------------------

    def take(self, conn: sqlite3.Connection, source: Path, reason: str,
             label: str | None = None, now: datetime | None = None) -> Path:
        """Copy the database behind `conn` (the document of `source`) as a snapshot.

        `label` is what the restore list shows as the original file (a
        temporary copy has no file of its own worth naming).
        """
        folder = self.folder_for(source)
        try:
            # Private (0o700): snapshots are made 0o644 whatever the workshop's own mode.
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            (folder / SOURCE_FILE).write_text(label or str(real_path(source)),
                                              encoding="utf-8")
        except OSError as error:
            raise WriteFailed(
                f"No snapshot could be kept in {folder}: {error.strerror or error}."
            ) from None
        stamp = (now or datetime.now()).strftime(STAMP_FORMAT)
        target = folder / f"{stamp}_{reason}{EXTENSION}"

        def write(temp: Path) -> None:
            temp.unlink()
            if conn.in_transaction:
                raise WriteFailed("A snapshot cannot be taken in the middle of a change.")
            try:
                conn.execute("VACUUM INTO ?", [str(temp)])
            except sqlite3.Error as error:
                raise WriteFailed(f"The snapshot failed: {error}.") from None

        previous = self._files(folder)
        atomic_write(target, write)
        if previous and reason != "upgrade" and _same_content(previous[0], target):
            target.unlink()  # nothing changed since the latest snapshot
            return previous[0]
        self._prune(folder)
        return target

    def _prune(self, folder: Path) -> None:
        rolling = [p for p in self._files(folder) if not p.stem.endswith("_upgrade")]
        for old in rolling[self.keep:]:
            with contextlib.suppress(OSError):  # one too many is harmless; next time
                old.unlink()

    def prune_stale(self, now: datetime | None = None) -> None:
        """Remove the folders of workshops with no snapshot in `STALE_DAYS` days."""
        now = now or datetime.now()
        try:
            folders = [p for p in self.root.iterdir() if p.is_dir()]
        except OSError:
            return
        for folder in folders:
            if not (folder / SOURCE_FILE).exists():
                continue  # not a folder this app made: leave it alone
            times = [_taken_at(p) for p in self._files(folder)]
            if any(t is None for t in times):
                continue  # a file it cannot date: keep everything rather than guess
            if times and (now - max(times)).days < STALE_DAYS:  # type: ignore[type-var]
                continue
            shutil.rmtree(folder, ignore_errors=True)

    def holds(self, path: Path) -> bool:
        """Whether `path` is one of the snapshot files (never to be edited in place)."""
        try:
            return real_path(path).is_relative_to(real_path(self.root))
        except OSError:
            return False

    # -- listing -----------------------------------------------------------------

    @staticmethod
    def _files(folder: Path) -> list[Path]:
        """Snapshot files of one folder, newest first."""
        try:
            files = [p for p in folder.iterdir() if p.suffix == EXTENSION and "_" in p.stem
                     and not p.name.startswith(".")
                     and not_a_plain_file(p, ANY_SIZE) is None]  # never a pipe or a link
        except OSError:
            return []
        return sorted(files, key=lambda p: p.name, reverse=True)

    def _read(self, path: Path, source: str) -> Snapshot | None:
        taken_at = _taken_at(path)
        if taken_at is None:
            return None
        reason = path.stem.partition("_")[2]
        return Snapshot(path=path, taken_at=taken_at, reason=reason, source=source,
                        title=_title_of(path))

    def _source_of(self, folder: Path) -> str:
        try:
            return (folder / SOURCE_FILE).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return folder.name

    def list_for(self, source: Path) -> list[Snapshot]:
        """The snapshots of one workshop file, newest first."""
        folder = self.folder_for(source)
        label = self._source_of(folder)
        found = (self._read(p, label) for p in self._files(folder))
        return [s for s in found if s is not None]

    def list_all(self) -> list[Snapshot]:
        """Every snapshot of every workshop, newest first."""
        try:
            folders = [p for p in self.root.iterdir() if p.is_dir()]
        except OSError:
            return []
        found: list[Snapshot] = []
        for folder in folders:
            label = self._source_of(folder)
            found.extend(s for s in (self._read(p, label) for p in self._files(folder)) if s)
        return sorted(found, key=lambda s: s.taken_at, reverse=True)

    def latest_for(self, source: Path) -> Snapshot | None:
        snapshots = self.list_for(source)
        return snapshots[0] if snapshots else None

    # -- restoring ---------------------------------------------------------------

    @staticmethod
    def restore(snapshot: Snapshot, target: Path) -> None:
        """Copy `snapshot` into the new file `target` (atomically; never in place)."""
        target = Path(target)
        if not snapshot.path.is_file():
            raise DocumentError(f"The snapshot {snapshot.path.name} is no longer there.")

        def write(temp: Path) -> None:
            try:
                with contextlib.closing(connect(snapshot.path, "ro")) as source, \
                        contextlib.closing(sqlite3.connect(temp)) as copy:
                    source.backup(copy)
                    # The backup copies pages as they are: a damaged snapshot must
                    # not become a new file that then cannot be opened.
                    result = copy.execute("PRAGMA quick_check").fetchall()
            except sqlite3.Error as error:
                raise WriteFailed(f"The snapshot could not be restored: {error}.") from None
            if result != [("ok",)]:
                raise WriteFailed(f"The snapshot {snapshot.path.name} is damaged "
                                  f"({result[0][0]}) and could not be restored.")

        atomic_write(target, write)


def default_root(data_folder: Path) -> Path:
    return Path(data_folder) / "snapshots"

