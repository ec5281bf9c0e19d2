"""Stage 2, Functions & sourcing fit: the inventory, the catalogue, the sourcing
matrix and the article's warnings, on the real widgets."""

from __future__ import annotations

import pytest
from helpers import stored
from PySide6.QtCore import QPoint, Qt
from pytestqt.modeltest import ModelTester

from desktop_app.domain.commands import EditThresholds
from desktop_app.domain.health import check
from desktop_app.domain.model import Sourcing, Stage
from desktop_app.ui import theme
from desktop_app.ui.views.functions_view import FunctionsView


@pytest.fixture
def view(open_window) -> FunctionsView:
    open_window.workspace.show_stage(Stage.FUNCTIONS)
    page = open_window.workspace.views[Stage.FUNCTIONS]
    assert isinstance(page, FunctionsView)
    return page



def column(view: FunctionsView, field: str) -> int:
    return [c.field for c in view.functions.model.columns].index(field)


def set_cell(view: FunctionsView, row: int, field: str, value,
             role=Qt.ItemDataRole.EditRole) -> bool:
    model = view.functions.model
    return model.setData(model.index(row, column(view, field)), value, role)


def cell(view: FunctionsView, row: int, field: str, role=Qt.ItemDataRole.DisplayRole):
    model = view.functions.model
    return model.index(row, column(view, field)).data(role)


def test_a_new_function_is_stored_edited_and_undone(open_window, view, workshop_file):
    editor = view.functions
    count = editor.model.rowCount()
    editor.view.setFocus()
    editor.add_action.trigger()
    row = editor.current_row()
    assert editor.model.rowCount() == count + 1
    assert editor.model.item_at(row).name == "New function"
    assert set_cell(view, row, "name", "Vendor management office")
    assert set_cell(view, row, "strategic_importance", 5)
    assert set_cell(view, row, "inhouse_capability", 2)
    assert set_cell(view, row, "sourcing", "hybrid")
    assert set_cell(view, row, "customer_facing", Qt.CheckState.Checked.value,
                    Qt.ItemDataRole.CheckStateRole)
    assert set_cell(view, row, "fte", 2.5)
    added = stored(workshop_file).functions[row]
    assert (added.name, added.strategic_importance, added.inhouse_capability, added.sourcing,
            added.customer_facing, added.fte) == (
        "Vendor management office", 5, 2, Sourcing.HYBRID, True, 2.5)
    assert cell(view, row, "quadrant") == "Build or partner"
    assert f"{count + 1} functions" in view.facts.text()
    open_window.undo_action.trigger()  # the FTE
    assert stored(workshop_file).functions[row].fte == 0
    for _ in range(6):  # decision, customer-facing, scores, name, the row itself
        open_window.undo_action.trigger()
    assert len(stored(workshop_file).functions) == count
    assert f"{count} functions" in view.facts.text()


def test_impossible_scores_and_empty_names_are_refused(view, workshop_file):
    before = stored(workshop_file).functions[0]
    assert not set_cell(view, 0, "strategic_importance", 6)
    assert "between 1 and 5" in view.functions.validation.text()
    assert view.functions.validation.isVisibleTo(view)
    assert not set_cell(view, 0, "name", "  ")
    assert "cannot be empty" in view.functions.validation.text()
    assert stored(workshop_file).functions[0] == before


def test_catalogue_offers_only_what_is_missing_and_adds_it(open_window, view, workshop_file):
    present = {f.name for f in open_window.session.workshop.functions}
    view.catalogue_menu.aboutToShow.emit()
    offered = [a.text() for a in view.catalogue_menu.actions()]
    assert "Enterprise architecture" in offered
    assert "Service desk" not in offered and not present & set(offered)
    action = next(a for a in view.catalogue_menu.actions()
                  if a.text() == "Enterprise architecture")
    assert action.toolTip().startswith("Target architecture")
    action.trigger()
    added = [f for f in stored(workshop_file).functions if f.name == "Enterprise architecture"]
    assert len(added) == 1 and added[0].description.startswith("Target architecture")
    assert view.functions.current_item().name == "Enterprise architecture"
    view.catalogue_menu.aboutToShow.emit()
    assert "Enterprise architecture" not in [a.text() for a in view.catalogue_menu.actions()]
    open_window.undo_action.trigger()
    view.catalogue_menu.aboutToShow.emit()
    assert "Enterprise architecture" in [a.text() for a in view.catalogue_menu.actions()]


def test_when_the_catalogue_is_used_up_the_button_says_so(open_window, view):
    for entry in view.catalogue_offers():
        view.add_from_catalogue(entry)
    assert view.catalogue_offers() == []
    assert not view.catalogue_button.isEnabled()
    assert "already in the inventory" in view.catalogue_button.toolTip()
    view.catalogue_menu.aboutToShow.emit()
    (only,) = view.catalogue_menu.actions()
    assert not only.isEnabled()


def test_clicking_a_dot_selects_its_row_and_the_row_lights_its_dot(view, qtbot):
    matrix = view.matrix
    assert matrix.width() >= matrix.minimumWidth()
    centre = matrix.dot_centre("f9")  # Project management
    qtbot.mouseClick(matrix, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    assert view.functions.current_item().id == "f9"
    assert view.functions.view.hasFocus() or not view.isActiveWindow()
    assert matrix.selected_id == "f9"
    view.functions.select_row(view.functions.model.row_of("f1"))
    assert matrix.selected_id == "f1"
    qtbot.mouseClick(matrix, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))  # no dot there
    assert view.functions.current_item().id == "f1"


