"""Stage 3, Vendors: criteria agreed then locked, vendors, the scoring grid
with evidence and the close-call check, assignments against capacity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from helpers import set_cell, stored
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QSpinBox, QStyleOptionViewItem
from pytestqt.modeltest import ModelTester

from desktop_app.domain import health
from desktop_app.domain.commands import (
    AddItem,
    Batch,
    EditField,
    RemoveItem,
    reopen_criteria,
    set_score,
)
from desktop_app.domain.model import DecisionStatus, Sourcing, Stage, Vendor
from desktop_app.ui.models.scoring_model import BELOW_KNOCKOUT_ROLE, EVIDENCE_ROLE
from desktop_app.ui.views import vendors_view
from desktop_app.ui.views.scoring_grid import agreed_phrase
from desktop_app.ui.views.vendors_view import VendorsView

WHEN = datetime(2027, 3, 9, 10, 55, tzinfo=UTC)
CRITERIA, VENDORS, SCORES, ASSIGNMENTS = range(4)


@pytest.fixture
def view(open_window) -> VendorsView:
    """The Vendors stage of the demo, with its agreed criteria reopened."""
    open_window.workspace.show_stage(Stage.VENDORS)
    page = open_window.workspace.views[Stage.VENDORS]
    assert isinstance(page, VendorsView)
    assert open_window.session.execute(reopen_criteria()) is None
    return page


def test_the_demo_opens_with_its_criteria_agreed_and_locked(open_window):
    open_window.workspace.show_stage(Stage.VENDORS)
    page = open_window.workspace.views[Stage.VENDORS]
    assert open_window.session.workshop.details.criteria_agreed_at is not None
    assert page.agreement.label.text().startswith("Agreed at ")
    assert not page.criteria.add_action.isEnabled()




def cell(view: VendorsView, vendor: str, criterion: str):
    return view.scoring.model.index_of((vendor, criterion))


def row_of(view: VendorsView, vendor: str) -> int:
    model = view.scoring.model
    return next(r for r in range(model.rowCount()) if model.vendor_at(r).id == vendor)


def total_text(view: VendorsView, vendor: str) -> str:
    model = view.scoring.model
    return model.index(row_of(view, vendor), model.total_column).data()


def rank_text(view: VendorsView, vendor: str) -> str:
    model = view.scoring.model
    return model.index(row_of(view, vendor), model.rank_column).data()


def agree(view: VendorsView, monkeypatch) -> None:
    monkeypatch.setattr(vendors_view, "now", lambda: WHEN)
    view.tabs.setCurrentIndex(CRITERIA)
    view.agreement.agree_button.click()


# -- 1 criteria -------------------------------------------------------------------------


def test_criteria_add_edit_and_share_shown(view, workshop_file):
    editor = view.criteria
    header = view.scoring.model.headerData(0, Qt.Orientation.Horizontal)
    assert header == "Skills &\ncertifications\n25 %"
    assert set_cell(editor, 0, "name", "Skills")
    assert view.scoring.model.headerData(0, Qt.Orientation.Horizontal) == "Skills\n25 %"
    editor.view.setFocus()
    editor.add_action.trigger()
    row = editor.current_row()
    added = editor.model.item_at(row)
    assert (added.name, added.weight) == ("References", 10)  # the method's next usual one
    assert set_cell(editor, row, "weight", 25)
    share = [c.field for c in editor.model.columns].index("share")
    assert editor.model.index(0, share).data() == "20 %"  # 25 of 125
    assert editor.model.index(row, share).data() == "20 %"
    assert "add up to 125" in view.weights_label.text()
    assert view.scoring.model.headerData(0, Qt.Orientation.Horizontal) == "Skills\n20 %"
    criteria = stored(workshop_file).criteria
    assert criteria[0].name == "Skills" and criteria[row].weight == 25
    assert not set_cell(editor, row, "weight", 150)
    assert "between 0 and 100" in editor.validation.text()
    assert "(8)" in view.tabs.tabText(CRITERIA)


def test_knockout_minimum_is_a_number_or_none(view, workshop_file):
    editor = view.criteria
    column = [c.field for c in editor.model.columns].index("knockout_min")
    index = editor.proxy.index(1, column)
    delegate = editor.view.itemDelegate()
    spin = delegate.createEditor(editor.view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(spin, QSpinBox) and (spin.minimum(), spin.maximum()) == (-1, 5)
    delegate.setEditorData(spin, index)
    assert spin.text() == "none"
    spin.setValue(3)
    delegate.setModelData(spin, editor.proxy, index)
    assert stored(workshop_file).criteria[1].knockout_min == 3
    spin.setValue(-1)
    delegate.setModelData(spin, editor.proxy, index)
    assert stored(workshop_file).criteria[1].knockout_min is None
    spin.deleteLater()


def test_agreeing_locks_the_criteria_and_minutes_it(view, workshop_file, monkeypatch, qtbot):
    decisions = len(stored(workshop_file).decisions)
    agree(view, monkeypatch)
    workshop = stored(workshop_file)
    assert workshop.details.criteria_agreed_at == WHEN
    assert len(workshop.decisions) == decisions + 1
    decision = workshop.decisions[-1]
    assert decision.stage == Stage.VENDORS and decision.status == DecisionStatus.ACCEPTED
    assert "Skills & certifications 25 %" in decision.text
    scored = len(workshop.scores)  # the demo's scores were there already: said truthfully
    assert workshop.details.scores_when_agreed == scored
    status = view.agreement.label.text()
    assert status == f"Agreed {agreed_phrase(WHEN, scored)} — reopen to change."
    assert status.startswith("Agreed at ")
    assert f" 2027, after {scored} scores had been entered — reopen to change." in status
    assert f"after {scored} scores had been entered" in view.scoring.agreed_label.text()
    assert view.agreement.reopen_button.isVisible()
    assert not view.agreement.agree_button.isVisible()
    assert "✓ agreed" in view.tabs.tabText(CRITERIA)

    editor = view.criteria
    assert not any(a.isEnabled() for a in (editor.add_action, editor.remove_action,
                                           editor.up_action, editor.down_action))
    assert not editor.model.flags(editor.model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not set_cell(editor, 0, "weight", 40)
    editor.select_row(0)
    editor.view.setFocus()
    qtbot.keyClicks(editor.view, "4")  # typing into a locked table explains itself
    assert editor.validation.isVisibleTo(editor)
    assert "Reopen criteria" in editor.validation.text()
    assert stored(workshop_file).criteria[0].weight == 25
    assert not view.scoring.agree_notice.isVisibleTo(view.scoring)
    assert "agreed at" in view.scoring.agreed_label.text()


def test_reopening_asks_first_and_unlocks(open_window, view, workshop_file, monkeypatch):
    agree(view, monkeypatch)
    answers = []

    def ask(*args, **kwargs):
        answers.append(args[1])
        return answers_to_give.pop(0)

    answers_to_give = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", ask)
    view.agreement.reopen_button.click()
    assert stored(workshop_file).details.criteria_agreed_at == WHEN  # "No" keeps the lock
    view.agreement.reopen_button.click()
    assert answers == ["Reopen the criteria?"] * 2
    assert stored(workshop_file).details.criteria_agreed_at is None
    assert view.criteria.add_action.isEnabled()
    assert set_cell(view.criteria, 0, "weight", 30)
    assert stored(workshop_file).criteria[0].weight == 30
    assert view.agreement.agree_button.isVisibleTo(view.agreement)
    open_window.undo_action.trigger()  # the weight
    open_window.undo_action.trigger()  # the reopening: locked again
    assert stored(workshop_file).details.criteria_agreed_at == WHEN
    assert not view.criteria.add_action.isEnabled()


def test_agreeing_without_criteria_says_why(view, workshop_file, monkeypatch):
    session = view.session
    assert session.execute(Batch("clear", [
        RemoveItem("criteria", c.id) for c in session.workshop.criteria
    ])) is None
    agree(view, monkeypatch)
    assert "Add the criteria" in view.criteria.validation.text()
    assert stored(workshop_file).details.criteria_agreed_at is None


# -- 2 vendors --------------------------------------------------------------------------


def test_vendor_add_edit_and_undo(open_window, view, workshop_file):
    view.tabs.setCurrentIndex(VENDORS)
    editor = view.vendors
    editor.view.setFocus()
    editor.add_action.trigger()
    row = editor.current_row()
    assert editor.model.item_at(row).name == "New vendor"
    assert set_cell(editor, row, "name", "Nordlicht IT")
    assert set_cell(editor, row, "available_fte", 12.5)
    added = stored(workshop_file).vendors[row]
    assert (added.name, added.available_fte) == ("Nordlicht IT", 12.5)
    assert view.scoring.model.rowCount() == 5
    assert view.scoring.model.headerData(row, Qt.Orientation.Vertical) == "Nordlicht IT"
    assert view.capacity.bars()[row].name == "Nordlicht IT"
    assert "5 vendors · 84.5 FTE" in view.vendors_label.text()
    assert not set_cell(editor, row, "name", " ")
    assert "Name cannot be empty" in editor.validation.text()
    open_window.undo_action.trigger()
    assert stored(workshop_file).vendors[row].available_fte == 0
    open_window.undo_action.trigger()
    assert stored(workshop_file).vendors[row].name == "New vendor"
    open_window.undo_action.trigger()
    assert len(stored(workshop_file).vendors) == 4
    assert "Nordlicht IT" not in {v.name for v in stored(workshop_file).vendors}
    assert view.scoring.model.rowCount() == 4


# -- 3 scores ---------------------------------------------------------------------------


def start_typing(view: VendorsView, qtbot, index, text: str) -> QSpinBox:
    view.tabs.setCurrentIndex(SCORES)
    table = view.scoring.table
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClicks(table, text)
    editor = QApplication.focusWidget()
    while editor is not None and not isinstance(editor, QSpinBox):
        editor = editor.parentWidget()
    assert isinstance(editor, QSpinBox), "typing opens the score editor"
    return editor


def test_typing_a_score_stores_it_and_reranks_at_once(view, qtbot, workshop_file):
    assert (total_text(view, "v3"), rank_text(view, "v3")) == ("3.25", "3")
    start_typing(view, qtbot, cell(view, "v3", "c2"), "5")
    # stored and recomputed while the editor is still open
    assert stored(workshop_file).find("scores", ("v3", "c2")).score == 5
    assert (total_text(view, "v3"), rank_text(view, "v3")) == ("3.85", "2")
    assert rank_text(view, "v2") == "3"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert cell(view, "v3", "c2").data() == "5"
    assert "(28 of 28)" in view.tabs.tabText(SCORES)


def test_clearing_and_rescoring_a_cell(open_window, view, qtbot, workshop_file):
    index = cell(view, "v3", "c5")
    view.tabs.setCurrentIndex(SCORES)
    view.scoring.table.setFocus()
    view.scoring.table.setCurrentIndex(index)
    qtbot.keyClick(view.scoring.table, Qt.Key.Key_Delete)
    assert stored(workshop_file).find("scores", ("v3", "c5")) is None
    assert index.data() == ""
    assert total_text(view, "v3") == "2.85 (6 of 7)"
    assert not view.scoring.evidence_edit.isEnabled()  # score first, then evidence
    start_typing(view, qtbot, index, "2")
    assert stored(workshop_file).find("scores", ("v3", "c5")).score == 2
    assert total_text(view, "v3") == "3.05"
    open_window.undo_action.trigger()
    open_window.undo_action.trigger()
    assert stored(workshop_file).find("scores", ("v3", "c5")).score == 4


def test_a_score_of_7_is_impossible(view, qtbot, workshop_file):
    index = cell(view, "v2", "c3")
    spin = start_typing(view, qtbot, index, "7")
    assert spin.maximum() == 5 and spin.value() != 7
    qtbot.keyClick(spin, Qt.Key.Key_Escape)
    assert stored(workshop_file).find("scores", ("v2", "c3")).score == 2
    assert not view.scoring.model.setData(index, 7)
    assert view.scoring.validation.isVisibleTo(view.scoring)
    assert "between 0 and 5" in view.scoring.validation.text()
    assert stored(workshop_file).find("scores", ("v2", "c3")).score == 2


def test_scores_below_a_knockout_minimum_are_marked(view):
    knocked = cell(view, "v4", "c1")
    assert knocked.data(BELOW_KNOCKOUT_ROLE)
    assert knocked.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "below the knock-out minimum of 3" in knocked.data(Qt.ItemDataRole.ToolTipRole)
    assert rank_text(view, "v4") == "4 · knocked out"
    model = view.scoring.model
    rank = model.index(row_of(view, "v4"), model.rank_column)
    assert "Skills & certifications (2 < 3)" in rank.data(Qt.ItemDataRole.ToolTipRole)
    fine = cell(view, "v1", "c1")
    assert fine.data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.setData(knocked, 3)
    assert knocked.data(Qt.ItemDataRole.BackgroundRole) is None
    assert "knocked out" not in rank_text(view, "v4")


def test_evidence_is_stored_and_shown(view, qtbot, workshop_file):
    scoring = view.scoring
    view.tabs.setCurrentIndex(SCORES)
    assert scoring.select_cell(("v3", "c5"))
    assert scoring.evidence_edit.accessibleName() == (
        "Evidence for Ribeira Digital Services, Lda — Cultural fit & language "
        "(German, Polish, English)")
    assert scoring.evidence_edit.text() == ""
    scoring.evidence_edit.setFocus()
    qtbot.keyClicks(scoring.evidence_edit, "Met the team in Porto; fluent German")
    qtbot.keyClick(scoring.evidence_edit, Qt.Key.Key_Return)
    evidence = "Met the team in Porto; fluent German"
    assert stored(workshop_file).find("scores", ("v3", "c5")).evidence == evidence
    index = cell(view, "v3", "c5")
    assert index.data(EVIDENCE_ROLE) == evidence
    assert evidence in index.data(Qt.ItemDataRole.ToolTipRole)
    scoring.select_cell(("v1", "c1"))
    assert scoring.evidence_edit.text().startswith("CVs of the proposed team lead")
    scoring.table.viewport().grab()  # the evidence markers paint


def test_close_call_check_follows_the_scores(view):
    panel = view.scoring.close_panel
    assert panel.margin_label.text() == (
        "Wydma Nearshore sp. z o.o. leads Sahyadri Infotech Services Ltd by 15.7 %: a clear "
        "lead (the close-call margin is 10 %).")
    assert panel.flip_label.text().startswith(
        "The winner changes if the weight of “Capacity & ability to scale” goes from 20 to 53")
    assert view.scoring.model.setData(cell(view, "v1", "c3"), 3)  # 4.15 -> 3.85
    assert panel.is_close
    assert panel.margin_label.text().startswith(
        "Close call: Wydma Nearshore sp. z o.o. leads Sahyadri Infotech Services Ltd by only "
        "9.1 % (within 10 %).")
    session = view.session
    assert session.execute(Batch("all fives", [
        set_score(session.workshop, "v1", c.id, "score", 5) for c in session.workshop.criteria
    ])) is None
    assert panel.flip_label.text() == "No single weight change within 0-100 changes the winner."


def test_tab_walks_the_criteria_then_the_next_vendor(view):
    table = view.scoring.table
    model = view.scoring.model
    last = model.total_column - 1
    table.setCurrentIndex(model.index(0, last))
    moved = table.moveCursor(table.CursorAction.MoveNext, Qt.KeyboardModifier.NoModifier)
    assert (moved.row(), moved.column()) == (1, 0)
    table.setCurrentIndex(model.index(model.rowCount() - 1, last))
    end = table.moveCursor(table.CursorAction.MoveNext, Qt.KeyboardModifier.NoModifier)
    assert not end.isValid()  # Tab leaves the grid for the evidence field


# -- 4 assignments and capacity ------------------------------------------------------------


def test_assignments_add_and_edit(view, workshop_file):
    view.tabs.setCurrentIndex(ASSIGNMENTS)
    session = view.session
    assert "All 7 outsourced or hybrid functions have a vendor" in view.assignment_hint.text()
    assert session.execute(EditField("functions", "f10", "sourcing", "outsource")) is None
    assert "without a vendor yet: Security operations" in view.assignment_hint.text()
    editor = view.assignments
    editor.view.setFocus()
    editor.add_action.trigger()
    row = editor.current_row()
    added = editor.model.item_at(row)
    assert (added.function, added.vendor, added.fte_required) == ("f10", "v1", 0)
    QApplication.focusWidget().clearFocus()  # leave the FTE editor the add opened
    assert set_cell(editor, row, "fte_required", 2.5)
    assert set_cell(editor, row, "vendor", "v2")
    assert stored(workshop_file).find("assignments", ("f10", "v2")).fte_required == 2.5
    column = [c.field for c in editor.model.columns].index("function")
    index = editor.proxy.mapFromSource(editor.model.index(row, column))
    combo = editor.view.itemDelegate().createEditor(editor.view.viewport(),
                                                   QStyleOptionViewItem(), index)
    assert isinstance(combo, QComboBox)
    offered = {combo.itemData(i) for i in range(combo.count())}
    assert offered == {f.id for f in session.workshop.functions if f.is_outsourced}
    assert "f4" not in offered  # network is retained
    combo.deleteLater()
    standing = [c.field for c in editor.model.columns].index("standing")
    assert editor.model.index(row, standing).data() == "3.50 · rank 2"


def test_no_outsourced_function_is_said_clearly(view, workshop_file):
    session = view.session
    assignments = len(session.workshop.assignments)
    assert session.execute(Batch("retain all", [
        EditField("functions", f.id, "sourcing", Sourcing.RETAIN)
        for f in session.workshop.functions if f.is_outsourced
    ])) is None
    assert "No function is outsourced or hybrid yet" in view.assignment_hint.text()
    assert "Assigned but no longer outsourced" in view.assignment_hint.text()
    view.tabs.setCurrentIndex(ASSIGNMENTS)
    view.assignments.add_action.trigger()
    assert "No function is outsourced or hybrid yet" in view.assignments.validation.text()
    assert len(stored(workshop_file).assignments) == assignments


def test_capacity_bars_report_over_capacity(view, qtbot):
    view.tabs.setCurrentIndex(ASSIGNMENTS)
    bars = {bar.vendor_id: bar for bar in view.capacity.bars()}
    wydma = bars["v1"]
    assert wydma.over and (wydma.demand, wydma.available) == (15, 14)
    assert wydma.text == "15 of 14 FTE — over by 1"
    assert "Service desk: 9 FTE" in wydma.tooltip
    assert bars["v3"].text == "2.5 of 8 FTE — 5.5 free"
    assert bars["v4"].text == "0 of 10 FTE — nothing assigned"
    assert "⚠ over" in view.tabs.tabText(ASSIGNMENTS)
    assert "15 of 14 FTE — over by 1" in view.capacity.accessibleDescription()
    assert not view.capacity.grab().isNull()
    # clicking a bar shows that vendor's assignments
    center = view.capacity.row_rect(1).center().toPoint()
    qtbot.mouseClick(view.capacity, Qt.MouseButton.LeftButton, pos=center)
    assert view.assignments.current_item().vendor == "v2"
    assert set_cell(view.vendors, 0, "available_fte", 20)
    wydma = view.capacity.bars()[0]
    assert not wydma.over and wydma.text == "15 of 20 FTE — 5 free"
    assert "⚠ over" not in view.tabs.tabText(ASSIGNMENTS)
    view.capacity.resize(300, 400)  # the narrow, two-line layout paints too
    assert not view.capacity.grab().isNull()
    assert view.capacity.bar_at(view.capacity.row_rect(0).center()).vendor_id == "v1"
    assert view.capacity.bar_at(QPoint(5, 5000).toPointF()) is None


# -- the page --------------------------------------------------------------------------------


def test_health_check_jumps_select_the_vendor_row_and_the_score_cell(view):
    assert view.reveal("vendors", "v3")
    assert view.tabs.currentIndex() == VENDORS
    assert view.vendors.current_item().id == "v3"
    assert view.reveal("scores", ("v2", "c4"))
    assert view.tabs.currentIndex() == SCORES
    assert view.scoring.model.cell_key(view.scoring.table.currentIndex()) == ("v2", "c4")
    assert view.reveal("assignments", ("f3", "v2"))
    assert view.tabs.currentIndex() == ASSIGNMENTS
    assert view.assignments.current_item().key == ("f3", "v2")
    view.tabs.setCurrentIndex(CRITERIA)
    assert view.reveal("functions", "f12")  # a vendor-skills finding: who takes it
    assert view.tabs.currentIndex() == ASSIGNMENTS
    assert view.assignments.current_item().key == ("f12", "v3")
    assert not view.reveal("functions", "f4")  # retained: the functions stage shows it
    assert view.session.execute(EditField("functions", "f10", "sourcing", "hybrid")) is None
    assert view.reveal("functions", "f10")
    assert "“Security operations” has no vendor yet" in view.assignments.validation.text()


def test_a_capacity_finding_jumps_to_the_vendor(open_window, view):
    finding = next(f for f in health.check(view.session.workshop)
                   if f.code == "vendor-capacity")
    assert open_window.workspace.reveal(finding)
    assert open_window.workspace.current_stage() == Stage.VENDORS
    assert view.tabs.currentIndex() == VENDORS
    assert view.vendors.current_item().id == "v1"


def test_models_pass_the_model_tester(view):
    tester = ModelTester(None)
    tester.check(view.scoring.model)
    view.session.execute(AddItem("vendors", Vendor("v9", "Extra")))
    tester.check(view.scoring.model)
    for editor in (view.criteria, view.vendors, view.assignments):
        ModelTester(None).check(editor.model)


def test_the_page_renders_in_light_and_dark(open_window, view):
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        assert not view.grab().isNull()
    open_window.actions.dark.setChecked(True)
    QApplication.processEvents()
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        assert not view.grab().isNull()
