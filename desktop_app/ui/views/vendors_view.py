"""The stage Vendors: skills & capacity, where the article's first failure mode
(a vendor without the skills or the capacity) is prevented.

Four steps, left to right as the method runs them: agree the weighted
criteria (then lock them, minuted as a decision), list the vendors, score them
with evidence (totals, ranks, knock-outs and the close-call check follow every
keystroke), and assign them to the outsourced functions with each vendor's
FTE demand drawn against its capacity.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import derived
from desktop_app.domain.commands import (
    DETAILS,
    AddItem,
    Change,
    agree_criteria,
    reopen_criteria,
)
from desktop_app.domain.model import Assignment, Criterion, Stage, Vendor, Workshop
from desktop_app.domain.stages import stage_facts, stage_ref
from desktop_app.domain.validation import ValidationError
from desktop_app.domain.wording import plural
from desktop_app.ui.delegates import FieldDelegate
from desktop_app.ui.icons import icon, set_themed_icon
from desktop_app.ui.labels import enum_label
from desktop_app.ui.models.section_model import Column
from desktop_app.ui.session import Session
from desktop_app.ui.views.scoring_grid import ScoringPanel, agreed_phrase
from desktop_app.ui.views.section_editor import SectionEditor
from desktop_app.ui.views.stage_page import StagePage
from desktop_app.ui.widgets.capacity_bars import CapacityBars

Index = QModelIndex | QPersistentModelIndex

NO_MINIMUM = -1  # the knock-out spin box's "none"
ASSIGNMENTS_TAB = 3

# The method's usual criteria, offered in turn when the room adds one.
SUGGESTED_CRITERIA = (
    "Skills", "Capacity", "Domain experience", "Cost", "Cultural fit",
    "Location / time zone", "Financial stability", "References",
)


def now() -> datetime:
    """The moment the room agrees (tests replace it)."""
    return datetime.now(UTC).replace(microsecond=0)


def new_criterion(ws: Workshop) -> Criterion:
    """The next of the method's usual criteria the workshop does not have yet."""
    names = " ".join(c.name.casefold() for c in ws.criteria)
    name = next((s for s in SUGGESTED_CRITERIA if s.split()[0].casefold() not in names),
                "New criterion")
    return Criterion(id=ws.new_id("criteria"), name=name, weight=10)


def new_vendor(ws: Workshop) -> Vendor:
    return Vendor(id=ws.new_id("vendors"), name="New vendor")


def new_assignment(ws: Workshop) -> Assignment | str:
    """The first outsourced or hybrid function without a vendor, given to the
    leading vendor; or why no assignment can be proposed."""
    outsourced = [f for f in ws.functions if f.is_outsourced]
    if not outsourced:
        return ("No function is outsourced or hybrid yet: decide the sourcing of the functions "
                f"in {stage_ref(Stage.FUNCTIONS)} first.")
    if not ws.vendors:
        return "Add the vendors first (step 2, Vendors)."
    ranked = [r.vendor_id for r in derived.vendor_results(ws)]
    assigned = {a.function for a in ws.assignments}
    taken = {a.key for a in ws.assignments}
    candidates = [f for f in outsourced if f.id not in assigned] + \
                 [f for f in outsourced if f.id in assigned]
    for function in candidates:
        for vendor in ranked:
            if (function.id, vendor) not in taken:
                return Assignment(function=function.id, vendor=vendor, fte_required=0)
    return "Every outsourced or hybrid function already has every vendor assigned."


def _share(ws: Workshop, criterion: Criterion) -> str:
    return f"{derived.weight_shares(ws).get(criterion.id, 0.0):.0f} %"


def _vendor_standing(ws: Workshop, assignment: Assignment) -> str:
    for result in derived.vendor_results(ws):
        if result.vendor_id == assignment.vendor:
            standing = "knocked out" if result.knocked_out else f"rank {result.rank}"
            return f"{result.weighted_total:.2f} · {standing}"
    return ""


def _vendor_demand(ws: Workshop, vendor: Vendor) -> str:
    for cap in derived.vendor_capacity(ws):
        if cap.vendor_id == vendor.id:
            return f"{cap.demand:g}" + (" — over" if cap.over else "")
    return ""


