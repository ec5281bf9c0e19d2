"""Stage 5, Working rules & metrics: metrics editable, the outsourced-staff
exemption as exempt / not exempt / undecided, dates checked, all undoable."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import stored
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem
from pytestqt.modeltest import ModelTester

from desktop_app.domain.model import AppliesTo, Stage
from desktop_app.ui.views.metrics_view import MetricsView


@pytest.fixture
def metrics_view(open_window):
    open_window.workspace.show_stage(Stage.METRICS)
    view = open_window.workspace.views[Stage.METRICS]
    assert isinstance(view, MetricsView)
    return view



def column_of(editor, field: str) -> int:
    return [c.field for c in editor.model.columns].index(field)


def set_cell(editor, row: int, field: str, value) -> bool:
    model = editor.model
    return model.setData(model.index(row, column_of(editor, field)), value,
                         Qt.ItemDataRole.EditRole)


def shown(editor, row: int, field: str) -> str:
    return editor.model.index(row, column_of(editor, field)).data()


def test_a_new_metric_is_stored_edited_and_undone(open_window, metrics_view, workshop_file):
    metrics = metrics_view.metrics
    count = len(stored(workshop_file).metrics)
    metrics.select_row(count - 1)
    metrics.add_action.trigger()
    row = metrics.current_row()
    assert row == count
    assert set_cell(metrics, row, "name", "Calls answered within 30 s")
    assert set_cell(metrics, row, "baseline", "71 %")
    assert set_cell(metrics, row, "target", "80 %")
    assert set_cell(metrics, row, "applies_to", "outsourced")
    added = stored(workshop_file).metrics[row]
    assert (added.name, added.baseline, added.target, added.applies_to) == (
        "Calls answered within 30 s", "71 %", "80 %", AppliesTo.OUTSOURCED)
    assert shown(metrics, row, "applies_to") == "Outsourced staff"
    open_window.undo_action.trigger()
    assert stored(workshop_file).metrics[row].applies_to == AppliesTo.BOTH
    for _ in range(3):
        open_window.undo_action.trigger()
    assert len(stored(workshop_file).metrics) == count + 1  # only the edits undone so far
    open_window.undo_action.trigger()
    assert len(stored(workshop_file).metrics) == count


def test_exemption_is_stored_as_true_false_or_null(open_window, metrics_view, workshop_file):
    metrics = metrics_view.metrics
    row = metrics.model.row_of("m3")  # applies to both, undecided in the demo
    assert shown(metrics, row, "outsourced_exempt") == "Undecided"
    assert set_cell(metrics, row, "outsourced_exempt", "true")
    assert stored(workshop_file).find("metrics", "m3").outsourced_exempt is True
    assert shown(metrics, row, "outsourced_exempt") == "Exempt"
    assert set_cell(metrics, row, "outsourced_exempt", "false")
    assert stored(workshop_file).find("metrics", "m3").outsourced_exempt is False
    assert shown(metrics, row, "outsourced_exempt") == "Not exempt"

    # Through the cell's own editor, as a user would: a combo of three choices.
    delegate = metrics.view.itemDelegate()
    index = metrics.proxy.mapFromSource(
        metrics.model.index(row, column_of(metrics, "outsourced_exempt")))
    combo = delegate.createEditor(metrics.view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Exempt", "Not exempt", "Undecided"]
    delegate.setEditorData(combo, index)
    assert combo.currentText() == "Not exempt"
    combo.setCurrentIndex(combo.findText("Undecided"))
    delegate.setModelData(combo, metrics.proxy, index)
    combo.deleteLater()
    assert stored(workshop_file).find("metrics", "m3").outsourced_exempt is None

    open_window.undo_action.trigger()
    assert stored(workshop_file).find("metrics", "m3").outsourced_exempt is False
    open_window.undo_action.trigger()
    assert stored(workshop_file).find("metrics", "m3").outsourced_exempt is True


def test_choosing_the_same_exemption_again_stores_nothing(open_window, metrics_view):
    metrics = metrics_view.metrics
    row = metrics.model.row_of("m1")
    depth = len(open_window.session.history)
    assert set_cell(metrics, row, "outsourced_exempt", "false")  # already not exempt
    assert len(open_window.session.history) == depth


def test_undecided_metrics_are_named_under_the_table_live(metrics_view, workshop_file):
    metrics = metrics_view.metrics
    assert metrics_view.undecided_names() == ["Tickets closed per agent per day"]
    assert "Tickets closed per agent per day" in metrics_view.pending.text()
    row = metrics.model.row_of("m1")
    assert set_cell(metrics, row, "outsourced_exempt", "none")
    assert "First-contact resolution" in metrics_view.pending.text()
    assert set_cell(metrics, row, "applies_to", "in_house")  # binds no outsourced staff
    assert "First-contact resolution" not in metrics_view.pending.text()
    m3 = metrics.model.row_of("m3")
    assert set_cell(metrics, m3, "outsourced_exempt", "false")
    assert metrics_view.undecided_names() == []
    assert "Every metric that binds outsourced staff has an exemption decision" in (
        metrics_view.pending.text())


def test_the_warning_link_selects_the_metric(metrics_view):
    metrics_view.pending.linkActivated.emit("m3")
    assert metrics_view.metrics.current_item().id == "m3"


def test_review_date_is_stored_and_a_bad_one_refused_with_a_reason(metrics_view,
                                                                   workshop_file):
    metrics = metrics_view.metrics
    row = metrics.model.row_of("m3")
    assert set_cell(metrics, row, "review_date", "2027-11-30")
    assert stored(workshop_file).find("metrics", "m3").review_date == date(2027, 11, 30)
    assert not set_cell(metrics, row, "review_date", "end of November")
    assert metrics.validation.isVisibleTo(metrics)
    assert "Review date: “end of November” is not a date" in metrics.validation.text()
    assert not set_cell(metrics, row, "review_date", "2027-02-30")
    assert stored(workshop_file).find("metrics", "m3").review_date == date(2027, 11, 30)
    assert set_cell(metrics, row, "review_date", "")  # cleared: no review date
    assert stored(workshop_file).find("metrics", "m3").review_date is None


def test_an_empty_metric_name_is_refused(metrics_view, workshop_file):
    metrics = metrics_view.metrics
    assert not set_cell(metrics, 0, "name", "  ")
    assert "Name cannot be empty" in metrics.validation.text()
    assert stored(workshop_file).metrics[0].name.strip()


def test_the_health_check_jumps_to_an_undecided_metric(open_window, metrics_view):
    open_window.workspace.show_stage(Stage.SETUP)
    finding = next(f for f in open_window.workspace.monitor.findings
                   if f.code == "metrics-exemption")
    assert open_window.workspace.reveal(finding)
    assert open_window.workspace.current_stage() == Stage.METRICS
    assert metrics_view.metrics.current_item().id == finding.key


def test_sorting_by_a_header_click_keeps_editing_right(metrics_view, workshop_file):
    metrics = metrics_view.metrics
    metrics._cycle_sort(column_of(metrics, "name"))
    first = metrics.proxy.index(0, column_of(metrics, "name")).data()
    assert first == sorted(m.name for m in stored(workshop_file).metrics)[0]
    metrics.reveal("m5")
    assert metrics.current_item().id == "m5"


def test_metrics_model_passes_the_model_tester(metrics_view):
    ModelTester(None).check(metrics_view.metrics.model)
    ModelTester(None).check(metrics_view.metrics.proxy)
