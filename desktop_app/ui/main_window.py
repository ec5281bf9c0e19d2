"""The main window: an assembly of its parts. The menus (`Actions`), the
welcome page, the workspace of the open workshop, the health dock, the
presenter and the minutes export are built here and wired in one place
(`_connect_signals`); what the File menu does lives in `FileCommands`
(`self.files`), how files become sessions in `Documents`, and stage
behaviour in the stage views."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
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
from desktop_app.domain import printable
from desktop_app.domain.commands import Change
from desktop_app.ui import theme
from desktop_app.ui.actions import Actions
from desktop_app.ui.capture import KINDS, CaptureDialog
from desktop_app.ui.documents import Documents
from desktop_app.ui.file_commands import FileCommands
from desktop_app.ui.health_panel import HealthDock
from desktop_app.ui.icons import retheme_icons, set_themed_icon
from desktop_app.ui.minutes_export import MinutesExporter
from desktop_app.ui.presenter_control import PresenterControl
from desktop_app.ui.session import Session
from desktop_app.ui.shortcuts_dialog import ShortcutsDialog
from desktop_app.ui.thresholds_dialog import ThresholdsDialog
from desktop_app.ui.undo_actions import UndoActions
from desktop_app.ui.views.welcome_view import WelcomeView
from desktop_app.ui.workspace import Workspace

REPEAT_FAILURE_SECONDS = 60


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.documents = Documents(settings)
        self.session: Session | None = None
        self.workspace: Workspace | None = None
        self._last_failure: tuple[str, float] = ("", 0.0)
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
        self.files = FileCommands(self)
        self.welcome = WelcomeView(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)
        self.stored_label = QLabel(self)
        self.stored_label.setObjectName("muted")
        self.statusBar().addPermanentWidget(self.stored_label)

        self._connect_signals()
        self.actions.dark.setChecked(bool(settings.value("dark_theme", False, type=bool)))
        self.show_welcome()

    def _connect_signals(self) -> None:
        a, files = self.actions, self.files
        a.new.triggered.connect(files.new_workshop)
        a.follow_up.triggered.connect(files.new_follow_up)
        a.open.triggered.connect(files.open_dialog)
        a.demo.triggered.connect(self.open_demo)
        a.clear_recent.triggered.connect(files.clear_recent)
        a.recent_menu.aboutToShow.connect(files.fill_recent_menu)
        a.save_copy.triggered.connect(files.save_copy)
        a.keep.triggered.connect(files.keep_temporary)
        a.snapshots.triggered.connect(files.show_snapshots)
        for exporter, action in a.exports:
            action.triggered.connect(lambda _=False, e=exporter: files.export(e))
        self.minutes.done.connect(files.background_done)
        a.close.triggered.connect(files.release_session)
        a.quit.triggered.connect(self.close)
        a.dark.toggled.connect(self._set_dark)
        a.stages.triggered.connect(lambda: self.workspace and self.workspace.focus_navigator())
        self.presenter = PresenterControl(self)  # View > Presenter Window (F5), Freeze
        a.timer_pause.triggered.connect(
            lambda: self.workspace and self.workspace.timer_bar.toggle_pause())
        a.timer_move_on.triggered.connect(
            lambda: self.workspace and self.workspace.timer_bar.move_on())
        a.start_session.triggered.connect(
            lambda: self.workspace and self.workspace.timer_bar.start_session())
        a.about.triggered.connect(self.show_about)
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.vote_functions.triggered.connect(lambda: self.dot_vote("functions"))
        a.vote_parking.triggered.connect(lambda: self.dot_vote("parking_lot"))
        a.find_anything.triggered.connect(self.find_anything)
        for section, action in a.captures.items():
            action.triggered.connect(lambda _=False, s=section: self.capture(s))
        self.health_dock.jump.connect(self._jump)
        self.health_dock.settings_requested.connect(self.edit_thresholds)
        self.welcome.new_requested.connect(files.new_workshop)
        self.welcome.open_requested.connect(files.open_dialog)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_requested.connect(lambda path: self.open_path(Path(path)))

    # -- opening, for the application and its tests --------------------------------

    def open_path(self, path: Path, read_only: bool = False) -> bool:
        """Open `path` in place of the workshop on screen (see FileCommands)."""
        return self.files.open_path(path, read_only=read_only)

    def open_demo(self) -> bool:
        """A fresh temporary copy of the demo workshop in place of the one on screen."""
        return self.files.open_demo()

    # -- switching workshops ---------------------------------------------------------

    def set_session(self, session: Session) -> None:
        """Show `session` (the previous one must already be released)."""
        self.session = session
        self.undo_actions.set_session(session)
        session.changed.connect(self._on_changed)
        session.failed.connect(self._show_store_failure)
        session.problem.connect(lambda message: self.statusBar().showMessage(message, 8000))
        session.note.connect(lambda message: self.statusBar().showMessage(message, 10000))
        if session.snapshots is not None and session.snapshots.problem:
            self.statusBar().showMessage(session.snapshots.problem, 8000)
        self.workspace = Workspace(session, self)
        self.workspace.keep_requested.connect(
            self.files.save_copy if session.read_only else self.files.keep_temporary
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

    def detach_session(self) -> Session | None:
        """Take the workshop off the screen (its workspace, undo and health
        monitor) and hand it back: the file commands close it and decide what
        is shown next, so a workshop is never closed behind their back."""
        session, self.session = self.session, None
        self.undo_actions.set_session(None)
        self.health_dock.set_monitor(None)
        if self.workspace is not None:
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        return session

    def show_welcome(self) -> None:
        """The welcome page with the recent files, when no workshop is open."""
        self.welcome.set_recent(self.documents.recent())
        self.pages.setCurrentWidget(self.welcome)
        self.stored_label.clear()
        self._update_title()
        self._update_actions()

    # -- the dialogs of the stages ---------------------------------------------------

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
        dialog = VotingDialog(self.session, section, self, on_slide=self.presenter.show_votes)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def find_anything(self):
        """Edit > Find Anything: the command palette."""
        from desktop_app.ui.palette import open_palette

        return open_palette(self)

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
        self.show_error("The change was not stored", message)

    def show_error(self, title: str, message: str) -> None:
        """A message box, or the report_error hook when nobody sits at the window.
        The message may quote anything a file held: shown short and inert."""
        message = printable.message(message)
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
        if not self.files.release_session():
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