CRITERIA_COLUMNS = [
    Column("name", "Criterion"),
    Column("weight", "Weight (0-100)", "int",
           tooltip="How much this criterion counts; the share is its part of all weights"),
    Column("share", "Share", "computed", compute=_share, numeric=True,
           tooltip="The weight as a share of 100, whatever the weights add up to"),
    Column("knockout_min", "Knock-out minimum", "int",
           tooltip="0-5, or none: a vendor scoring below it is knocked out"),
]
VENDOR_COLUMNS = [
    Column("name", "Vendor"),
    Column("location", "Location"),
    Column("available_fte", "Available FTE", "float",
           tooltip="How many FTE the vendor can staff for us"),
    Column("demand", "FTE asked", "computed", compute=_vendor_demand, numeric=True,
           tooltip="FTE the functions assigned to it need (step 4)"),
    Column("notes", "Notes"),
]
ASSIGNMENT_COLUMNS = [
    Column("function", "Function", "ref", ref="functions",
           tooltip="Only outsourced and hybrid functions are offered"),
    Column("vendor", "Vendor", "ref", ref="vendors"),
    Column("fte_required", "FTE required", "float",
           tooltip="FTE the vendor must staff for this function"),
    Column("standing", "Vendor score", "computed", compute=_vendor_standing,
           tooltip="Weighted total (0-5) and rank from step 3"),
]


class CriteriaDelegate(FieldDelegate):
    """The knock-out minimum is 0-5 or none: a spin box whose lowest step is "none"."""

    def _is_minimum(self, index: Index) -> bool:
        return self._column(index).field == "knockout_min"

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        if not self._is_minimum(index):
            return super().createEditor(parent, option, index)
        spin = QSpinBox(parent)
        spin.setRange(NO_MINIMUM, 5)
        spin.setSpecialValueText("none")
        spin.setAccessibleName("Knock-out minimum (0-5, or none)")
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if self._is_minimum(index) and isinstance(editor, QSpinBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setValue(NO_MINIMUM if value in (None, "") else int(value))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if self._is_minimum(index) and isinstance(editor, QSpinBox):
            editor.interpretText()
            value = editor.value()
            model.setData(index, "" if value == NO_MINIMUM else value, Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class CriteriaEditor(SectionEditor):
    """The criteria table, read-only (and saying why) once the room agreed them."""

    locked_reason = ""  # why editing is refused; "" while the criteria are open

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "criteria", "Criteria and weights", CRITERIA_COLUMNS,
                         new_criterion, "criterion", parent)
        self.view.setItemDelegate(CriteriaDelegate(session, "criteria", CRITERIA_COLUMNS,
                                                   self.view))
        self.view.viewport().installEventFilter(self)

    def set_locked(self, reason: str) -> None:
        """Lock with `reason` shown on every attempt to edit; "" unlocks."""
        self.locked_reason = reason
        self.model.editable = not reason
        self.view.viewport().update()
        self._update_actions()

    def _update_actions(self) -> None:
        super()._update_actions()
        if self.locked_reason:
            for action in (self.add_action, self.remove_action, self.up_action,
                           self.down_action):
                action.setEnabled(False)

    def _refuse(self) -> bool:
        if self.locked_reason:
            self.show_problem(self.locked_reason)
            return True
        return False

    def add_row(self) -> None:
        if not self._refuse():
            super().add_row()

    def remove_row(self) -> None:
        if not self._refuse():
            super().remove_row()

    def move_row(self, step: int) -> None:
        if not self._refuse():
            super().move_row(step)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.locked_reason and not self.session.read_only:
            if watched is self.view.viewport() and \
                    event.type() == QEvent.Type.MouseButtonDblClick:
                return self._refuse()
            if watched is self.view and event.type() == QEvent.Type.KeyPress:
                typing = bool(event.text().strip()) and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
                if typing or event.key() in (Qt.Key.Key_F2, Qt.Key.Key_Delete,
                                             Qt.Key.Key_Insert, Qt.Key.Key_Backspace):
                    return self._refuse()
        return super().eventFilter(watched, event)


class AssignmentDelegate(FieldDelegate):
    """Offers only outsourced and hybrid functions (and the row's own, if it
    was retained since)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if self._column(index).field != "function":
            return editor
        current = index.data(Qt.ItemDataRole.EditRole)
        editor.clear()  # type: ignore[attr-defined]
        for function in self.session.workshop.functions:
            if function.is_outsourced:
                editor.addItem(function.label, function.id)  # type: ignore[attr-defined]
            elif function.id == current:
                editor.addItem(f"{function.label} ({enum_label(function.sourcing).lower()})",
                               function.id)  # type: ignore[attr-defined]
        return editor


class AssignmentsEditor(SectionEditor):
    """Proposes the next function to assign, or says why there is none."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "assignments", "Assignments",
                         ASSIGNMENT_COLUMNS, self._proposal, "assignment", parent)
        self.view.setItemDelegate(AssignmentDelegate(session, "assignments",
                                                     ASSIGNMENT_COLUMNS, self.view))

    @staticmethod
    def _proposal(ws: Workshop) -> Assignment:
        proposal = new_assignment(ws)
        if isinstance(proposal, str):
            raise ValidationError(proposal)
        return proposal

    def add_row(self) -> None:
        """Add the proposal after the current row, then edit its FTE: the function
        and the vendor are proposed, the FTE is what the room must name."""
        if self.session.read_only:
            return
        proposal = new_assignment(self.session.workshop)
        if isinstance(proposal, str):
            self.show_problem(proposal)
            return
        row = self.current_row()
        problem = self.session.execute(
            AddItem(self.section, proposal, row + 1 if row >= 0 else None))
        if problem:
            self.show_problem(problem)
            return
        self.view.setFocus()
        added = self.model.row_of(proposal.key)
        self.select_row(added)
        fte_column = [c.field for c in self.model.columns].index("fte_required")
        index = self.proxy.mapFromSource(self.model.index(added, fte_column))
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def reveal_vendor(self, vendor_id: str) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.item_at(row).vendor == vendor_id:
                return self.reveal(self.model.item_at(row).key)
        vendor = self.session.workshop.find("vendors", vendor_id)
        name = vendor.label if vendor is not None else vendor_id
        self.show_problem(f"No function is assigned to {name} yet.")
        return False


