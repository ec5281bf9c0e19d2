"""Stage 4, Customers & one team: customers per customer-facing function and
the one-team panel, on the real widgets."""

from __future__ import annotations

import pytest
from helpers import stored
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop_app.domain.commands import Batch, EditField
from desktop_app.domain.health import check
from desktop_app.domain.model import Stage
from desktop_app.ui import theme
from desktop_app.ui.views.customers_view import ALL_FUNCTIONS, CustomersView


@pytest.fixture
def view(open_window) -> CustomersView:
    open_window.workspace.show_stage(Stage.CUSTOMERS)
    page = open_window.workspace.views[Stage.CUSTOMERS]
    assert isinstance(page, CustomersView)
    return page



def set_cell(view: CustomersView, row: int, field: str, value) -> bool:
    model = view.customers.model
    column = [c.field for c in model.columns].index(field)
    return model.setData(model.index(row, column), value, Qt.ItemDataRole.EditRole)


def shown_ids(view: CustomersView) -> list[str]:
    proxy = view.customers.proxy
    return [view.customers.model.item_at(proxy.mapToSource(proxy.index(r, 0)).row()).id
            for r in range(proxy.rowCount())]


def choose_function(view: CustomersView, function_id: str | None) -> None:
    combo = view.function_combo
    combo.setCurrentIndex(combo.findData(function_id) if function_id else 0)


def test_the_filter_offers_customer_facing_functions_and_filters(view):
    combo = view.function_combo
    options = [combo.itemText(i) for i in range(combo.count())]
    assert options[0] == ALL_FUNCTIONS
    assert [combo.itemData(i) for i in range(1, combo.count())] == ["f1", "f2", "f11", "f12"]
    assert options[1] == "Service desk (3)"
    assert len(shown_ids(view)) == 7
    choose_function(view, "f12")
    assert shown_ids(view) == ["k5", "k6", "k7"]
    assert view.count.text() == "Showing 3 of 7 customers"
    assert view.customers.current_item().id == "k5"  # the panel follows a visible customer
    assert view.one_team.customer_id == "k5"
    choose_function(view, None)
    assert len(shown_ids(view)) == 7
    assert view.count.text() == "7 customers"


def test_a_new_customer_gets_the_filtered_function_and_undo_removes_it(open_window, view,
                                                                         workshop_file):
    choose_function(view, "f11")  # Data & reporting: no customers yet
    assert shown_ids(view) == []
    view.customers.add_action.trigger()
    (new_id,) = shown_ids(view)
    row = view.customers.model.row_of(new_id)
    assert set_cell(view, row, "name", "Group controlling")
    assert set_cell(view, row, "internal_owner", "Murat Yılmaz")
    added = stored(workshop_file).find("customers", new_id)
    assert (added.name, added.function, added.internal_owner) == (
        "Group controlling", "f11", "Murat Yılmaz")
    assert view.function_combo.currentText() == "Data & reporting (1)"
    assert "Murat Yılmaz" in view.one_team.owner.text()
    for _ in range(3):
        open_window.undo_action.trigger()
    assert stored(workshop_file).find("customers", new_id) is None
    assert shown_ids(view) == []
    assert view.function_combo.currentData() == "f11"


def test_without_a_filter_a_new_customer_joins_the_selected_customers_function(view,
                                                                               workshop_file):
    view.customers.select_row(view.customers.model.row_of("k4"))  # Desktop & field support
    view.customers.add_action.trigger()
    new = view.customers.current_item()
    assert new.function == "f2"
    assert stored(workshop_file).find("customers", new.id).function == "f2"


def test_with_no_customer_facing_function_adding_explains_instead(open_window, view,
                                                                  workshop_file):
    facing = [f.id for f in open_window.session.workshop.functions if f.customer_facing]
    assert open_window.session.execute(Batch("Nobody faces customers", [
        EditField("functions", key, "customer_facing", False) for key in facing])) is None
    before = len(stored(workshop_file).customers)
    choose_function(view, None)
    view.customers.add_action.trigger()
    assert len(stored(workshop_file).customers) == before
    assert view.customers.validation.isVisibleTo(view)
    assert "No function is customer-facing yet" in view.customers.validation.text()
    combo = view.function_combo  # functions that still have customers stay reachable
    assert "not customer-facing" in combo.itemText(1)


