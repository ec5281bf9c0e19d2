"""Text is stored while it is typed: within a second of the last keystroke,
at once when the field is left or the window closes, and one visit to a
field is one undo step."""

from __future__ import annotations

import time

import pytest
from helpers import stored
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from desktop_app.domain.model import Stage
from desktop_app.ui.typing_commit import TYPING_IDLE_MS

WITHIN_A_SECOND_MS = 1000


@pytest.fixture
def setup_view(open_window):
    return open_window.workspace.views[Stage.SETUP]


def _type(qtbot, widget, text: str) -> float:
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    return time.monotonic()


def test_the_idle_delay_leaves_room_within_a_second():
    assert TYPING_IDLE_MS <= 700


def test_a_title_is_stored_within_a_second_while_the_field_keeps_focus(
        open_window, setup_view, qtbot, workshop_file):
    """Timed by the app's own signal, not by polling the file, so a slow CI
    machine makes the test wait longer, never fail for the wrong reason."""
    stored_at: list[float] = []
    open_window.session.changed.connect(lambda _change: stored_at.append(time.monotonic()))
    line = setup_view.details.lines["title"]
    line.selectAll()
    last_key = _type(qtbot, line, "Day two")
    qtbot.waitUntil(lambda: bool(stored_at), timeout=5000)
    assert stored_at[0] - last_key < 1.0
    assert stored(workshop_file).details.title == "Day two"
    assert line.text() == "Day two"  # the field was not rewritten under the cursor


def test_one_visit_to_a_field_is_one_undo_step(open_window, setup_view, qtbot,
                                              workshop_file):
    line = setup_view.details.lines["title"]
    original = line.text()
    line.selectAll()
    _type(qtbot, line, "Day")
    qtbot.waitUntil(lambda: stored(workshop_file).details.title == "Day", timeout=1500)
    _type(qtbot, line, " two")
    qtbot.waitUntil(lambda: stored(workshop_file).details.title == "Day two", timeout=1500)
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert len(open_window.session.history) == 1
    open_window.undo_action.trigger()
    assert stored(workshop_file).details.title == original
    assert line.text() == original
    open_window.redo_action.trigger()
    assert stored(workshop_file).details.title == "Day two"


def test_two_visits_are_two_undo_steps(open_window, setup_view, qtbot, workshop_file):
    line = setup_view.details.lines["location"]
    for text in ("Room A", "Room B"):
        line.selectAll()
        _type(qtbot, line, text)
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert stored(workshop_file).details.location == "Room B"
    open_window.undo_action.trigger()
    assert stored(workshop_file).details.location == "Room A"


def test_leaving_a_field_stores_it_at_once(open_window, setup_view, qtbot, workshop_file):
    open_window.activateWindow()
    line = setup_view.details.lines["facilitator"]
    line.setFocus()
    qtbot.waitUntil(line.hasFocus, timeout=2000)
    line.selectAll()
    qtbot.keyClicks(line, "Dana Fischer")
    qtbot.keyClick(line, Qt.Key.Key_Tab)  # focus moves on, as a facilitator would do it
    assert not line.hasFocus()
    assert stored(workshop_file).details.facilitator == "Dana Fischer"


def test_closing_the_window_stores_what_is_being_typed(window, workshop_file, qtbot):
    window.open_path(workshop_file)
    window.show()
    view = window.workspace.views[Stage.SETUP]
    scope = view.details.scope_edit
    scope.setFocus()
    qtbot.waitUntil(scope.hasFocus, timeout=2000)
    scope.selectAll()
    qtbot.keyClicks(scope, "Only infrastructure")
    window.close()  # no waiting: the pending store happens on the way out
    assert stored(workshop_file).details.scope == "Only infrastructure"


def test_the_multi_line_scope_is_stored_while_typed(open_window, setup_view, qtbot,
                                                     workshop_file):
    scope = setup_view.details.scope_edit
    scope.setFocus()
    scope.selectAll()
    qtbot.keyClicks(scope, "Service desk and hosting")
    qtbot.waitUntil(
        lambda: stored(workshop_file).details.scope == "Service desk and hosting",
        timeout=WITHIN_A_SECOND_MS)


