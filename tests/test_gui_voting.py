"""Dot voting in the room: quick entry, budget, ranks, reset; stored and undoable."""

from __future__ import annotations

import pytest
from helpers import stored
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester

from desktop_app.domain.model import Attendance, Side
from desktop_app.ui.voting import VotesModel, VotingDialog, dots_available, ranks

# Showing a dialog on the offscreen platform logs this harmless line.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")



@pytest.fixture
def dialog(open_window, qtbot):
    dialog = VotingDialog(open_window.session, "functions", open_window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_ranks_share_places():
    assert ranks([5, 7, 5, 0]) == [2, 1, 2, 4]
    assert ranks([]) == []


def test_keys_and_buttons_store_votes_and_undo(dialog, open_window, workshop_file, qtbot):
    first = open_window.session.workshop.functions[0]
    dialog.select_row(0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Plus)
    assert stored(workshop_file).functions[0].votes == first.votes + 1
    qtbot.keyClick(dialog.table, Qt.Key.Key_Minus)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Minus)
    assert stored(workshop_file).functions[0].votes == first.votes - 1
    qtbot.keyClick(dialog.table, Qt.Key.Key_4)
    assert stored(workshop_file).functions[0].votes == 4
    second = open_window.session.workshop.functions[1].votes
    dialog.select_row(1)
    dialog.plus_button.click()
    assert stored(workshop_file).functions[1].votes == second + 1
    assert dialog.model.data(dialog.model.index(0, VotesModel.VOTES)) == "4"
    open_window.undo_action.trigger()  # the click on row 1
    open_window.undo_action.trigger()  # the 4
    assert stored(workshop_file).functions[0].votes == first.votes - 1
    assert "Change votes" in open_window.session.history.undo_label


def test_votes_never_go_below_zero(dialog, open_window, workshop_file):
    dialog.select_row(0)
    dialog.set_current(0)
    assert not dialog.change_current(-1) or stored(workshop_file).functions[0].votes == 0
    assert stored(workshop_file).functions[0].votes == 0


def test_totals_and_ranks_follow_the_votes(dialog, open_window):
    model = dialog.model
    votes = [f.votes for f in open_window.session.workshop.functions]
    assert [model.rank_of(r) for r in range(model.rowCount())] == ranks(votes)
    last = model.rowCount() - 1
    assert model.set_votes(last, max(votes) + 1)
    assert model.data(model.index(last, VotesModel.RANK)) == "1"
    ModelTester(None).check(model)


def test_budget_and_over_budget_warning(dialog, open_window, workshop_file):
    ws = open_window.session.workshop
    # The facilitator runs the vote: ten present, nine voters.
    present = sum(1 for p in ws.participants if p.attendance == Attendance.PRESENT
                  and p.side != Side.FACILITATOR)
    assert present == 9
    used = sum(f.votes for f in ws.functions)
    dialog.per_person.setValue(2)
    assert stored(workshop_file).details.votes_per_person == 2
    assert dots_available(ws) == 2 * present
    assert dialog.budget_label.text() == (
        f"× 9 voters present (facilitators run the vote) = {2 * present} dots available · "
        f"{used} used")
    assert dialog.over_budget() == max(0, used - 2 * present)
    assert dialog.warning_label.isVisibleTo(dialog) == (used > 2 * present)
    dialog.per_person.setValue(50)
    assert dialog.over_budget() == 0
    assert not dialog.warning_label.isVisibleTo(dialog)
    open_window.undo_action.trigger()
    assert dialog.per_person.value() == 2
    assert dialog.warning_label.isVisibleTo(dialog) == (used > 2 * present)


def test_reset_asks_and_is_one_undoable_step(dialog, open_window, workshop_file, monkeypatch):
    before = [f.votes for f in open_window.session.workshop.functions]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not dialog.reset()
    assert [f.votes for f in stored(workshop_file).functions] == before
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert dialog.reset()
    assert all(f.votes == 0 for f in stored(workshop_file).functions)
    assert "0 used" in dialog.budget_label.text()
    assert open_window.session.history.undo_label == "Reset votes"
    open_window.undo_action.trigger()
    assert [f.votes for f in stored(workshop_file).functions] == before


