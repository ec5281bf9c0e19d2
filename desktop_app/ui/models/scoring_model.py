"""The vendor scoring grid as a Qt model: one row per vendor, one column per
criterion (0-5, empty until scored), then the weighted total and the rank.

Like every model here it holds no data of its own: it reads the workshop, and
an edit becomes a `set_score` command on the session (or a removal, when a
score is cleared). Totals, ranks and knock-outs come from `domain.derived`,
so the grid and the health check always agree.
"""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication

from desktop_app.domain import derived
from desktop_app.domain.commands import Change, RemoveItem, set_score
from desktop_app.domain.model import Criterion, Score, Vendor
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours

Index = QModelIndex | QPersistentModelIndex

EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's evidence text ("" if none)
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # (vendor id, criterion id), or None off the criteria
BELOW_KNOCKOUT_ROLE = Qt.ItemDataRole.UserRole + 3  # True if the score misses the minimum

HEADER_WRAP = 11  # characters per line of a criterion's header
HEADER_LINES = 3  # lines of a criterion's name; a longer name widens its column


def header_name(name: str) -> str:
    """A criterion name folded into short lines (at most HEADER_LINES unless
    its words need more), so that many criteria fit side by side on a
    projector; never cut: a long name makes its column wider instead."""
    for width in range(HEADER_WRAP, max(len(name), HEADER_WRAP) + 1):
        lines = textwrap.wrap(name, width, break_long_words=False) or [""]
        if len(lines) <= HEADER_LINES:
            break
    return "\n".join(lines)


def mix(base: str, tint: str, amount: float) -> QColor:
    """`tint` laid over `base` at `amount` (0-1): a tinted background that keeps
    the theme's text readable in light and dark palettes alike."""
    a, b = QColor(base), QColor(tint)
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def theme_colours() -> dict[str, str]:
    app = QApplication.instance()
    return colours(bool(app.property("dark_theme")) if app is not None else False)


