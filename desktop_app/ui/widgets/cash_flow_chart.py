"""The cumulative cost of staying as today against the plan, month by month
over the horizon, with the payback point where the plan's line falls below.
It is given the functions that change hands (`BusinessCase.changing`): the
retained ones cost the same either way and would only flatten the picture.

Painted from `business_case.Outcome.cumulative()`, the same figures the
minutes draw, so the room and the minutes show one chart.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.domain.business_case import Outcome
from desktop_app.domain.money import format_money, nice_step, short_amount
from desktop_app.ui.theme import ACCENT, colours
from desktop_app.ui.widgets.timeline import is_dark

TODAY_COLOUR = "#8a5a00"  # amber: the cost of doing nothing


class CashFlowChart(QWidget):
    """Two lines (today, plan) and the payback point; `set_outcome(None)`
    shows what is missing instead."""

    def __init__(self, parent: QWidget | None = None, point_size: float | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cashFlowChart")
        self.setAccessibleName("Cumulative cost: today against the plan")
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.outcome: Outcome | None = None
        self.currency = ""
        self.empty_text = "Enter today's costs and the vendors' prices to see the cash flow."
        self._point_size = point_size

    def sizeHint(self) -> QSize:
        return QSize(460, 260)

    def set_outcome(self, outcome: Outcome | None, currency: str = "") -> None:
        self.outcome, self.currency = outcome, currency
        if outcome is not None:
            self.setAccessibleDescription(
                f"Payback {outcome.payback_label(outcome.payback_month)}; after "
                f"{outcome.horizon_years} years the plan has cost "
                f"{format_money(outcome.cumulative()[-1][2], currency)} against "
                f"{format_money(outcome.cumulative()[-1][1], currency)} as today.")
        self.update()

    def _font(self, scale: float = 1.0, bold: bool = False) -> QFont:
        font = QFont(self.font())
        if self._point_size is not None:
            font.setPointSizeF(self._point_size * scale)
        else:
            font.setPointSizeF(font.pointSizeF() * 0.9 * scale)
        font.setBold(bold)
        return font

    def paintEvent(self, _event: QPaintEvent) -> None:
        c = colours(is_dark())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(c["base"]))
        painter.setFont(self._font())
        metrics = QFontMetrics(painter.font())
        if self.outcome is None:
            painter.setPen(QColor(c["muted"]))
            painter.drawText(QRectF(self.rect()).adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_text)
            return
        points = self.outcome.cumulative()
        top = max(max(today, plan) for _m, today, plan in points)
        step = nice_step(top)
        top = (top / step).to_integral_value(rounding="ROUND_CEILING") * step if top > 0 else step
        label_width = metrics.horizontalAdvance("−000.0M") + 8
        legend_height = metrics.height() + 8
        area = QRectF(label_width, legend_height + 6, self.width() - label_width - 14,
                      self.height() - legend_height - metrics.height() - 18)
        months = len(points) - 1

        def at(month: int, value: Decimal) -> QPointF:
            x = area.left() + area.width() * month / months
            y = area.bottom() - area.height() * float(value / top)
            return QPointF(x, y)

        # Grid and axes.
        painter.setPen(QPen(QColor(c["border"]), 1))
        value = Decimal(0)
        while value <= top:
            y = at(0, value).y()
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(QColor(c["muted"]))
            painter.drawText(QRectF(0, y - metrics.height() / 2, label_width - 6, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             short_amount(value))
            painter.setPen(QPen(QColor(c["border"]), 1))
            value += step
        painter.setPen(QColor(c["muted"]))
        for year in range(self.outcome.horizon_years + 1):
            x = at(year * 12, Decimal(0)).x()
            text = f"year {year}" if year else "0"
            width = metrics.horizontalAdvance(text)
            left = min(max(x - width / 2, 0), self.width() - width - 2)  # inside the widget
            painter.drawText(QPointF(left, area.bottom() + 4 + metrics.ascent()), text)

        # The two lines.
        for index, colour in ((1, TODAY_COLOUR if not is_dark() else c["warning"]),
                              (2, ACCENT if not is_dark() else c["highlight"])):
            line = QPolygonF([at(month, values[index - 1])
                              for month, *values in points])
            painter.setPen(QPen(QColor(colour), 2.5 if index == 2 else 2,
                                Qt.PenStyle.SolidLine if index == 2 else Qt.PenStyle.DashLine))
            painter.drawPolyline(line)

        # The payback point.
        month = self.outcome.payback_month
        if month is not None and 0 < month <= months:
            point = at(month, points[month][2])
            painter.setPen(QPen(QColor(c["text"]), 1.5))
            painter.setBrush(QColor(c["base"]))
            painter.drawEllipse(point, 5, 5)
            painter.setFont(self._font(bold=True))
            text = f"payback, {self.outcome.payback_label(month)}"
            width = QFontMetrics(painter.font()).horizontalAdvance(text)
            x = min(point.x() + 8, area.right() - width)
            painter.drawText(QPointF(x, point.y() - 10), text)

        # Legend.
        painter.setFont(self._font())
        x = area.left()
        for label, colour, style in (
                ("as today", TODAY_COLOUR if not is_dark() else c["warning"],
                 Qt.PenStyle.DashLine),
                ("with the plan", ACCENT if not is_dark()
                 else c["highlight"], Qt.PenStyle.SolidLine)):
            painter.setPen(QPen(QColor(colour), 2.5, style))
            y = legend_height / 2 + 2
            painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
            painter.setPen(QColor(c["text"]))
            painter.drawText(QPointF(x + 28, y + metrics.ascent() / 2 - 1), label)
            x += 28 + metrics.horizontalAdvance(label) + 24
        painter.end()
