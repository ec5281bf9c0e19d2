"""Each vendor's FTE demand against its capacity, one horizontal bar per vendor.

The article's first failure mode is a vendor that lacks the capacity it was
trusted with; drawn side by side, a vendor asked for more than it has stands
out in the danger colour, with the numbers spelled out for the minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from desktop_app.domain import derived
from desktop_app.domain.commands import Change
from desktop_app.domain.model import Workshop
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours

MARGIN = 6
BAR_HEIGHT = 18
ROW_GAP = 12
WIDE_FROM = 560  # pixels from which a vendor takes one line
EPSILON = 1e-9


def fte(value: float) -> str:
    """An FTE count as people say it: 15, 2.5, 0.25."""
    return f"{round(value, 2):g}"


@dataclass(frozen=True)
class CapacityBar:
    vendor_id: str
    name: str
    demand: float  # FTE its assigned functions need
    available: float  # FTE it has
    functions: tuple[tuple[str, float], ...]  # (function name, FTE required)

    @property
    def over(self) -> bool:
        return self.demand > self.available + EPSILON

    @property
    def excess(self) -> float:
        return max(self.demand - self.available, 0.0)

    @property
    def text(self) -> str:
        numbers = f"{fte(self.demand)} of {fte(self.available)} FTE"
        if self.over:
            return f"{numbers} — over by {fte(self.excess)}"
        if self.demand <= EPSILON:
            return f"{numbers} — nothing assigned"
        return f"{numbers} — {fte(self.available - self.demand)} free"

    @property
    def tooltip(self) -> str:
        lines = [f"{self.name}: {self.text}"]
        lines += [f"• {name}: {fte(value)} FTE" for name, value in self.functions]
        if not self.functions:
            lines.append("No function is assigned to this vendor.")
        if self.over:
            lines.append("More FTE are asked than the vendor has: move a function, "
                         "lower the FTE, or agree more capacity.")
        return "\n".join(lines)


def capacity_bars(workshop: Workshop) -> list[CapacityBar]:
    """One bar per vendor, in the vendors' order."""
    names = {f.id: f.label for f in workshop.functions}
    bars = []
    for cap in derived.vendor_capacity(workshop):
        functions = tuple(
            (names.get(a.function, a.function), a.fte_required)
            for a in workshop.assignments if a.vendor == cap.vendor_id
        )
        bars.append(CapacityBar(cap.vendor_id, cap.name, cap.demand, cap.available, functions))
    return bars


