"""Stage 1, Setup & objectives: everything editable, stored at once, undoable."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import stored, type_into_field
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from desktop_app.domain.model import Attendance, Side, Stage, WorkshopStatus


@pytest.fixture
def setup_view(open_window):
    return open_window.workspace.views[Stage.SETUP]



def set_cell(table_model, row: int, column_field: str, value) -> bool:
    column = [c.field for c in table_model.columns].index(column_field)
    return table_model.setData(table_model.index(row, column), value, Qt.ItemDataRole.EditRole)


def test_typing_a_title_stores_it_and_retitles_the_window(open_window, setup_view, qtbot,
                                                          workshop_file):
    line = setup_view.details.lines["title"]
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "Sourcing day 2")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert stored(workshop_file).details.title == "Sourcing day 2"
    assert open_window.windowTitle().startswith("Sourcing day 2 — ")
    open_window.undo_action.trigger()
    assert line.text() != "Sourcing day 2"
    assert stored(workshop_file).details.title == line.text()


def test_an_empty_title_is_refused_with_a_reason(setup_view, qtbot, workshop_file):
    before = stored(workshop_file).details.title
    line = setup_view.details.lines["title"]
    line.setFocus()
    line.clear()
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert setup_view.problem_label.isVisibleTo(setup_view)
    assert "Title cannot be empty" in setup_view.problem_label.text()
    assert line.text() == before
    assert stored(workshop_file).details.title == before


def test_date_status_and_scope_are_stored(setup_view, qtbot, workshop_file):
    details = setup_view.details
    type_into_field(qtbot, details.date_edit, "2027-05-04")
    details.status_combo.setCurrentIndex(details.status_combo.findData("final"))
    details.status_combo.activated.emit(details.status_combo.currentIndex())
    details.scope_edit.setFocus()
    details.scope_edit.setPlainText("Only <b>UK</b> & Poland\nsecond line")
    details.lines["location"].setFocus()  # focus leaves the scope field
    QApplication.processEvents()
    workshop = stored(workshop_file)
    assert workshop.details.date == date(2027, 5, 4)
    assert workshop.details.status == WorkshopStatus.FINAL
    assert workshop.details.scope == "Only <b>UK</b> & Poland\nsecond line"



def test_clearing_the_date_stores_no_date(setup_view, qtbot, workshop_file):
    type_into_field(qtbot, setup_view.details.date_edit, "")
    assert stored(workshop_file).details.date is None
    assert setup_view.details.date_edit.line.text() == ""
    assert setup_view.details.date_edit.line.placeholderText().startswith("Not set")


@pytest.mark.parametrize(("number_format", "typed"), [
    ("", "2027-01-14"), ("en_US", "1/14/2027"), ("en_GB", "14/01/2027"),
    ("de_DE", "14.01.2027"), ("de_DE", "14.1.27"), ("de_DE", "2027-01-14"),
])
def test_a_date_is_typed_as_the_locale_writes_it_or_as_iso(setup_view, qtbot, workshop_file,
                                                          number_format, typed):
    """2027-01-14 typed into the old date box gave 2026-01-14."""
    from desktop_app.domain.commands import EditDetails

    setup_view.session.execute(EditDetails("number_format", number_format))
    type_into_field(qtbot, setup_view.details.date_edit, typed)
    assert stored(workshop_file).details.date == date(2027, 1, 14)
    assert setup_view.details.date_edit.line.text() == "2027-01-14"


@pytest.mark.parametrize("typed", ["2027-02-30", "31.02.2027", "soon", "14/14/2027"])
def test_an_impossible_date_is_refused_and_kept_for_correcting(setup_view, qtbot, workshop_file,
                                                              typed):
    before = stored(workshop_file).details.date
    type_into_field(qtbot, setup_view.details.date_edit, typed)
    assert stored(workshop_file).details.date == before
    assert "is not a date" in setup_view.details.date_edit.reading_text
    assert setup_view.details.date_edit.line.text() == typed


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: a popup menu
def test_the_calendar_picks_a_date(setup_view, qtbot, workshop_file):
    field = setup_view.details.date_edit
    field.open_calendar()
    field.calendar.setSelectedDate(QDate(2027, 2, 3))
    field.calendar.activated.emit(QDate(2027, 2, 3))
    assert stored(workshop_file).details.date == date(2027, 2, 3)


def test_insert_adds_a_participant_ready_to_type(setup_view, qtbot, workshop_file):
    editor = setup_view.participants
    count = editor.model.rowCount()
    editor.view.setFocus()
    editor.add_action.trigger()
    assert editor.model.rowCount() == count + 1
    row = editor.current_row()
    assert editor.model.item_at(row).name == "New participant"
    assert set_cell(editor.model, row, "name", "Zoë Ångström")
    assert set_cell(editor.model, row, "side", "vendor")
    assert set_cell(editor.model, row, "attendance", "apologies")
    added = stored(workshop_file).participants[row]
    assert (added.name, added.side, added.attendance) == (
        "Zoë Ångström", Side.VENDOR, Attendance.APOLOGIES)
    assert "1 sent apologies" not in setup_view.attendance_label.text()  # now 2
    assert "2 sent apologies" in setup_view.attendance_label.text()


def test_an_empty_participant_name_is_refused_in_place(setup_view, workshop_file):
    editor = setup_view.participants
    before = stored(workshop_file).participants[0].name
    assert not set_cell(editor.model, 0, "name", "   ")
    assert editor.validation.isVisibleTo(editor)
    assert "Name cannot be empty" in editor.validation.text()
    assert stored(workshop_file).participants[0].name == before


def test_delete_removes_a_participant_and_undo_brings_it_back(open_window, setup_view,
                                                              workshop_file):
    editor = setup_view.participants
    first = editor.model.item_at(0)
    editor.select_row(0)
    editor.remove_action.trigger()
    assert all(p.id != first.id for p in stored(workshop_file).participants)
    assert open_window.undo_action.text() == f"&Undo Remove participant “{first.name}”"
    open_window.undo_action.trigger()
    assert stored(workshop_file).participants[0] == first
    assert editor.model.item_at(0) == first


def test_moving_an_agenda_item_and_changing_its_minutes(open_window, setup_view, workshop_file):
    agenda = setup_view.agenda
    first_id = agenda.model.item_at(0).id
    agenda.select_row(0)
    agenda.down_action.trigger()
    assert [a.id for a in stored(workshop_file).agenda][1] == first_id
    assert set_cell(agenda.model, 1, "planned_minutes", 50)
    navigator = open_window.workspace.stage_model
    assert "50 min" in navigator.data(navigator.index(0), Qt.ItemDataRole.DisplayRole)
    assert setup_view.time_label.text() == "Planned: 50 min"
    assert not set_cell(agenda.model, 1, "planned_minutes", 5000)
    assert "between 0 and 1440" in agenda.validation.text()


def test_objectives_can_be_added_edited_moved_and_removed(setup_view, workshop_file):
    objectives = setup_view.objectives
    count = objectives.model.rowCount()
    objectives.view.setCurrentIndex(objectives.model.index(count - 1, 0))
    objectives.add()
    assert objectives.model.rowCount() == count + 1
    index = objectives.model.index(count, 0)
    assert objectives.model.setData(index, "Keep key-account customers 😀 in-house")
    objectives.move(-1)
    assert stored(workshop_file).details.objectives[count - 1] == (
        "Keep key-account customers 😀 in-house")
    assert not objectives.model.setData(objectives.model.index(0, 0), "")
    objectives.view.setCurrentIndex(objectives.model.index(0, 0))
    objectives.remove()
    assert len(stored(workshop_file).details.objectives) == count


def test_setup_models_pass_the_model_tester(setup_view):
    for model in (setup_view.participants.model, setup_view.agenda.model,
                  setup_view.objectives.model):
        ModelTester(None).check(model)


def test_read_only_file_cannot_be_edited(window, workshop_file):
    assert window.open_path(workshop_file, read_only=True)
    view = window.workspace.views[Stage.SETUP]
    assert window.session.read_only
    assert "read-only" in window.windowTitle()
    assert window.workspace.notice.isVisibleTo(window.workspace)
    assert not view.participants.add_action.isEnabled()
    assert view.details.lines["title"].isReadOnly()
    flags = view.participants.model.flags(view.participants.model.index(0, 0))
    assert not flags & Qt.ItemFlag.ItemIsEditable
