"""Runs the real app on a workshop file with a script, for tests that need a
separate process: killing it, a second instance, another user, read-only media.

    python tests/app_driver.py FILE edit COUNT PREFIX   add COUNT participants
    python tests/app_driver.py FILE hold                open it and stay open
    python tests/app_driver.py FILE state [COPY]        report what the window shows

Each line on stdout is one JSON object, flushed at once, so the test knows
exactly which edits the app acknowledged (stored) before it was killed.
Not collected by pytest (the name does not start with test_).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings

from desktop_app.domain.model import Stage
from desktop_app.ui.application import make_application
from desktop_app.ui.main_window import MainWindow


def say(**message) -> None:
    print(json.dumps(message), flush=True)


def open_window(path: Path) -> MainWindow:
    settings = QSettings(str(Path(os.environ["XDG_CONFIG_HOME"]) / "driver.ini"),
                         QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.resize(1280, 800)
    window.show()
    window.open_path(path)
    return window


def edit(window: MainWindow, count: int, prefix: str) -> None:
    """Add participants through the Setup stage's table, as a user would: the
    add button, then the name typed into the new row."""
    editor = window.workspace.views[Stage.SETUP].participants
    name_column = [c.field for c in editor.model.columns].index("name")
    for number in range(1, count + 1):
        editor.add_action.trigger()
        row = editor.model.rowCount() - 1
        editor.model.setData(editor.model.index(row, name_column), f"{prefix} {number}")
        say(stored=number)


def state(window: MainWindow, copy_to: str | None) -> None:
    session = window.session
    setup = window.workspace.views[Stage.SETUP] if window.workspace else None
    report = {
        "open": session is not None,
        "read_only": bool(session and session.read_only),
        "title": window.windowTitle(),
        "notice_visible": bool(window.workspace
                               and window.workspace.notice.isVisibleTo(window.workspace)),
        "notice": window.workspace.notice.text.text() if window.workspace else "",
        "add_enabled": bool(setup and setup.participants.add_action.isEnabled()),
        "title_editable": bool(setup and not setup.details.lines["title"].isReadOnly()),
        "participants": [p.name for p in session.workshop.participants] if session else [],
    }
    if session is not None and copy_to:
        try:
            report["copy"] = str(window.documents.save_copy(session, Path(copy_to)))
        except Exception as error:
            report["copy_error"] = str(error)
    say(**report)


def main() -> int:
    path, mode = Path(sys.argv[1]), sys.argv[2]
    app = make_application([sys.argv[0]])
    errors: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning = staticmethod(lambda _p, _t, text, *a, **k: errors.append(text))
    window = open_window(path)
    if errors:
        say(error=errors[0])
    if mode == "edit":
        edit(window, int(sys.argv[3]), sys.argv[4])
        say(idle=True)
        while True:  # stay open, idle, until killed
            app.processEvents()
            time.sleep(0.02)
    elif mode == "hold":
        say(ready=True, pid=os.getpid())
        while sys.stdin.readline():
            app.processEvents()
    elif mode == "state":
        state(window, sys.argv[3] if len(sys.argv) > 3 else None)
    if window.session is not None:
        session, window.session = window.session, None
        window.documents.release(session)
    return 0


if __name__ == "__main__":
    sys.exit(main())
