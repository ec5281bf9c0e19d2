"""A dot vote's results as the room reads them on the wall: one row per item,
most votes first, with its rank, its whole name (wrapped, never cut), its
votes and a bar as long as its share of the most votes.

Rows that do not fit the widget's height are counted in a last line ("… and 4
more"), so the slide never scrolls or clips a row.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from desktop_app.ui.theme import colours

ROW_GAP = 10.0
NAME_SHARE = 0.42  # of the width, for the names
WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)


@dataclass(frozen=True)
class VoteRow:
    rank: int
    name: str
    votes: int


class VoteBars(QWidget):
    def __init__(self, parent: QWidget | None = None, dark: bool = False) -> None:
        super().__init__(parent)
        self.rows: list[VoteRow] = []
        self.empty = ""
        self.dark = dark
        self.setObjectName("voteBars")
        self.setAccessibleName("Dot vote results, most votes first")

    def set_rows(self, rows: list[VoteRow], empty: str, dark: bool) -> None:
        self.rows, self.empty, self.dark = list(rows), empty, dark
        self.setAccessibleDescription("; ".join(
            f"{r.rank}. {r.name}: {r.votes}" for r in rows) or empty)
        self.update()

    def _columns(self) -> tuple[float, float, float]:
        """(rank width, name width, votes width) for this font and width."""
        metrics = QFontMetrics(self._bold())
        last = self.rows[-1].rank if self.rows else 1
        rank = metrics.horizontalAdvance(f"{last}.") + 12
        votes = metrics.horizontalAdvance(str(max((r.votes for r in self.rows), default=0))) + 16
        return rank, self.width() * NAME_SHARE, votes

    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def layout_rows(self) -> tuple[list[tuple[VoteRow, QRectF]], int]:
        """Each shown row with its rectangle, and how many rows did not fit."""
        metrics = QFontMetrics(self.font())
        _rank, name_width, _votes = self._columns()
        more_line = metrics.height() + ROW_GAP
        placed: list[tuple[VoteRow, QRectF]] = []
        y = 0.0
        for index, row in enumerate(self.rows):
            height = metrics.boundingRect(0, 0, int(name_width), 10_000, WRAP, row.name).height()
            left_after = len(self.rows) - index - 1
            room = self.height() - (more_line if left_after else 0)
            if y + height > room:
                return placed, len(self.rows) - index
            placed.append((row, QRectF(0, y, self.width(), height)))
            y += height + ROW_GAP
        return placed, 0

    def paintEvent(self, _event: QPaintEvent) -> None:
        c = colours(self.dark)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        if not self.rows:
            painter.setPen(QColor(c["muted"]))
            painter.drawText(QRectF(0, 0, self.width(), metrics.height() * 2),
                             Qt.AlignmentFlag.AlignLeft, self.empty)
            painter.end()
            return
        rank_width, name_width, votes_width = self._columns()
        bar_left = rank_width + name_width + votes_width + 12
        bar_room = max(self.width() - bar_left, 10)
        most = max(r.votes for r in self.rows) or 1
        placed, more = self.layout_rows()
        bar_colour = QColor(c["highlight"])
        for row, rect in placed:
            painter.setFont(self._bold())
            painter.setPen(QColor(c["text"]))
            painter.drawText(QRectF(0, rect.top(), rank_width - 12, rect.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{row.rank}.")
            painter.drawText(QRectF(rank_width + name_width, rect.top(), votes_width - 8,
                                    rect.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(row.votes))
            painter.setFont(self.font())
            painter.drawText(QRectF(rank_width, rect.top(), name_width, rect.height()), WRAP,
                             row.name)
            if row.votes:
                bar_height = min(metrics.height() * 0.8, rect.height())
                painter.fillRect(QRectF(bar_left, rect.center().y() - bar_height / 2,
                                        bar_room * row.votes / most, bar_height), bar_colour)
        if more:
            painter.setPen(QColor(c["muted"]))
            bottom = placed[-1][1].bottom() + ROW_GAP if placed else 0.0
            painter.drawText(QRectF(rank_width, bottom, self.width(), metrics.height()),
                             Qt.AlignmentFlag.AlignLeft, f"… and {more} more")
        painter.end()
