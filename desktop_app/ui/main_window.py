"""The main window: an assembly of the menus, the welcome page and the
workspace of the open workshop. File handling lives in `Documents`; stage
behaviour lives in the stage views."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop_app import APP_NAME, __version__
from desktop_app.domain.commands import Change
from desktop_app.domain.followup import follow_up
from desktop_app.export.actions_csv import write_actions_csv
from desktop_app.files.paths import same_file
from desktop_app.storage.document import EXTENSION
from desktop_app.storage.errors import DamagedFile, DocumentError, NotAWorkshop
from desktop_app.storage.snapshots import Snapshot
from desktop_app.ui import file_dialogs, theme
from desktop_app.ui.actions import Actions
from desktop_app.ui.capture import KINDS, CaptureDialog
from desktop_app.ui.documents import Documents
from desktop_app.ui.file_lock import AlreadyOpen
from desktop_app.ui.health_panel import HealthDock
from desktop_app.ui.icons import icon, retheme_icons, set_themed_icon
from desktop_app.ui.minutes_export import MinutesExporter
from desktop_app.ui.presenter import PresenterControl
from desktop_app.ui.session import Session
from desktop_app.ui.shortcuts_dialog import ShortcutsDialog
from desktop_app.ui.snapshots_dialog import SnapshotsDialog, snapshot_time
from desktop_app.ui.thresholds_dialog import ThresholdsDialog
from desktop_app.ui.undo_actions import UndoActions
from desktop_app.ui.views.welcome_view import WelcomeView
from desktop_app.ui.workspace import Workspace


def safe_file_name(title: str, suffix: str) -> str:
    """A file name from a workshop title: no path separators, not too long."""
    cleaned = "".join(ch if ch not in '\\/:*?"<>|' and ch.isprintable() else " " for ch in title)
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > 80:  # cut at a word: "… and applications", not "… and applicat"
        cut = cleaned[:81].rsplit(" ", 1)[0]
        cleaned = cut if 40 <= len(cut) <= 80 else cleaned[:80]
    return f"{cleaned.strip(' .') or 'Workshop'}{suffix}"


def _same_file(first: Path, second: Path) -> bool:
    try:
        return same_file(first, second)
    except (OSError, ValueError):  # a name with a NUL byte, say
        return False


REPEAT_FAILURE_SECONDS = 60
WORKSHOP_FILTER = f"Workshops (*{EXTENSION})"
OPEN_FILTER = f"Workshops and interchange files (*{EXTENSION} *.json);;{WORKSHOP_FILTER};;" \
              "Interchange JSON (*.json)"


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.documents = Documents(settings)
        self.session: Session | None = None
        self.workspace: Workspace | None = None
        self._last_failure: tuple[str, float] = ("", 0.0)
        self._release_agreed: Session | None = None  # closing it was already agreed
        # Set when nobody sits at the window (--smoke): errors go there, not to a box.
        self.report_error: Callable[[str, str], None] | None = None
        self.setMinimumSize(960, 600)

        self.undo_actions = UndoActions(self)
        self.undo_action = self.undo_actions.undo
        self.redo_action = self.undo_actions.redo
        self.health_dock = HealthDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.health_dock)
        self.resizeDocks([self.health_dock], [290], Qt.Orientation.Horizontal)
        health_toggle = self.health_dock.toggleViewAction()
        health_toggle.setText("&Health Check Panel")
        health_toggle.setShortcut(QKeySequence("F9"))
        set_themed_icon(health_toggle, "mdi6.heart-pulse")
        self.actions = Actions(self)
        self.actions.build_menus(self.menuBar(), self.undo_action, self.redo_action,
                                 health_toggle)

        self.minutes = MinutesExporter(self)
        self.minutes.done.connect(
            lambda report: self.statusBar().showMessage(
                f"Minutes exported ({report.pages} pages)", 6000))
        self.welcome = WelcomeView(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)
        self.stored_label = QLabel(self)
        self.stored_label.setObjectName("muted")
        self.statusBar().addPermanentWidget(self.stored_label)

        self._connect_signals()
        self.actions.dark.setChecked(bool(settings.value("dark_theme", False, type=bool)))
        self._show_welcome()

    def _connect_signals(self) -> None:
        a = self.actions
        a.new.triggered.connect(self.new_workshop)
        a.follow_up.triggered.connect(self.new_follow_up)
        a.open.triggered.connect(self.open_dialog)
        a.demo.triggered.connect(self.open_demo)
        a.clear_recent.triggered.connect(self._clear_recent)
        a.save_copy.triggered.connect(self.save_copy)
        a.keep.triggered.connect(self.keep_temporary)
        a.snapshots.triggered.connect(self.show_snapshots)
        a.export_json.triggered.connect(self.export_json)
        a.export_minutes.triggered.connect(self.export_minutes)
        a.export_actions.triggered.connect(self.export_actions)
        a.close.triggered.connect(self.close_workshop)
        a.quit.triggered.connect(self.close)
        a.dark.toggled.connect(self._set_dark)
        a.stages.triggered.connect(lambda: self.workspace and self.workspace.focus_navigator())
        self.presenter = PresenterControl(self)  # View > Presenter Window (F5), Freeze
        a.timer_pause.triggered.connect(
            lambda: self.workspace and self.workspace.timer_bar.toggle_pause())
        a.timer_move_on.triggered.connect(
            lambda: self.workspace and self.workspace.timer_bar.move_on())
        a.about.triggered.connect(self.show_about)
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.vote_functions.triggered.connect(lambda: self.dot_vote("functions"))
        a.vote_parking.triggered.connect(lambda: self.dot_vote("parking_lot"))
        a.find_anything.triggered.connect(self.find_anything)
        for section, action in a.captures.items():
            action.triggered.connect(lambda _=False, s=section: self.capture(s))
        self.health_dock.jump.connect(self._jump)
        self.health_dock.settings_requested.connect(self.edit_thresholds)
        a.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.welcome.new_requested.connect(self.new_workshop)
        self.welcome.open_requested.connect(self.open_dialog)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_requested.connect(lambda path: self.open_path(Path(path)))

    # -- switching workshops ---------------------------------------------------------

    def set_session(self, session: Session) -> None:
        """Show `session` (the previous one must already be released)."""
        self.session = session
        self.undo_actions.set_session(session)
        session.changed.connect(self._on_changed)
        session.failed.connect(self._show_store_failure)
        session.problem.connect(lambda message: self.statusBar().showMessage(message, 8000))
        if session.snapshots is not None and session.snapshots.problem:
            self.statusBar().showMessage(session.snapshots.problem, 8000)
        self.workspace = Workspace(session, self)
        self.workspace.keep_requested.connect(
            self.save_copy if session.read_only else self.keep_temporary
        )
        self.workspace.capture_requested.connect(self.capture)
        self.workspace.edit_capture_requested.connect(self.edit_capture)
        self.workspace.stage_changed.connect(self.health_dock.set_stage)
        self.health_dock.set_monitor(self.workspace.monitor)
        self.health_dock.set_stage(self.workspace.current_stage())
        self.pages.addWidget(self.workspace)
        self.pages.setCurrentWidget(self.workspace)
        self.stored_label.setText(
            "Read-only" if session.read_only else "Every change is stored as you work"
        )
        self._update_title()
        self._update_actions()

    @staticmethod
    def store_typing() -> None:
        """Store what is being typed now: leaving the field stores it (see
        typing_commit), before a workshop closes or is copied."""
        focus = QApplication.focusWidget()
        if focus is not None:
            focus.clearFocus()

    def release_session(self) -> bool:
        """Close the current workshop, asking first if a temporary copy would be lost."""
        if not self._may_release():
            return False
        self._release()
        return True

    def _may_release(self) -> bool:
        """Store what is being typed and, for a changed temporary copy, ask
        whether to keep it; False if the user cancelled."""
        if self.session is None or self.session is self._release_agreed:
            return True
        self.store_typing()
        if self.session.temporary and self.session.modified:
            answer = QMessageBox.question(
                self, "Keep this workshop?",
                f"This temporary copy of {self.session.origin} has changes that will be lost "
                "when it closes. Keep it as a workshop file?",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer not in (QMessageBox.StandardButton.Save,
                              QMessageBox.StandardButton.Discard):
                return False  # Cancel, or the box closed without an answer
            if answer == QMessageBox.StandardButton.Save and not self.keep_temporary():
                return False
        self._release_agreed = self.session  # asked once, even if opening takes a detour
        return True

    def _release(self) -> None:
        if self.session is None:
            return
        session, self.session = self.session, None
        self._release_agreed = None
        self.undo_actions.set_session(None)
        self.health_dock.set_monitor(None)
        if self.workspace is not None:
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.documents.release(session)
        self._show_welcome()

    def _show_welcome(self) -> None:
        self.welcome.set_recent(self.documents.recent())
        self.pages.setCurrentWidget(self.welcome)
        self.stored_label.clear()
        self._update_title()
        self._update_actions()

    def _replace_with(self, opener, damaged: Path | None = None,
                      target: Path | None = None) -> bool:
        """Show the session `opener` returns instead of the current workshop.

        The current workshop stays open until the new one has opened: a file
        that cannot be opened changes nothing on screen. Only when `target`
        is the open file itself (New over it) is it let go of first.
        """
        if not self._may_release():
            return False
        if target is not None and self.session is not None and \
                _same_file(target, self.session.path):
            self._release()
        agreed = self._release_agreed
        try:
            session = opener()
        except (DocumentError, OSError) as error:  # AlreadyOpen: another instance won a race
            if not isinstance(error, DamagedFile | NotAWorkshop) or damaged is None \
                    or not self._offer_snapshot(damaged, str(error)):  # emptied: damaged too
                self._error("The workshop could not be opened", str(error))
            return False
        finally:
            # Not opened (any error, or a snapshot detour that ended elsewhere): the
            # workshop on screen stays, and closing it later asks again.
            if self.session is not None and self.session is agreed:
                self._release_agreed = None
        self._release()
        self.set_session(session)
        return True

    # -- file commands ---------------------------------------------------------------

    def _folder(self) -> str:
        return str(self.settings.value("last_folder", str(Path.home())))

    def _remember_folder(self, path: Path) -> None:
        self.settings.setValue("last_folder", str(path.parent))

    def _ask_workshop_path(self, title: str, name: str) -> Path | None:
        return file_dialogs.ask_save_path(
            self, title, Path(self._folder()) / safe_file_name(name, EXTENSION),
            WORKSHOP_FILTER, EXTENSION)

    def new_workshop(self) -> None:
        path = self._ask_workshop_path("Create a new workshop", "Workshop")
        if path:
            self._remember_folder(path)
            self._replace_with(lambda: self.documents.create(path), target=path)

    def new_follow_up(self) -> None:
        """A new draft workshop from this one; it opens in place of this one."""
        if self.session is None:
            return
        self.store_typing()
        previous = self.session.workshop.snapshot()
        path = self._ask_workshop_path("Create a follow-up workshop",
                                       f"Follow-up {previous.details.title}")
        if path is None:
            return
        if self.session is not None and _same_file(path, self.session.path):
            self._error("The follow-up was not created",
                        "That is the open workshop itself; choose a new name.")
            return
        self._remember_folder(path)
        self._replace_with(lambda: self.documents.create_from(path, follow_up(previous,
                                                                              date.today())))

    def open_dialog(self) -> None:
        path = file_dialogs.ask_open_path(self, "Open a workshop", Path(self._folder()),
                                          OPEN_FILTER)
        if path:
            self._remember_folder(path)
            self.open_path(path)

    def open_path(self, path: Path, read_only: bool = False) -> bool:
        """Open `path`, asking first if another instance has it open."""
        path = Path(path)
        if self.session is not None and not self.session.temporary and path.exists() \
                and _same_file(path, self.session.path):
            self.statusBar().showMessage(f"{path.name} is already open here", 4000)
            return True
        take_over, reason = False, ""
        busy = None if read_only else self.documents.holder_of(path)
        if busy is not None:
            choice = self._ask_already_open(busy)
            if choice is None:
                return False
            read_only, take_over = choice == "read-only", choice == "take-over"
            if read_only and busy.holder is not None:
                reason = f"it is open in {busy.holder.describe()}"
        return self._replace_with(
            lambda: self.documents.open(path, read_only=read_only, take_over=take_over,
                                        reason=reason),
            damaged=path)

    def _ask_already_open(self, busy: AlreadyOpen) -> str | None:
        """'read-only', 'take-over' or None (cancel)."""
        box = QMessageBox(QMessageBox.Icon.Information, "Workshop already open",
                          f"{busy}", parent=self)
        text = ("You can open it read-only here: read it, present it and export it, "
                "while the other window keeps editing.")
        holder = busy.holder
        may_take_over = holder is None or holder.may_be_taken_over
        if may_take_over:
            where = repr(holder.host) if holder is not None and holder.known else "that computer"
            text += (f" Take it over only if {where} is switched off or the app "
                     "crashed there: if it still runs, both would write to the file.")
        box.setInformativeText(text)
        read_only = box.addButton("Open &Read-Only", QMessageBox.ButtonRole.AcceptRole)
        take_over = None
        if may_take_over:
            take_over = box.addButton("&Take Over", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(read_only)
        box.exec()
        clicked = box.clickedButton()
        if clicked is read_only:
            return "read-only"
        if take_over is not None and clicked is take_over:
            return "take-over"
        return None

    def _offer_snapshot(self, path: Path, message: str) -> bool:
        """A damaged file: offer its latest snapshot, restored into a new file."""
        latest = self.documents.snapshots.latest_for(path)
        if latest is None or self.report_error is not None:  # nobody to ask
            return False
        answer = QMessageBox.question(
            self, "The workshop is damaged",
            f"{message}\n\nA snapshot of it was kept {snapshot_time(latest)}. Restore that "
            "snapshot into a new file? The damaged file stays as it is.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return True
        self.restore_snapshot(latest)
        return True

    def restore_snapshot(self, snapshot: Snapshot) -> bool:
        """Ask where to put `snapshot`, restore it there, then open it there.

        The restore comes first: if it fails, the open workshop stays open.
        """
        stamp = snapshot.taken_at.strftime("%Y-%m-%d %H%M")
        title = " ".join((snapshot.title or Path(snapshot.source).stem).split())
        name = f"{title[:50].rstrip()} restored {stamp}"
        path = self._ask_workshop_path("Restore the snapshot as", name)
        if path is None:
            return False
        self._remember_folder(path)
        try:
            target = self.documents.restore_snapshot(snapshot, path)
        except DocumentError as error:
            self._error("The snapshot was not restored", str(error))
            return False
        return self.open_path(target)

    def show_snapshots(self) -> None:
        """File > Restore Snapshot: every snapshot by time; restore one to a new file."""
        current = self.session.path if self.session is not None else None
        dialog = SnapshotsDialog(self.documents.snapshots, current, self)
        if dialog.exec() and dialog.chosen is not None:
            self.restore_snapshot(dialog.chosen)

    def open_demo(self) -> bool:
        return self._replace_with(self.documents.demo)

    def keep_temporary(self) -> bool:
        if self.session is None:
            return False
        self.store_typing()
        path = self._ask_workshop_path("Keep this workshop as",
                                       self.session.workshop.details.title)
        if path is None:
            return False
        try:
            kept = self.documents.keep(self.session, path)
        except DocumentError as error:
            self._error("The workshop could not be kept", str(error))
            return False
        old, self.session = self.session, None
        self.undo_actions.set_session(None)
        self.health_dock.set_monitor(None)
        if self.workspace is not None:
            stage = self.workspace.current_stage()
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.documents.release(old)
        self.set_session(kept)
        if self.workspace is not None:
            self.workspace.show_stage(stage)
        self.statusBar().showMessage(f"Kept as {kept.path}", 6000)
        return True

    def save_copy(self) -> None:
        if self.session is None:
            return
        self.store_typing()
        path = self._ask_workshop_path("Save a copy of this workshop",
                                       f"{self.session.workshop.details.title} copy")
        if path is None:
            return
        try:
            target = self.documents.save_copy(self.session, path)
        except DocumentError as error:
            self._error("The copy could not be saved", str(error))
            return
        self.statusBar().showMessage(f"Copy saved as {target}", 6000)

    def export_json(self) -> None:
        if self.session is None:
            return
        self.store_typing()
        target = file_dialogs.ask_save_path(
            self, "Export as interchange JSON",
            Path(self._folder()) / safe_file_name(self.session.workshop.details.title, ".json"),
            "Interchange JSON (*.json)", ".json")
        if target is None:
            return
        try:
            self.documents.export_json(self.session, target)
        except DocumentError as error:
            self._error("The export failed", str(error))
            return
        self.statusBar().showMessage(f"Exported {target}", 6000)

    def capture(self, section: str) -> None:
        """Quick capture of a decision, action, risk or parked topic in this stage."""
        if self.session is None or self.workspace is None or self.session.read_only:
            return
        dialog = CaptureDialog(self.session, section, self.workspace.current_stage(),
                               parent=self)
        if dialog.exec():
            self.statusBar().showMessage(f"{KINDS[section].noun.capitalize()} captured", 4000)

    def edit_capture(self, section: str, item) -> None:
        if self.session is None or self.workspace is None:
            return
        CaptureDialog(self.session, section, item.stage, item=item, parent=self).exec()

    def _jump(self, finding) -> None:
        if self.workspace is not None:
            self.workspace.reveal(finding)

    def edit_thresholds(self) -> None:
        if self.session is not None:
            ThresholdsDialog(self.session, self).exec()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.menuBar(), self).exec()

    def dot_vote(self, section: str):
        """Room > Dot Vote: the room's votes on the functions or the parking lot."""
        from desktop_app.ui.voting import VotingDialog

        if self.session is None:
            return None
        dialog = VotingDialog(self.session, section, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def find_anything(self):
        """Edit > Find Anything: the command palette."""
        from desktop_app.ui.palette import open_palette

        return open_palette(self)

    def export_minutes(self) -> None:
        if self.session is None or self.minutes.busy:
            return
        self.store_typing()
        target = file_dialogs.ask_save_path(
            self, "Export the minutes",
            Path(self._folder()) / safe_file_name(
                f"{self.session.workshop.details.title} minutes", ".pdf"),
            "PDF minutes (*.pdf)", ".pdf")
        if target is not None:
            self._remember_folder(target)
            self.minutes.start(self.session.workshop, target)

    def export_actions(self) -> None:
        if self.session is None:
            return
        self.store_typing()
        target = file_dialogs.ask_save_path(
            self, "Export the actions",
            Path(self._folder()) / safe_file_name(
                f"{self.session.workshop.details.title} actions", ".csv"),
            "Spreadsheet (CSV) (*.csv)", ".csv")
        if target is None:
            return
        try:
            rows = write_actions_csv(self.session.workshop, target)
        except DocumentError as error:
            self._error("The actions were not exported", str(error))
            return
        self.statusBar().showMessage(f"Exported {rows} actions to {target}", 6000)

    def close_workshop(self) -> None:
        self.release_session()

    def _fill_recent_menu(self) -> None:
        menu = self.actions.recent_menu
        menu.clear()
        recent = self.documents.recent()
        for path in recent:
            action = menu.addAction(icon("open"), Path(path).name)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))
        if not recent:
            empty = menu.addAction("No recent workshops")
            empty.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.actions.clear_recent)

    def _clear_recent(self) -> None:
        self.documents.clear_recent()
        if self.session is None:
            self.welcome.set_recent([])

    # -- feedback --------------------------------------------------------------------

    def _on_changed(self, change: Change) -> None:
        self._last_failure = ("", 0.0)  # a failure after this one interrupts again
        self.stored_label.setText(f"All changes stored · {datetime.now():%H:%M:%S}")
        if change.touches("details"):
            self._update_title()

    def _show_store_failure(self, message: str) -> None:
        """A change that could not be stored: said once in a message box; the
        same failure again soon after (text is stored at every pause in
        typing) goes to the status bar instead of interrupting again."""
        now = time.monotonic()
        last_message, last_time = self._last_failure
        self._last_failure = (message, now)
        self.stored_label.setText("Changes NOT stored")
        if message == last_message and now - last_time < REPEAT_FAILURE_SECONDS:
            self.statusBar().showMessage(f"Still not stored: {message}", 8000)
            return
        self._error("The change was not stored", message)

    def _error(self, title: str, message: str) -> None:
        if self.report_error is not None:
            self.report_error(title, message)
        else:
            QMessageBox.warning(self, title, message)

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_NAME)
            return
        where = (
            f"temporary copy of {self.session.origin}" if self.session.temporary
            else self.session.path.name
        )
        suffix = " [read-only]" if self.session.read_only else ""
        title = self.session.workshop.details.title
        self.setWindowTitle(f"{title} — {where}{suffix} — {APP_NAME}")

    def _update_actions(self) -> None:
        has_session = self.session is not None
        for action in self.actions.document_actions():
            action.setEnabled(has_session)
        self.actions.keep.setEnabled(bool(self.session and self.session.temporary))
        self.actions.stages.setEnabled(has_session)

    def _set_dark(self, dark: bool) -> None:
        self.settings.setValue("dark_theme", dark)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, dark)
            retheme_icons(self)
            if self.workspace is not None:
                self.workspace.refresh_notice()

    def show_about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Guides a facilitator through an IT outsourcing workshop stage by stage, "
            "stores every decision in one local workshop file, and warns when the plan "
            "repeats a known outsourcing mistake.</p>"
            "<p>Works offline. Built with PySide6 (Qt), sqlite-utils, reportlab, "
            "qtawesome and jsonschema. Text set in DejaVu Sans.</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.minutes.busy:  # stop it at its next step; it removes its partial file
            self.minutes.cancel()
            self.minutes.wait()
        if not self.release_session():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.documents.cleanup()
        event.accept()

    def restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
