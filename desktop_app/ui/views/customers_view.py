"""The stage Customers & one team: the customers of each customer-facing
function, and for the selected one the people who serve it on both sides.

The article's "black box" is a customer whose relationship nobody in-house
owns; "not one team" is outsourced staff who do not know the people already
serving that customer. The one-team panel says plainly which of them is missing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.commands import Change
from desktop_app.domain.model import Customer, Function, Raci, Sourcing, Stage, Workshop
from desktop_app.domain.stages import stage_facts, stage_ref
from desktop_app.ui.labels import enum_label
from desktop_app.ui.models.section_model import Column
from desktop_app.ui.session import Session
from desktop_app.ui.views.section_editor import SectionEditor
from desktop_app.ui.views.stage_page import StagePage

ALL_FUNCTIONS = "All customer-facing functions"
NO_CUSTOMER_FACING = (
    "No function is customer-facing yet: tick “Customer-facing” for a function in "
    f"{stage_ref(Stage.FUNCTIONS)}, then add its customers here."
)
WIDE_LAYOUT = 900  # page width from which the one-team panel sits beside the table
RACI_ORDER = [Raci.ACCOUNTABLE, Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED]

CUSTOMER_COLUMNS = [
    Column("name", "Customer"),
    Column("function", "Function", "ref", ref="functions",
           tooltip="The customer-facing function that serves this customer"),
    Column("internal_owner", "In-house owner",
           tooltip="Who in-house owns the relationship (without one it is a black box)"),
    Column("sales_rep", "Sales rep"),
    Column("outsourced_supporter", "Outsourced supporter",
           tooltip="The named person at the vendor who supports this customer"),
    Column("offshore_team", "Offshore team",
           tooltip="The offshore team already working on this customer"),
    Column("escalation", "Escalation", tooltip="Who a problem goes to, in order"),
]


class CustomersEditor(SectionEditor):
    """The customers table; adding needs a customer-facing function to attach to."""

    def __init__(self, session: Session, function_for_new: Callable[[], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(session, "customers", "Customers", CUSTOMER_COLUMNS,
                         self._new_customer, "customer", parent, sortable=True)
        self.function_for_new = function_for_new

    def _new_customer(self, workshop: Workshop) -> Customer:
        function_id = self.function_for_new()
        assert function_id is not None  # add_row checked
        return Customer(id=workshop.new_id("customers"), name="New customer",
                        function=function_id)

    def add_row(self) -> None:
        if self.session.read_only:
            return
        if self.function_for_new() is None:
            self.show_problem(NO_CUSTOMER_FACING)
            return
        super().add_row()


class Field(QLabel):
    """One value of the one-team panel, after its caption; a missing value says
    what is missing, and the whole line is muted."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.missing = False
        self.value = ""
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def show_value(self, value: str, missing_message: str) -> None:
        self.missing = not value.strip()
        self.value = missing_message if self.missing else value.strip()
        body = html.escape(self.value).replace("\n", "<br>")
        self.setText(f"<b>{html.escape(self.caption)}:</b> {body}")
        self.setAccessibleName(f"{self.caption}: {self.value}")
        name = "muted" if self.missing else ""
        if self.objectName() != name:
            self.setObjectName(name)
            self.style().unpolish(self)
            self.style().polish(self)


