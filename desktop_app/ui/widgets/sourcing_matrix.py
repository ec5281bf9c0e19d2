"""The 2x2 sourcing matrix: in-house capability across, strategic importance
up, one dot per function coloured by its sourcing decision.

Scores are whole numbers 1-5, so the plot is a 5x5 grid of cells; functions
that share a cell are stacked inside it with their names beside them, and a
name may run on into the empty cells to its right. The quadrant lines sit
between MATRIX_MIDPOINT and the next score, exactly where `derived.quadrant`
switches from low to high.
"""

from __future__ import annotations

from collections import defaultdict
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
from desktop_app.domain.derived import MATRIX_MIDPOINT, Quadrant
from desktop_app.domain.model import Function, Sourcing
from desktop_app.ui.labels import enum_label
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours

LEVELS = range(1, 6)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP = 52, 10, 6
DOT_RADIUS = 6.5
LEGEND_GAP = 16

# Colour-blind-friendly hues, a little lighter on the dark palette.
DECISION_COLOURS: dict[bool, dict[Sourcing, str]] = {
    False: {Sourcing.RETAIN: "#2f6fb3", Sourcing.OUTSOURCE: "#c8590f",
            Sourcing.HYBRID: "#7b4fb0", Sourcing.UNDECIDED: "#7d8794"},
    True: {Sourcing.RETAIN: "#6aa6e8", Sourcing.OUTSOURCE: "#f0995a",
           Sourcing.HYBRID: "#b493e0", Sourcing.UNDECIDED: "#a3adba"},
}

# Where each quadrant sits: (important, capable).
QUADRANT_PLACES: dict[Quadrant, tuple[bool, bool]] = {
    Quadrant.BUILD_OR_PARTNER: (True, False),
    Quadrant.CORE: (True, True),
    Quadrant.OUTSOURCE: (False, False),
    Quadrant.COMMODITY_STRENGTH: (False, True),
}
QUADRANT_TINTS: dict[Quadrant, Sourcing | None] = {
    Quadrant.CORE: Sourcing.RETAIN,
    Quadrant.BUILD_OR_PARTNER: Sourcing.HYBRID,
    Quadrant.COMMODITY_STRENGTH: None,
    Quadrant.OUTSOURCE: Sourcing.OUTSOURCE,
}


def is_dark() -> bool:
    app = QApplication.instance()
    return bool(app.property("dark_theme")) if app is not None else False


def decision_colour(sourcing: Sourcing, dark: bool | None = None) -> QColor:
    return QColor(DECISION_COLOURS[is_dark() if dark is None else dark][sourcing])


@dataclass(frozen=True)
class Dot:
    """Where one function is drawn: its dot and the rectangle of its name."""

    function: Function
    centre: QPointF
    radius: float
    label_rect: QRectF  # empty when the cell is too crowded for names

    def hit(self, point: QPointF) -> bool:
        delta = point - self.centre
        near = delta.x() ** 2 + delta.y() ** 2 <= (self.radius + 4) ** 2
        return near or (not self.label_rect.isEmpty() and self.label_rect.contains(point))


