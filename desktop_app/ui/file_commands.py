"""The File menu's commands for a main window: new, follow-up, open, recent,
demo, keep, save a copy, snapshots and every export of the registry.

The rule they share: the workshop on screen is replaced only once the new
one has opened (`_replace_with`), so a file that cannot be opened changes
nothing, and a changed temporary copy is never closed without asking.
The window shows sessions; this part decides which one and when."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop_app.domain.followup import follow_up
from desktop_app.domain.stages import new_workshop
from desktop_app.exporters import Exporter
from desktop_app.files.paths import same_file
from desktop_app.storage.document import EXTENSION
from desktop_app.storage.errors import DamagedFile, DocumentError, NotAWorkshop
from desktop_app.storage.snapshots import Snapshot
from desktop_app.ui import file_dialogs
from desktop_app.ui.file_dialogs import safe_file_name
from desktop_app.ui.icons import icon
from desktop_app.ui.labels import as_typed
from desktop_app.ui.session import Session
from desktop_app.ui.snapshots_dialog import SnapshotsDialog

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

WORKSHOP_FILTER = f"Workshops (*{EXTENSION})"
OPEN_FILTER = f"Workshops and interchange files (*{EXTENSION} *.json);;{WORKSHOP_FILTER};;" \
              "Interchange JSON (*.json)"


def _same_file(first: Path, second: Path) -> bool:
    try:
        return same_file(first, second)
    except (OSError, ValueError):  # a name with a NUL byte, say
        return False


class FileCommands(QObject):
    """Owned by the window (`window.files`); reaches its session, documents,
    minutes exporter and status bar through it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.documents = window.documents
        self._release_agreed: Session | None = None  # closing it was already agreed
        self._background: tuple[Exporter, Path] | None = None  # the export under way

    def _status(self, text: str, milliseconds: int) -> None:
        self.window.statusBar().showMessage(text, milliseconds)

    # -- folder memory --------------------------------------------------------------

    def _folder(self) -> Path:
        return Path(str(self.window.settings.value("last_folder", str(Path.home()))))

    def _remember_folder(self, path: Path) -> None:
        self.window.settings.setValue("last_folder", str(path.parent))

    def _ask_save(self, title: str, name: str, name_filter: str, suffix: str) -> Path | None:
        """The save dialog in the last folder used; the chosen one is remembered."""
        path = file_dialogs.ask_save_path(self.window, title,
                                          self._folder() / safe_file_name(name, suffix),
                                          name_filter, suffix)
        if path is not None:
            self._remember_folder(path)
        return path

    def _ask_workshop_path(self, title: str, name: str) -> Path | None:
        return self._ask_save(title, name, WORKSHOP_FILTER, EXTENSION)

    # -- replacing the workshop on screen ---------------------------------------------

    def release_session(self) -> bool:
        """Close the current workshop, asking first if a temporary copy would be lost."""
        if not self._may_release():
            return False
        self._release()
        return True

    def _may_release(self) -> bool:
        """Store what is being typed and, for a changed temporary copy, ask
        whether to keep it; False if the user cancelled."""
        session = self.window.session
        if session is None or session is self._release_agreed:
            return True
        self.window.store_typing()
        if session.temporary and session.modified:
            keep = file_dialogs.ask_keep_changes(self.window, session.origin)
            if keep is None or (keep and not self.keep_temporary()):
                return False
        self._release_agreed = self.window.session  # asked once, even if opening takes a detour
        return True

    def _release(self) -> None:
        session = self.window.detach_session()
        if session is None:
            return
        self._release_agreed = None
        self.documents.release(session)
        self.window.show_welcome()

    def _replace_with(self, opener: Callable[[], Session], damaged: Path | None = None,
                      target: Path | None = None) -> bool:
        """Show the session `opener` returns instead of the current workshop.

        The current workshop stays open until the new one has opened: a file
        that cannot be opened changes nothing on screen. Only when `target`
        is the open file itself (New over it) is it let go of first.
        """
        if not self._may_release():
            return False
        current = self.window.session
        if target is not None and current is not None and _same_file(target, current.path):
            self._release()
        agreed = self._release_agreed
        try:
            session = opener()
        except (DocumentError, OSError) as error:  # AlreadyOpen: another instance won a race
            if not isinstance(error, DamagedFile | NotAWorkshop) or damaged is None \
                    or not self._offer_snapshot(damaged, str(error)):  # emptied: damaged too
                self.window.show_error("The workshop could not be opened", str(error))
            return False
        finally:
            # Not opened (any error, or a snapshot detour that ended elsewhere): the
            # workshop on screen stays, and closing it later asks again.
            if self.window.session is not None and self.window.session is agreed:
                self._release_agreed = None
        self._release()
        self.window.set_session(session)
        return True

    # -- new and open -----------------------------------------------------------------

    def new_workshop(self) -> None:
        """Ask what the workshop is (title, client, date), then where to keep it."""
        from desktop_app.ui.new_workshop_dialog import NewWorkshopDialog

        dialog = NewWorkshopDialog(self.window)
        if dialog.exec() != NewWorkshopDialog.DialogCode.Accepted:
            return
        title, client, when = dialog.values()
        path = self._ask_workshop_path("Create a new workshop", title)
        if path:
            if path.suffix.lower() != EXTENSION:
                path = path.with_name(path.name + EXTENSION)
            workshop = new_workshop(title, on=when)
            workshop.details = dataclasses.replace(workshop.details, organisation=client)
            self._replace_with(lambda: self.documents.create_from(path, workshop), target=path)

    def new_follow_up(self) -> None:
        """A new draft workshop from this one; it opens in place of this one."""
        if self.window.session is None:
            return
        self.window.store_typing()
        previous = self.window.session.workshop.snapshot()
        path = self._ask_workshop_path("Create a follow-up workshop",
                                       f"Follow-up {previous.details.title}")
        if path is None:
            return
        if self.window.session is not None and _same_file(path, self.window.session.path):
            self.window.show_error("The follow-up was not created",
                                   "That is the open workshop itself; choose a new name.")
            return
        self._replace_with(
            lambda: self.documents.create_from(path, follow_up(previous, date.today())))

    def open_dialog(self) -> None:
        path = file_dialogs.ask_open_path(self.window, "Open a workshop", self._folder(),
                                          OPEN_FILTER)
        if path:
            self._remember_folder(path)
            self.open_path(path)

    def open_path(self, path: Path, read_only: bool = False) -> bool:
        """Open `path`, asking first if another instance has it open."""
        path = Path(path)
        session = self.window.session
        if session is not None and not session.temporary and path.exists() \
                and _same_file(path, session.path):
            self._status(f"{path.name} is already open here", 4000)
            return True
        take_over, reason = False, ""
        busy = None if read_only else self.documents.holder_of(path)
        if busy is not None:
            choice = file_dialogs.ask_already_open(self.window, busy)
            if choice is None:
                return False
            read_only, take_over = choice == "read-only", choice == "take-over"
            if read_only and busy.holder is not None:
                reason = f"it is open in {busy.holder.describe()}"
        return self._replace_with(
            lambda: self.documents.open(path, read_only=read_only, take_over=take_over,
                                        reason=reason),
            damaged=path)

    def open_demo(self) -> bool:
        return self._replace_with(self.documents.demo)

    # -- snapshots ----------------------------------------------------------------------

    def _offer_snapshot(self, path: Path, message: str) -> bool:
        """A damaged file: offer its latest snapshot, restored into a new file.
        True when the user was asked (the error needs no second message)."""
        latest = self.documents.snapshots.latest_for(path)
        if latest is None or self.window.report_error is not None:  # nobody to ask
            return False
        if file_dialogs.ask_restore_latest(self.window, message, latest):
            self.restore_snapshot(latest)
        return True

    def restore_snapshot(self, snapshot: Snapshot) -> bool:
        """Ask where to put `snapshot`, restore it there, then open it there.

        The restore comes first: if it fails, the open workshop stays open.
        """
        stamp = snapshot.taken_at.strftime("%Y-%m-%d %H%M")
        title = " ".join((snapshot.title or Path(snapshot.source).stem).split())
        path = self._ask_workshop_path("Restore the snapshot as",
                                       f"{title[:50].rstrip()} restored {stamp}")
        if path is None:
            return False
        try:
            target = self.documents.restore_snapshot(snapshot, path)
        except DocumentError as error:
            self.window.show_error("The snapshot was not restored", str(error))
            return False
        return self.open_path(target)

    def show_snapshots(self) -> None:
        """File > Restore Snapshot: every snapshot by time; restore one to a new file."""
        session = self.window.session
        dialog = SnapshotsDialog(self.documents.snapshots,
                                 session.path if session is not None else None, self.window)
        if dialog.exec() and dialog.chosen is not None:
            self.restore_snapshot(dialog.chosen)

    # -- keeping and copying ------------------------------------------------------------

    def keep_temporary(self) -> bool:
        """Store a temporary copy as a workshop file and go on there, on the same stage."""
        window = self.window
        if window.session is None:
            return False
        window.store_typing()
        path = self._ask_workshop_path("Keep this workshop as",
                                       window.session.workshop.details.title)
        if path is None:
            return False
        try:
            kept = self.documents.keep(window.session, path)
        except DocumentError as error:
            window.show_error("The workshop could not be kept", str(error))
            return False
        stage = window.workspace.current_stage() if window.workspace is not None else None
        old = window.detach_session()
        if old is not None:
            self.documents.release(old)
        window.set_session(kept)
        if window.workspace is not None and stage is not None:
            window.workspace.show_stage(stage)
        self._status(f"Kept as {kept.path}", 6000)
        return True

    def save_copy(self) -> None:
        session = self.window.session
        if session is None:
            return
        self.window.store_typing()
        path = self._ask_workshop_path("Save a copy of this workshop",
                                       f"{session.workshop.details.title} copy")
        if path is None:
            return
        try:
            target = self.documents.save_copy(session, path)
        except DocumentError as error:
            self.window.show_error("The copy could not be saved", str(error))
            return
        self._status(f"Copy saved as {target}", 6000)

    # -- exports ------------------------------------------------------------------------

    def export(self, exporter: Exporter) -> None:
        """File > Export > any registry entry: ask where, store the typing, write.

        A `background` entry (the minutes) goes to the window's MinutesExporter,
        which builds it in a child process with a progress dialog."""
        session, minutes = self.window.session, self.window.minutes
        if session is None or (exporter.background and minutes.busy):
            return
        self.window.store_typing()
        target = self._ask_save(exporter.dialog_title,
                                f"{session.workshop.details.title}{exporter.name_tail}",
                                exporter.file_filter, exporter.suffix)
        if target is None:
            return
        if exporter.background:
            self._background = (exporter, target)
            minutes.start(session.workshop, target)
            return
        try:
            result = exporter.write(session.workshop, target)
        except DocumentError as error:
            self.window.show_error(exporter.failed, str(error))
            return
        self._status(exporter.done(result, target), 6000)

    def background_done(self, report: object) -> None:
        """The minutes process finished: say so in the status bar."""
        if self._background is not None:
            exporter, target = self._background
            self._status(exporter.done(report, target), 6000)

    # -- recent files -------------------------------------------------------------------

    def fill_recent_menu(self) -> None:
        menu = self.window.actions.recent_menu
        menu.clear()
        recent = self.documents.recent()
        for path in recent:
            action = menu.addAction(icon("open"), as_typed(Path(path).name))
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))
        if not recent:
            empty = menu.addAction("No recent workshops")
            empty.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.window.actions.clear_recent)

    def clear_recent(self) -> None:
        self.documents.clear_recent()
        if self.window.session is None:
            self.window.welcome.set_recent([])
