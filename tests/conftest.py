"""Shared fixtures. Qt runs offscreen with the bundled font, so GUI tests
render real text on any machine; GUI tests get the `gui` marker."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_API", "pyside6")
# QSettings (recent files, theme) of tests never touch the user's own.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="sw-test-config-")
# Snapshots (the user's data folder) of tests never mix with the user's own.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="sw-test-data-")

import pytest

REPO = Path(__file__).resolve().parent.parent
DEMO_JSON = REPO / "resources" / "demo" / "demo-workshop.json"
INTERCHANGE_DOC = REPO / "docs" / "interchange.md"  # the contract, in the repository


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def example_json() -> str:
    """The example document of the interchange contract (docs/interchange.md); the
    same document is kept as tests/data/interchange-example.json (a test compares)."""
    text = INTERCHANGE_DOC.read_text(encoding="utf-8")
    return re.search(r"```json\n(.*?)```", text, re.S).group(1)


@pytest.fixture
def demo_json_path() -> Path:
    return DEMO_JSON


@pytest.fixture
def demo_workshop():
    from desktop_app.storage import interchange

    return interchange.read_json(DEMO_JSON)


@pytest.fixture
def workshop_file(tmp_path, demo_workshop) -> Path:
    """A real demo document on disk."""
    from desktop_app.storage.document import write_workshop_file

    path = tmp_path / "demo.workshop"
    write_workshop_file(path, demo_workshop)
    return path


@pytest.fixture
def copy_of(tmp_path):
    def copy(source: Path, name: str | None = None) -> Path:
        target = tmp_path / (name or source.name)
        shutil.copyfile(source, target)
        return target

    return copy


@pytest.fixture
def app(qapp):
    """The QApplication with the bundled font and the light palette.

    Fonts and the style sheet are set up once: re-applying a style sheet
    re-polishes every widget alive, which made each GUI test seconds slower.
    """
    from desktop_app.ui import application, theme

    if not qapp.property("test_theme_ready"):
        application.identify(qapp)
        family = theme.register_fonts()
        qapp.setFont(theme.app_font(family))
        theme.apply_theme(qapp, dark=False)
        qapp.setProperty("test_theme_ready", True)
    elif qapp.property("dark_theme"):
        theme.apply_theme(qapp, dark=False)
    yield qapp
    _delete_closed_widgets(qapp)


def _delete_closed_widgets(qapp) -> None:
    """Run the deferred deletes of widgets closed by the test: without an event
    loop between tests they pile up, and every later style change re-polishes
    them all."""
    from PySide6.QtCore import QEvent

    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(app, qtbot, settings):
    """The real main window, with nothing open."""
    from desktop_app.ui.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    yield win
    if win.session is not None:
        session, win.session = win.session, None
        win.documents.release(session)
    win.documents.cleanup()
    win.close()
    win.deleteLater()


@pytest.fixture
def open_window(window, workshop_file):
    """The main window showing a real demo document on disk."""
    assert window.open_path(workshop_file)
    window.show()
    return window


@pytest.fixture
def case_view(open_window):
    """The Business case stage of the demo, shown in the window."""
    from desktop_app.domain.model import Stage
    from desktop_app.ui.views.business_case_view import BusinessCaseView

    open_window.workspace.show_stage(Stage.BUSINESS_CASE)
    view = open_window.workspace.views[Stage.BUSINESS_CASE]
    assert isinstance(view, BusinessCaseView)
    return view