class SourcingMatrix(QWidget):
    """Click a dot (or its name) to pick that function."""

    function_clicked = Signal(str)  # function id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.selected_id: str | None = None
        self.warnings: dict[str, str] = {}  # function id -> warning, shown in tooltips
        self.setObjectName("sourcingMatrix")
        self.setAccessibleName("Sourcing matrix: strategic importance against in-house "
                               "capability")
        self.setMinimumSize(340, 320)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table is the keyboard route
        session.changed.connect(self._on_changed)
        self._describe()

    def sizeHint(self) -> QSize:
        return QSize(470, 440)

    # -- following the session and the table ------------------------------------------

    def _on_changed(self, change: Change) -> None:
        if change.touches("functions", "thresholds"):
            self._describe()
            self.update()

    def set_selected(self, function_id: str | None) -> None:
        if function_id != self.selected_id:
            self.selected_id = function_id
            self.update()

    def set_warnings(self, warnings: dict[str, str]) -> None:
        self.warnings = dict(warnings)

    def _describe(self) -> None:
        """What a screen reader says instead of the picture: counts per quadrant."""
        counts: dict[Quadrant, list[str]] = defaultdict(list)
        for function in self.session.workshop.functions:
            counts[derived.quadrant(function)].append(function.label)
        parts = [f"{q.title}: {', '.join(counts[q]) or 'none'}" for q in Quadrant]
        self.setAccessibleDescription("; ".join(parts))

    # -- geometry ----------------------------------------------------------------------

    def _bold(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def _title_lines(self) -> int:
        """1, or 2 when a quadrant is too narrow for its title on one line."""
        metrics = QFontMetrics(self._bold())
        width = max(self.width() - MARGIN_LEFT - MARGIN_RIGHT, 100)
        narrowest = width * min(MATRIX_MIDPOINT, 5 - MATRIX_MIDPOINT) / 5 - 12
        longest = max(metrics.horizontalAdvance(q.title) for q in Quadrant)
        return 1 if longest <= narrowest else 2

    def _band(self) -> float:
        """Height of the title band inside each quadrant."""
        return QFontMetrics(self._bold()).height() * self._title_lines() + 8

    def legend_rows(self) -> list[list[tuple[Sourcing, str, float]]]:
        """The legend entries (decision, text, width), wrapped to the widget's width."""
        metrics = QFontMetrics(self.font())
        rows: list[list[tuple[Sourcing, str, float]]] = [[]]
        room = max(self.width() - MARGIN_LEFT - MARGIN_RIGHT, 100)
        used = 0.0
        for sourcing, text in self.legend_items():
            width = 2 * DOT_RADIUS + 6 + metrics.horizontalAdvance(text)
            if rows[-1] and used + LEGEND_GAP + width > room:
                rows.append([])
                used = 0.0
            used += (LEGEND_GAP if rows[-1] else 0) + width
            rows[-1].append((sourcing, text, width))
        return rows

    def _bottom_margin(self) -> float:
        line = QFontMetrics(self.font()).height()
        return line * (2 + len(self.legend_rows())) + 18  # ticks, axis title, legend

    def frame_rect(self) -> QRectF:
        """The whole matrix, title bands included."""
        return QRectF(MARGIN_LEFT, MARGIN_TOP,
                      max(self.width() - MARGIN_LEFT - MARGIN_RIGHT, 100),
                      max(self.height() - MARGIN_TOP - self._bottom_margin(), 100))

    def plot_rect(self) -> QRectF:
        """The 5x5 grid of cells."""
        band = self._band()
        return self.frame_rect().adjusted(0, band, 0, -band)

    def cell_rect(self, importance: int, capability: int) -> QRectF:
        plot = self.plot_rect()
        width, height = plot.width() / 5, plot.height() / 5
        return QRectF(plot.left() + (capability - 1) * width,
                      plot.top() + (5 - importance) * height, width, height)

    def midlines(self) -> tuple[float, float]:
        """(x, y) of the quadrant lines: just above MATRIX_MIDPOINT on each axis."""
        plot = self.plot_rect()
        x = plot.left() + plot.width() * MATRIX_MIDPOINT / 5
        y = plot.top() + plot.height() * (5 - MATRIX_MIDPOINT) / 5
        return x, y

    def quadrant_rect(self, quadrant: Quadrant) -> QRectF:
        frame = self.frame_rect()
        mid_x, mid_y = self.midlines()
        important, capable = QUADRANT_PLACES[quadrant]
        left, right = (mid_x, frame.right()) if capable else (frame.left(), mid_x)
        top, bottom = (frame.top(), mid_y) if important else (mid_y, frame.bottom())
        return QRectF(left, top, right - left, bottom - top)

    def quadrant_title_rect(self, quadrant: Quadrant) -> QRectF:
        rect = self.quadrant_rect(quadrant)
        band = self._band()
        important, _capable = QUADRANT_PLACES[quadrant]
        top = rect.top() if important else rect.bottom() - band
        return QRectF(rect.left() + 6, top, rect.width() - 12, band)

    def dots(self) -> list[Dot]:
        """Every function's dot, stacked within its cell in inventory order.

        A name runs to the right until it would reach another dot at the same
        height, so it may use the empty cells beside its own.
        """
        metrics = QFontMetrics(self.font())
        line = metrics.height() + 2
        cells: dict[tuple[int, int], list[Function]] = defaultdict(list)
        for function in self.session.workshop.functions:
            cells[(function.strategic_importance, function.inhouse_capability)].append(function)
        placed: list[tuple[Function, QPointF, float, float]] = []  # ..., radius, step
        for (importance, capability), functions in cells.items():
            cell = self.cell_rect(importance, capability)
            count = len(functions)
            step = min(line, (cell.height() - 6) / count)
            radius = min(DOT_RADIUS, max(3.0, step / 2 - 1))
            top = cell.center().y() - step * count / 2
            for position, function in enumerate(functions):
                centre = QPointF(cell.left() + radius + 7, top + step * (position + 0.5))
                placed.append((function, centre, radius, step))
        right_edge = self.plot_rect().right() - 3
        result = []
        for function, centre, radius, step in placed:
            label = QRectF()
            if step >= metrics.height() - 1:  # room for a line of text
                left = centre.x() + radius + 5
                right = right_edge
                for _other, other_centre, other_radius, _step in placed:
                    if (other_centre.x() > centre.x()
                            and abs(other_centre.y() - centre.y()) < metrics.height()):
                        right = min(right, other_centre.x() - other_radius - 6)
                label = QRectF(left, centre.y() - step / 2, max(right - left, 0), step)
            result.append(Dot(function, centre, radius, label))
        return result

    def dot_centre(self, function_id: str) -> QPointF | None:
        """Where the function's dot is drawn (for tests and for people pointing)."""
        for dot in self.dots():
            if dot.function.id == function_id:
                return dot.centre
        return None

    def dot_at(self, point: QPointF) -> Dot | None:
        for dot in self.dots():
            if dot.hit(point):
                return dot
        return None

    # -- painting ----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        dark = is_dark()
        c = colours(dark)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        frame = self.frame_rect()
        painter.fillRect(frame, QColor(c["base"]))
        bold = self._bold()

        for quadrant in Quadrant:
            tint = QUADRANT_TINTS[quadrant]
            fill = decision_colour(tint, dark) if tint else QColor(c["muted"])
            fill.setAlpha(34 if dark else 22)
            painter.fillRect(self.quadrant_rect(quadrant), fill)
            painter.setFont(bold)
            painter.setPen(QColor(c["muted"]))
            title_rect = self.quadrant_title_rect(quadrant)
            align = Qt.AlignmentFlag.AlignVCenter | (
                Qt.AlignmentFlag.AlignRight if QUADRANT_PLACES[quadrant][1]
                else Qt.AlignmentFlag.AlignLeft)
            painter.drawText(title_rect, align | Qt.TextFlag.TextWordWrap, quadrant.title)

        # faint cell grid, then the quadrant lines and the frame
        grid = QColor(c["border"])
        grid.setAlpha(120)
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        plot = self.plot_rect()
        for level in range(1, 5):
            x = plot.left() + plot.width() * level / 5
            y = plot.top() + plot.height() * level / 5
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        mid_x, mid_y = self.midlines()
        painter.setPen(QPen(QColor(c["muted"]), 2))
        painter.drawLine(QPointF(mid_x, frame.top()), QPointF(mid_x, frame.bottom()))
        painter.drawLine(QPointF(frame.left(), mid_y), QPointF(frame.right(), mid_y))
        painter.setPen(QPen(QColor(c["border"]), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(frame)

        self._paint_axes(painter, c)
        self._paint_dots(painter, c, dark, bold)
        self._paint_legend(painter, c, dark)
        painter.end()

    def _paint_axes(self, painter: QPainter, c: dict[str, str]) -> None:
        painter.setFont(self.font())
        painter.setPen(QColor(c["text"]))
        frame, plot = self.frame_rect(), self.plot_rect()
        line = painter.fontMetrics().height()
        for level in LEVELS:
            x_rect = self.cell_rect(1, level)
            painter.drawText(QRectF(x_rect.left(), frame.bottom() + 2, x_rect.width(), line),
                             Qt.AlignmentFlag.AlignCenter, str(level))
            y_rect = self.cell_rect(level, 1)
            painter.drawText(QRectF(MARGIN_LEFT - 20, y_rect.top(), 16, y_rect.height()),
                             Qt.AlignmentFlag.AlignCenter, str(level))
        painter.drawText(QRectF(plot.left(), frame.bottom() + line + 2, plot.width(), line + 2),
                         Qt.AlignmentFlag.AlignCenter, "In-house capability →")
        painter.save()
        painter.translate(MARGIN_LEFT - 38, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2 - 40, -line / 2 - 2, plot.height() + 80,
                                line + 4),
                         Qt.AlignmentFlag.AlignCenter, "Strategic importance →")
        painter.restore()

    def _paint_dots(self, painter: QPainter, c: dict[str, str], dark: bool,
                    bold: QFont) -> None:
        for dot in self.dots():
            selected = dot.function.id == self.selected_id
            if selected:
                painter.setPen(QPen(QColor(c["highlight"]), 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(dot.centre, dot.radius + 4, dot.radius + 4)
            painter.setPen(QPen(QColor(c["base"]), 1.5))
            painter.setBrush(decision_colour(dot.function.sourcing, dark))
            painter.drawEllipse(dot.centre, dot.radius, dot.radius)
            if dot.label_rect.isEmpty() or dot.label_rect.width() < 12:
                continue
            painter.setFont(bold if selected else self.font())
            painter.setPen(QColor(c["highlight"] if selected else c["text"]))
            text = painter.fontMetrics().elidedText(
                dot.function.label, Qt.TextElideMode.ElideRight, int(dot.label_rect.width()))
            painter.drawText(dot.label_rect,
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def legend_items(self) -> list[tuple[Sourcing, str]]:
        counts: dict[Sourcing, int] = defaultdict(int)
        for function in self.session.workshop.functions:
            counts[function.sourcing] += 1
        return [(s, f"{enum_label(s)} ({counts[s]})") for s in Sourcing]

    def _paint_legend(self, painter: QPainter, c: dict[str, str], dark: bool) -> None:
        painter.setFont(self.font())
        line = painter.fontMetrics().height()
        y = self.frame_rect().bottom() + 2 * line + 10
        for row in self.legend_rows():
            total = sum(width for _s, _t, width in row) + LEGEND_GAP * (len(row) - 1)
            x = max(4.0, self.plot_rect().center().x() - total / 2)
            for sourcing, text, width in row:
                painter.setPen(QPen(QColor(c["base"]), 1.5))
                painter.setBrush(decision_colour(sourcing, dark))
                painter.drawEllipse(QPointF(x + DOT_RADIUS, y + line / 2), DOT_RADIUS,
                                    DOT_RADIUS)
                painter.setPen(QColor(c["text"]))
                painter.drawText(QRectF(x + 2 * DOT_RADIUS + 6, y, width, line),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 text)
                x += width + LEGEND_GAP
            y += line + 2

    # -- pointing ----------------------------------------------------------------------

    def tooltip_at(self, point: QPointF) -> str | None:
        dot = self.dot_at(point)
        if dot is not None:
            f = dot.function
            quadrant = derived.quadrant(f)
            lines = [f.label,
                     f"Strategic importance {f.strategic_importance}, "
                     f"in-house capability {f.inhouse_capability}",
                     f"Decision: {enum_label(f.sourcing)}",
                     f"{quadrant.title}: {quadrant.suggestion.lower()}"]
            if f.id in self.warnings:
                lines.append(f"⚠ {self.warnings[f.id]}")
            return "\n".join(lines)
        for quadrant in Quadrant:
            if self.quadrant_rect(quadrant).contains(point):
                return f"{quadrant.title}: {quadrant.suggestion}"
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.dot_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        dot = self.dot_at(event.position())
        if dot is not None and event.button() == Qt.MouseButton.LeftButton:
            self.function_clicked.emit(dot.function.id)
            event.accept()
            return
        super().mousePressEvent(event)
