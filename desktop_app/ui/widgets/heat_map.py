"""The risk heat map: likelihood against impact, open risks counted per cell."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from desktop_app.domain.commands import Change
from desktop_app.domain.model import Risk, RiskStatus
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours

LEVELS = range(1, 6)
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 64, 44, 12


def exposure_colour(likelihood: int, impact: int) -> QColor:
    """Green for low exposure, amber for medium, red for high (1-25)."""
    exposure = likelihood * impact
    if exposure >= 15:
        return QColor("#e06055")
    if exposure >= 8:
        return QColor("#f0b44c")
    return QColor("#7bbf84")


class RiskHeatMap(QWidget):
    """Click a cell to pick the first open risk in it."""

    risk_clicked = Signal(str)  # risk id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("riskHeatMap")
        self.setAccessibleName("Risk heat map: likelihood against impact")
        self.setMinimumSize(300, 260)
        self.setMouseTracking(True)
        session.changed.connect(self._on_changed)

    def sizeHint(self) -> QSize:
        return QSize(360, 320)

    def _on_changed(self, change: Change) -> None:
        if change.touches("risks"):
            self.update()

    def cells(self) -> dict[tuple[int, int], list[Risk]]:
        """Open risks per (likelihood, impact)."""
        grid: dict[tuple[int, int], list[Risk]] = defaultdict(list)
        for risk in self.session.workshop.risks:
            if risk.status == RiskStatus.OPEN:
                grid[(risk.likelihood, risk.impact)].append(risk)
        return dict(grid)

    def _plot(self) -> QRectF:
        return QRectF(MARGIN_LEFT, MARGIN_TOP, max(self.width() - MARGIN_LEFT - 8, 50),
                      max(self.height() - MARGIN_TOP - MARGIN_BOTTOM, 50))

    def cell_rect(self, likelihood: int, impact: int) -> QRectF:
        plot = self._plot()
        width, height = plot.width() / 5, plot.height() / 5
        return QRectF(plot.left() + (impact - 1) * width,
                      plot.top() + (5 - likelihood) * height, width, height)

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        for likelihood in LEVELS:
            for impact in LEVELS:
                if self.cell_rect(likelihood, impact).contains(point):
                    return (likelihood, impact)
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        c = colours(bool(QApplication.instance().property("dark_theme")))
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        grid = self.cells()
        bold = QFont(self.font())
        bold.setBold(True)
        bold.setPointSizeF(self.font().pointSizeF() * 1.3)
        for likelihood in LEVELS:
            for impact in LEVELS:
                rect = self.cell_rect(likelihood, impact).adjusted(1, 1, -1, -1)
                colour = exposure_colour(likelihood, impact)
                risks = grid.get((likelihood, impact), [])
                colour.setAlpha(235 if risks else 70)
                painter.fillRect(rect, colour)
                if risks:
                    painter.setFont(bold)
                    painter.setPen(QColor("#1d2430"))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(len(risks)))
        painter.setFont(self.font())
        painter.setPen(QPen(QColor(c["text"])))
        plot = self._plot()
        for level in LEVELS:
            x_rect = self.cell_rect(1, level)
            painter.drawText(QRectF(x_rect.left(), plot.bottom() + 2, x_rect.width(), 18),
                             Qt.AlignmentFlag.AlignCenter, str(level))
            y_rect = self.cell_rect(level, 1)
            painter.drawText(QRectF(MARGIN_LEFT - 22, y_rect.top(), 18, y_rect.height()),
                             Qt.AlignmentFlag.AlignCenter, str(level))
        painter.drawText(QRectF(plot.left(), plot.bottom() + 20, plot.width(), 20),
                         Qt.AlignmentFlag.AlignCenter, "Impact →")
        painter.save()
        painter.translate(14, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, -10, plot.height(), 20),
                         Qt.AlignmentFlag.AlignCenter, "Likelihood →")
        painter.restore()
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        risks = self.cells().get(cell, []) if cell else []
        if cell and risks:
            titles = "\n".join(f"• {r.label}" for r in risks)
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"Likelihood {cell[0]}, impact {cell[1]}:\n{titles}", self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        risks = self.cells().get(cell, []) if cell else []
        if risks:
            self.risk_clicked.emit(risks[0].id)
