"""The stage Functions & sourcing fit: the inventory of IT functions, seeded
from the bundled catalogue, with the sourcing matrix beside it and the
article's warnings (project management or a strategic function outsourced)
shown live under the table and on the row they concern."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import derived, health
from desktop_app.domain.catalogue import (
    CatalogueEntry,
    function_from,
    load_catalogue,
    missing_entries,
)
from desktop_app.domain.commands import AddItem, Change
from desktop_app.domain.model import Function, Sourcing, Stage, Workshop
from desktop_app.domain.stages import stage_facts, stage_ref
from desktop_app.files import paths
from desktop_app.ui.icons import icon, set_themed_icon
from desktop_app.ui.labels import as_typed, choices
from desktop_app.ui.models.section_model import Column, SectionTableModel
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours
from desktop_app.ui.views.section_editor import SectionEditor
from desktop_app.ui.views.stage_page import StagePage
from desktop_app.ui.widgets.sourcing_matrix import SourcingMatrix, is_dark

Index = QModelIndex | QPersistentModelIndex
WARNING_CODE = "function-choice"
WARNING_ICON = "mdi6.alert"
COMPACT_WIDTH = 470  # narrower than this, the table's buttons show icons only

FUNCTION_COLUMNS = [
    Column("name", "Function"),
    Column("strategic_importance", "Importance", "int",
           tooltip="Strategic importance, 1 (commodity) to 5 (how we compete)"),
    Column("inhouse_capability", "Capability", "int",
           tooltip="In-house capability, 1 (weak) to 5 (best in class)"),
    Column("quadrant", "Matrix quadrant", "computed",
           compute=lambda ws, f: derived.quadrant(f).title,
           tooltip="Where the function falls on the sourcing matrix (from importance and "
                   "capability)"),
    Column("sourcing", "Decision", "enum", choices(Sourcing),
           tooltip="Sourcing decision: retain, outsource, hybrid or undecided"),
    Column("rationale", "Rationale", tooltip="Why the room decided this"),
    Column("customer_facing", "Customer-facing", "bool",
           tooltip="Does this function serve customers directly? "
                   f"({stage_ref(Stage.CUSTOMERS)} lists them)"),
    Column("fte", "FTE", "float", tooltip="Current full-time equivalents"),
    Column("votes", "Votes", "int", tooltip="Dot votes from the room"),
    Column("description", "Description"),
]


def new_function(workshop: Workshop) -> Function:
    return Function(id=workshop.new_id("functions"), name="New function")


def function_warnings(workshop: Workshop) -> dict[str, str]:
    """Function id -> the article's warning about it (the health check's own words)."""
    return {
        finding.key: finding.message
        for finding in health.check(workshop, codes={WARNING_CODE})
        if finding.section == "functions"
    }


class FunctionTableModel(SectionTableModel):
    """The functions section, with a warning sign on the name of a function
    the article warns about (and the warning as its tooltip)."""

    def __init__(self, session: Session, section: str, columns: list[Column],
                 parent: QObject | None = None) -> None:
        super().__init__(session, section, columns, parent=parent)
        self.warnings = function_warnings(session.workshop)
        self._name_column = [c.field for c in columns].index("name")

    def _on_changed(self, change: Change) -> None:
        if change.touches("functions", "thresholds"):
            self.warnings = function_warnings(self.session.workshop)
        super()._on_changed(change)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == self._name_column
            and 0 <= index.row() < self.rowCount()
        ):
            warning = self.warnings.get(self.item_at(index.row()).key)
            if warning is not None:
                if role == Qt.ItemDataRole.DecorationRole:
                    return icon(WARNING_ICON, colours(is_dark())["danger"])
                if role == Qt.ItemDataRole.ToolTipRole:
                    return f"⚠ {warning}"
                if role == Qt.ItemDataRole.AccessibleTextRole:
                    return f"{super().data(index, role)}. Warning: {warning}"
        return super().data(index, role)


class FunctionsEditor(SectionEditor):
    """The shared section editor, on the warning-aware model."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "functions", "Functions", FUNCTION_COLUMNS, new_function,
                         "function", parent, sortable=True, model_type=FunctionTableModel)
        self.extra_buttons: list[QToolButton] = []

    def bar_buttons(self) -> list[QToolButton]:
        """The buttons that show text beside their icon when there is room."""
        adds = [b for b in self.findChildren(QToolButton) if b.defaultAction() is self.add_action]
        return adds + self.extra_buttons

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Icons only when the pane is narrow (the tooltips still say what they do)."""
        compact = event.size().width() < COMPACT_WIDTH
        style = (Qt.ToolButtonStyle.ToolButtonIconOnly if compact
                 else Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for button in self.bar_buttons():
            button.setToolButtonStyle(style)
        super().resizeEvent(event)


class WarningList(QWidget):
    """The article's warnings about the functions, live, one line each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("functionWarnings")
        self.setAccessibleName("Warnings about the sourcing decisions")
        self.rows: list[QLabel] = []
        self.signs: list[QLabel] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 4, 0, 0)
        self.layout_.setSpacing(4)
        self.on_show = None  # callable(function id), set by the view
        self._shown: dict[str, str] = {}
        self.hide()

    def set_warnings(self, warnings: dict[str, str]) -> None:
        """Show `warnings`; unchanged ones cost nothing, changed texts are set in
        place (rebuilding a screenful of word-wrapped labels took ~75 ms per edit
        on a large workshop)."""
        if warnings == self._shown:
            return
        if list(warnings) == list(self._shown):
            for label, (key, message) in zip(self.rows, warnings.items(), strict=True):
                self._fill(label, key, message)
            self._shown = dict(warnings)
            return
        self._shown = dict(warnings)
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
            elif item is not None and item.layout() is not None:
                inner = item.layout()
                while inner.count():
                    child = inner.takeAt(0).widget()
                    if child is not None:
                        child.deleteLater()
        self.rows = []
        self.signs: list[QLabel] = []
        for key, message in warnings.items():
            line = QHBoxLayout()
            sign = QLabel(self)
            sign.setPixmap(self._sign_pixmap())
            self.signs.append(sign)
            sign.setAlignment(Qt.AlignmentFlag.AlignTop)
            text = QLabel(self)
            text.setObjectName("validation")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            text.linkActivated.connect(self._show)
            self._fill(text, key, message)
            line.addWidget(sign)
            line.addWidget(text, 1)
            self.layout_.addLayout(line)
            self.rows.append(text)
        self.setVisible(bool(warnings))

    @staticmethod
    def _fill(label: QLabel, key: str, message: str) -> None:
        label.setText(f'{html.escape(message)} <a href="{html.escape(key)}">Show</a>')
        label.setAccessibleName(f"Warning: {message}")

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the warning signs in the new theme's colour."""
        if event.type() == QEvent.Type.PaletteChange:
            for sign in self.signs:
                sign.setPixmap(self._sign_pixmap())
        super().changeEvent(event)

    @staticmethod
    def _sign_pixmap():
        return icon(WARNING_ICON, colours(is_dark())["danger"]).pixmap(18, 18)

    def texts(self) -> list[str]:
        """The warnings as read aloud (without the link)."""
        return [label.accessibleName().removeprefix("Warning: ") for label in self.rows]

    def _show(self, key: str) -> None:
        if self.on_show is not None:
            self.on_show(key)