def test_an_empty_customer_name_is_refused_in_place(view, workshop_file):
    before = stored(workshop_file).customers[0]
    assert not set_cell(view, 0, "name", "")
    assert "cannot be empty" in view.customers.validation.text()
    assert stored(workshop_file).customers[0] == before


def test_the_one_team_panel_shows_both_sides_and_what_is_missing(view):
    view.customers.select_row(view.customers.model.row_of("k6"))  # Hanseatic Cold Chain
    panel = view.one_team
    assert "Hanseatic Cold Chain KG" in panel.heading.text()
    assert "EDI & integration support (hybrid)" in panel.heading.text()
    assert panel.owner.missing
    assert "black box" in panel.owner.value
    assert panel.sales_rep.value == "Lukas Brenner (new business sales)"
    assert panel.roles.value.splitlines() == [
        "Daniel Okafor — Head of Customer Solutions (A)",
        "Felix Baumann — Integration architect (C)"]
    assert panel.vendors.value.startswith("Ribeira Digital Services, Lda")
    assert "2.5 FTE" in panel.vendors.value
    assert panel.supporter.value == "Marta Ferreira (Ribeira EDI analyst)"
    assert panel.offshore.value == "Poznań IT hub – EDI onboarding team"
    assert panel.escalation.value.startswith("Sales rep → Head of Customer Solutions")
    assert panel.missing_fields() == ["Relationship owner"]
    assert panel.owner.objectName() == "muted"
    assert panel.owner.accessibleName().startswith("Relationship owner: No in-house owner")

    row = view.customers.model.row_of("k6")
    assert set_cell(view, row, "internal_owner", "Daniel Okafor")
    assert panel.owner.value == "Daniel Okafor" and not panel.owner.missing
    assert panel.owner.objectName() == ""

    view.customers.select_row(view.customers.model.row_of("k3"))  # no named supporter
    assert panel.missing_fields() == ["Sales rep", "Named supporter"]
    assert panel.vendors.value.startswith("Wydma Nearshore")


def test_a_retained_function_has_no_vendor_side(view):
    choose_function(view, "f11")  # Data & reporting: retained, customer-facing
    view.customers.add_action.trigger()
    panel = view.one_team
    assert panel.customer_id == view.customers.current_item().id
    assert panel.vendors.value == "None: Data & reporting is retained in-house"
    assert "(retain)" in panel.heading.text()
    assert set(panel.missing_fields()) == {
        "Relationship owner", "Sales rep", "Retained roles", "Vendor", "Named supporter",
        "Offshore team", "Escalation path"}


def test_health_jumps_find_a_customer_hidden_by_the_filter(open_window, view):
    choose_function(view, "f1")
    finding = next(f for f in check(open_window.session.workshop)
                   if f.code == "black-box" and f.section == "customers")
    assert finding.key == "k6"
    assert open_window.workspace.reveal(finding)
    assert view.function_combo.currentText() == ALL_FUNCTIONS
    assert view.customers.current_item().id == "k6"
    assert view.one_team.customer_id == "k6"


def test_removing_a_function_resets_the_filter(open_window, view):
    from desktop_app.domain.commands import RemoveItem

    choose_function(view, "f12")
    assert open_window.session.execute(RemoveItem("functions", "f12")) is None
    assert view.function_combo.currentData() is None
    assert len(shown_ids(view)) == 4
    open_window.undo_action.trigger()
    assert len(shown_ids(view)) == 7


def test_customer_model_passes_the_model_tester(view):
    ModelTester(None).check(view.customers.model)
    ModelTester(None).check(view.customers.proxy)


def test_the_page_renders_in_both_themes(app, view):
    light = view.grab()
    theme.apply_theme(app, dark=True)
    try:
        dark = view.grab()
    finally:
        theme.apply_theme(app, dark=False)
    assert light.toImage() != dark.toImage()



def test_a_black_box_finding_without_customers_opens_that_functions_list(open_window):
    from desktop_app.domain.commands import RemoveItem

    ws = open_window.session.workshop
    for customer in [c for c in ws.customers if c.function == "f12"]:
        open_window.session.execute(RemoveItem("customers", customer.id))
    finding = next(f for f in check(ws) if f.code == "black-box" and f.section == "functions")
    assert open_window.workspace.reveal(finding)
    view = open_window.workspace.views[Stage.CUSTOMERS]
    assert open_window.workspace.current_stage() == Stage.CUSTOMERS
    assert view.filter_function() == "f12"
