"""The 2x2 sourcing matrix: in-house capability across, strategic importance
up, one dot per function coloured by its sourcing decision.

Scores are whole numbers 1-5, so the plot is a 5x5 grid of cells with each axis
tick at a cell's centre. Each dot stands exactly where its two ticks meet
(functions that share both values are a small cluster centred there, laid out
by `export.matrix_layout` as in the minutes) and carries its function's number,
the row in the functions table. A name is drawn beside its dot only when the
whole name fits before the next dot at that height, never cut; otherwise the
number stands for it (the table's row numbers, the tooltip, and on the slide a
side legend). The quadrant lines sit between MATRIX_MIDPOINT and the next
score, exactly where `derived.quadrant` switches from low to high.
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
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from desktop_app.domain import derived
from desktop_app.domain.commands import Change
from desktop_app.domain.derived import MATRIX_MIDPOINT, Quadrant
from desktop_app.domain.model import Function, Sourcing
from desktop_app.export.matrix_layout import PlacedDot, place_dots
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
    number: int  # the function's row in the table, drawn in the dot
    centre: QPointF
    radius: float
    label_rect: QRectF  # empty when the whole name does not fit beside the dot

    def hit(self, point: QPointF) -> bool:
        delta = point - self.centre
        near = delta.x() ** 2 + delta.y() ** 2 <= (self.radius + 4) ** 2
        return near or (not self.label_rect.isEmpty() and self.label_rect.contains(point))


class SourcingMatrix(QWidget):
    """Click a dot (or its name) to pick that function."""

    function_clicked = Signal(str)  # function id

    def __init__(self, session: Session, parent: QWidget | None = None,
                 side_legend: bool = False) -> None:
        super().__init__(parent)
        self.session = session
        # The slide has no table beside it: the names that do not fit by their dots
        # are listed by number in a column of their own.
        self.side_legend = side_legend
        self._measuring = False
        # The side legend's width, worked out once per size, font and change of the
        # functions: every rectangle of the plot depends on it.
        self._legend_width: float | None = None
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
            self._legend_width = None
            self._describe()
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._legend_width = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._legend_width = None
        super().changeEvent(event)

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
                      max(self.width() - MARGIN_LEFT - MARGIN_RIGHT - self.legend_width(), 100),
                      max(self.height() - MARGIN_TOP - self._bottom_margin(), 100))

    def legend_width(self) -> float:
        """The side legend's column (0 without one): as wide as its longest entry,
        at most a third of the widget; the names in it wrap, never cut."""
        if not self.side_legend or self._measuring:
            return 0.0
        if self._legend_width is None:
            self._legend_width = self._measure_legend()
        return self._legend_width

    def _measure_legend(self) -> float:
        self._measuring = True  # which names fit is measured without the column
        try:
            missing = bool(self.unnamed())
        finally:
            self._measuring = False
        if not missing:
            return 0.0
        metrics = QFontMetrics(self.font())
        widest = max(metrics.horizontalAdvance(f"{len(self.session.workshop.functions)}  "
                                               f"{f.label}")
                     for f in self.session.workshop.functions)
        return min(widest + LEGEND_GAP * 2, self.width() / 3)

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

    def tick_x(self, capability: int) -> float:
        """Where the in-house capability axis says `capability`."""
        return self.cell_rect(1, capability).center().x()

    def tick_y(self, importance: int) -> float:
        """Where the strategic importance axis says `importance`."""
        return self.cell_rect(importance, 1).center().y()

    def number_font(self) -> QFont:
        font = self._bold()
        font.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.78))
        return font

    def _placed(self) -> list[PlacedDot]:
        cell = self.plot_rect()
        size = min(cell.width(), cell.height()) / 5
        largest = max(DOT_RADIUS, QFontMetrics(self.number_font()).height() * 0.62 + 1)
        return place_dots(self.session.workshop.functions,
                          lambda c, i: (self.tick_x(c), self.tick_y(i)), size, largest,
                          y_up=False)

    def dots(self) -> list[Dot]:
        """Every function's dot exactly on its values (clusters centred on them),
        with its name beside it when the whole name fits before the next dot at
        that height; otherwise the dot's number stands for it (legend, table)."""
        metrics = QFontMetrics(self.font())
        placed = self._placed()
        right_edge = self.plot_rect().right() - 3
        result = []
        for dot in placed:
            label = QRectF()
            if dot.alone:
                left = dot.x + dot.radius + 5
                right = right_edge
                for other in placed:
                    if other.x > dot.x and abs(other.y - dot.y) < metrics.height():
                        right = min(right, other.x - other.radius - 6)
                if metrics.horizontalAdvance(dot.function.label) <= right - left:
                    label = QRectF(left, dot.y - metrics.height() / 2, right - left,
                                   metrics.height())
            result.append(Dot(dot.function, dot.number, QPointF(dot.x, dot.y), dot.radius,
                              label))
        return result

    def unnamed(self) -> list[Dot]:
        """The dots shown by their number only: the legend's entries."""
        return [dot for dot in self.dots() if dot.label_rect.isEmpty()]

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
        self._paint_side_legend(painter, c)
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
        numbers = self.number_font()
        for dot in self.dots():
            selected = dot.function.id == self.selected_id
            if selected:
                painter.setPen(QPen(QColor(c["highlight"]), 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(dot.centre, dot.radius + 4, dot.radius + 4)
            painter.setPen(QPen(QColor(c["base"]), 1.5))
            painter.setBrush(decision_colour(dot.function.sourcing, dark))
            painter.drawEllipse(dot.centre, dot.radius, dot.radius)
            box = QRectF(dot.centre.x() - dot.radius * 1.5, dot.centre.y() - dot.radius,
                         dot.radius * 3, dot.radius * 2)
            if QFontMetrics(numbers).horizontalAdvance(str(dot.number)) <= box.width():
                painter.setFont(numbers)
                painter.setPen(QColor("#ffffff"))
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(dot.number))
            if dot.label_rect.isEmpty():
                continue
            painter.setFont(bold if selected else self.font())
            painter.setPen(QColor(c["highlight"] if selected else c["text"]))
            painter.drawText(dot.label_rect,
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             dot.function.label)

    def _paint_side_legend(self, painter: QPainter, c: dict[str, str]) -> None:
        """The numbered functions whose names are not by their dots, each name
        whole (wrapped); the type shrinks until they all fit."""
        width = self.legend_width()
        entries = self.unnamed()
        if not width or not entries:
            return
        frame = self.frame_rect()
        left = frame.right() + LEGEND_GAP
        room = QRectF(left, frame.top(), self.width() - left - MARGIN_RIGHT,
                      self.height() - frame.top() - 4)
        font = QFont(self.font())
        while True:
            metrics = QFontMetrics(font)
            number_width = metrics.horizontalAdvance(f"{entries[-1].number}") + 8
            flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
            heights = [metrics.boundingRect(QRectF(0, 0, room.width() - number_width, 10_000)
                                            .toRect(), flags, dot.function.label).height()
                       for dot in entries]
            total = sum(heights) + 3 * len(heights) + metrics.height() + 6
            if total <= room.height() or font.pointSizeF() <= self.font().pointSizeF() * 0.6:
                break
            font.setPointSizeF(font.pointSizeF() * 0.92)
        painter.setFont(self._bold())
        painter.setPen(QColor(c["muted"]))
        y = room.top()
        painter.drawText(QRectF(left, y, room.width(), metrics.height()),
                         Qt.AlignmentFlag.AlignLeft, "Functions by number")
        y += metrics.height() + 6
        painter.setFont(font)
        for dot, height in zip(entries, heights, strict=True):
            painter.setPen(QColor(c["muted"]))
            painter.drawText(QRectF(left, y, number_width - 6, height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                             str(dot.number))
            painter.setPen(QColor(c["text"]))
            painter.drawText(QRectF(left + number_width, y, room.width() - number_width,
                                    height), flags, dot.function.label)
            y += height + 3

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
