"""Stage 7, Retained team & governance: retained roles editable and filtered by
function, and the RACI matrix (functions x people) marking an outsourced
function nobody in-house is accountable for."""

from __future__ import annotations

import pytest
from helpers import set_cell, stored
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop_app.domain.commands import AddItem, EditField
from desktop_app.domain.model import Raci, Role, Stage
from desktop_app.ui.models.raci_model import NO_OWNER
from desktop_app.ui.views.governance_view import ALL_FUNCTIONS, OTHER_FUNCTIONS, GovernanceView


@pytest.fixture
def governance_view(open_window):
    open_window.workspace.show_stage(Stage.GOVERNANCE)
    view = open_window.workspace.views[Stage.GOVERNANCE]
    assert isinstance(view, GovernanceView)
    return view




def cell(model, function_id: str, person: str):
    row = next(r for r in range(model.rowCount()) if model.function_at(r).id == function_id)
    column = next(c for c in range(model.columnCount()) if model.person_at(c) == person)
    return model.index(row, column)


def test_a_new_role_is_stored_edited_and_undone(open_window, governance_view, workshop_file):
    roles = governance_view.roles
    count = len(stored(workshop_file).roles)
    roles.select_row(count - 1)
    roles.add_action.trigger()
    row = roles.current_row()
    added = stored(workshop_file).roles[row]
    assert added.function == "f1"  # the first outsourced or hybrid function
    assert set_cell(roles, row, "role", "Vendor performance manager")
    assert set_cell(roles, row, "person", "Zofia Kamińska")
    assert set_cell(roles, row, "raci", "C")
    assert set_cell(roles, row, "function", "f3")
    edited = stored(workshop_file).roles[row]
    assert (edited.function, edited.role, edited.person, edited.raci) == (
        "f3", "Vendor performance manager", "Zofia Kamińska", Raci.CONSULTED)
    model = governance_view.matrix_model
    assert cell(model, "f3", "Zofia Kamińska").data() == "C"
    open_window.undo_action.trigger()
    assert stored(workshop_file).roles[row].function == "f1"
    for _ in range(4):
        open_window.undo_action.trigger()
    assert len(stored(workshop_file).roles) == count
    assert "Zofia Kamińska" not in [model.person_at(c) for c in range(model.columnCount())]


def test_an_empty_role_name_is_refused(governance_view, workshop_file):
    roles = governance_view.roles
    assert not set_cell(roles, 0, "role", "")
    assert "Role cannot be empty" in roles.validation.text()
    assert stored(workshop_file).roles[0].role


def test_the_filter_lists_outsourced_functions_and_filters_roles(open_window, governance_view):
    combo = governance_view.filter_combo
    ws = open_window.session.workshop
    entries = [combo.itemData(i) for i in range(combo.count())]
    sourced = [f.id for f in ws.functions if f.is_outsourced]
    assert entries == [ALL_FUNCTIONS, *sourced, OTHER_FUNCTIONS]
    assert combo.itemText(1) == "Service desk (hybrid)"
    roles = governance_view.roles
    assert roles.proxy.rowCount() == len(ws.roles)
    governance_view.set_function_filter("f8")
    assert roles.proxy.rowCount() == 2
    roles.select_row(roles.model.row_of("r12"))
    roles.add_action.trigger()
    new = roles.current_item()
    assert new.function == "f8"  # new roles go to the filtered function
    assert roles.proxy.rowCount() == 3
    governance_view.set_function_filter(OTHER_FUNCTIONS)
    assert roles.proxy.rowCount() == 0  # every demo role is about an outsourced function
    roles.add_action.trigger()
    assert roles.current_item().function == "f4"  # the first retained function
    assert roles.proxy.rowCount() == 1


def test_the_filter_follows_a_changed_sourcing_decision(open_window, governance_view):
    session = open_window.session
    combo = governance_view.filter_combo
    governance_view.set_function_filter("f3")
    assert session.execute(EditField("functions", "f10", "sourcing", "outsource")) is None
    assert combo.findData("f10") > 0
    assert combo.currentData() == "f3"
    assert session.execute(EditField("functions", "f3", "sourcing", "retain")) is None
    assert combo.findData("f3") < 0
    assert combo.currentData() == ALL_FUNCTIONS
    assert governance_view.roles.proxy.rowCount() == len(session.workshop.roles)