class CapacityBars(QWidget):
    """Click a bar to pick that vendor (the view selects its assignments)."""

    vendor_clicked = Signal(str)  # vendor id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("capacityBars")
        self.setAccessibleName("Vendor capacity: FTE asked against FTE available")
        self.setMouseTracking(True)
        session.changed.connect(self._on_changed)
        self._describe()
        self._fit_height()

    # -- data ------------------------------------------------------------------

    def bars(self) -> list[CapacityBar]:
        return capacity_bars(self.session.workshop)

    def _describe(self) -> None:
        """What the bars say, for screen readers."""
        self.setAccessibleDescription("; ".join(f"{b.name}: {b.text}" for b in self.bars()))

    def _on_changed(self, change: Change) -> None:
        if change.touches("vendors", "assignments", "functions"):
            self._describe()
            self._fit_height()
            self.update()

    # -- geometry --------------------------------------------------------------
    # Wide: one line per vendor (name | bar | numbers). Narrow: the name and the
    # numbers on one line, the bar under them.

    def _line_height(self) -> int:
        return QFontMetrics(self._bold_font()).height() + 4

    def _wide(self, width: int | None = None) -> bool:
        return (self.width() if width is None else width) >= WIDE_FROM

    def _row_height(self, width: int | None = None) -> int:
        if self._wide(width):
            return max(self._line_height(), BAR_HEIGHT) + ROW_GAP
        return self._line_height() + BAR_HEIGHT + ROW_GAP

    def _fit_height(self) -> None:
        """Room for every vendor, whatever the layout offers."""
        self.setMinimumHeight(self.heightForWidth(self.width()))
        self.setMinimumWidth(self.minimumSizeHint().width())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._wide(event.size().width()) != self._wide(event.oldSize().width()):
            self._fit_height()

    def heightForWidth(self, width: int) -> int:
        rows = max(len(self.session.workshop.vendors), 1)
        return 2 * MARGIN + rows * self._row_height(width)

    def sizeHint(self) -> QSize:
        return QSize(600, self.heightForWidth(max(self.width(), 240)))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 2 * MARGIN + self._row_height(240))

    def row_rect(self, row: int) -> QRectF:
        height = self._row_height()
        return QRectF(MARGIN, MARGIN + row * height, self.width() - 2 * MARGIN, height)

    def _numbers_width(self, bars: list[CapacityBar]) -> float:
        metrics = QFontMetrics(self._bold_font())
        return max([0, *(metrics.horizontalAdvance(b.text) for b in bars)]) + 8

    def _parts(self, row: int, bars: list[CapacityBar]) -> tuple[QRectF, QRectF, QRectF]:
        """The name, numbers and bar-area rectangles of one row."""
        rect = self.row_rect(row)
        line = self._line_height()
        if self._wide():
            numbers = self._numbers_width(bars)
            name = min(rect.width() * 0.32, 280)
            top = rect.top() + (rect.height() - ROW_GAP - line) / 2
            bar_top = rect.top() + (rect.height() - ROW_GAP - BAR_HEIGHT) / 2
            return (QRectF(rect.left(), top, name - 8, line),
                    QRectF(rect.right() - numbers, top, numbers, line),
                    QRectF(rect.left() + name, bar_top, rect.width() - name - numbers - 8,
                           BAR_HEIGHT))
        text_rect = QRectF(rect.left(), rect.top(), rect.width(), line - 2)
        return (text_rect, text_rect,
                QRectF(rect.left() + 1, rect.top() + line, rect.width() - 2, BAR_HEIGHT))

    def _scale(self, bars: list[CapacityBar]) -> float:
        return max([1.0, *(b.demand for b in bars), *(b.available for b in bars)])

    def bar_rect(self, row: int, value: float, bars: list[CapacityBar] | None = None) -> QRectF:
        """The bar of `value` FTE in row `row`, on a scale common to all vendors."""
        bars = self.bars() if bars is None else bars
        area = self._parts(row, bars)[2]
        width = area.width() * max(value, 0.0) / self._scale(bars)
        return QRectF(area.left(), area.top(), width, area.height())

    def bar_at(self, point: QPointF) -> CapacityBar | None:
        bars = self.bars()
        for row, bar in enumerate(bars):
            if self.row_rect(row).contains(point):
                return bar
        return None

    # -- painting --------------------------------------------------------------

    def _bold_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        c = colours(bool(QApplication.instance().property("dark_theme")))
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bars = self.bars()
        if not bars:
            painter.setPen(QColor(c["muted"]))
            painter.drawText(self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap,
                             "No vendors yet: add them in step 2, then assign functions.")
            painter.end()
            return
        for row, bar in enumerate(bars):
            self._paint_row(painter, c, row, bar, bars)
        painter.end()

    def _paint_row(self, painter: QPainter, c: dict[str, str], row: int, bar: CapacityBar,
                   bars: list[CapacityBar]) -> None:
        name_rect, numbers_rect, area = self._parts(row, bars)
        danger = QColor(c["danger"])
        bold = self._bold_font()
        vcenter = Qt.AlignmentFlag.AlignVCenter
        painter.setFont(bold if bar.over else self.font())
        painter.setPen(danger if bar.over else QColor(c["muted"]))
        painter.drawText(numbers_rect, Qt.AlignmentFlag.AlignRight | vcenter, bar.text)
        if not self._wide():  # the name shares the line with the numbers
            used = painter.fontMetrics().horizontalAdvance(bar.text) + 12
            name_rect = QRectF(name_rect.left(), name_rect.top(),
                               max(name_rect.width() - used, 20), name_rect.height())
        painter.setFont(bold)
        painter.setPen(QColor(c["text"]))
        name = painter.fontMetrics().elidedText(bar.name, Qt.TextElideMode.ElideRight,
                                                int(name_rect.width()))
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | vcenter, name)

        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c["alternate"]))
        painter.drawRoundedRect(area, 3, 3)
        track = self.bar_rect(row, bar.available, bars)
        painter.setBrush(QColor(c["border"]))
        painter.drawRoundedRect(track, 3, 3)
        demand = self.bar_rect(row, bar.demand, bars).adjusted(0, 3, 0, -3)
        if demand.width() > 0:
            painter.setBrush(danger if bar.over else QColor(c["highlight"]))
            painter.drawRoundedRect(demand, 2, 2)
        marker_x = max(track.right(), area.left() + 1)
        painter.setPen(QPen(QColor(c["text"]), 2))
        painter.drawLine(QPointF(marker_x, track.top() - 3), QPointF(marker_x, track.bottom() + 3))

    # -- interaction -----------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            bar = self.bar_at(QPointF(event.pos()))
            if bar is not None:
                QToolTip.showText(event.globalPos(), bar.tooltip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        bar = self.bar_at(event.position())
        if bar is not None and event.button() == Qt.MouseButton.LeftButton:
            self.vendor_clicked.emit(bar.vendor_id)
            return
        super().mousePressEvent(event)
