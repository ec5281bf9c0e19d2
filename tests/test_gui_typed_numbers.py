"""Numbers as the room types them (issue 24, part 1): the business case takes a
typed rate, horizon or amount exactly, in the decimal comma or the decimal
point, or refuses it with the reason; the workshop's number format decides a
text that reads two ways, and the field shows at once how it was read."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import stored, type_into_cell, type_into_field
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from desktop_app.domain.commands import EditDetails
from desktop_app.ui.views.business_case_view import BusinessCaseView


def use_number_format(view: BusinessCaseView, locale: str) -> None:
    combo = view.number_format
    combo.setCurrentIndex(combo.findData(locale))
    combo.activated.emit(combo.currentIndex())
    assert view.session.workshop.details.number_format == locale


@pytest.mark.parametrize("typed", ["8,5", "8.5", "8,5 %", "8.50"])
def test_a_discount_rate_is_taken_as_typed(case_view, qtbot, workshop_file, typed) -> None:
    type_into_field(qtbot, case_view.rate, typed)
    assert stored(workshop_file).details.discount_rate == 0.085
    assert case_view.rate.line.text() == "8.5 %"


@pytest.mark.parametrize(("typed", "reason"), [
    ("150", "between 0 and 100 %"), ("8.555", "at most 2 decimals"),
    ("8,555", "not 8,555 %"),  # read as eight thousand: the laptop is English
    ("-3", "cannot be negative"), ("eight", "is not a number"),
])
def test_an_impossible_rate_is_refused_and_says_why(case_view, qtbot, workshop_file,
                                                     typed, reason) -> None:
    type_into_field(qtbot, case_view.rate, typed)
    assert stored(workshop_file).details.discount_rate == 0.08  # the demo's, unchanged
    assert reason in case_view.rate.reading_text
    assert case_view.rate.reading_text.startswith("Not stored")
    assert case_view.rate.line.text() == typed  # what was typed stays for correcting


@pytest.mark.parametrize(("typed", "reason"), [
    ("0", "from 1 to 30"), ("100", "from 1 to 30"), ("5,5", "whole number"),
])
def test_an_impossible_horizon_is_refused(case_view, qtbot, workshop_file, typed,
                                          reason) -> None:
    type_into_field(qtbot, case_view.horizon, typed)
    assert stored(workshop_file).details.horizon_years == 5
    assert reason in case_view.horizon.reading_text


def test_the_field_shows_how_it_reads_while_typing(case_view, qtbot) -> None:
    type_into_field(qtbot, case_view.rate, "8,25", enter=False)
    assert case_view.rate.reading_text == "read as 8.25 %"
    use_number_format(case_view, "de_DE")
    type_into_field(qtbot, case_view.rate, "8.25", enter=False)
    assert case_view.rate.reading_text == "read as 8,25 %"



@pytest.mark.parametrize(("locale", "typed", "major", "shown"), [
    ("en_GB", "1,234,567.89", "1234567.89", "1,234,567.89"),
    ("en_GB", "1.234.567,89", "1234567.89", "1,234,567.89"),
    ("de_DE", "1.234.567,89", "1234567.89", "1.234.567,89"),
    ("de_DE", "1,234,567.89", "1234567.89", "1.234.567,89"),
    ("en_GB", "1,234", "1234", "1,234"),  # reads two ways: the format decides
    ("de_DE", "1,234", "1.234", "—"),  # 1,234 EUR: three decimals, refused below
])
def test_an_amount_typed_either_way_is_stored_exactly(case_view, qtbot, workshop_file,
                                                      locale, typed, major, shown) -> None:
    use_number_format(case_view, locale)
    functions = case_view.functions
    type_into_cell(qtbot, functions, "f1", "other_cost", typed)
    stored_cost = stored(workshop_file).find("functions", "f1").other_cost
    if shown == "—":  # 1.234 euros cannot be paid: refused, and the reason given
        assert stored_cost.major == Decimal(60000)
        assert "EUR has 2 decimals" in functions.validation.text()
        return
    assert stored_cost.major == Decimal(major)
    column = [c.field for c in functions.model.columns].index("other_cost")
    cell = functions.model.index(functions.model.row_of("f1"), column)
    assert cell.data() == shown


def test_a_currency_keeps_its_own_minor_unit(case_view, qtbot, workshop_file) -> None:
    """Dinars have three decimals, yen none; a change of currency changes no digit."""
    case_view.session.execute(EditDetails("currency", "KWD"))
    roles = case_view.roles
    key = case_view.session.workshop.roles[0].key
    type_into_cell(qtbot, roles, key, "annual_cost", "12,345.678")
    assert stored(workshop_file).find("roles", key).annual_cost.major == Decimal("12345.678")
    problem = case_view.session.execute(EditDetails("currency", "JPY"))
    assert problem and "JPY has no minor unit" in problem
    assert stored(workshop_file).details.currency == "KWD"
    type_into_cell(qtbot, roles, key, "annual_cost", "12,345")
    assert case_view.session.execute(EditDetails("currency", "JPY")) is None
    assert stored(workshop_file).find("roles", key).annual_cost.major == Decimal(12345)
    type_into_cell(qtbot, roles, key, "annual_cost", "12,345.5")
    assert "JPY has no minor unit" in roles.validation.text()
    assert stored(workshop_file).find("roles", key).annual_cost.major == Decimal(12345)


@pytest.mark.parametrize("code", ["XYZ", "EU", "Euro"])
def test_a_currency_that_is_not_iso_4217_is_refused(case_view, qtbot, workshop_file,
                                                    code) -> None:
    case_view.currency.setFocus()
    case_view.currency.selectAll()
    qtbot.keyClicks(case_view.currency, code)
    qtbot.keyClick(case_view.currency, Qt.Key.Key_Return)
    assert "ISO 4217" in case_view.problem_label.text()
    assert stored(workshop_file).details.currency == "EUR"


def test_indexation_and_the_start_month_are_typed(case_view, qtbot, workshop_file) -> None:
    type_into_field(qtbot, case_view.vendor_index, "2,5")
    assert stored(workshop_file).details.vendor_indexation == 0.025
    type_into_field(qtbot, case_view.inhouse_index, "60")
    assert "between 0 and 50 %" in case_view.inhouse_index.reading_text
    assert stored(workshop_file).details.inhouse_indexation == 0.03  # the demo's
    assert case_view.start.line.placeholderText() == "Apr 2027"
    assert "the default, Apr 2027: the first wave's start" in case_view.start.line.toolTip()
    type_into_field(qtbot, case_view.start, "2027-13")
    assert "not a date" in case_view.start.reading_text
    type_into_field(qtbot, case_view.start, "03/2027")
    assert str(stored(workshop_file).details.case_start) == "2027-03-01"
    assert case_view.start.line.text() == "Mar 2027"
    assert case_view.years_model.index(0, 0).data() == "Start: Mar 2027"
    type_into_field(qtbot, case_view.start, "")  # back to the first wave's start
    assert stored(workshop_file).details.case_start is None
    assert case_view.years_model.index(0, 0).data() == "Start: Apr 2027"


def test_typing_over_a_stored_amount_says_what_changed(open_window, case_view, qtbot,
                                                       workshop_file) -> None:
    """A stray "4" in a money cell turned 150,000 into 4 EUR without a word."""
    waves = case_view.waves
    type_into_cell(qtbot, waves, "w1", "transition_cost", "4")
    assert stored(workshop_file).find("waves", "w1").transition_cost.major == Decimal(4)
    message = open_window.statusBar().currentMessage()
    assert message.startswith("One-off cost, Wave 1")
    assert message.endswith(": 180,000 EUR → 4 EUR; Ctrl+Z undoes")
    open_window.undo_action.trigger()
    assert stored(workshop_file).find("waves", "w1").transition_cost.major == Decimal(180_000)


def test_tab_goes_to_the_next_cell_that_takes_typing(case_view, qtbot, workshop_file) -> None:
    """Today, After and Saving are computed: Tab from Other goes to the next row's
    Cost/FTE."""
    functions = case_view.functions
    case_view.tabs.setCurrentWidget(functions)
    columns = [c.field for c in functions.model.columns]
    first = functions.proxy.mapFromSource(
        functions.model.index(functions.model.row_of("f1"), columns.index("cost_per_fte")))
    functions.view.setFocus()
    functions.view.setCurrentIndex(first)
    functions.view.edit(first)
    line = functions.view.focusWidget()
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: functions.view.currentIndex().column() == columns.index("other_cost"))
    qtbot.keyClick(functions.view.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: functions.view.currentIndex().row() == first.row() + 1)
    assert functions.view.currentIndex().column() == columns.index("cost_per_fte")
    assert functions.view.state() == QAbstractItemView.State.EditingState
    qtbot.keyClick(functions.view.focusWidget(), Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: functions.view.currentIndex().row() == first.row())
    assert functions.view.currentIndex().column() == columns.index("other_cost")


def test_ctrl_z_undoes_wherever_focus_is(open_window, case_view, qtbot, workshop_file) -> None:
    """After a figure is stored the field has no typing of its own to undo: Ctrl+Z
    then undoes the workshop's last edit, in the field as in a table or the panel."""
    type_into_field(qtbot, case_view.rate, "8,5")
    assert stored(workshop_file).details.discount_rate == 0.085
    assert case_view.rate.line.hasFocus()
    qtbot.keyClick(case_view.rate.line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(workshop_file).details.discount_rate == 0.08
    type_into_field(qtbot, case_view.horizon, "7")
    table = open_window.health_dock.findChild(QAbstractItemView)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(workshop_file).details.horizon_years == 5