def test_the_raci_matrix_shows_letters_per_function_and_person(open_window, governance_view):
    model = governance_view.matrix_model
    ws = open_window.session.workshop
    rows = [model.function_at(r).id for r in range(model.rowCount())]
    assert rows == [f.id for f in ws.functions if f.is_outsourced]  # no retained roles yet
    people = [model.person_at(c) for c in range(model.columnCount())]
    assert people == sorted({r.person for r in ws.roles}, key=str.casefold)
    assert cell(model, "f1", "Agnieszka Wróblewska").data() == "A"
    assert cell(model, "f1", "Katharina Vogt").data() == "I"
    assert cell(model, "f3", "Agnieszka Wróblewska").data() == ""
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Agnieszka\nWróblewska"
    assert open_window.session.execute(AddItem("roles", Role(
        "r99", "f1", "Knowledge manager", "Agnieszka Wróblewska", Raci.RESPONSIBLE))) is None
    assert cell(model, "f1", "Agnieszka Wróblewska").data() == "R/A"
    tip = cell(model, "f1", "Agnieszka Wróblewska").data(Qt.ItemDataRole.ToolTipRole)
    assert "Knowledge manager (R – Responsible)" in tip
    assert open_window.session.execute(AddItem("roles", Role(
        "r98", "f4", "Network lead", "Ola Berg", Raci.ACCOUNTABLE))) is None
    assert [model.function_at(r).id for r in range(model.rowCount())][-1] == "f4"


def test_a_function_without_an_accountable_owner_is_marked(open_window, governance_view):
    model = governance_view.matrix_model
    row_f8 = next(r for r in range(model.rowCount()) if model.function_at(r).id == "f8")
    assert model.missing_accountable(row_f8)
    assert [model.function_at(r).id for r in range(model.rowCount())
            if model.missing_accountable(r)] == ["f8"]
    index = model.index(row_f8, 0)
    assert NO_OWNER in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert NO_OWNER in model.headerData(row_f8, Qt.Orientation.Vertical,
                                        Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(row_f8, Qt.Orientation.Vertical,
                            Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None

    roles = governance_view.roles
    assert set_cell(roles, roles.model.row_of("r12"), "raci", "A")
    row_f8 = next(r for r in range(model.rowCount()) if model.function_at(r).id == "f8")
    assert not model.missing_accountable(row_f8)
    open_window.undo_action.trigger()
    row_f8 = next(r for r in range(model.rowCount()) if model.function_at(r).id == "f8")
    assert model.missing_accountable(row_f8)


def test_double_clicking_a_cell_selects_its_role(open_window, governance_view, qtbot):
    matrix = governance_view.matrix
    governance_view.set_function_filter("f3")  # the role asked for is filtered out
    index = cell(governance_view.matrix_model, "f8", "Stefanie Kuhn")
    matrix.scrollTo(index)
    point = matrix.visualRect(index).center()
    qtbot.mouseClick(matrix.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(matrix.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert governance_view.roles.current_item().id == "r12"
    assert governance_view.filter_combo.currentData() == ALL_FUNCTIONS
    # An empty cell selects nothing new.
    empty = cell(governance_view.matrix_model, "f8", "Agnieszka Wróblewska")
    governance_view.show_cell_role(empty)
    assert governance_view.roles.current_item().id == "r12"


def test_the_health_check_jump_for_roles_reaches_the_editor(governance_view):
    governance_view.set_function_filter("f1")
    assert governance_view.reveal("roles", "r14")
    assert governance_view.roles.current_item().id == "r14"
    assert governance_view.filter_combo.currentData() == ALL_FUNCTIONS


def test_a_missing_owner_finding_opens_that_functions_roles(open_window, governance_view):
    open_window.workspace.show_stage(Stage.SETUP)
    finding = next(f for f in open_window.workspace.monitor.findings
                   if f.code == "retained-owner")
    assert finding.key == "f8"
    assert open_window.workspace.reveal(finding)
    assert open_window.workspace.current_stage() == Stage.GOVERNANCE
    assert governance_view.filter_combo.currentData() == "f8"
    assert governance_view.roles.current_item().function == "f8"
    current = governance_view.matrix.currentIndex()
    assert governance_view.matrix_model.function_at(current.row()).id == "f8"
    assert not governance_view.reveal("functions", "f4")  # retained: nothing to show here


def test_governance_models_pass_the_model_tester(governance_view):
    ModelTester(None).check(governance_view.matrix_model)
    ModelTester(None).check(governance_view.roles.model)
    ModelTester(None).check(governance_view.roles.proxy)
