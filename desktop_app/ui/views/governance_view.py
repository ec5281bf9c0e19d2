"""The stage Retained team & governance: the roles that stay in-house around
each outsourced or hybrid function (person and RACI letter), and the RACI
matrix of functions against people.

The article's failure mode 7 is "out of sight, out of mind": after
outsourcing, nobody in-house is accountable. The matrix marks every
outsourced or hybrid function without an accountable (A) person."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.commands import Change
from desktop_app.domain.model import Function, Item, Raci, Role, Stage, Workshop
from desktop_app.domain.stages import stage_facts
from desktop_app.ui.labels import choices, enum_label
from desktop_app.ui.models.raci_model import RaciMatrixModel
from desktop_app.ui.models.section_model import Column
from desktop_app.ui.session import Session
from desktop_app.ui.views.section_editor import SectionEditor
from desktop_app.ui.views.stage_page import StagePage

ALL_FUNCTIONS = "__all__"
OTHER_FUNCTIONS = "__other__"

ROLE_COLUMNS = [
    Column("function", "Function", "ref", ref="functions",
           tooltip="The function this role is about"),
    Column("role", "Role", tooltip="The retained role, e.g. service owner, vendor manager"),
    Column("person", "Person", tooltip="Who holds the role in-house"),
    Column("raci", "RACI", "enum", choices(Raci),
           tooltip="Responsible, Accountable (one per outsourced function), Consulted, Informed"),
]


THEME_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


class GovernanceView(StagePage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, Stage.GOVERNANCE, parent)
        self.facts = QLabel(self)
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.roles = self.add_editor(SectionEditor(
            session, "roles", "Retained roles", ROLE_COLUMNS, self._new_role, "role", self,
            sortable=True))
        self.roles.set_column_widths(dict(enumerate((200, 260, 190, 140))))

        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("roleFunctionFilter")
        self.filter_combo.setAccessibleName("Show the roles of")
        self.filter_combo.setMinimumContentsLength(22)
        self.filter_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter_combo.currentIndexChanged.connect(self._apply_filter)
        caption = QLabel("&Show", self)
        caption.setBuddy(self.filter_combo)
        self.roles.bar.insertWidget(1, caption)
        self.roles.bar.insertWidget(2, self.filter_combo)

        self.matrix_model = RaciMatrixModel(session, self)
        self.matrix = QTableView(self)
        self.matrix.setObjectName("raciMatrix")
        self.matrix.setAccessibleName("RACI matrix: functions against people")
        self.matrix.setModel(self.matrix_model)
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.setWordWrap(True)
        # Widths come from the header (people's names): cells hold at most "R, A".
        # Sizing to contents would measure every cell, again on every change.
        self.matrix.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)
        self.matrix.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.matrix.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.matrix.doubleClicked.connect(self.show_cell_role)
        self.matrix.activated.connect(self.show_cell_role)
        self.matrix_model.modelReset.connect(self._fit_matrix)
        matrix_title = QLabel("RACI matrix", self)
        matrix_title.setObjectName("sectionTitle")
        matrix_hint = QLabel(
            "Outsourced and hybrid functions first. A red row has no one in-house accountable "
            "(A). Double-click a cell to edit its role.", self)
        matrix_hint.setObjectName("muted")
        matrix_hint.setWordWrap(True)
        matrix_box = QWidget(self)
        matrix_layout = QVBoxLayout(matrix_box)
        matrix_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(matrix_title)
        title_row.addStretch(1)
        matrix_layout.addLayout(title_row)
        matrix_layout.addWidget(self.matrix, 1)
        matrix_layout.addWidget(matrix_hint)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("governanceSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.roles)
        splitter.addWidget(matrix_box)
        splitter.setSizes([260, 240])
        self.body.addWidget(self.facts)
        self.body.addWidget(splitter, 1)
        self.setTabOrder(self.filter_combo, self.roles.view)
        self.setTabOrder(self.roles.view, self.matrix)

        session.changed.connect(self._on_changed)
        self._fill_filter()
        self._refresh()
        self._fit_matrix()

    # -- the function filter -------------------------------------------------------------

    def _fill_filter(self) -> None:
        ws = self.session.workshop
        current = self.filter_combo.currentData() or ALL_FUNCTIONS
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem("All functions", ALL_FUNCTIONS)
        for function in ws.functions:
            if function.is_outsourced:
                self.filter_combo.addItem(
                    f"{function.label} ({enum_label(function.sourcing).lower()})", function.id)
        self.filter_combo.addItem("Other functions (retained or undecided)", OTHER_FUNCTIONS)
        position = self.filter_combo.findData(current)
        self.filter_combo.setCurrentIndex(max(position, 0))
        self.filter_combo.blockSignals(False)
        if position < 0:
            self._apply_filter()

    def filtered_function(self) -> str | None:
        """The function id the roles are filtered to, if one."""
        value = self.filter_combo.currentData()
        return None if value in (None, ALL_FUNCTIONS, OTHER_FUNCTIONS) else value

    def set_function_filter(self, value: str) -> None:
        """Show the roles of one function (its id), ALL_FUNCTIONS or OTHER_FUNCTIONS."""
        position = self.filter_combo.findData(value)
        if position >= 0:
            self.filter_combo.setCurrentIndex(position)

    def _apply_filter(self) -> None:
        value = self.filter_combo.currentData()
        ws = self.session.workshop
        if value in (None, ALL_FUNCTIONS):
            self.roles.set_filter(None)
        elif value == OTHER_FUNCTIONS:
            sourced = {f.id for f in ws.functions if f.is_outsourced}
            self.roles.set_filter(lambda item: getattr(item, "function", None) not in sourced)
        else:
            self.roles.set_filter(lambda item: getattr(item, "function", None) == value)

    def _new_role(self, workshop: Workshop) -> Role:
        function = self.filtered_function()
        if function is None:
            sourced = [f.id for f in workshop.functions if f.is_outsourced]
            others = [f.id for f in workshop.functions]
            if self.filter_combo.currentData() == OTHER_FUNCTIONS:
                retained = [f for f in others if f not in sourced]
                function = (retained or sourced or [""])[0]
            else:
                function = (sourced or others or [""])[0]
        return Role(id=workshop.new_id("roles"), function=function, role="New role")

    # -- the matrix ----------------------------------------------------------------------

    def show_cell_role(self, index: QModelIndex) -> None:
        """Select the role behind a matrix cell; again on the same cell: the next one."""
        roles = self.matrix_model.roles_at(index.row(), index.column())
        if not roles:
            return
        current = self.roles.current_item()
        keys = [r.id for r in roles]
        at = keys.index(current.key) + 1 if current is not None and current.key in keys else 0
        self.reveal("roles", keys[at % len(keys)])

    def reveal(self, section: str, key: Any) -> bool:
        if section == "functions":  # "no accountable owner": that function's roles and row
            function = self.session.workshop.find("functions", key)
            if not isinstance(function, Function) or not function.is_outsourced:
                return False
            self.set_function_filter(function.id)
            for row in range(self.matrix_model.rowCount()):
                first = self.matrix_model.index(row, 0)
                if first.isValid() and self.matrix_model.function_at(row).id == function.id:
                    self.matrix.selectionModel().setCurrentIndex(
                        first, QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows)
                    self.matrix.scrollTo(first)
            if self.roles.proxy.rowCount():
                self.roles.select_row(self.roles.proxy.mapToSource(
                    self.roles.proxy.index(0, 0)).row())
            self.roles.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if section == "roles":
            row = self.roles.model.row_of(key)
            if row >= 0 and not self._shown(self.roles.model.item_at(row)):
                self.set_function_filter(ALL_FUNCTIONS)
        return super().reveal(section, key)

    def _shown(self, item: Item) -> bool:
        accept = self.roles.proxy.accept
        return accept is None or accept(item)

    def _fit_matrix(self) -> None:
        header = self.matrix.horizontalHeader()
        for column in range(self.matrix_model.columnCount()):
            self.matrix.setColumnWidth(column, max(header.sectionSizeHint(column), 56))
        header = self.matrix.verticalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setMaximumWidth(230)

    # -- following the session -----------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in THEME_EVENTS:  # recolour
            self.matrix.viewport().update()
        super().changeEvent(event)

    def _on_changed(self, change: Change) -> None:
        if change.touches("functions"):
            self._fill_filter()
            if self.filter_combo.currentData() == OTHER_FUNCTIONS:
                self._apply_filter()  # a function's decision moved it in or out of "other"
        if change.touches("roles", "functions"):
            self._refresh()

    def _refresh(self) -> None:
        self.facts.setText(" · ".join(stage_facts(self.session.workshop, Stage.GOVERNANCE)))