class AgreementBar(QFrame):
    """"Criteria agreed" locks the criteria for scoring and minutes it;
    "Reopen criteria" (after a confirmation) unlocks them."""

    def __init__(self, session: Session, page: VendorsView, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.page = session, page
        self.setObjectName("notice")
        self.icon_label = QLabel(self)
        self.label = QLabel(self)
        self.label.setObjectName("agreementStatus")
        self.label.setWordWrap(True)
        self.agree_button = QPushButton("Criteria agreed", self)
        self.agree_button.setObjectName("primary")
        self.agree_button.setAccessibleName("Criteria agreed: lock the criteria for scoring")
        self.agree_button.setToolTip("The room agrees the criteria, weights and knock-out "
                                     "minimums: they are locked and minuted as a decision")
        self.agree_button.clicked.connect(self.agree)
        self.reopen_button = QPushButton("Reopen criteria", self)
        self.reopen_button.setAccessibleName("Reopen the criteria to change them")
        set_themed_icon(self.reopen_button, "mdi6.lock-open-variant-outline")
        self.reopen_button.clicked.connect(self.reopen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.agree_button)
        layout.addWidget(self.reopen_button)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            QTimer.singleShot(0, self, self.refresh)  # icons in the new theme

    @property
    def agreed_at(self) -> datetime | None:
        return self.session.workshop.details.criteria_agreed_at

    def refresh(self) -> None:
        agreed = self.agreed_at
        writable = not self.session.read_only
        if agreed is None:
            self.icon_label.setPixmap(icon("mdi6.account-group-outline").pixmap(22, 22))
            self.label.setText("Not agreed yet. Agree the criteria, weights and knock-out "
                               "minimums with the room before anyone scores.")
        else:
            self.icon_label.setPixmap(icon("read_only").pixmap(22, 22))
            scored = self.session.workshop.details.scores_when_agreed
            self.label.setText(f"Agreed {agreed_phrase(agreed, scored)} — reopen to change.")
        self.agree_button.setVisible(agreed is None)
        self.reopen_button.setVisible(agreed is not None)
        self.agree_button.setEnabled(writable)
        self.reopen_button.setEnabled(writable)

    def agree(self) -> None:
        try:
            command = agree_criteria(self.session.workshop, now())
        except ValidationError as error:
            self.page.criteria.show_problem(str(error))
            return
        problem = self.session.execute(command)
        if problem:
            self.page.criteria.show_problem(problem)

    def reopen(self) -> None:
        agreed = self.agreed_at
        if agreed is None:
            return
        answer = QMessageBox.question(
            self, "Reopen the criteria?",
            f"The room agreed these criteria and weights {agreed_phrase(agreed)}, and scores "
            "given since were made against them.\n\nReopen them to change them? The earlier "
            "agreement stays in the decisions; agree again when the room is done.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        problem = self.session.execute(reopen_criteria())
        if problem:
            self.page.criteria.show_problem(problem)


class VendorsView(StagePage):
    TAB_TITLES = ("&1 Criteria", "&2 Vendors", "&3 Scores", "&4 Assignments")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, Stage.VENDORS, parent)
        self.facts = QLabel(self)
        self.facts.setObjectName("muted")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("vendorsTabs")
        self.tabs.setAccessibleName("Vendor steps")

        # 1 criteria
        criteria_page = QWidget(self)
        self.agreement = AgreementBar(session, self, criteria_page)
        self.criteria = self.add_editor(CriteriaEditor(session, criteria_page))
        self.weights_label = QLabel(criteria_page)
        self.weights_label.setObjectName("muted")
        self.weights_label.setWordWrap(True)
        criteria_layout = QVBoxLayout(criteria_page)
        criteria_layout.addWidget(self.agreement)
        criteria_layout.addWidget(self.criteria, 1)
        criteria_layout.addWidget(self.weights_label)
        criteria_header = self.criteria.view.horizontalHeader()
        criteria_header.setStretchLastSection(False)
        criteria_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.criteria.set_column_widths({1: 130, 2: 80, 3: 160})

        # 2 vendors
        vendors_page = QWidget(self)
        self.vendors = self.add_editor(SectionEditor(
            session, "vendors", "Vendors", VENDOR_COLUMNS, new_vendor, "vendor", vendors_page,
            sortable=True))
        self.vendors_label = QLabel(vendors_page)
        self.vendors_label.setObjectName("muted")
        vendors_layout = QVBoxLayout(vendors_page)
        vendors_layout.addWidget(self.vendors, 1)
        vendors_layout.addWidget(self.vendors_label)
        vendors_layout.addWidget(self.facts)
        self.vendors.set_column_widths(dict(enumerate((210, 150, 105, 95))))

        # 3 scores
        self.scoring = ScoringPanel(session, self)
        self.scoring.criteria_requested.connect(lambda: self.tabs.setCurrentIndex(0))
        scores_page = QWidget(self)
        scores_layout = QVBoxLayout(scores_page)
        scores_layout.addWidget(self.scoring)

        # 4 assignments and capacity
        self.assignments = self.add_editor(AssignmentsEditor(session, self))
        self.assignment_hint = QLabel(self)
        self.assignment_hint.setObjectName("assignmentHint")
        self.assignment_hint.setWordWrap(True)
        self.capacity = CapacityBars(session, self)
        self.capacity.vendor_clicked.connect(self.assignments.reveal_vendor)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 4)
        top_layout.addWidget(self.assignments, 1)
        top_layout.addWidget(self.assignment_hint)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        capacity_title = QLabel("FTE asked against capacity", bottom)
        capacity_title.setObjectName("sectionTitle")
        legend = QLabel("Bar: FTE asked · line: FTE available · click a bar for its "
                        "assignments", bottom)
        legend.setObjectName("muted")
        legend.setWordWrap(True)
        bottom_layout.addWidget(capacity_title)
        bottom_layout.addWidget(self.capacity)
        bottom_layout.addWidget(legend)
        bottom_layout.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.assignments.set_column_widths(dict(enumerate((200, 200, 110))))

        for page, title in zip((criteria_page, vendors_page, scores_page, self.splitter),
                               self.TAB_TITLES, strict=True):
            self.tabs.addTab(page, title)
        self.body.addWidget(self.tabs, 1)
        session.changed.connect(self._on_changed)
        self._refresh()

    # -- health-check jumps --------------------------------------------------------

    def reveal(self, section: str, key: Any) -> bool:
        if section == "functions":
            return self._reveal_function(key)
        tab = {"criteria": 0, "vendors": 1, "scores": 2, "assignments": 3}.get(section)
        if tab is None:
            return False
        self.tabs.setCurrentIndex(tab)
        if section == "scores":
            return self.scoring.reveal(key)
        return super().reveal(section, key)

    def _reveal_function(self, function_id: Any) -> bool:
        """A vendor-skills finding about an outsourced function: show who takes
        it (or that nobody does yet), which is what the room fixes here."""
        function = self.session.workshop.find("functions", function_id)
        if function is None or not function.is_outsourced:  # type: ignore[attr-defined]
            return False
        self.tabs.setCurrentIndex(ASSIGNMENTS_TAB)
        for assignment in self.session.workshop.assignments:
            if assignment.function == function_id:
                return self.assignments.reveal(assignment.key)
        self.assignments.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.assignments.show_problem(
            f"“{function.label}” has no vendor yet: press Insert to assign one.")
        return True

    # -- following the session -------------------------------------------------------

    def _on_changed(self, change: Change) -> None:
        if change.touches(DETAILS, "criteria", "vendors", "scores", "assignments",
                          "functions"):
            self._refresh()

    def _refresh(self) -> None:
        ws = self.session.workshop
        self.facts.setText(" · ".join(stage_facts(ws, Stage.VENDORS)))
        agreed = ws.details.criteria_agreed_at
        self.agreement.refresh()
        self.criteria.set_locked(
            "" if agreed is None else
            f"The criteria were agreed {agreed_phrase(agreed, ws.details.scores_when_agreed)} "
            "and are locked for scoring: "
            "press “Reopen criteria” to change them.")
        self._refresh_weights(ws)
        total_fte = sum(v.available_fte for v in ws.vendors)
        self.vendors_label.setText(
            f"{plural(len(ws.vendors), 'vendor')} · {total_fte:g} FTE available in total"
            if ws.vendors else "No vendors yet: press Insert to add one.")
        self._refresh_assignment_hint(ws)
        over = [c for c in derived.vendor_capacity(ws) if c.over]
        scored = len(ws.scores)
        cells = len(ws.vendors) * len(ws.criteria)
        titles = (
            f"{self.TAB_TITLES[0]} ({len(ws.criteria)})" + (" ✓ agreed" if agreed else ""),
            f"{self.TAB_TITLES[1]} ({len(ws.vendors)})",
            f"{self.TAB_TITLES[2]} ({scored} of {cells})",
            f"{self.TAB_TITLES[3]} ({len(ws.assignments)})"
            + (" ⚠ over capacity" if over else " · capacity"),
        )
        for position, title in enumerate(titles):
            self.tabs.setTabText(position, title)

    def _refresh_weights(self, ws: Workshop) -> None:
        total = sum(c.weight for c in ws.criteria)
        if not ws.criteria:
            text = "No criteria yet: press Insert to add the first (skills, capacity, …)."
        elif total == 0:
            text = "All weights are 0: give the criteria weights so the scores can add up."
        elif total == 100:
            text = "The weights add up to 100: each weight is its share."
        else:
            text = (f"The weights add up to {total}; the shares scale them to 100 "
                    "(no need to make them add up).")
        minimums = [c for c in ws.criteria if c.knockout_min is not None]
        if minimums:
            text += " Knock-out minimums: " + ", ".join(
                f"{c.name} ≥ {c.knockout_min}" for c in minimums) + "."
        self.weights_label.setText(text)

    def _refresh_assignment_hint(self, ws: Workshop) -> None:
        outsourced = [f for f in ws.functions if f.is_outsourced]
        assigned = {a.function for a in ws.assignments}
        missing = [f.label for f in outsourced if f.id not in assigned]
        if not outsourced:
            text = ("No function is outsourced or hybrid yet: decide the sourcing in "
                    f"{stage_ref(Stage.FUNCTIONS)}, then assign vendors here.")
        elif missing:
            text = "Outsourced or hybrid, without a vendor yet: " + ", ".join(missing) + "."
        else:
            text = f"All {len(outsourced)} outsourced or hybrid functions have a vendor."
        functions = {f.id: f for f in ws.functions}
        stale = sorted({functions[a.function].label for a in ws.assignments
                        if a.function in functions and not functions[a.function].is_outsourced})
        if stale:
            text += " Assigned but no longer outsourced: " + ", ".join(stale) + "."
        self.assignment_hint.setText(text)
