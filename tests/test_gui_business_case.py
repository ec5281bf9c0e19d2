"""Stage 4, Business case (issue 15): typing a cost or a price updates the
totals and the chart as it is typed, every figure is stored and undone, an
impossible amount is refused with its reason, and the presenter and the
health panel follow."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import set_cell, stored, type_into_field
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.modeltest import ModelTester

from desktop_app.domain.business_case import business_case
from desktop_app.domain.model import Stage
from desktop_app.domain.money import from_major


def column(editor, field: str) -> int:
    return [c.field for c in editor.model.columns].index(field)


def test_the_stage_shows_the_demo_plan(case_view) -> None:
    figures = case_view.figures
    assert figures.text_of("saving") == "808,500"
    assert figures.captions["saving"].text() == "Saving, 12.8 %"
    assert figures.heading.text().startswith("Amounts in EUR")
    assert figures.text_of("one_off") == "980,000"
    assert figures.text_of("payback") == "Feb 2029"
    assert figures.text_of("discounted_payback") == "Mar 2029"
    assert figures.text_of("npv") == "2,130,058.77"
    assert figures.text_of("irr") == "110.8 %"
    assert figures.text_of("break_even") == "+20.7 %"
    assert "546,200 EUR a year" in figures.sensitivity.text()
    assert "EDI & integration support (no vendor price)" in figures.left_out.text()
    assert "the start month is Apr 2027" in figures.convention.text()
    assert case_view.chart.outcome is not None and case_view.chart.outcome.payback_month == 22


def test_the_year_by_year_tab_ends_at_the_npv(case_view) -> None:
    case_view.tabs.setCurrentWidget(case_view.years_page)
    model = case_view.years_model
    assert model.rowCount() == 6  # the start month and five years
    assert model.index(0, 0).data() == "Start: Apr 2027"
    assert model.index(5, 0).data() == "5: May 2031 – Apr 2032"
    assert model.index(5, 6).data() == case_view.figures.text_of("npv")
    assert model.index(0, 3).data() == "60,000"  # a third of wave 1's one-off, in April


def test_the_transition_tab_shows_months_and_takes_a_parallel_run(case_view, qtbot,
                                                                   workshop_file) -> None:
    waves = case_view.waves
    row = waves.model.row_of("w1")
    assert waves.model.index(row, column(waves, "months")).data() == \
        "Apr 2027 – Jun 2027 (3 months)"
    assert waves.model.index(row, column(waves, "live")).data() == "Jul 2027"
    before = case_view.figures.text_of("npv")
    assert set_cell(waves, row, "parallel_run_months", "2")
    assert stored(workshop_file).find("waves", "w1").parallel_run_months == 2
    assert case_view.figures.text_of("npv") != before  # a month more of both costs
    assert not set_cell(waves, row, "parallel_run_months", "1,5")
    assert "whole number" in waves.validation.text()


def test_typing_a_price_updates_the_totals_and_the_chart(case_view, qtbot,
                                                         workshop_file) -> None:
    """EDI's vendor has no price: typing one brings EDI into the totals."""
    case_view.tabs.setCurrentWidget(case_view.assignments)
    editor = case_view.assignments
    row = editor.model.row_of(("f12", "v3"))
    index = editor.proxy.mapFromSource(editor.model.index(row, column(editor, "annual_price")))
    editor.view.setFocus()
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    line = editor.view.focusWidget()
    assert isinstance(line, QLineEdit)
    qtbot.keyClicks(line, "180,000")
    # Stored after a pause in typing, with the editor still open: the figures follow.
    qtbot.waitUntil(lambda: case_view.figures.text_of("saving") == "863,500",
                    timeout=3000)
    assert "Every function is in the totals" in case_view.figures.left_out.text()
    assert case_view.chart.outcome.saving == Decimal("863500.00")
    assert stored(workshop_file).find("assignments", ("f12", "v3")).annual_price \
        == from_major(180_000)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert stored(workshop_file).find("assignments", ("f12", "v3")).annual_price \
        == from_major(180_000)  # the same value once more: nothing else changed


def test_a_cost_is_stored_and_undone(open_window, case_view, workshop_file) -> None:
    functions = case_view.functions
    row = functions.model.row_of("f1")
    assert set_cell(functions, row, "cost_per_fte", "80,000")  # 11 FTE: 880,000 + 60,000
    assert stored(workshop_file).find("functions", "f1").cost_per_fte == from_major(80_000)
    index = functions.model.index(row, column(functions, "today"))
    assert index.data() == "940,000"
    assert case_view.figures.text_of("today") == "6,414,000"
    open_window.undo_action.trigger()
    assert stored(workshop_file).find("functions", "f1").cost_per_fte == from_major(72_000)
    assert case_view.figures.text_of("today") == "6,326,000"


