"""Stage 6, Pace & transition: waves, the functions each moves, its gates, the
timeline (rushed and overlapping waves marked, a click selects the wave) and
the pace findings, all stored at once and undoable."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import set_cell, stored
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from desktop_app.domain.commands import AddItem, EditField, EditThresholds
from desktop_app.domain.model import Gate, GateStatus, GoDecision, Stage, Wave
from desktop_app.ui import theme
from desktop_app.ui.views.transition_view import TransitionView


@pytest.fixture
def transition_view(open_window):
    open_window.workspace.show_stage(Stage.TRANSITION)
    view = open_window.workspace.views[Stage.TRANSITION]
    assert isinstance(view, TransitionView)
    return view




def check(model, row: int, checked: bool) -> bool:
    state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
    return model.setData(model.index(row), state.value, Qt.ItemDataRole.CheckStateRole)


def function_row(view, function_id: str) -> int:
    model = view.functions.model
    return next(r for r in range(model.rowCount()) if model.function_at(r).id == function_id)


def test_a_new_wave_is_stored_edited_and_undone(open_window, transition_view, workshop_file):
    waves = transition_view.waves
    waves.select_row(2)
    waves.add_action.trigger()
    row = waves.current_row()
    assert row == 3 and waves.model.item_at(row).name == "Wave 4"
    assert set_cell(waves, row, "name", "Wave 4 – Security operations")
    assert set_cell(waves, row, "start", "2027-11-15")
    assert set_cell(waves, row, "end", "2028-02-25")
    assert set_cell(waves, row, "go", "no_go")
    added = stored(workshop_file).waves[row]
    assert (added.name, added.start, added.end, added.go) == (
        "Wave 4 – Security operations", date(2027, 11, 15), date(2028, 2, 25), GoDecision.NO_GO)
    assert transition_view.selected_wave().id == added.id
    assert transition_view.gates.title.text() == (
        "Readiness gates of “Wave 4 – Security operations”")
    open_window.undo_action.trigger()
    assert stored(workshop_file).waves[row].go == GoDecision.PENDING
    for _ in range(4):
        open_window.undo_action.trigger()
    assert len(stored(workshop_file).waves) == 3


def test_a_bad_end_date_is_refused_with_a_reason(transition_view, workshop_file):
    waves = transition_view.waves
    before = stored(workshop_file).waves[0].end
    assert not set_cell(waves, 0, "end", "2027-06-31")
    assert waves.validation.isVisibleTo(waves)
    assert "End: “2027-06-31” is not a date: type it as 2027-01-14 or as" in waves.validation.text()
    assert stored(workshop_file).waves[0].end == before


def test_ticking_a_function_stores_the_waves_functions_in_order(open_window, transition_view,
                                                                workshop_file):
    transition_view.waves.reveal("w2")  # moves f3, f5, f8
    model = transition_view.functions.model
    assert model.index(function_row(transition_view, "f3")).data(
        Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert check(model, function_row(transition_view, "f4"), True)
    assert stored(workshop_file).find("waves", "w2").functions == ("f3", "f4", "f5", "f8")
    assert transition_view.tabs.tabText(1) == "Functions moved (4)"
    assert check(model, function_row(transition_view, "f5"), False)
    assert stored(workshop_file).find("waves", "w2").functions == ("f3", "f4", "f8")
    open_window.undo_action.trigger()
    assert stored(workshop_file).find("waves", "w2").functions == ("f3", "f4", "f5", "f8")
    open_window.undo_action.trigger()
    assert stored(workshop_file).find("waves", "w2").functions == ("f3", "f5", "f8")
    assert model.index(function_row(transition_view, "f4")).data(
        Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked


def test_a_function_in_another_wave_says_so(transition_view):
    transition_view.waves.reveal("w3")
    tip = transition_view.functions.model.index(function_row(transition_view, "f1")).data(
        Qt.ItemDataRole.ToolTipRole)
    assert "Also moved by “Wave 1" in tip


def test_gates_can_be_added_set_and_removed_with_undo(open_window, transition_view,
                                                      workshop_file):
    transition_view.waves.reveal("w1")
    gates = transition_view.gates
    model = gates.model
    assert model.rowCount() == 4
    gates.select_row(3)
    gates.add_gate()
    assert model.rowCount() == 5
    added = stored(workshop_file).find("waves", "w1").gates[4]
    assert added == Gate("Runbooks written", GateStatus.OPEN)  # first standard gate not there
    assert model.setData(model.index(4, 0), "Hypercare rota staffed")
    assert model.setData(model.index(4, 1), "met")
    assert stored(workshop_file).find("waves", "w1").gates[4] == Gate(
        "Hypercare rota staffed", GateStatus.MET)
    assert model.index(4, 1).data() == "Met"
    assert not model.setData(model.index(4, 0), "  ")
    assert "A gate needs a name" in gates.validation.text()

    assert model.setData(model.index(3, 1), "waived")  # the open rollback gate
    assert transition_view.tabs.tabText(2) == "Readiness gates (0 of 5 open)"
    assert not any("still open" in m for m in transition_view.pace_messages())

    gates.select_row(0)
    gates.remove_gate()
    names = [g.name for g in stored(workshop_file).find("waves", "w1").gates]
    assert "Knowledge transfer signed off" not in names and len(names) == 4
    for _ in range(5):
        open_window.undo_action.trigger()
    assert stored(workshop_file).find("waves", "w1").gates == (
        open_window.session.workshop.find("waves", "w1").gates)
    assert len(stored(workshop_file).find("waves", "w1").gates) == 4
    assert model.rowCount() == 4


def test_gate_keys_insert_and_delete(transition_view, qtbot, workshop_file):
    transition_view.waves.reveal("w2")
    gates = transition_view.gates
    transition_view.tabs.setCurrentWidget(gates)
    gates.select_row(0)
    gates.view.setFocus()
    qtbot.keyClick(gates.view, Qt.Key.Key_Escape)
    qtbot.keyClick(gates.view, Qt.Key.Key_Insert)
    assert len(stored(workshop_file).find("waves", "w2").gates) == 5
    qtbot.keyClick(gates.view.focusWidget(), Qt.Key.Key_Escape)  # leave the new name as is
    gates.select_row(1)
    qtbot.keyClick(gates.view, Qt.Key.Key_Delete)
    assert len(stored(workshop_file).find("waves", "w2").gates) == 4


def test_the_timeline_marks_rushed_and_overlapping_waves(open_window, transition_view):
    session = open_window.session
    timeline = transition_view.timeline
    timeline.resize(900, timeline.height())
    before = {bar.wave_id: bar for bar in timeline.bars()}
    assert not any(bar.marked for bar in before.values())  # the demo paces itself well
    assert before["w1"].rect.right() < before["w2"].rect.left()

    assert session.execute(EditField("waves", "w3", "start", "2027-08-16")) is None
    assert session.execute(EditField("waves", "w2", "functions",
                                     ("f3", "f5", "f8", "f10"))) is None
    assert session.execute(EditThresholds("min_wave_weeks", 8)) is None
    bars = {bar.wave_id: bar for bar in timeline.bars()}
    assert bars["w1"].rushed == ("lasts 7.6 weeks, shorter than 8 weeks",)
    assert bars["w2"].rushed == ("moves 4 functions, more than 3",)
    assert bars["w2"].overlaps == (session.workshop.find("waves", "w3").label,)
    assert bars["w3"].overlaps == (session.workshop.find("waves", "w2").label,)
    span = bars["w3"].overlap_spans[0]
    assert span.left() == pytest.approx(bars["w3"].rect.left())
    assert span.right() == pytest.approx(timeline.x_of(date(2027, 8, 28)))
    assert "Overlaps “Wave 2" in timeline.tooltip_for(bars["w3"])
    assert "⚠ Lasts 7.6 weeks" in timeline.tooltip_for(bars["w1"])
    messages = transition_view.pace_messages()
    assert any("overlap" in m for m in messages)
    assert "overlap" in transition_view.findings.text()
    assert next(t[2] for t in timeline.month_ticks() if t[2]) == "Apr 2027"


def test_waves_without_dates_are_listed_as_not_scheduled(open_window, transition_view):
    session = open_window.session
    assert session.execute(AddItem("waves", Wave("w4", "Wave 4 – SOC"))) is None
    assert session.execute(AddItem("waves", Wave(
        "w5", "Wave 5", start=date(2027, 12, 1), end=date(2027, 11, 1)))) is None
    timeline = transition_view.timeline
    assert [(u.wave_id, u.reason) for u in timeline.unscheduled()] == [
        ("w4", "no dates"), ("w5", "ends before it starts")]
    assert [bar.wave_id for bar in timeline.bars()] == ["w1", "w2", "w3"]
    assert any("ends before it starts" in m for m in transition_view.pace_messages())


def test_clicking_a_bar_selects_its_wave(transition_view, qtbot):
    timeline = transition_view.timeline
    transition_view.tabs.setCurrentIndex(0)
    transition_view.waves.reveal("w1")
    bar = next(b for b in timeline.bars() if b.wave_id == "w3")
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=bar.rect.center().toPoint())
    assert transition_view.selected_wave().id == "w3"
    assert timeline.selected == "w3"
    assert transition_view.gates.model.wave_id == "w3"
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))  # nothing there
    assert transition_view.selected_wave().id == "w3"


def test_a_finding_link_selects_the_wave(transition_view):
    transition_view.findings.linkActivated.emit("w1")
    assert transition_view.selected_wave().id == "w1"


def test_the_health_check_jumps_to_a_wave(open_window, transition_view):
    open_window.workspace.show_stage(Stage.SETUP)
    finding = next(f for f in open_window.workspace.monitor.findings if f.code == "pace")
    assert open_window.workspace.reveal(finding)
    assert open_window.workspace.current_stage() == Stage.TRANSITION
    assert transition_view.selected_wave().id == finding.key


def test_the_timeline_paints_in_both_themes(transition_view, app):
    for dark in (False, True):
        theme.apply_theme(app, dark)
        QApplication.processEvents()
        image = transition_view.timeline.grab()
        assert not image.isNull() and image.height() >= transition_view.timeline.minimumHeight()
    theme.apply_theme(app, False)


def test_wave_models_pass_the_model_tester(transition_view):
    transition_view.waves.reveal("w2")
    for model in (transition_view.waves.model, transition_view.functions.model,
                  transition_view.gates.model):
        ModelTester(None).check(model)


def test_space_ticks_a_function_from_the_keyboard(transition_view, qtbot, workshop_file):
    transition_view.waves.reveal("w1")
    transition_view.tabs.setCurrentWidget(transition_view.functions)
    view = transition_view.functions.view
    view.setFocus()
    view.setCurrentIndex(transition_view.functions.model.index(function_row(transition_view,
                                                                            "f2")))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert stored(workshop_file).find("waves", "w1").functions == ("f1", "f2")


def test_waves_at_the_ends_of_the_calendar_are_drawn(open_window, transition_view):
    """Hostile or mistyped dates: year 1 to 31 December 9999 must not break the view."""
    session = open_window.session
    assert session.execute(AddItem("waves", Wave(
        "w8", "Wave 8 – far future", start=date(9999, 12, 1), end=date(9999, 12, 31)))) is None
    assert session.execute(AddItem("waves", Wave(
        "w9", "Wave 9 – far past", start=date(1, 1, 1), end=date(1, 3, 1)))) is None
    timeline = transition_view.timeline
    ticks = timeline.month_ticks()
    assert 2 <= len(ticks) < 200  # one tick a century or so, not 120 000
    assert ticks[0][2] == "Jan 1"
    bars = {bar.wave_id: bar for bar in timeline.bars()}
    assert bars["w8"].rect.right() <= timeline.plot_rect().right() + 3
    assert not timeline.grab().isNull()
