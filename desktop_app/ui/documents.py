"""Opening, creating and keeping workshops: everything between a file name
and a `Session`. The demo and imported JSON files become temporary working
copies, so the original is never changed and nothing is written beside it
until the user chooses where to keep the workshop.

Every file opened for editing is locked against other instances
(`WorkshopLock`) and snapshotted (`SnapshotStore`) when it opens and then
every few minutes of editing."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths

from desktop_app.domain.model import Workshop
from desktop_app.domain.stages import new_workshop
from desktop_app.files.paths import demo_json_path, real_path, same_file
from desktop_app.storage import interchange
from desktop_app.storage.document import EXTENSION, WorkshopDocument, write_workshop_file
from desktop_app.storage.errors import DocumentError, WriteFailed
from desktop_app.storage.snapshots import Snapshot, SnapshotStore, default_root
from desktop_app.ui.file_lock import AlreadyOpen, WorkshopLock
from desktop_app.ui.session import Session

MAX_RECENT = 8
RECENT_KEY = "recent_files"
SNAPSHOT_MINUTES = 5


def data_folder() -> Path:
    """The user's data folder for this app (QStandardPaths; e.g. ~/.local/share/...)."""
    location = QStandardPaths.StandardLocation.AppLocalDataLocation
    return Path(QStandardPaths.writableLocation(location))


