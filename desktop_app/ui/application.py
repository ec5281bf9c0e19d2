"""Start the desktop app: QApplication, look, settings, the main window."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.files.paths import resources_dir
from desktop_app.storage.connection import remove_private_copies
from desktop_app.storage.locks import lock_path
from desktop_app.ui import theme
from desktop_app.ui.main_window import MainWindow

ORGANISATION = "Sourcing Workshop"


def identify(app: QApplication) -> None:
    """Name, version, icon and desktop entry: what the desktop and QSettings see."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # matches the installed desktop entry
    app.setWindowIcon(app_icon())


def make_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, with the bundled font and the chosen palette."""
    os.environ.setdefault("QT_API", "pyside6")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    identify(app)
    family = theme.register_fonts()
    app.setFont(theme.app_font(family))
    dark = bool(QSettings().value("dark_theme", False, type=bool))
    theme.apply_theme(app, dark)
    return app


def app_icon() -> QIcon:
    """The application's icon, from the PNGs rendered for each size (no SVG
    plugin needed), as the desktop, the task bar and About show it."""
    icon = QIcon()
    for png in sorted((resources_dir() / "icons" / "png").glob("sourcing-workshop-*.png")):
        icon.addFile(str(png))
    return icon


class FileOpenHandler(QObject):
    """macOS hands a double-clicked `.workshop` file to a running app as a
    FileOpen event, not on the command line: open it like File > Open.

    The event can arrive while a dialog is open (a save dialog of an export,
    the capture dialog) whose caller still works on the open workshop; the
    file waits until no dialog is open, then opens in turn.
    """

    RETRY_MS = 300

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pending: list[Path] = []
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._open_pending)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent)
                and event.file()):
            self.pending.append(Path(event.file()))
            self._timer.start(0)
            return True
        return super().eventFilter(watched, event)

    def _open_pending(self) -> None:
        if QApplication.activeModalWidget() is not None:
            self._timer.start(self.RETRY_MS)
            return
        if self.pending:
            self.window.open_path(self.pending.pop(0))
        if self.pending:
            self._timer.start(0)


def build_window(input_path: Path | None, demo: bool, smoke: bool = False,
                 termination: Termination | None = None) -> MainWindow:
    window = MainWindow(QSettings())
    if termination is not None:  # before opening: a kill then removes the temporary copy
        termination.window = window
    window.restore_geometry()
    if smoke:  # nobody to answer a dialog: problems go to stderr, one line each
        def report(_title: str, message: str) -> None:
            print(f"sourcing-workshop: error: {' '.join(message.split())}", file=sys.stderr)
            window.setProperty("reported_error", True)

        window.report_error = report
    # A smoke test only looks: it opens files read-only, so it never asks about
    # another instance's lock and never changes or snapshots the file.
    read_only = smoke
    if demo:
        window.open_demo()
    elif input_path is not None and smoke:
        window.open_path(input_path, read_only=read_only)
    elif input_path is not None:
        # Once the window is on screen: a file it cannot open is then explained
        # in a message box over it, not in a box floating on its own.
        QTimer.singleShot(0, lambda: window.open_path(input_path))
    return window


def run_gui(input_path: Path | None, demo: bool = False, smoke: bool = False,
            self_test: bool = False) -> int:
    app = make_application()
    termination = Termination(app)  # from the start: opening a large file takes a moment
    unattended = smoke or self_test
    window = build_window(input_path, demo=demo or (unattended and input_path is None),
                          smoke=unattended, termination=termination)
    try:
        if termination.requested:  # a logout while the workshop was being opened
            return 0
        if unattended and window.session is None:
            if not window.property("reported_error"):
                what = "self-test" if self_test else "smoke test"
                print(f"{APP_NAME}: {what} could not open the workshop", file=sys.stderr)
            return 2
        if sys.platform == "darwin" and not unattended:  # only macOS sends FileOpen events
            app.installEventFilter(FileOpenHandler(window))
        window.show()
        outcome: list[int] = []
        if self_test:
            from desktop_app.ui.self_test import run_self_test

            run_self_test(window, lambda status: outcome.append(status) or _quit())
        elif smoke:
            QTimer.singleShot(0, lambda: (window.grab(), _quit()))
        status = app.exec()
        if self_test:
            return outcome[0] if outcome else 2
        return status
    finally:
        _let_go(window)  # whatever ended the loop, no export, lock or temporary copy stays
        termination.ended.set()


class Termination(QObject):
    """A logout or `kill` sends SIGTERM, a closed terminal SIGHUP: end like Quit,
    without questions nobody would see. What is being typed is stored, the
    workshop's lock is released and temporary copies are removed (a changed
    temporary copy is lost, as it would be anyway).

    Python runs its signal handlers only when it runs code: the C-level handler
    writes the signal's number to a socket, which a watcher thread reads. It
    wakes the event loop (so the handler runs and the loop quits), and if the app
    has not ended within `GRACE_SECONDS` because the window is busy, it lets go
    of what it can without the busy thread (the export's process, the lock,
    temporary copies) and ends the process with status 128 + the signal number.
    """

    GRACE_SECONDS = 0.8
    woken = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.window: MainWindow | None = None
        self.requested = False
        self.ended = threading.Event()
        self._numbers = {getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                         if hasattr(signal, name)}
        if not self._numbers:
            return
        self._reader, self._writer = socket.socketpair()
        self._writer.setblocking(False)
        signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self.woken.connect(self._wake)
        for number in self._numbers:
            signal.signal(number, self._stop)
        threading.Thread(target=self._watch, name="sourcing-workshop-termination",
                         daemon=True).start()

    def _watch(self) -> None:
        while True:
            try:
                received = self._reader.recv(64)
            except OSError:
                return
            if not received:
                return
            number = next((n for n in received if n in self._numbers), None)
            if number is None:
                continue
            self.woken.emit()  # queued to the main thread: Python runs `_stop` there
            if not self.ended.wait(self.GRACE_SECONDS):
                self._abandon(number)

    def _wake(self) -> None:
        """Nothing to do: running any Python code lets the pending handler run."""

    def _stop(self, _number: int, _frame: object) -> None:
        self.requested = True  # still opening: run_gui ends once it is open
        # A dialog may be open (Keep this workshop?, a file dialog): close it as
        # Cancel, so the command that opened it stops, then quit from the main loop.
        while (dialog := QApplication.activeModalWidget()) is not None:
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()
            if QApplication.activeModalWidget() is dialog:
                break
        QTimer.singleShot(0, lambda: (MainWindow.store_typing(), _quit()))

    def _abandon(self, number: int) -> None:
        """The window is busy and cannot end in time: let go of what needs no Qt."""
        window = self.window
        if window is not None:
            window.minutes.kill()
            session = window.session
            if session is not None and session.lock is not None and session.lock.held:
                with contextlib.suppress(OSError):
                    lock_path(session.path).unlink()
            window.documents.cleanup()
        remove_private_copies()
        name = signal.Signals(number).name
        with contextlib.suppress(Exception):
            print(f"{APP_NAME}: ended by {name} while busy; what was being typed in the last "
                  "second may not be stored.", file=sys.stderr, flush=True)
        os._exit(128 + number)


def _quit() -> None:
    """End the event loop without questions; run_gui then lets go of everything."""
    QApplication.instance().exit(0)


def _let_go(window: MainWindow) -> None:
    """Stop an export (it removes its partial file), release the workshop and
    its lock, remove temporary copies. Safe to call more than once."""
    if window.minutes.busy:
        window.minutes.cancel()
        window.minutes.wait()
    if window.session is not None:
        session, window.session = window.session, None
        window.documents.release(session)
    window.documents.cleanup()
