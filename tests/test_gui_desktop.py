"""What the desktop sees of the app: its icon in every size, its id, and a
file handed over by the desktop (macOS sends a FileOpen event)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFileOpenEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

import desktop_app
from desktop_app.ui.application import FileOpenHandler, app_icon

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def test_the_app_icon_has_every_size_the_desktop_asks_for(app) -> None:
    icon = app_icon()
    assert {size.width() for size in icon.availableSizes()} == set(SIZES)
    for size in SIZES:
        image = icon.pixmap(QSize(size, size)).toImage()
        assert image.width() == size
        # Not blank: the middle of the icon is drawn, the corner of the square is clear.
        assert image.pixelColor(size // 2, size // 2).alpha() > 200
        assert image.pixelColor(0, 0).alpha() < 60
    assert not QApplication.windowIcon().isNull()


def test_the_app_tells_the_desktop_which_entry_is_its_own(app) -> None:
    assert QGuiApplication.desktopFileName() == desktop_app.APP_ID
    assert QApplication.applicationVersion() == desktop_app.__version__


def test_a_file_handed_over_by_the_desktop_opens_in_the_window(window, workshop_file,
                                                               qtbot) -> None:
    application = QApplication.instance()
    handler = FileOpenHandler(window)
    application.installEventFilter(handler)
    try:
        QApplication.sendEvent(application, QFileOpenEvent(str(workshop_file)))
        qtbot.waitUntil(lambda: window.session is not None, timeout=5000)
    finally:
        application.removeEventFilter(handler)
    assert window.session.path == workshop_file
    assert workshop_file.name in window.windowTitle()


def test_a_file_handed_over_during_a_dialog_waits_for_the_dialog(window, workshop_file,
                                                                  tmp_path, qtbot) -> None:
    """An export's save dialog is open on workshop A when the desktop hands over B:
    A stays open until the dialog is gone, so the export is of A."""
    from PySide6.QtWidgets import QDialog

    first = tmp_path / "first.workshop"
    first.write_bytes(workshop_file.read_bytes())
    assert window.open_path(first)
    handler = FileOpenHandler(window)
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=5000)
    handler.eventFilter(QApplication.instance(), QFileOpenEvent(str(workshop_file)))
    qtbot.wait(FileOpenHandler.RETRY_MS * 2)
    assert window.session.path == first  # still the workshop the dialog is about
    dialog.close()
    qtbot.waitUntil(lambda: window.session.path == workshop_file, timeout=5000)


def test_the_main_window_shows_the_app_icon(window) -> None:
    """Dialogs such as About take the window's icon, so they show it too."""
    shown = window.windowIcon().pixmap(QSize(32, 32)).toImage()
    assert shown == app_icon().pixmap(QSize(32, 32)).toImage()


def test_a_workshop_file_without_its_suffix_opens(window, workshop_file, tmp_path) -> None:
    """The desktop recognises workshops by content (packaging/linux), so the app does too."""
    renamed = tmp_path / "notes"
    renamed.write_bytes(workshop_file.read_bytes())
    assert window.open_path(renamed)
    assert window.session.path == renamed and not window.session.read_only


def test_a_bad_file_given_at_start_is_explained_over_the_start_page(app, tmp_path, qtbot,
                                                                    monkeypatch) -> None:
    """A double-clicked file that cannot be opened: the user sees why, in the window."""
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui.application import build_window

    messages: list[str] = []
    shown_over: list[bool] = []  # was the window on screen when the box came?

    def warning(parent, _title, text):
        messages.append(text)
        shown_over.append(parent.isVisible())

    monkeypatch.setattr(QMessageBox, "warning", warning)
    for path, words in ((tmp_path / "gone.workshop", "does not exist"),
                        (tmp_path / "notes.txt", "not a workshop file")):
        if path.suffix == ".txt":
            path.write_text("meeting notes", encoding="utf-8")
        window = build_window(path, demo=False)
        try:
            window.show()  # as run_gui does, right after building it
            qtbot.waitUntil(lambda w=words: bool(messages) and w in messages[-1], timeout=5000)
            assert shown_over[-1]
            assert window.session is None
            assert window.pages.currentWidget() is window.welcome
            assert words in messages[-1]
        finally:
            window.documents.cleanup()
            window.deleteLater()


def test_a_logout_ends_the_app_cleanly(tmp_path) -> None:
    """SIGTERM (logout, kill) ends the app like Quit: exit 0, no temporary copy left."""
    import os
    import signal
    import subprocess
    import sys
    import time

    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    app = subprocess.Popen([sys.executable, "-m", "desktop_app", "--demo"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not list(temp.glob("sourcing-workshop-*/*.workshop")):
            assert app.poll() is None and time.monotonic() < deadline, "the demo did not open"
            time.sleep(0.1)
        time.sleep(0.5)  # the window is up and waiting for events
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=20)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == 0, err
    assert list(temp.iterdir()) == []