class ScoringModel(QAbstractTableModel):
    """Vendors × criteria, then "Weighted total" and "Rank"."""

    validation_failed = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._vendors: list[Vendor] = []
        self._criteria: list[Criterion] = []
        self._scores: dict[tuple[str, str], Score] = {}
        self._results: dict[str, derived.VendorResult] = {}
        self._shares: dict[str, float] = {}
        self._read()
        session.changed.connect(self._on_changed)

    # -- shape -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._vendors)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._criteria) + 2

    @property
    def total_column(self) -> int:
        return len(self._criteria)

    @property
    def rank_column(self) -> int:
        return len(self._criteria) + 1

    def is_score_column(self, column: int) -> bool:
        return 0 <= column < len(self._criteria)

    def vendor_at(self, row: int) -> Vendor:
        return self._vendors[row]

    def criterion_at(self, column: int) -> Criterion:
        return self._criteria[column]

    def cell_key(self, index: Index) -> tuple[str, str] | None:
        """(vendor id, criterion id) of a score cell; None for totals and ranks."""
        if not index.isValid() or not self.is_score_column(index.column()):
            return None
        return (self._vendors[index.row()].id, self._criteria[index.column()].id)

    def index_of(self, key: tuple[str, str]) -> QModelIndex:
        """The cell of (vendor id, criterion id), or an invalid index."""
        vendor, criterion = key
        rows = [r for r, v in enumerate(self._vendors) if v.id == vendor]
        columns = [c for c, k in enumerate(self._criteria) if k.id == criterion]
        if not rows or not columns:
            return QModelIndex()
        return self.index(rows[0], columns[0])

    def score(self, key: tuple[str, str]) -> Score | None:
        return self._scores.get(key)

    def result(self, vendor_id: str) -> derived.VendorResult | None:
        return self._results.get(vendor_id)

    # -- reading ---------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._vendors)):
            return None
        column = index.column()
        if self.is_score_column(column):
            return self._score_data(index, role)
        if column == self.total_column:
            return self._total_data(index.row(), role)
        if column == self.rank_column:
            return self._rank_data(index.row(), role)
        return None

    def _below_knockout(self, score: Score | None, criterion: Criterion) -> bool:
        return (score is not None and criterion.knockout_min is not None
                and score.score < criterion.knockout_min)

    def _score_data(self, index: Index, role: int) -> Any:
        vendor, criterion = self._vendors[index.row()], self._criteria[index.column()]
        score = self._scores.get((vendor.id, criterion.id))
        below = self._below_knockout(score, criterion)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if score is None else str(score.score)
        if role == Qt.ItemDataRole.EditRole:
            return None if score is None else score.score
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and below:
            c = theme_colours()
            return QBrush(mix(c["base"], c["danger"], 0.3))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._score_tooltip(vendor, criterion, score)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            value = "not scored" if score is None else f"{score.score} of 5"
            return f"{criterion.name}: {value}" + (", below the knock-out minimum" if below
                                                    else "")
        if role == EVIDENCE_ROLE:
            return "" if score is None else score.evidence
        if role == KEY_ROLE:
            return (vendor.id, criterion.id)
        if role == BELOW_KNOCKOUT_ROLE:
            return below
        return None

    def _score_tooltip(self, vendor: Vendor, criterion: Criterion, score: Score | None) -> str:
        lines = [f"{vendor.name} — {criterion.name}"]
        if score is None:
            lines.append("Not scored yet: type 0-5 (stored at once).")
            return "\n".join(lines)
        lines.append(f"Score {score.score} of 5 (type 0-5 to change it, Delete clears it)")
        if self._below_knockout(score, criterion):
            lines.append(f"Score {score.score} is below the knock-out minimum of "
                         f"{criterion.knockout_min}: this knocks the vendor out.")
        lines.append(f"Evidence (◥): {score.evidence}" if score.evidence.strip()
                     else "No evidence noted yet: add it under the grid.")
        return "\n".join(lines)

    def _total_data(self, row: int, role: int) -> Any:
        result = self._results.get(self._vendors[row].id)
        if result is None:
            return None
        complete = result.complete or not self._criteria
        if result.scored == 0 and role in (Qt.ItemDataRole.DisplayRole,
                                           Qt.ItemDataRole.AccessibleTextRole):
            return "not scored" if role == Qt.ItemDataRole.DisplayRole else \
                "Weighted total: not scored yet"
        if role == Qt.ItemDataRole.DisplayRole:
            text = f"{result.weighted_total:.2f}"
            return text if complete else f"{text} ({result.scored} of {result.criteria})"
        if role == Qt.ItemDataRole.EditRole:
            return result.weighted_total
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold() if result.rank == 1 and not result.knocked_out else None
        if role == Qt.ItemDataRole.ForegroundRole and not complete:
            return QBrush(QColor(theme_colours()["muted"]))
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"Weighted total {result.weighted_total:.2f} of 5"
            if not complete:
                text += (f"\n{result.scored} of {result.criteria} criteria scored: "
                         "a missing score counts as 0.")
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Weighted total: {result.weighted_total:.2f} of 5"
        return None

    def _rank_data(self, row: int, role: int) -> Any:
        result = self._results.get(self._vendors[row].id)
        if result is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if result.knocked_out:
                return f"{result.rank} · knocked out"
            return "—" if result.scored == 0 else str(result.rank)
        if role == Qt.ItemDataRole.EditRole:
            return result.rank
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold() if result.knocked_out or result.rank == 1 else None
        if role == Qt.ItemDataRole.ForegroundRole and result.knocked_out:
            return QBrush(QColor(theme_colours()["danger"]))
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rank_explanation(result)
        return None

    def _rank_explanation(self, result: derived.VendorResult) -> str:
        if not result.knocked_out:
            return f"Rank {result.rank} of {len(self._vendors)}"
        criteria = {c.id: c for c in self._criteria}
        misses = []
        for criterion_id in result.knocked_out_by:
            criterion = criteria[criterion_id]
            score = self._scores[(result.vendor_id, criterion_id)].score
            misses.append(f"{criterion.name} ({score} < {criterion.knockout_min})")
        return (f"Knocked out: below the knock-out minimum on {', '.join(misses)}. "
                "Knocked-out vendors rank last, whatever their total.")

    @staticmethod
    def _bold() -> QFont:
        font = QFont(QApplication.font())
        font.setBold(True)
        return font

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._vendors):
                return None
            vendor = self._vendors[section]
            result = self._results.get(vendor.id)
            if role == Qt.ItemDataRole.DisplayRole:  # the rank stays in view, as the name does
                ranked = result is not None and result.scored > 0
                return f"{result.rank}. {vendor.name}" if ranked else vendor.name
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return vendor.name
            if role == Qt.ItemDataRole.ToolTipRole:
                where = f" · {vendor.location}" if vendor.location else ""
                return f"{vendor.name}{where}\n{vendor.available_fte:g} FTE available"
            if role == Qt.ItemDataRole.FontRole:
                return self._bold()  # as the style sheet draws it, so long names elide right
            if (role == Qt.ItemDataRole.ForegroundRole and result is not None
                    and result.knocked_out):
                return QBrush(QColor(theme_colours()["danger"]))
            return None
        if not 0 <= section < len(self._criteria) + 2:
            return None
        if section == self.total_column:
            texts = ("Weighted\ntotal\n(0-5)",
                     "Sum of score × weight, divided by the sum of the weights")
        elif section == self.rank_column:
            texts = ("Rank", "Knocked-out vendors rank last")
        else:
            criterion = self._criteria[section]
            share = self._shares.get(criterion.id, 0.0)
            minimum = ("no knock-out minimum" if criterion.knockout_min is None
                       else f"knock-out minimum {criterion.knockout_min}")
            texts = (f"{header_name(criterion.name)}\n{share:.0f} %",
                     f"{criterion.name}\nWeight {criterion.weight} ({share:.0f} % of the total), "
                     f"{minimum}")
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return texts[1]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return texts[0].replace("\n", " ")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_score_column(index.column()) and not self.session.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # -- writing ---------------------------------------------------------------

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store a score; None (or "") clears it. A refused value says why."""
        key = self.cell_key(index)
        if (key is None or role != Qt.ItemDataRole.EditRole
                or not self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        existing = self._scores.get(key)
        if value is None or value == "":
            if existing is None:
                return True
            return self._run(RemoveItem("scores", key))
        if existing is not None and value == existing.score and not isinstance(value, bool):
            return True
        try:
            command = set_score(self.session.workshop, key[0], key[1], "score", value)
        except ValueError as error:
            self.validation_failed.emit(str(error))
            return False
        return self._run(command)

    def set_evidence(self, key: tuple[str, str], text: str) -> bool:
        """Store the evidence behind a score (the cell must have a score)."""
        existing = self._scores.get(key)
        if existing is None:
            self.validation_failed.emit("Give this cell a score first, then its evidence.")
            return False
        if existing.evidence == text:
            return True
        try:
            command = set_score(self.session.workshop, key[0], key[1], "evidence", text)
        except ValueError as error:
            self.validation_failed.emit(str(error))
            return False
        return self._run(command)

    def _run(self, command) -> bool:
        problem = self.session.execute(command)
        if problem:
            self.validation_failed.emit(problem)
            return False
        return True

    # -- following the session -------------------------------------------------

    def _read(self) -> None:
        ws = self.session.workshop
        self._vendors = list(ws.vendors)
        self._criteria = list(ws.criteria)
        self._scores = {s.key: s for s in ws.scores}
        self._results = {r.vendor_id: r for r in derived.vendor_results(ws)}
        self._shares = derived.weight_shares(ws)

    def _knocked_out(self) -> set[str]:
        return {vendor for vendor, result in self._results.items() if result.knocked_out}

    def _on_changed(self, change: Change) -> None:
        if not change.touches("vendors", "criteria", "scores"):
            return
        ws = self.session.workshop
        same_shape = ([v.id for v in ws.vendors] == [v.id for v in self._vendors]
                      and [c.id for c in ws.criteria] == [c.id for c in self._criteria])
        if not same_shape:
            self.beginResetModel()
            self._read()
            self.endResetModel()
            return
        old_criteria, old_vendors = self._criteria, self._vendors
        old_out = self._knocked_out()
        self._read()
        if self._vendors and (self._vendors != old_vendors or self._knocked_out() != old_out):
            # names, and the knocked-out colour
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._vendors) - 1)
        if self._criteria != old_criteria:  # names, weights and shares
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._vendors:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._vendors) - 1, self.columnCount() - 1))