class OneTeamPanel(QWidget):
    """Who serves one customer: the in-house side and the outsourced side."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.customer_id: str | None = None
        self.setObjectName("oneTeamPanel")
        self.setAccessibleName("One team for the selected customer")
        self.heading = QLabel(self)
        self.heading.setObjectName("facts")
        self.heading.setWordWrap(True)
        self.placeholder = QLabel(
            "Select a customer to see the people who serve it on both sides.", self)
        self.placeholder.setObjectName("muted")
        self.placeholder.setWordWrap(True)

        self.owner = Field("Relationship owner", self)
        self.sales_rep = Field("Sales rep", self)
        self.roles = Field("Retained roles", self)
        self.vendors = Field("Vendor", self)
        self.supporter = Field("Named supporter", self)
        self.offshore = Field("Offshore team", self)
        self.escalation = Field("Escalation path", self)

        self.in_house = self._side("In-house", [self.owner, self.sales_rep, self.roles])
        self.outsourced = self._side("Outsourced", [self.vendors, self.supporter, self.offshore])
        self.sides = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.sides.setSpacing(12)
        self.sides.addWidget(self.in_house, 1)
        self.sides.addWidget(self.outsourced, 1)
        self.details = QWidget(self)
        details_box = QVBoxLayout(self.details)
        details_box.setContentsMargins(0, 0, 0, 0)
        details_box.addLayout(self.sides)
        details_box.addWidget(self.escalation)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.details)
        layout.addStretch(1)
        session.changed.connect(self._on_changed)
        self.show_customer(None)

    def _side(self, title: str, fields: list[Field]) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setAccessibleName(f"{title} side")
        column = QVBoxLayout(box)
        column.setSpacing(6)
        for field in fields:
            column.addWidget(field)
        column.addStretch(1)
        return box

    def set_stacked(self, stacked: bool) -> None:
        """Sides one above the other (a narrow panel) or side by side."""
        self.sides.setDirection(QBoxLayout.Direction.TopToBottom if stacked
                                else QBoxLayout.Direction.LeftToRight)

    def _on_changed(self, change: Change) -> None:
        if change.touches("customers", "functions", "roles", "assignments", "vendors"):
            self.show_customer(self.customer_id)

    def show_customer(self, customer_id: str | None) -> None:
        ws = self.session.workshop
        customer = ws.find("customers", customer_id) if customer_id else None
        assert customer is None or isinstance(customer, Customer)
        self.customer_id = customer.id if customer else None
        self.details.setVisible(customer is not None)
        self.placeholder.setVisible(customer is None)
        if customer is None:
            self.heading.setText("One team")
            return
        function = ws.find("functions", customer.function)
        assert function is None or isinstance(function, Function)
        function_name = function.label if function else "its function"
        decision = f" ({enum_label(function.sourcing).lower()})" if function else ""
        self.heading.setText(f"One team for {customer.label} · {function_name}{decision}")
        self.owner.show_value(customer.internal_owner,
                              "No in-house owner yet — the relationship is a black box")
        self.sales_rep.show_value(customer.sales_rep, "No sales rep named yet")
        self.roles.show_value(self._roles_text(ws, customer.function),
                              f"No retained roles for {function_name} yet "
                              f"({stage_ref(Stage.GOVERNANCE)})")
        self.vendors.show_value(self._vendors_text(ws, customer.function),
                                self._no_vendor_message(function, function_name))
        self.supporter.show_value(
            customer.outsourced_supporter,
            "No named outsourced supporter yet — who at the vendor knows this customer?")
        self.offshore.show_value(
            customer.offshore_team,
            "No link to the offshore team already working on this customer")
        self.escalation.show_value(customer.escalation, "No escalation path agreed yet")

    @staticmethod
    def _roles_text(ws: Workshop, function_id: str) -> str:
        roles = sorted((r for r in ws.roles if r.function == function_id),
                       key=lambda r: RACI_ORDER.index(r.raci))
        return "\n".join(
            f"{r.person.strip() or 'Nobody named'} — {r.role} ({r.raci.value})" for r in roles)

    @staticmethod
    def _vendors_text(ws: Workshop, function_id: str) -> str:
        lines = []
        for assignment in ws.assignments:
            if assignment.function != function_id:
                continue
            vendor = ws.find("vendors", assignment.vendor)
            if vendor is None:
                continue
            where = f", {vendor.location}" if getattr(vendor, "location", "") else ""
            lines.append(f"{vendor.label}{where} · {assignment.fte_required:g} FTE")
        return "\n".join(lines)

    @staticmethod
    def _no_vendor_message(function: Function | None, name: str) -> str:
        if function is None or function.sourcing == Sourcing.UNDECIDED:
            return f"No sourcing decision for {name} yet"
        if function.sourcing == Sourcing.RETAIN:
            return f"None: {name} is retained in-house"
        return f"No vendor assigned to {name} yet ({stage_ref(Stage.VENDORS)})"

    def missing_fields(self) -> list[str]:
        """Captions of the values shown as missing (what the room still has to name)."""
        fields = (self.owner, self.sales_rep, self.roles, self.vendors, self.supporter,
                  self.offshore, self.escalation)
        return [f.caption for f in fields if f.missing] if self.customer_id else []


class CustomersView(StagePage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, Stage.CUSTOMERS, parent)
        self.facts = QLabel(self)
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.function_combo = QComboBox(self)
        self.function_combo.setObjectName("customerFunctionFilter")
        self.function_combo.setAccessibleName("Show the customers of")
        self.function_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.function_combo.setMinimumContentsLength(24)
        self.function_combo.currentIndexChanged.connect(self._apply_filter)
        caption = QLabel("Show customers &of", self)
        caption.setBuddy(self.function_combo)
        self.count = QLabel(self)
        self.count.setObjectName("muted")
        filters = QHBoxLayout()
        filters.addWidget(caption)
        filters.addWidget(self.function_combo, 1)
        filters.addStretch(1)
        filters.addWidget(self.count)

        self.customers = self.add_editor(
            CustomersEditor(session, self.function_for_new_customer, self))
        self.one_team = OneTeamPanel(session, self)
        panel_scroll = QScrollArea(self)
        panel_scroll.setObjectName("oneTeamScroll")
        panel_scroll.setWidgetResizable(True)
        panel_scroll.setFrameShape(QFrame.Shape.NoFrame)
        panel_scroll.setWidget(self.one_team)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("customersSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.customers)
        self.splitter.addWidget(panel_scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([500, 500])

        self.body.addWidget(self.facts)
        self.body.addLayout(filters)
        self.body.addWidget(self.splitter, 1)
        self.customers.set_column_widths(dict(enumerate((230, 170, 190, 160, 190, 190, 240))))
        self.setTabOrder(self.function_combo, self.customers.view)

        selection = self.customers.view.selectionModel()
        selection.currentChanged.connect(lambda *_args: self._show_current())
        selection.selectionChanged.connect(lambda *_args: self._show_current())
        self.customers.model.modelReset.connect(self._show_current)
        self.customers.proxy.rowsInserted.connect(lambda *_args: self._count())
        self.customers.proxy.rowsRemoved.connect(lambda *_args: self._count())
        self.customers.proxy.modelReset.connect(self._count)
        session.changed.connect(self._on_changed)
        self._fill_functions()
        self._refresh()
        self.customers.select_row(0)

    # -- the function filter -------------------------------------------------------------

    def filter_function(self) -> str | None:
        """The function whose customers are shown, or None for all of them."""
        return self.function_combo.currentData()

    def set_filter_function(self, function_id: str | None) -> None:
        index = self.function_combo.findData(function_id) if function_id else 0
        self.function_combo.setCurrentIndex(max(index, 0))

    def function_for_new_customer(self) -> str | None:
        """The filtered function, else the selected customer's (if it faces
        customers), else the first customer-facing one; None when none does."""
        ws = self.session.workshop
        if self.filter_function() is not None:
            return self.filter_function()
        facing = [f.id for f in ws.functions if f.customer_facing]
        current = self.customers.current_item()
        if isinstance(current, Customer) and current.function in facing:
            return current.function
        return facing[0] if facing else None

    def _fill_functions(self) -> None:
        """Every customer-facing function, and any other that still has customers."""
        ws = self.session.workshop
        wanted = self.filter_function()
        counts: dict[str, int] = {}
        for customer in ws.customers:
            counts[customer.function] = counts.get(customer.function, 0) + 1
        self.function_combo.blockSignals(True)
        self.function_combo.clear()
        self.function_combo.addItem(ALL_FUNCTIONS, None)
        for function in ws.functions:
            if not function.customer_facing and function.id not in counts:
                continue
            text = f"{function.label} ({counts.get(function.id, 0)})"
            if not function.customer_facing:
                text += " — not customer-facing"
            self.function_combo.addItem(text, function.id)
        index = self.function_combo.findData(wanted) if wanted else 0
        self.function_combo.setCurrentIndex(max(index, 0))
        self.function_combo.blockSignals(False)
        if self.filter_function() != wanted:
            self._apply_filter()

    def _apply_filter(self) -> None:
        function_id = self.filter_function()
        self.customers.set_filter(
            None if function_id is None else lambda c: c.function == function_id)
        if self.customers.current_item() is None or (
            function_id is not None and self.customers.current_item().function != function_id
        ):
            self._select_first_visible()
        self._count()
        self._show_current()

    def _select_first_visible(self) -> None:
        if self.customers.proxy.rowCount():
            first = self.customers.proxy.mapToSource(self.customers.proxy.index(0, 0))
            self.customers.select_row(first.row())

    def _count(self) -> None:
        shown = self.customers.proxy.rowCount()
        total = len(self.session.workshop.customers)
        noun = "customer" if total == 1 else "customers"
        self.count.setText(f"{total} {noun}" if shown == total
                           else f"Showing {shown} of {total} {noun}")

    # -- following the session ------------------------------------------------------------

    def reveal(self, section: str, key: Any) -> bool:
        if section == "functions":  # "no customers listed": show that function's list
            function = self.session.workshop.find("functions", key)
            if function is None or not getattr(function, "customer_facing", False):
                return False
            self.set_filter_function(key)
            self.editors["customers"].view.setFocus()
            return True
        if section == "customers":
            customer = self.session.workshop.find("customers", key)
            function_id = self.filter_function()
            if customer is not None and function_id is not None and (
                getattr(customer, "function", None) != function_id
            ):
                self.set_filter_function(None)
        return super().reveal(section, key)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Wide: the panel beside the table, its sides stacked; narrow: below it."""
        wide = event.size().width() >= WIDE_LAYOUT
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            self.one_team.set_stacked(wide)
            total = sum(self.splitter.sizes()) or 1000
            self.splitter.setSizes([total * 3 // 5, total * 2 // 5] if wide
                                   else [total // 2, total // 2])
        super().resizeEvent(event)

    def _show_current(self) -> None:
        item = self.customers.current_item()
        self.one_team.show_customer(item.key if item is not None else None)

    def _on_changed(self, change: Change) -> None:
        if change.touches("functions", "customers"):
            self._fill_functions()
            self._refresh()

    def _refresh(self) -> None:
        ws = self.session.workshop
        self.facts.setText(" · ".join(stage_facts(ws, Stage.CUSTOMERS)))
        self._count()