def test_a_table_cell_is_stored_while_its_editor_is_open(open_window, setup_view, qtbot,
                                                         workshop_file):
    editor = setup_view.participants
    column = [c.field for c in editor.model.columns].index("role")
    index = editor.view.model().index(0, column)
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    line = editor.view.findChild(QLineEdit)
    assert line is not None and line.isVisible()
    line.selectAll()
    qtbot.keyClicks(line, "Head of IT operations")
    key = editor.model.item_at(0).key
    qtbot.waitUntil(
        lambda: stored(workshop_file).find("participants", key).role == "Head of IT operations",
        timeout=WITHIN_A_SECOND_MS)
    assert line.isVisible() and line.text() == "Head of IT operations"  # still editing
    qtbot.keyClicks(line, ", EMEA")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the view commits and closes the editor next
    qtbot.waitUntil(lambda: editor.view.state() == QAbstractItemView.State.NoState)
    assert stored(workshop_file).find("participants", key).role == \
        "Head of IT operations, EMEA"
    assert len(open_window.session.history) == 1
    open_window.undo_action.trigger()
    assert stored(workshop_file).find("participants", key).role != "Head of IT operations"


def test_half_typed_invalid_text_is_not_stored_or_reported(open_window, qtbot, workshop_file):
    """A number column is not stored while typing; text columns that a rule
    would refuse wait for the user to finish."""
    view = open_window.workspace.views[Stage.SETUP]
    editor = view.agenda
    column = [c.field for c in editor.model.columns].index("planned_minutes")
    index = editor.view.model().index(0, column)
    before = stored(workshop_file).agenda[0].planned_minutes
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    line = editor.view.findChild(QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "4")
    qtbot.wait(TYPING_IDLE_MS + 200)
    assert stored(workshop_file).agenda[0].planned_minutes == before
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.view.state() == QAbstractItemView.State.NoState)
    assert stored(workshop_file).agenda[0].planned_minutes == 4


def test_evidence_is_stored_while_typed(open_window, qtbot, workshop_file):
    view = open_window.workspace.views[Stage.VENDORS]
    grid = view.findChild(QLineEdit, "evidenceEdit").parent()
    scored = next(iter(open_window.session.workshop.scores))
    assert grid.select_cell(scored.key)
    edit = grid.evidence_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Two reference calls")
    qtbot.waitUntil(
        lambda: stored(workshop_file).find("scores", scored.key).evidence
        == "Two reference calls", timeout=WITHIN_A_SECOND_MS)
    assert QApplication.focusWidget() in (edit, None)


def test_escape_in_a_cell_takes_back_what_was_stored_while_typing(open_window, setup_view,
                                                                 qtbot, workshop_file):
    editor = setup_view.participants
    column = [c.field for c in editor.model.columns].index("role")
    key = editor.model.item_at(0).key
    original = stored(workshop_file).find("participants", key).role
    index = editor.view.model().index(0, column)
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    line = editor.view.findChild(QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "Oops")
    qtbot.waitUntil(lambda: stored(workshop_file).find("participants", key).role == "Oops",
                    timeout=3000)
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.view.state() == QAbstractItemView.State.NoState)
    assert stored(workshop_file).find("participants", key).role == original
    assert open_window.session.history.index == 0  # nothing left to undo


def test_text_that_could_not_be_stored_stays_in_the_field(open_window, setup_view, qtbot,
                                                          workshop_file, monkeypatch):
    """Disk full, file locked by another program: what was typed is not thrown
    away, and leaving the field again stores it once the file can be written."""
    from helpers import sqlite_lock_held
    from PySide6.QtWidgets import QMessageBox

    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    line = setup_view.details.lines["title"]
    with sqlite_lock_held(workshop_file, "EXCLUSIVE"):
        line.selectAll()
        qtbot.keyClicks(line, "Typed while locked")
        line.editingFinished.emit()  # leave the field: the store fails
        assert len(messages) == 1 and "another program" in messages[0]
    assert line.text() == "Typed while locked"
    assert open_window.stored_label.text() == "Changes NOT stored"
    assert stored(workshop_file).details.title != "Typed while locked"
    line.editingFinished.emit()  # leave it again, the file writable now
    assert stored(workshop_file).details.title == "Typed while locked"
    assert open_window.stored_label.text().startswith("All changes stored")


def test_an_export_right_after_typing_includes_what_was_typed(open_window, setup_view, qtbot,
                                                              tmp_path, monkeypatch):
    """Ctrl+E does not take the focus: the pending text is stored first."""
    import json

    from desktop_app.ui import file_dialogs

    target = tmp_path / "now.json"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *a, **k: target)
    line = setup_view.details.lines["title"]
    line.selectAll()
    _type(qtbot, line, "Typed a moment ago")
    open_window.actions.export_json.trigger()  # no wait for the pause in typing
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["workshop"]["title"] == "Typed a moment ago"
