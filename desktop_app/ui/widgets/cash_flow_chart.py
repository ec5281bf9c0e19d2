"""The cumulative cost of staying as today against the plan, month by month
over the horizon, with the payback point where the plan's line falls below.
It is given the functions that change hands (`BusinessCase.changing`): the
retained ones cost the same either way and would only flatten the picture.

Painted from `business_case.Outcome.cumulative()`, the same figures the
minutes draw, so the room and the minutes show one chart.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.domain.business_case import Outcome
from desktop_app.domain.money import format_money
from desktop_app.domain.wording import plural
from desktop_app.export.chart_layout import CashFlowLayout, Text, cash_flow_layout
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
                f"{plural(outcome.horizon_years, 'year')} the plan has cost "
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

    def chart_layout(self) -> CashFlowLayout | None:
        """Where the chart's parts go at the widget's size (None without data)."""
        if self.outcome is None:
            return None
        regular, bold = QFontMetrics(self._font()), QFontMetrics(self._font(bold=True))

        def measure(text: str, is_bold: bool) -> float:
            return float((bold if is_bold else regular).horizontalAdvance(text))

        return cash_flow_layout(self.outcome, self.width(), self.height(), measure,
                                float(regular.height()),
                                (f"as today ({self.currency})", "with the plan"))

    def paintEvent(self, _event: QPaintEvent) -> None:
        c = colours(is_dark())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(c["base"]))
        painter.setFont(self._font())
        layout = self.chart_layout()
        if layout is None:
            painter.setPen(QColor(c["muted"]))
            painter.drawText(QRectF(self.rect()).adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_text)
            painter.end()
            return
        today_colour = TODAY_COLOUR if not is_dark() else c["warning"]
        plan_colour = ACCENT if not is_dark() else c["highlight"]

        def text(item: Text, colour: str, align=Qt.AlignmentFlag.AlignLeft) -> None:
            painter.setFont(self._font(bold=item.bold))
            painter.setPen(QColor(colour))
            box = item.box
            painter.drawText(QRectF(box.left, box.top, box.width + 1, box.height),
                             align | Qt.AlignmentFlag.AlignVCenter, item.text)

        plot = layout.plot
        for y, item in layout.value_labels:
            painter.setPen(QPen(QColor(c["border"]), 1))
            painter.drawLine(QPointF(plot.left, y), QPointF(plot.right, y))
            text(item, c["muted"], Qt.AlignmentFlag.AlignRight)
        for item in layout.year_labels:
            text(item, c["muted"])
        for line, colour, style, width in (
                (layout.today, today_colour, Qt.PenStyle.DashLine, 2.0),
                (layout.plan, plan_colour, Qt.PenStyle.SolidLine, 2.5)):
            painter.setPen(QPen(QColor(colour), width, style))
            painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in line]))
        for sample, item, colour, style in zip(
                layout.legend_samples, layout.legend, (today_colour, plan_colour),
                (Qt.PenStyle.DashLine, Qt.PenStyle.SolidLine), strict=True):
            painter.setPen(QPen(QColor(colour), 2.5, style))
            middle = (sample.top + sample.bottom) / 2
            painter.drawLine(QPointF(sample.left, middle), QPointF(sample.right, middle))
            text(item, c["text"])
        if layout.payback is not None and layout.payback_text is not None:
            painter.setPen(QPen(QColor(c["text"]), 1.5))
            painter.setBrush(QColor(c["base"]))
            painter.drawEllipse(QPointF(*layout.payback), 5, 5)
            box = layout.payback_text.box
            painter.drawEllipse(QPointF(box.left - 8, (box.top + box.bottom) / 2), 4, 4)
            text(layout.payback_text, c["text"])
        painter.end()
