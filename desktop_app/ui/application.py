"""Start the desktop app: QApplication, look, settings, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app import APP_NAME, __version__
from desktop_app.ui import theme
from desktop_app.ui.main_window import MainWindow

ORGANISATION = "Sourcing Workshop"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, with the bundled font and the chosen palette."""
    os.environ.setdefault("QT_API", "pyside6")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("sourcing-workshop")
    family = theme.register_fonts()
    app.setFont(theme.app_font(family))
    dark = bool(QSettings().value("dark_theme", False, type=bool))
    theme.apply_theme(app, dark)
    return app


def build_window(input_path: Path | None, demo: bool, smoke: bool = False) -> MainWindow:
    window = MainWindow(QSettings())
    window.restore_geometry()
    if smoke:  # nobody to answer a dialog: problems go to stderr, one line each
        window.report_error = lambda _title, message: print(
            f"sourcing-workshop: error: {' '.join(message.split())}", file=sys.stderr)
    # A smoke test only looks: it opens files read-only, so it never asks about
    # another instance's lock and never changes or snapshots the file.
    read_only = smoke
    if demo:
        window.open_demo()
    elif input_path is not None:
        window.open_path(input_path, read_only=read_only)
    return window


def run_gui(input_path: Path | None, demo: bool = False, smoke: bool = False) -> int:
    app = make_application()
    window = build_window(input_path, demo=demo or (smoke and input_path is None),
                          smoke=smoke)
    if smoke:
        if window.session is None:
            print(f"{APP_NAME}: smoke test could not open the workshop", file=sys.stderr)
            return 2
        window.show()
        QTimer.singleShot(0, lambda: (window.grab(), _quit_without_questions(window)))
        return app.exec()
    window.show()
    return app.exec()


def _quit_without_questions(window: MainWindow) -> None:
    if window.session is not None:
        session, window.session = window.session, None
        window.documents.release(session)
    window.documents.cleanup()
    QApplication.instance().exit(0)
