"""The stage Business case: what each function costs today, what the vendors
charge for it, what the move costs once and what the retained roles cost,
with the totals, payback, net present value, sensitivity line and cash-flow
chart following every figure as it is typed.

The article: outsourcing "can still save money", but only once the hybrid
that benefits the company is chosen, and the retained organisation is never
free (the `hidden-cost` check)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import business_case as bc
from desktop_app.domain import numbers
from desktop_app.domain.commands import DETAILS, THRESHOLDS, Change, EditDetails
from desktop_app.domain.model import Assignment, Item, Stage, Wave, Workshop
from desktop_app.domain.money import format_money
from desktop_app.domain.stages import STAGE_INFO, stage_ref
from desktop_app.domain.validation import ValidationError
from desktop_app.domain.wording import plural
from desktop_app.ui.labels import as_typed, enum_label
from desktop_app.ui.models.section_model import Column
from desktop_app.ui.models.year_model import YearTableModel
from desktop_app.ui.session import Session
from desktop_app.ui.views.section_editor import SectionEditor
from desktop_app.ui.views.stage_page import StagePage
from desktop_app.ui.widgets.cash_flow_chart import CashFlowChart
from desktop_app.ui.widgets.number_field import (
    NumberField,
    month_reader,
    percent_reader,
    whole_reader,
)

# Number formats offered beside the laptop's: the conventions a room meets most
# (decimal point or comma; groups by comma, point, space or apostrophe).
NUMBER_FORMATS = ("en_GB", "en_US", "de_DE", "de_CH", "fr_FR", "nl_NL", "es_ES", "it_IT",
                  "pl_PL", "sv_SE", "pt_BR", "ja_JP", "en_IN")

FIGURE_SECTIONS = ("functions", "assignments", "waves", "roles", "vendors", DETAILS,
                   THRESHOLDS)


def _row(ws: Workshop, function_id: str) -> bc.FunctionCase | None:
    return bc.business_case(ws).row_of(function_id)


def _computed(value: Any) -> Any:
    return "—" if value is None else value


def _function_figure(name: str):
    def compute(ws: Workshop, item: Item) -> Any:
        row = _row(ws, item.key)
        if row is None:
            return "—"
        case = bc.business_case(ws)
        if name in ("payback", "npv"):
            outcome = case.outcome_of(row)
            if outcome is None or not row.changes:
                return "—"
            if name == "npv":
                return outcome.npv
            return outcome.payback_label(outcome.payback_month, short=True)
        if name == "live":
            timing = case.schedule.timing.get(row.function_id)
            if not row.changes or timing is None:
                return "—"
            return case.schedule.label(timing.live) + ("" if timing.wave else " (no wave)")
        return _computed(getattr(row, name))
    return compute


def _wave_months(ws: Workshop, item: Item) -> str:
    assert isinstance(item, Wave)
    schedule = bc.business_case(ws).schedule
    months = schedule.wave_months.get(item.id, ())
    if not (item.start and item.end and item.end >= item.start) or schedule.start is None:
        return "no dates: the start"
    return (f"{schedule.label(months[0])} – {schedule.label(months[-1])} "
            f"({plural(len(months), 'month')})")


def _wave_live(ws: Workshop, item: Item) -> str:
    assert isinstance(item, Wave)
    case = bc.business_case(ws)
    lives = {case.schedule.timing[f].live for f in item.functions if f in case.schedule.timing}
    return case.schedule.label(max(lives)) if lives else "—"


def _assignment_price(_ws: Workshop, item: Item) -> Any:
    assert isinstance(item, Assignment)
    return _computed(bc.assignment_price(item))


def _wave_functions(ws: Workshop, item: Item) -> str:
    assert isinstance(item, Wave)
    names = {f.id: f.label for f in ws.functions}
    return ", ".join(names.get(f, f) for f in item.functions) or "no functions"


FUNCTION_COLUMNS = [
    Column("name", "Function", editable=False, full_tip=True),
    Column("sourcing", "Decision", compute=lambda _ws, item: enum_label(item.sourcing),
           kind="computed"),
    Column("fte", "FTE", "float", tooltip="In-house FTE today (edited in Functions)",
           editable=False),
    Column("cost_per_fte", "Cost/FTE", "money",
           tooltip="Loaded annual cost of one in-house FTE: salary, social charges, seat"),
    Column("other_cost", "Other", "money",
           tooltip="Other annual run cost: licences, hardware, services"),
    Column("today", "Today", "computed", compute=_function_figure("today"), numeric=True,
           tooltip="Today's annual cost: FTE × cost per FTE + other cost"),
    Column("after", "After", "computed", compute=_function_figure("after"), numeric=True,
           tooltip="The annual cost after the plan: vendor prices + retained roles (see "
                   "their tabs); unchanged for a retained function; — while a figure is "
                   "missing"),
    Column("saving", "Saving", "computed", compute=_function_figure("saving"), numeric=True,
           tooltip="Today less after, a year"),
]

RETURN_COLUMNS = [
    Column("name", "Function", editable=False, full_tip=True),
    Column("one_off", "One-off", "computed", compute=_function_figure("one_off"),
           numeric=True, tooltip="Its share of its waves' transition cost"),
    Column("live", "Saves from", "computed", compute=_function_figure("live"),
           tooltip="The month after its wave ends (the start when it is in no wave)"),
    Column("payback", "Payback", "computed", compute=_function_figure("payback"),
           tooltip="The month from which its own cumulative net flow stays positive"),
    Column("npv", "NPV", "computed", compute=_function_figure("npv"), numeric=True,
           tooltip="Its own net present value over the horizon, with its share of the "
                   "one-off in its wave's months"),
]

ASSIGNMENT_COLUMNS = [
    Column("function", "Function", "ref", ref="functions", editable=False, full_tip=True),
    Column("vendor", "Vendor", "ref", ref="vendors", editable=False, full_tip=True),
    Column("fte_required", "FTE", "float", tooltip="FTE the vendor needs for the function"),
    Column("annual_price", "Fixed price", "money",
           tooltip="The vendor's fixed annual price for the function; wins over a rate"),
    Column("rate_per_fte", "Rate per FTE", "money",
           tooltip="Or the vendor's annual rate per FTE: price = FTE required × rate"),
    Column("price", "Price a year", "computed", compute=_assignment_price, numeric=True),
]

WAVE_COLUMNS = [
    Column("name", "Wave", editable=False, full_tip=True),
    Column("transition_cost", "One-off cost", "money",
           tooltip="Knowledge transfer, parallel running, contract exit, severance"),
    Column("parallel_run_months", "Parallel run", "int",
           tooltip="Months: the wave's last months in which the vendor already runs its "
                   "functions and the in-house team still does; both are paid"),
    Column("months", "Months", "computed", compute=_wave_months,
           tooltip="The wave's months (its dates are set in the Transition stage): its "
                   "one-off cost falls evenly in them"),
    Column("live", "Saves from", "computed", compute=_wave_live,
           tooltip="The month after the wave ends"),
    Column("functions", "Functions", "computed", compute=_wave_functions, full_tip=True),
]

ROLE_COLUMNS = [
    Column("function", "Function", "ref", ref="functions", editable=False, full_tip=True),
    Column("role", "Retained role", editable=False, full_tip=True),
    Column("person", "Person", editable=False, full_tip=True),
    Column("annual_cost", "Cost a year", "money",
           tooltip="The retained role's annual cost: the retained organisation is never free"),
]

# Each tab's columns that hold amounts (never elided) and the one that gives way.
WHOLE_COLUMNS = {"functions": ((2, 3, 4, 5, 6, 7), 0), "returns": ((1, 2, 3, 4), 0),
                 "assignments": ((2, 3, 4, 5), 0), "waves": ((1, 2, 3, 4), 0),
                 "roles": ((3,), 1)}


def _no_new_item(_ws: Workshop) -> Item:
    raise AssertionError("the business case's tables have fixed rows")


class Figures(QFrame):
    """The plan's figures in large type; the sensitivity line, the discounting
    convention and what the case had to assume under them."""

    NAMES = (("today", "Today, a year"), ("after", "After, a year"), ("saving", "Saving"),
             ("one_off", "One-off"), ("npv", "NPV"), ("irr", "IRR"),
             ("payback", "Payback"), ("discounted_payback", "Discounted payback"),
             ("break_even", "Break-even rise"))

    TIPS: ClassVar[dict[str, str]] = {
        "today": "What the functions cost a year today",
        "after": "What they cost a year once every wave is done: vendors' prices and "
                 "retained roles (at today's prices)",
        "saving": "Today less after, a year, once every wave is done; and as a share of "
                  "today's cost",
        "one_off": "The waves' transition costs, each in its wave's months",
        "payback": "The month from which the cumulative net cash flow stays positive",
        "discounted_payback": "The same with each month discounted",
        "npv": "Net present value over the horizon of the monthly net cash flows",
        "irr": "The yearly discount rate at which the NPV would be zero",
        "break_even": "How much higher every vendor price can be before the NPV is zero"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("businessCaseFigures")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.heading = QLabel(self)
        self.heading.setObjectName("muted")
        grid.addWidget(self.heading, 0, 0, 1, 3)
        for index, (name, title) in enumerate(self.NAMES):
            caption = QLabel(title, self)
            caption.setObjectName("muted")
            caption.setWordWrap(True)  # never cut: a long caption takes two lines
            self.captions[name] = caption
            value = QLabel("—", self)
            value.setObjectName("figure")
            value.setAccessibleName(title)
            value.setToolTip(self.TIPS[name])
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.1)
            font.setBold(True)
            value.setFont(font)
            self.values[name] = value
            row, column = divmod(index, 3)
            grid.addWidget(caption, row * 2 + 1, column)
            grid.addWidget(value, row * 2 + 2, column)
        self.sensitivity, self.left_out, self.convention, self.notes = (
            self._text_line(style) for style in ("sensitivity", "muted", "muted", "validation"))
        rows = len(self.NAMES) // 3 * 2 + 1
        grid.addWidget(self.sensitivity, rows, 0, 1, 3)
        grid.setRowStretch(rows + 1, 1)
        # The view places these where there is room: the notes and what is left out
        # above the tables, the convention with the year-by-year table.

    def _text_line(self, style: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(style)
        label.setWordWrap(True)
        return label

    def show_case(self, case: bc.BusinessCase, locale: str) -> None:
        plan, money = case.plan, case.currency

        def amount(value: Decimal) -> str:
            return format_money(value, money, locale=locale, code=False)

        def percent(value: Decimal | None) -> str:
            return "—" if value is None else f"{numbers.show(round(value * 100, 1), locale, 1)} %"

        share = plan.saving_share
        shown = {
            "today": amount(plan.today),
            "after": amount(plan.after),
            "saving": amount(plan.saving),
            "one_off": amount(plan.one_off),
            "payback": plan.payback_label(plan.payback_month, short=True),
            "discounted_payback": plan.payback_label(plan.discounted_payback_month, short=True),
            "npv": amount(plan.npv),
            "irr": percent(plan.irr),
            "break_even": ("—" if plan.break_even_price_rise is None
                           else "+" + percent(plan.break_even_price_rise)),
        }
        self.heading.setText(f"Amounts in {money}; savings a year once every wave is done")
        for name, title in self.NAMES:
            self.captions[name].setText(title)
        if share is not None and case.has_figures:
            self.captions["saving"].setText(f"Saving, {percent(share)}")
        for name, label in self.values.items():
            label.setText(shown[name] if case.has_figures else "—")
            label.setToolTip(self.TIPS[name] + (
                f": {plan.payback_label(plan.payback_month)}" if name == "payback" else ""))
        sensitive = case.sensitive
        self.sensitivity.setText(
            f"Sensitivity: with vendor prices {case.price_rise * 100:.0f} % higher and the "
            f"transition {case.transition_rise * 100:.0f} % dearer, the saving is "
            f"{format_money(sensitive.saving, money, locale=locale)} a year, payback "
            f"{sensitive.payback_label(sensitive.payback_month)}, NPV "
            f"{format_money(sensitive.npv, money, locale=locale)}." if case.has_figures else
            "Enter today's costs and the vendors' prices: the figures follow as you type.")
        missing = [f"{row.name} (no {', no '.join(m.removeprefix('a ') for m in row.missing)})"
                   for row in case.incomplete]
        self.left_out.setText("Not in the totals: " + "; ".join(missing) + "."
                              if missing else "Every function is in the totals.")
        self.notes.setText(" ".join(note.text for note in case.schedule.notes))
        self.notes.setVisible(bool(case.schedule.notes))
        self.left_out.setVisible(bool(missing))
        start = case.schedule.start
        self.convention.setText(
            f"{bc.DISCOUNTING}, at {percent(plan.rate)}; "
            + (f"the start month is {case.schedule.label(0)}" if start else
               "no date sets the start month: months are counted from it")
            + f"; vendor prices rise {percent(case.vendor_indexation)} and in-house costs "
              f"{percent(case.inhouse_indexation)} a year after the first.")

    def text_of(self, name: str) -> str:
        return self.values[name].text()


class BusinessCaseView(StagePage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, Stage.BUSINESS_CASE, parent)
        self.currency = QLineEdit(self)
        self.currency.setObjectName("currency")
        self.currency.setAccessibleName("Currency (ISO 4217 code)")
        self.currency.setMaxLength(12)  # a longer text is refused with the reason
        self.currency.setFixedWidth(60)
        self.currency.editingFinished.connect(
            lambda: self._edit_detail("currency", self.currency.text().strip().upper()))
        self.horizon = NumberField(
            whole_reader(1, 30, lambda n: plural(n, "year")), self.number_locale,
            "Horizon in years", self)
        self.horizon.setObjectName("horizon")
        self.horizon.setFixedWidth(90)
        self.horizon.committed.connect(lambda v: self._edit_detail("horizon_years", v))
        self.rate = NumberField(percent_reader(Decimal(0), Decimal(100), 2), self.number_locale,
                                "Discount rate in percent", self)
        self.rate.setObjectName("discountRate")
        self.rate.setFixedWidth(90)
        self.rate.committed.connect(lambda v: self._edit_detail("discount_rate", v))
        self.number_format = QComboBox(self)
        self.number_format.setObjectName("numberFormat")
        self.number_format.setAccessibleName("Number format")
        self.number_format.setToolTip(
            "How typed numbers are read and amounts shown. A text that reads two ways "
            "(1,234) is read this way; the other convention is understood where it "
            "cannot be mistaken (8,5 and 8.5 are both eight and a half).")
        self.number_format.activated.connect(
            lambda _i: self._edit_detail("number_format", self.number_format.currentData()))
        self.start = NumberField(month_reader, self.number_locale,
                                 "Start month of the business case", self)
        self.start.setObjectName("caseStart")
        self.start.setFixedWidth(100)
        self.start.committed.connect(lambda v: self._edit_detail("case_start", v))
        self.vendor_index = NumberField(percent_reader(Decimal(0), Decimal(50), 2),
                                        self.number_locale, "Vendor prices rise a year", self)
        self.vendor_index.setObjectName("vendorIndexation")
        self.vendor_index.setFixedWidth(90)
        self.vendor_index.committed.connect(
            lambda v: self._edit_detail("vendor_indexation", v))
        self.inhouse_index = NumberField(percent_reader(Decimal(0), Decimal(50), 2),
                                         self.number_locale, "In-house costs rise a year", self)
        self.inhouse_index.setObjectName("inhouseIndexation")
        self.inhouse_index.setFixedWidth(90)
        self.inhouse_index.committed.connect(
            lambda v: self._edit_detail("inhouse_indexation", v))
        settings = QVBoxLayout()
        settings.setSpacing(2)
        for fields in ((("C&urrency", self.currency), ("Hori&zon", self.horizon),
                        ("&Discount rate", self.rate), ("&Start month", self.start)),
                       (("Vendor &prices rise", self.vendor_index),
                        ("&In-house costs rise", self.inhouse_index),
                        ("&Number format", self.number_format))):
            line = QHBoxLayout()
            line.setSpacing(6)
            for label, field in fields:
                caption = QLabel(label, self, buddy=field.focusProxy() or field)
                line.addWidget(caption, 0, Qt.AlignmentFlag.AlignTop)
                line.addWidget(field, 0, Qt.AlignmentFlag.AlignTop)
                line.addSpacing(10)
            line.addStretch(1)
            settings.addLayout(line)

        # Items are added where they are decided (Functions, Vendors, Pace,
        # Governance); here only their money is entered, so the rows are fixed.
        self.functions, self.assignments, self.waves, self.roles = (
            self.add_editor(SectionEditor(session, section, title, columns, _no_new_item,
                                          noun, self, rows_fixed=True))
            for section, title, columns, noun in (
                ("functions", "Each function: today, after the plan, saving", FUNCTION_COLUMNS,
                 "function"),
                ("assignments", "What each vendor charges for a function", ASSIGNMENT_COLUMNS,
                 "assignment"),
                ("waves", "What each wave costs once, and when it goes live", WAVE_COLUMNS,
                 "wave"),
                ("roles", "What each retained role costs a year", ROLE_COLUMNS, "role")))
        # Read-only figures of the same functions: not where a finding leads.
        self.returns = SectionEditor(
            session, "functions", "Each function: its one-off, when it saves, its payback "
            "and NPV", RETURN_COLUMNS, _no_new_item, "function", self, rows_fixed=True)
        # The Transition tab before the plan has waves: where they are made, and a way there.
        self.no_waves = QFrame(self.waves)
        self.no_waves.setObjectName("notice")
        no_waves_layout = QHBoxLayout(self.no_waves)
        no_waves_text = QLabel(
            f"No waves yet: the waves and their dates are made in "
            f"{stage_ref(Stage.TRANSITION)}; their one-off costs are entered here.",
            self.no_waves)
        no_waves_text.setWordWrap(True)
        go = QPushButton(as_typed(f"Go to {STAGE_INFO[Stage.TRANSITION].title}"), self.no_waves)
        go.clicked.connect(lambda: self.stage_requested.emit(Stage.TRANSITION))
        no_waves_layout.addWidget(no_waves_text, 1)
        no_waves_layout.addWidget(go)
        self.waves.layout().insertWidget(1, self.no_waves)
        self.one_off_note = QLabel(self.returns)
        self.one_off_note.setObjectName("muted")
        self.one_off_note.setWordWrap(True)
        self.returns.layout().addWidget(self.one_off_note)
        for editor, name in ((self.functions, "functions"), (self.returns, "returns"),
                             (self.assignments, "assignments"), (self.waves, "waves"),
                             (self.roles, "roles")):
            whole, stretch = WHOLE_COLUMNS[name]
            editor.keep_whole(whole, stretch)
        self.functions.set_column_widths({1: 72})
        self.waves.set_column_widths({5: 160})
        self.years_model = YearTableModel(self.number_locale(), self)
        self.years = QTableView(self)
        self.years.setObjectName("yearTable")
        self.years.setAccessibleName("The business case year by year")
        self.years.setModel(self.years_model)
        self.years.verticalHeader().hide()
        self.years.setAlternatingRowColors(True)
        years_header = self.years.horizontalHeader()
        years_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        years_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.figures = Figures(self)
        self.years_page = years_page = QWidget(self)
        years_layout = QVBoxLayout(years_page)
        years_layout.setContentsMargins(0, 4, 0, 0)
        years_layout.addWidget(self.years, 1)
        years_layout.addWidget(self.figures.convention)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("businessCaseTabs")
        for editor, title in ((self.functions, "Functions"), (self.returns, "Payback"),
                              (self.assignments, "Vendor prices"), (self.waves, "Transition"),
                              (self.roles, "Retained roles"), (years_page, "Year by year")):
            self.tabs.addTab(editor, title)

        self.chart = CashFlowChart(self)
        results = QWidget(self)
        results_layout = QHBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.figures, 5)
        results_layout.addWidget(self.chart, 3)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("businessCaseSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tabs)
        splitter.addWidget(results)
        splitter.setSizes([300, 210])
        self.body.addLayout(settings)
        self.body.addWidget(self.figures.notes)
        self.body.addWidget(self.figures.left_out)
        self.body.addWidget(splitter, 1)

        session.changed.connect(self._on_changed)
        self._refresh()
        self.finish()

    def number_locale(self) -> str:
        return numbers.number_locale(self.session.workshop.details.number_format)

    def _edit_detail(self, name: str, value: Any) -> None:
        current = getattr(self.session.workshop.details, name)
        if current == value and type(current) is type(value):
            return
        try:
            problem = self.session.execute(EditDetails(name, value))
        except ValidationError as error:
            problem = str(error)
        if problem:
            self.show_problem(problem)
            self._show_settings()

    def _show_settings(self) -> None:
        details = self.session.workshop.details
        locale = self.number_locale()
        self.horizon.show_value(plural(details.horizon_years, "year"))
        for field, fraction in ((self.rate, details.discount_rate),
                                (self.vendor_index, details.vendor_indexation),
                                (self.inhouse_index, details.inhouse_indexation)):
            field.show_value(f"{numbers.show(Decimal(repr(fraction)) * 100, locale)} %")
        default = bc.start_month(dataclasses.replace(self.session.workshop,
                                                     details=dataclasses.replace(
                                                         details, case_start=None)))
        self.start.show_value(bc.month_name(details.case_start) if details.case_start else "")
        self.start.line.setPlaceholderText(bc.month_name(default) if default else "YYYY-MM")
        self.start.line.setToolTip(
            "The business case's first month, typed as 2027-04 or 04/2027; empty for "
            + (f"the default, {bc.month_name(default)}: the first wave's start, else the "
               "workshop date" if default else "the first wave's start, else the workshop "
                                                "date (neither is set yet)"))
        if not self.currency.hasFocus():
            self.currency.setText(details.currency)
        self.currency.setToolTip(numbers.currency_label(details.currency, locale))
        self._fill_number_formats(details.number_format)

    def _fill_number_formats(self, current: str) -> None:
        laptop = numbers.laptop_locale()
        choices = [("", f"{numbers.format_sample(laptop)} laptop",
                    f"This laptop's: {numbers.format_name(laptop)}")]
        codes = [*NUMBER_FORMATS, *([current] if current and current not in NUMBER_FORMATS
                                    else [])]
        choices += [(code, f"{numbers.format_sample(code)} {code}", numbers.format_name(code))
                    for code in codes]
        self.number_format.blockSignals(True)
        self.number_format.clear()
        for code, label, name in choices:  # the sample first: it is the format
            self.number_format.addItem(label, code)
            self.number_format.setItemData(self.number_format.count() - 1, name,
                                           Qt.ItemDataRole.ToolTipRole)
        self.number_format.setCurrentIndex(max(0, self.number_format.findData(current)))
        self.number_format.blockSignals(False)

    def _on_changed(self, change: Change) -> None:
        if change.touches(*FIGURE_SECTIONS):
            self._refresh()

    def _refresh(self) -> None:
        ws = self.session.workshop
        case = bc.business_case(ws)
        locale = self.number_locale()
        self.figures.show_case(case, locale)
        self.chart.set_outcome(case.changing if case.has_figures else None, case.currency)
        self.years_model.show_case(case, locale)
        self.one_off_note.setText(self._one_off_text(case))
        self.no_waves.setVisible(not ws.waves)
        self._show_settings()

    @staticmethod
    def _one_off_text(case: bc.BusinessCase) -> str:
        """Why the functions' one-off column need not add up to the plan's one-off."""
        carried = sum((row.one_off for row in case.counted), Decimal(0))
        total = case.money(case.plan.one_off)
        if not case.unallocated_one_off:
            return f"The functions' shares add up to the plan's one-off of {total}."
        return (f"One-off: {case.money(carried)} shared by the functions in the totals, plus "
                f"{case.money(case.unallocated_one_off)} of waves without functions or of "
                f"functions not in the totals: {total} in all.")

    def reveal(self, section: str, key: Any) -> bool:
        tab = {"functions": self.functions, "assignments": self.assignments,
               "waves": self.waves, "roles": self.roles}.get(section)
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
        if section == DETAILS:  # a finding about the whole plan
            self.horizon.line.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().reveal(section, key)