class FunctionsView(StagePage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, Stage.FUNCTIONS, parent)
        self.facts = QLabel(self)
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.functions = self.add_editor(FunctionsEditor(session, self))
        self.catalogue: list[CatalogueEntry] = self._load_catalogue()
        self.catalogue_menu = QMenu(self)
        self.catalogue_menu.setObjectName("catalogueMenu")
        self.catalogue_menu.setToolTipsVisible(True)
        self.catalogue_menu.aboutToShow.connect(self._fill_catalogue_menu)
        self.catalogue_button = QToolButton(self)
        self.catalogue_button.setObjectName("catalogueButton")
        self.catalogue_button.setText("Add from catalogue")
        self.catalogue_button.setAccessibleName("Add a function from the catalogue")
        set_themed_icon(self.catalogue_button, "mdi6.book-open-page-variant-outline")
        self.catalogue_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.catalogue_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.catalogue_button.setAutoRaise(True)
        self.catalogue_button.setMenu(self.catalogue_menu)
        self.functions.bar.insertWidget(3, self.catalogue_button)
        self.functions.extra_buttons.append(self.catalogue_button)

        self.warnings = WarningList(self)
        self.warnings.on_show = self.functions.reveal
        self.matrix = SourcingMatrix(session, self)
        self.matrix.function_clicked.connect(self.functions.reveal)
        # The row numbers are the matrix's dot numbers (its legend when a name
        # does not fit beside its dot); they follow the row when sorted.
        numbers = self.functions.view.verticalHeader()
        numbers.setVisible(True)
        numbers.setToolTip("The function's number: its dot on the sourcing matrix")

        left = QWidget(self)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.functions, 1)
        left_box.addWidget(self.warnings)
        right = QWidget(self)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        matrix_title = QLabel("Sourcing matrix", right)
        matrix_title.setObjectName("sectionTitle")
        matrix_title.setToolTip("One dot per function; click a dot to select its row.")
        right_box.addWidget(matrix_title)
        right_box.addWidget(self.matrix, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("functionsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([520, 480])

        self.body.addWidget(self.facts)
        self.body.addWidget(self.splitter, 1)
        self.functions.set_column_widths(
            dict(enumerate((190, 95, 95, 150, 100, 240, 120, 60, 60, 240))))

        selection = self.functions.view.selectionModel()
        selection.currentChanged.connect(lambda *_args: self._sync_selection())
        selection.selectionChanged.connect(lambda *_args: self._sync_selection())
        self.functions.model.modelReset.connect(self._sync_selection)
        session.changed.connect(self._on_changed)
        self._refresh()

    # -- catalogue -------------------------------------------------------------------

    def _load_catalogue(self) -> list[CatalogueEntry]:
        try:
            return load_catalogue(paths.catalogue_path())
        except (OSError, ValueError, KeyError) as error:
            self.show_problem(f"The function catalogue could not be read: {error}")
            return []

    def catalogue_offers(self) -> list[CatalogueEntry]:
        """Catalogue entries not yet in the inventory."""
        return missing_entries(self.catalogue, self.session.workshop)

    def _fill_catalogue_menu(self) -> None:
        self.catalogue_menu.clear()
        offers = self.catalogue_offers()
        for entry in offers:
            action = self.catalogue_menu.addAction(as_typed(entry.name))
            action.setToolTip(entry.description)
            action.setData(entry.name)
            action.triggered.connect(lambda _checked=False, e=entry: self.add_from_catalogue(e))
        if not offers:
            empty = self.catalogue_menu.addAction("Every catalogue function is in the inventory")
            empty.setEnabled(False)

    def add_from_catalogue(self, entry: CatalogueEntry) -> None:
        if self.session.read_only:
            return
        function = function_from(entry, self.session.workshop)
        row = self.functions.current_row()
        problem = self.session.execute(
            AddItem("functions", function, row + 1 if row >= 0 else None))
        if problem:
            self.functions.show_problem(problem)
            return
        self.functions.view.setFocus()
        self.functions.select_row(self.functions.model.row_of(function.id))

    # -- following the session ------------------------------------------------------------

    def _sync_selection(self) -> None:
        item = self.functions.current_item()
        self.matrix.set_selected(item.key if item is not None else None)

    def _on_changed(self, change: Change) -> None:
        if change.touches("functions", "thresholds"):
            self._refresh()

    def _refresh(self) -> None:
        ws = self.session.workshop
        self.facts.setText(" · ".join(stage_facts(ws, Stage.FUNCTIONS)))
        warnings = self.functions.model.warnings
        self.warnings.set_warnings(warnings)
        self.matrix.set_warnings(warnings)
        offers = self.catalogue_offers()
        writable = not self.session.read_only
        self.catalogue_button.setEnabled(writable and bool(offers))
        self.catalogue_button.setToolTip(
            f"Add one of {len(offers)} common IT functions not yet in the inventory"
            if offers else "Every catalogue function is already in the inventory")
        self._sync_selection()