@pytest.mark.parametrize(("typed", "reason"), [
    ("-5000", "cannot be negative"), ("lots", "not an amount"),
    ("99999999999999", "not a realistic cost"),
])
def test_an_impossible_amount_is_refused_and_nothing_changes(case_view, workshop_file,
                                                             typed, reason) -> None:
    before = stored(workshop_file).find("functions", "f1")
    functions = case_view.functions
    assert not set_cell(functions, functions.model.row_of("f1"), "cost_per_fte", typed)
    assert reason in functions.validation.text()
    assert stored(workshop_file).find("functions", "f1") == before



def test_horizon_and_discount_rate_change_the_npv(case_view, qtbot, workshop_file) -> None:
    type_into_field(qtbot, case_view.horizon, "3")
    assert stored(workshop_file).details.horizon_years == 3
    three_years = case_view.figures.text_of("npv")
    type_into_field(qtbot, case_view.rate, "0")
    assert stored(workshop_file).details.discount_rate == 0
    # Undiscounted over three years: the cumulative net of the year table's last row.
    assert case_view.figures.text_of("npv") == "1,049,142.31" != three_years
    assert case_view.years_model.index(3, 5).data() == "1,049,142.31"


def test_the_currency_is_checked_and_shown_everywhere(case_view, qtbot, workshop_file) -> None:
    case_view.currency.setFocus()
    case_view.currency.selectAll()
    qtbot.keyClicks(case_view.currency, "chf")
    qtbot.keyClick(case_view.currency, Qt.Key.Key_Return)
    assert stored(workshop_file).details.currency == "CHF"
    assert case_view.figures.heading.text().startswith("Amounts in CHF")
    case_view.currency.selectAll()
    qtbot.keyClicks(case_view.currency, "12")
    qtbot.keyClick(case_view.currency, Qt.Key.Key_Return)
    assert "ISO 4217" in case_view.problem_label.text()
    assert stored(workshop_file).details.currency == "CHF"


def test_the_rows_are_fixed_here(case_view) -> None:
    """Functions, vendors, waves and roles are added where they are decided."""
    count = case_view.functions.model.rowCount()
    case_view.functions.add_row()
    case_view.functions.add_action.trigger()
    assert case_view.functions.model.rowCount() == count
    assert not case_view.functions.add_action.isEnabled()


def test_the_tables_are_sound_item_models(case_view, qtbot) -> None:
    for editor in (case_view.functions, case_view.assignments, case_view.waves, case_view.roles):
        ModelTester(qtbot).check(editor.model)


def test_a_hidden_cost_finding_leads_to_its_function(open_window, case_view) -> None:
    finding = next(f for f in open_window.workspace.monitor.findings if f.code == "hidden-cost")
    assert open_window.workspace.reveal(finding)
    assert case_view.tabs.currentWidget() is case_view.functions
    assert case_view.functions.current_item().key == "f5"


def test_the_presenter_shows_the_business_case(open_window, case_view, qtbot) -> None:
    open_window.actions.presenter.trigger()
    presenter = open_window.presenter.presenter
    assert presenter is not None
    qtbot.waitUntil(lambda: presenter.body.currentWidget() is presenter.case_page)
    assert "808,500 EUR a year" in presenter.facts.text()
    assert "546,200 EUR" in presenter.case_text.text()  # the sensitivity line
    assert presenter.case_chart.outcome == business_case(open_window.session.workshop).changing
    set_cell(case_view.functions, case_view.functions.model.row_of("f1"), "other_cost", "0")
    qtbot.waitUntil(lambda: "748,500 EUR" in presenter.facts.text())


def test_the_payback_tab_says_why_its_one_offs_fall_short_of_the_total(case_view) -> None:
    case_view.tabs.setCurrentWidget(case_view.returns)
    assert case_view.one_off_note.text() == (
        "One-off: 853,333.34 EUR shared by the functions in the totals, plus 126,666.66 EUR "
        "of waves without functions or of functions not in the totals: 980,000 EUR in all.")


def test_the_transition_tab_without_waves_leads_to_where_they_are_made(open_window,
                                                                       case_view) -> None:
    from PySide6.QtWidgets import QPushButton

    from desktop_app.domain.commands import RemoveItem

    for wave in list(open_window.session.workshop.waves):
        open_window.session.execute(RemoveItem("waves", wave.id))
    case_view.tabs.setCurrentWidget(case_view.waves)
    assert case_view.no_waves.isVisibleTo(case_view)
    button = case_view.no_waves.findChild(QPushButton)
    assert button.text() == "Go to Pace && transition"  # shows "&", not a shortcut mark
    button.click()
    assert open_window.workspace.current_stage() == Stage.TRANSITION