class SnapshotSchedule(QObject):
    """Takes a snapshot after an edit once the last one is a few minutes old."""

    def __init__(self, session: Session, store: SnapshotStore, label: str | None,
                 interval_seconds: float = SNAPSHOT_MINUTES * 60,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(session)
        self.session, self.store, self.label = session, store, label
        self.interval_seconds = interval_seconds
        self.clock = clock
        self.last = clock()
        self.problem = ""  # why the last snapshot failed, until the window shows it
        session.changed.connect(self._after_edit)

    def _after_edit(self, _change) -> None:
        if self.clock() - self.last >= self.interval_seconds:
            self.take("timed")

    def take(self, reason: str) -> Path | None:
        self.last = self.clock()
        try:
            taken = self.session.document.take_snapshot(self.store, reason, self.label)
        except DocumentError as error:
            self.problem = f"No snapshot was kept: {error}"
            self.session.problem.emit(self.problem)
            return None
        self.problem = ""
        return taken


class Documents:
    """Creates sessions from paths and remembers recent files (QSettings)."""

    def __init__(self, settings: QSettings, snapshots: SnapshotStore | None = None) -> None:
        self.settings = settings
        self.snapshots = snapshots or SnapshotStore(default_root(data_folder()))
        self.snapshots.prune_stale()
        self._temp_dirs: list[Path] = []

    # -- recent files ------------------------------------------------------------

    def recent(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        paths = [value] if isinstance(value, str) else list(value or [])
        return [p for p in paths if isinstance(p, str) and Path(p).exists()][:MAX_RECENT]

    def remember(self, path: Path) -> None:
        entry = str(real_path(path))
        paths = [entry] + [p for p in self.recent() if p != entry]
        self.settings.setValue(RECENT_KEY, paths[:MAX_RECENT])

    def clear_recent(self) -> None:
        self.settings.setValue(RECENT_KEY, [])

    # -- sessions ------------------------------------------------------------------

    def _temporary_path(self, stem: str) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="sourcing-workshop-"))
        self._temp_dirs.append(folder)
        safe = "".join(ch for ch in stem if ch.isalnum() or ch in " -_").strip() or "Workshop"
        return folder / f"{safe}{EXTENSION}"

    def _start(self, path: Path, read_only: bool = False, take_over: bool = False,
               temporary: bool = False, origin: str = "", reason: str = "") -> Session:
        """Lock, open and snapshot `path`; the lock is released if opening fails.

        `reason` says why the caller opens it read-only (for the banner)."""
        lock = WorkshopLock(path)
        if read_only:
            reason = reason or "you chose to open it read-only"
        elif not lock.acquire(take_over=take_over):  # AlreadyOpen propagates
            read_only = True
            reason = ("no lock against other instances could be made beside it (its folder "
                      "cannot be written here, or the disk is full)")
        try:
            document = WorkshopDocument.open(path, read_only=read_only,
                                             snapshots=self.snapshots)
        except BaseException:
            lock.release()
            raise
        if document.read_only:
            lock.release()  # reading needs no lock: others may still edit it
            if not reason:
                reason = (document.read_only_reason
                          or "the file or its folder cannot be written here")
        session = Session(document, temporary=temporary, origin=origin,
                          lock=None if document.read_only else lock, read_only_reason=reason)
        if not document.read_only:
            label = f"Temporary copy of {origin}" if temporary else None
            session.snapshots = SnapshotSchedule(session, self.snapshots, label)
            if not temporary:  # a fresh copy's source is still there, unchanged
                session.snapshots.take("open")
        return session

    def holder_of(self, path: Path) -> AlreadyOpen | None:
        """Whether another instance has `path` open (checked without keeping a lock)."""
        if Path(path).suffix.lower() != EXTENSION or not Path(path).is_file():
            return None
        lock = WorkshopLock(path)
        try:
            lock.acquire()
        except AlreadyOpen as busy:
            return busy
        lock.release()
        return None

    def open(self, path: Path, read_only: bool = False, take_over: bool = False,
             reason: str = "") -> Session:
        """A session on `path`: a .workshop opens in place, a .json is imported."""
        path = Path(path)
        if path.suffix.lower() == ".json":
            workshop = interchange.read_json(path)
            temporary = self._temporary_path(path.stem)
            write_workshop_file(temporary, workshop)
            return self._start(temporary, temporary=True, origin=path.name)
        if path.suffix.lower() != EXTENSION and not path.exists():
            raise DocumentError(f"{path} does not exist. Check the name and folder.")
        if self.snapshots.holds(path):
            read_only = True
            reason = ("it is a snapshot the app keeps; use File > Restore Snapshot to make an "
                      "editable copy")
        session = self._start(path, read_only=read_only, take_over=take_over, reason=reason)
        self.remember(path)
        return session

    def demo(self) -> Session:
        workshop = interchange.read_json(demo_json_path())
        temporary = self._temporary_path("Demo workshop")
        write_workshop_file(temporary, workshop)
        return self._start(temporary, temporary=True, origin="the demo workshop")

    def _replaceable(self, target: Path) -> Path:
        """`target` with the workshop suffix; refused if another instance has it open."""
        target = Path(target)
        if target.suffix.lower() != EXTENSION:
            target = target.with_name(target.name + EXTENSION)
        busy = self.holder_of(target)
        if busy is not None:
            raise WriteFailed(f"{busy} It cannot be replaced; choose another name.")
        return target

    def create(self, path: Path, title: str | None = None) -> Session:
        path = Path(path)
        if path.suffix.lower() != EXTENSION:
            path = path.with_name(path.name + EXTENSION)
        return self.create_from(path, new_workshop(title or path.stem, on=date.today()))

    def create_from(self, path: Path, workshop: Workshop) -> Session:
        """A new workshop file holding `workshop` (the dialog confirmed any replace)."""
        path = self._replaceable(path)
        write_workshop_file(path, workshop)  # atomic: replaces a file the user chose to replace
        session = self._start(path)
        self.remember(path)
        return session

    def keep(self, session: Session, target: Path) -> Session:
        """Store a temporary session at `target` and continue there."""
        target = self._replaceable(target)
        session.document.save_copy(target)
        kept = self._start(target)
        self.remember(target)
        return kept

    def restore_snapshot(self, snapshot: Snapshot, target: Path) -> Path:
        """Copy `snapshot` into the new file `target` (to be opened next)."""
        target = self._replaceable(target)
        self.snapshots.restore(snapshot, target)
        return target

    def save_copy(self, session: Session, target: Path) -> Path:
        target = Path(target)
        if target.suffix.lower() != EXTENSION:
            target = target.with_name(target.name + EXTENSION)
        if same_file(target, session.path):
            raise WriteFailed("That is the open file itself; choose another name for the copy.")
        target = self._replaceable(target)
        session.document.save_copy(target)
        return target

    def release(self, session: Session) -> None:
        """Close a session; a temporary copy's folder is deleted with it."""
        session.close()
        if session.temporary:
            folder = session.path.parent
            if folder in self._temp_dirs:
                shutil.rmtree(folder, ignore_errors=True)
                self._temp_dirs.remove(folder)

    def cleanup(self) -> None:
        for folder in self._temp_dirs:
            shutil.rmtree(folder, ignore_errors=True)
        self._temp_dirs.clear()
