"""Dates typed into table cells (issue 25, part 1): a wave's start and an
action's due date take ISO or the locale's own form, an empty cell clears a
due date, and an impossible date is refused with the reason."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import stored
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from desktop_app.domain.commands import EditDetails
from desktop_app.domain.model import Stage


def type_cell(qtbot, editor, key, field: str, text: str) -> None:
    column = [c.field for c in editor.model.columns].index(field)
    index = editor.proxy.mapFromSource(editor.model.index(editor.model.row_of(key), column))
    editor.view.setFocus()
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    line = editor.view.focusWidget()
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.view.state() == QAbstractItemView.State.NoState)


@pytest.mark.parametrize(("number_format", "typed"), [
    ("en_US", "4/5/2027"), ("de_DE", "05.04.2027"), ("en_GB", "05/04/2027"),
    ("de_DE", "2027-04-05")])
def test_a_wave_start_is_typed(open_window, qtbot, workshop_file, number_format, typed) -> None:
    open_window.session.execute(EditDetails("number_format", number_format))
    open_window.workspace.show_stage(Stage.TRANSITION)
    waves = open_window.workspace.views[Stage.TRANSITION].editors["waves"]
    type_cell(qtbot, waves, "w1", "start", typed)
    assert stored(workshop_file).find("waves", "w1").start == date(2027, 4, 5)


def test_a_due_date_is_typed_cleared_and_refused(open_window, qtbot, workshop_file) -> None:
    open_window.workspace.show_stage(Stage.CLOSE)
    actions = open_window.workspace.views[Stage.CLOSE].editors["actions"]
    key = open_window.session.workshop.actions[0].key
    type_cell(qtbot, actions, key, "due", "2027-05-31")
    assert stored(workshop_file).find("actions", key).due == date(2027, 5, 31)
    type_cell(qtbot, actions, key, "due", "2027-13-01")
    assert "is not a date" in actions.validation.text()
    assert stored(workshop_file).find("actions", key).due == date(2027, 5, 31)
    type_cell(qtbot, actions, key, "due", "")
    assert stored(workshop_file).find("actions", key).due is None
