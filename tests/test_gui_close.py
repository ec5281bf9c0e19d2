"""Stage 8: risk register and heat map, the review list, the status."""

from __future__ import annotations

import pytest
from helpers import set_cell, stored
from PySide6.QtCore import QPoint, Qt
from pytestqt.modeltest import ModelTester

from desktop_app.domain.model import RiskStatus, Stage, WorkshopStatus


@pytest.fixture
def close_view(open_window):
    open_window.workspace.show_stage(Stage.CLOSE)
    return open_window.workspace.views[Stage.CLOSE]




def test_marking_final_and_back_is_stored_and_undoable(open_window, close_view, workshop_file):
    close_view.status.button.click()
    assert stored(workshop_file).details.status == WorkshopStatus.FINAL
    assert close_view.status.button.text() == "Back to draft"
    assert "final" in close_view.status.label.text()
    open_window.undo_action.trigger()
    assert stored(workshop_file).details.status == WorkshopStatus.DRAFT
    assert close_view.status.button.text() == "Mark final"


def test_review_list_shows_every_capture_and_filters(close_view, open_window):
    ws = open_window.session.workshop
    review = close_view.review
    total = len(ws.decisions) + len(ws.actions) + len(ws.risks) + len(ws.parking_lot)
    assert review.table.filter.rowCount() == total
    review.kind_combo.setCurrentIndex(review.kind_combo.findData("actions"))
    assert review.table.filter.rowCount() == len(ws.actions)
    review.status_combo.setCurrentIndex(review.status_combo.findData("Open"))
    open_actions = [a for a in ws.actions if a.status.value == "open"]
    assert review.table.filter.rowCount() == len(open_actions)
    review.stage_combo.setCurrentIndex(review.stage_combo.findData("vendors"))
    assert review.table.filter.rowCount() == len(
        [a for a in open_actions if a.stage == Stage.VENDORS])
    assert review.count.text().startswith(f"{review.table.filter.rowCount()} of {total}")
    ModelTester(None).check(review.table.captures)


def test_a_new_risk_lands_on_the_heat_map(close_view, workshop_file, qtbot):
    risks = close_view.risks
    close_view.tabs.setCurrentIndex(1)
    risks.add_action.trigger()
    row = risks.current_row()
    assert set_cell(risks, row, "title", "Key people leave during transition")
    assert set_cell(risks, row, "likelihood", 5)
    assert set_cell(risks, row, "impact", 1)
    added = stored(workshop_file).risks[row]
    assert (added.likelihood, added.impact, added.status) == (5, 1, RiskStatus.OPEN)
    assert [r.id for r in close_view.heat_map.cells()[(5, 1)]] == [added.id]
    risks.select_row(0)
    centre = close_view.heat_map.cell_rect(5, 1).center().toPoint()
    qtbot.mouseClick(close_view.heat_map, Qt.MouseButton.LeftButton, pos=QPoint(centre))
    assert risks.current_item().id == added.id


def test_impossible_risk_scores_are_refused_with_a_reason(close_view, workshop_file):
    risks = close_view.risks
    before = stored(workshop_file).risks[0].likelihood
    assert not set_cell(risks, 0, "likelihood", 6)
    assert "Likelihood must be between 1 and 5" in risks.validation.text()
    assert stored(workshop_file).risks[0].likelihood == before


def test_actions_take_owner_and_due_date_and_refuse_bad_dates(close_view, workshop_file):
    actions = close_view.actions
    actions.add_action.trigger()
    row = actions.current_row()
    assert set_cell(actions, row, "owner", "Katharina Vogt")
    assert set_cell(actions, row, "due", "2027-04-01")
    assert not set_cell(actions, row, "due", "next Tuesday")
    assert "is not a date: type it as 2027-01-14 or as" in actions.validation.text()
    added = stored(workshop_file).actions[row]
    assert (added.owner, added.due.isoformat()) == ("Katharina Vogt", "2027-04-01")


def test_editors_pass_the_model_tester(close_view):
    for editor in (close_view.risks, close_view.decisions, close_view.actions,
                   close_view.parking):
        ModelTester(None).check(editor.model)


def test_the_heat_map_paints(close_view):
    close_view.tabs.setCurrentIndex(1)
    image = close_view.heat_map.grab()
    assert not image.isNull() and image.width() >= 300
