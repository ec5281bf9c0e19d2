"""Opening, creating and keeping workshops: everything between a file name
and a `Session`. The demo and imported JSON files become temporary working
copies, so the original is never changed and nothing is written beside it
until the user chooses where to keep the workshop."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop_app.domain.model import Workshop
from desktop_app.domain.stages import new_workshop
from desktop_app.storage import interchange
from desktop_app.storage.document import EXTENSION, WorkshopDocument, write_workshop_file
from desktop_app.storage.errors import DocumentError, WriteFailed
from desktop_app.storage.paths import demo_json_path
from desktop_app.ui.session import Session

MAX_RECENT = 8
RECENT_KEY = "recent_files"


class Documents:
    """Creates sessions from paths and remembers recent files (QSettings)."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings
        self._temp_dirs: list[Path] = []

    # -- recent files ------------------------------------------------------------

    def recent(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        paths = [value] if isinstance(value, str) else list(value or [])
        return [p for p in paths if isinstance(p, str) and Path(p).exists()][:MAX_RECENT]

    def remember(self, path: Path) -> None:
        entry = str(Path(path).resolve())
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

    def open(self, path: Path) -> Session:
        """A session on `path`: a .workshop opens in place, a .json is imported."""
        path = Path(path)
        if path.suffix.lower() == ".json":
            workshop = interchange.read_json(path)
            document = WorkshopDocument.create(self._temporary_path(path.stem), workshop)
            return Session(document, temporary=True, origin=path.name)
        if path.suffix.lower() != EXTENSION and not path.exists():
            raise DocumentError(f"{path} does not exist. Check the name and folder.")
        document = WorkshopDocument.open(path)
        self.remember(path)
        return Session(document)

    def demo(self) -> Session:
        workshop = interchange.read_json(demo_json_path())
        document = WorkshopDocument.create(self._temporary_path("Demo workshop"), workshop)
        return Session(document, temporary=True, origin="the demo workshop")

    def create(self, path: Path, title: str | None = None) -> Session:
        path = Path(path)
        if path.suffix.lower() != EXTENSION:
            path = path.with_name(path.name + EXTENSION)
        workshop = new_workshop(title or path.stem, on=date.today())
        write_workshop_file(path, workshop)  # atomic: replaces a file the user chose to replace
        document = WorkshopDocument.open(path)
        self.remember(path)
        return Session(document)

    def create_from(self, path: Path, workshop: Workshop) -> Session:
        """A new workshop file holding `workshop` (the dialog confirmed any replace)."""
        path = Path(path)
        if path.suffix.lower() != EXTENSION:
            path = path.with_name(path.name + EXTENSION)
        write_workshop_file(path, workshop)
        document = WorkshopDocument.open(path)
        self.remember(path)
        return Session(document)

    def keep(self, session: Session, target: Path) -> Session:
        """Store a temporary session at `target` and continue there."""
        target = Path(target)
        if target.suffix.lower() != EXTENSION:
            target = target.with_name(target.name + EXTENSION)
        session.document.save_copy(target)
        kept = WorkshopDocument.open(target)
        self.remember(target)
        return Session(kept)

    def save_copy(self, session: Session, target: Path) -> Path:
        target = Path(target)
        if target.suffix.lower() != EXTENSION:
            target = target.with_name(target.name + EXTENSION)
        if target.resolve() == session.path.resolve():
            raise WriteFailed("That is the open file itself; choose another name for the copy.")
        session.document.save_copy(target)
        return target

    def export_json(self, session: Session, target: Path) -> None:
        interchange.write_json(Path(target), session.workshop)

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