def test_functions_sharing_a_cell_get_separate_numbered_dots(view):
    matrix = view.matrix
    shared = ["f3", "f5", "f12"]  # all importance 3, capability 2 in the demo
    centres = [matrix.dot_centre(key) for key in shared]
    assert len({(c.x(), c.y()) for c in centres}) == 3
    cell_rect = matrix.cell_rect(3, 2)
    assert all(cell_rect.contains(c) for c in centres)
    dots = {d.function.id: d for d in matrix.dots()}
    # no room for three names: each dot carries its number, the table's row number
    assert [dots[key].number for key in shared] == [3, 5, 12]
    assert all(dots[key].label_rect.isEmpty() for key in shared)
    # the table's row numbers are the legend, and stay with their rows when sorted
    editor = view.functions
    assert editor.view.verticalHeader().isVisibleTo(view)
    editor.view.horizontalHeader().sectionClicked.emit(column(view, "strategic_importance"))
    assert editor.sorted
    shown = editor.proxy.mapFromSource(editor.model.index(editor.model.row_of("f12"), 0))
    assert shown.row() != 11
    assert editor.proxy.headerData(shown.row(), Qt.Orientation.Vertical) == "12"
    tip = matrix.tooltip_at(centres[0])
    assert tip.startswith("Infrastructure & server operations")
    assert "Outsource candidate" in tip


def test_a_name_is_drawn_whole_or_not_at_all(view, qtbot):
    matrix = view.matrix
    for width in (340, 470, 700):
        matrix.resize(width, 440)
        metrics = matrix.fontMetrics()
        for dot in matrix.dots():
            if not dot.label_rect.isEmpty():
                assert metrics.horizontalAdvance(dot.function.label) <= dot.label_rect.width()
                assert dot.label_rect.right() <= matrix.plot_rect().right()


def test_outsourcing_project_management_warns_until_undone(open_window, view):
    row = view.functions.model.row_of("f9")
    assert not view.warnings.isVisibleTo(view)
    assert cell(view, row, "name", Qt.ItemDataRole.DecorationRole) is None
    assert set_cell(view, row, "sourcing", "outsource")
    assert view.warnings.isVisibleTo(view)
    (warning,) = view.warnings.texts()
    assert "“Project management” is outsourced" in warning
    assert cell(view, row, "name", Qt.ItemDataRole.DecorationRole) is not None
    assert "project management" in cell(view, row, "name", Qt.ItemDataRole.ToolTipRole)
    assert "Warning" in cell(view, row, "name", Qt.ItemDataRole.AccessibleTextRole)
    assert "⚠" in view.matrix.tooltip_at(view.matrix.dot_centre("f9"))
    open_window.undo_action.trigger()
    assert not view.warnings.isVisibleTo(view)
    assert view.warnings.texts() == []
    assert cell(view, row, "name", Qt.ItemDataRole.DecorationRole) is None


def test_a_strategic_function_outsourced_warns_by_the_workshop_threshold(open_window, view):
    row = view.functions.model.row_of("f10")  # Security operations, importance 4
    assert set_cell(view, row, "sourcing", "outsource")
    assert any("strategic importance 4" in text for text in view.warnings.texts())
    session = open_window.session
    assert session.execute(EditThresholds("strategic_importance_limit", 5)) is None
    assert view.warnings.texts() == []
    assert cell(view, row, "name", Qt.ItemDataRole.DecorationRole) is None
    expected = [f for f in check(session.workshop) if f.code == "function-choice"]
    assert expected == []


def test_the_warning_link_and_the_health_jump_select_the_function(open_window, view):
    assert set_cell(view, view.functions.model.row_of("f9"), "sourcing", "outsource")
    view.functions.select_row(0)
    view.warnings.rows[0].linkActivated.emit("f9")
    assert view.functions.current_item().id == "f9"
    view.functions.select_row(0)
    finding = next(f for f in check(open_window.session.workshop)
                   if f.code == "function-choice")
    assert open_window.workspace.reveal(finding)
    assert open_window.workspace.current_stage() == Stage.FUNCTIONS
    assert view.functions.current_item().id == "f9"


def test_sorting_by_a_header_click_keeps_rows_in_step_with_the_matrix(view, qtbot):
    editor = view.functions
    importance = column(view, "strategic_importance")
    editor.view.horizontalHeader().sectionClicked.emit(importance)
    first = editor.proxy.index(0, importance).data(Qt.ItemDataRole.EditRole)
    assert first == min(f.strategic_importance for f in view.session.workshop.functions)
    centre = view.matrix.dot_centre("f6")
    qtbot.mouseClick(view.matrix, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    assert editor.current_item().id == "f6"


def test_models_pass_the_model_tester(view):
    ModelTester(None).check(view.functions.model)
    ModelTester(None).check(view.functions.proxy)


def test_the_matrix_paints_in_both_themes(app, view):
    light = view.matrix.grab()
    theme.apply_theme(app, dark=True)
    try:
        dark = view.matrix.grab()
    finally:
        theme.apply_theme(app, dark=False)
    assert not light.isNull() and not dark.isNull()
    assert light.toImage() != dark.toImage()
    assert "Core strength" in view.matrix.accessibleDescription()



def test_a_renamed_function_updates_its_warning_in_place(open_window, view):
    row = view.functions.model.row_of("f9")
    assert set_cell(view, row, "sourcing", "outsource")
    (label,) = view.warnings.rows
    assert set_cell(view, row, "name", "Programme management")
    assert view.warnings.rows == [label]  # the same label, not a rebuilt one
    (warning,) = view.warnings.texts()
    assert warning.startswith("“Programme management”")
    assert set_cell(view, row, "description", "Runs the portfolio")  # no change to warnings
    assert view.warnings.rows == [label]