def test_parking_lot_votes_from_the_view_menu(open_window, workshop_file, qtbot):
    open_window.actions.vote_parking.trigger()
    dialog = open_window.findChild(VotingDialog)
    assert dialog is not None and dialog.section == "parking_lot"
    assert dialog.model.rowCount() == len(open_window.session.workshop.parking_lot)
    dialog.select_row(2)
    qtbot.keyClick(dialog.table, Qt.Key.Key_3)
    assert stored(workshop_file).parking_lot[2].votes == 3
    assert dialog.model.rank_of(2) == 1
    ModelTester(None).check(dialog.model)
    assert not dialog.grab().isNull()
    dialog.close()


def test_vote_actions_sit_in_the_room_section(open_window):
    assert open_window.actions.vote_functions.shortcut().toString() == "Ctrl+Shift+V"
    view_menu = next(a.menu() for a in open_window.menuBar().actions()
                     if a.text() == "&View")
    texts = [a.text() for a in view_menu.actions()]
    assert texts.index("Room") < texts.index("Dot Vote on &Functions…")


def test_results_open_sorted_by_votes_and_stay_put_while_typing(dialog, open_window, qtbot):
    functions = open_window.session.workshop.functions
    by_votes = [f.label for f in sorted(functions, key=lambda f: -f.votes)]
    assert dialog.shown_names() == by_votes  # equal votes keep the inventory's order
    last = functions.index(next(f for f in functions if f.label == by_votes[-1]))
    dialog.select_row(last)
    qtbot.keyClick(dialog.table, Qt.Key.Key_9)  # now the most votes...
    assert dialog.shown_names() == by_votes  # ...but the row stays under the cursor
    assert dialog.current_row() == last
    qtbot.mouseClick(dialog.sort_button, Qt.MouseButton.LeftButton)
    assert dialog.shown_names()[0] == by_votes[-1]
    assert dialog.current_row() == last  # the selection follows its item


def test_the_question_is_typed_stored_and_undone(dialog, open_window, workshop_file, qtbot):
    asked = open_window.session.workshop.details.function_vote_question
    assert dialog.question.text() == asked
    dialog.question.selectAll()
    qtbot.keyClicks(dialog.question, "Where should we start? <b>&amp;</b>")
    qtbot.keyClick(dialog.question, Qt.Key.Key_Return)
    assert (stored(workshop_file).details.function_vote_question
            == "Where should we start? <b>&amp;</b>")  # as typed, markup and all
    open_window.undo_action.trigger()
    assert stored(workshop_file).details.function_vote_question == asked
    assert dialog.question.text() == asked


@pytest.mark.qt_log_ignore("This plugin does not support raise",
                           r"This plugin does not support propagateSizeHints")
def test_results_on_the_slide_most_votes_first(open_window, qtbot):
    open_window.actions.vote_functions.trigger()
    dialog = open_window.findChild(VotingDialog)
    assert open_window.presenter.presenter is None
    qtbot.mouseClick(dialog.slide_button, Qt.MouseButton.LeftButton)
    presenter = open_window.presenter.presenter
    assert presenter is not None and presenter.vote_section == "functions"
    ws = open_window.session.workshop
    assert presenter.title.text() == "Dot vote: functions"
    assert ws.details.function_vote_question in presenter.facts.text()
    bars = presenter.vote_bars
    assert presenter.body.currentWidget() is bars
    shown = [row.name for row in bars.rows]
    assert shown == [f.label for f in sorted(ws.functions, key=lambda f: -f.votes)]
    placed, more = bars.layout_rows()
    assert placed and len(placed) + more == len(ws.functions)
    assert all(rect.bottom() <= bars.height() for _row, rect in placed)
    dialog.select_row(len(ws.functions) - 1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_9)  # live: the slide follows the votes
    assert bars.rows[0].name == ws.functions[-1].label and bars.rows[0].votes == 9
    dialog.close()
    assert presenter.vote_section is None
    assert presenter.title.text() != "Dot vote: functions"
