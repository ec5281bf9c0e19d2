"""The transition timeline: one bar per wave on a shared date axis.

Drawn like a small Gantt chart so the room sees at a glance what the article
warns about (failure mode 2, outsourcing too fast): a wave shorter than the
workshop's minimum weeks or moving more functions than its limit is hatched
in amber, and so is the stretch where two waves overlap. Bars are coloured by
the go / no-go decision. Waves without usable dates are listed under the
chart as not scheduled. The layout is computed apart from painting
(`bars()`, `unscheduled()`, `month_ticks()`), so tests can read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from desktop_app.domain.clock import MONTHS
from desktop_app.domain.commands import Change
from desktop_app.domain.model import GateStatus, GoDecision, Wave, Workshop
from desktop_app.ui.labels import enum_label
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours

MARGIN, AXIS_HEIGHT, ROW_HEIGHT, BAR_HEIGHT = 10, 26, 32, 22
LEGEND_HEIGHT, NOTE_HEIGHT = 26, 22
NAME_WIDTH_MAX, NAME_GAP = 250, 10

# Fill and in-bar text per go decision; lighter fills with dark text on the dark palette.
GO_COLOURS: dict[bool, dict[GoDecision, tuple[str, str]]] = {
    False: {GoDecision.PENDING: ("#66758a", "#ffffff"), GoDecision.GO: ("#2e7d4f", "#ffffff"),
            GoDecision.NO_GO: ("#b3261e", "#ffffff")},
    True: {GoDecision.PENDING: ("#9aa7b8", "#1d2430"), GoDecision.GO: ("#7cc797", "#1d2430"),
           GoDecision.NO_GO: ("#f2a19b", "#1d2430")},
}
AMBER = {False: "#d68910", True: "#f0c36a"}


def is_dark() -> bool:
    app = QApplication.instance()
    return bool(app.property("dark_theme")) if app is not None else False


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    """The first of the next month; the calendar's last day for December 9999."""
    if (day.year, day.month) == (date.max.year, 12):
        return date.max
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def day_after(day: date) -> date:
    """Where a bar ending on `day` stops drawing (the calendar's last day stays)."""
    return day if day == date.max else day + timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month, at most date.max."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date.max if year > date.max.year else date(year, month + 1, 1)


@dataclass(frozen=True)
class WaveBar:
    """Where one scheduled wave is drawn, and what is wrong with its pace."""

    wave_id: str
    name: str
    row: int
    rect: QRectF  # the bar, start day to end day inclusive
    row_rect: QRectF  # the whole row, name included (click target)
    go: GoDecision
    functions: int
    rushed: tuple[str, ...] = ()  # why the wave is too fast or too big
    overlaps: tuple[str, ...] = ()  # names of the waves it overlaps
    overlap_spans: tuple[QRectF, ...] = field(default=())  # overlapping stretches, hatched

    @property
    def marked(self) -> bool:
        return bool(self.rushed or self.overlaps)

    @property
    def warnings(self) -> list[str]:
        found = [reason.capitalize() for reason in self.rushed]
        found += [f"Overlaps “{name}”" for name in self.overlaps]
        return found

    def captions(self) -> list[str]:
        """The text inside the bar, longest first: the first that fits is drawn."""
        moves = _plural(self.functions, "function")
        return [f"{moves} · {enum_label(self.go).lower()}", moves, str(self.functions)]


@dataclass(frozen=True)
class Unscheduled:
    wave_id: str
    name: str
    reason: str  # "no dates", "no end date", "ends before it starts"


def pace_problems(workshop: Workshop, wave: Wave) -> tuple[str, ...]:
    """The reasons a dated wave is rushed, by the workshop's own thresholds."""
    limits = workshop.thresholds
    reasons = []
    if wave.start and wave.end and wave.start <= wave.end:
        days = (wave.end - wave.start).days
        if days < 7 * limits.min_wave_weeks:
            reasons.append(f"lasts {days / 7:.1f} weeks, shorter than "
                           f"{_plural(limits.min_wave_weeks, 'week')}")
    if len(wave.functions) > limits.max_functions_per_wave:
        reasons.append(f"moves {_plural(len(wave.functions), 'function')}, more than "
                       f"{limits.max_functions_per_wave}")
    return tuple(reasons)


class WaveTimeline(QWidget):
    """Click a bar (or its name) to select the wave."""

    wave_clicked = Signal(str)  # wave id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.selected: str | None = None
        self.setObjectName("waveTimeline")
        self.setAccessibleName("Transition timeline: one bar per wave")
        self.setMouseTracking(True)
        self.setMinimumSize(360, self._wanted_height())
        session.changed.connect(self._on_changed)

    # -- size ----------------------------------------------------------------------------

    def _wanted_height(self) -> int:
        """Axis, one row per scheduled wave, the legend, and the not-scheduled note."""
        rows = max(len(self._scheduled()), 1)
        note = NOTE_HEIGHT if self.unscheduled() else 0
        return 2 * MARGIN + AXIS_HEIGHT + rows * ROW_HEIGHT + LEGEND_HEIGHT + note

    def sizeHint(self) -> QSize:
        return QSize(720, self._wanted_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(360, self._wanted_height())

    def set_selected(self, wave_id: str | None) -> None:
        if wave_id != self.selected:
            self.selected = wave_id
            self.update()

    def _on_changed(self, change: Change) -> None:
        if change.touches("waves", "functions", "thresholds"):
            self.updateGeometry()
            self.setMinimumHeight(self._wanted_height())
            self.update()

    # -- layout (pure, testable) ------------------------------------------------------------

    def _scheduled(self) -> list[Wave]:
        return [w for w in self.session.workshop.waves
                if w.start and w.end and w.start <= w.end]

    def unscheduled(self) -> list[Unscheduled]:
        found = []
        for w in self.session.workshop.waves:
            if w.start and w.end:
                if w.end < w.start:
                    found.append(Unscheduled(w.id, w.label, "ends before it starts"))
            elif w.start:
                found.append(Unscheduled(w.id, w.label, "no end date"))
            elif w.end:
                found.append(Unscheduled(w.id, w.label, "no start date"))
            else:
                found.append(Unscheduled(w.id, w.label, "no dates"))
        return found

    def date_range(self) -> tuple[date, date] | None:
        """First day of the first month to first day after the last month shown."""
        waves = self._scheduled()
        if not waves:
            return None
        first = min(w.start for w in waves if w.start)
        last = max(w.end for w in waves if w.end)
        return month_start(first), next_month(last)

    def name_width(self) -> float:
        return min(NAME_WIDTH_MAX, max(120.0, self.width() * 0.28))

    def plot_rect(self) -> QRectF:
        left = MARGIN + self.name_width() + NAME_GAP
        rows = max(len(self._scheduled()), 1)
        return QRectF(left, MARGIN + AXIS_HEIGHT, max(self.width() - left - MARGIN, 60.0),
                      rows * ROW_HEIGHT)

    def x_of(self, day: date) -> float:
        span = self.date_range()
        plot = self.plot_rect()
        if span is None:
            return plot.left()
        first, last = span
        return plot.left() + (day - first).days / max((last - first).days, 1) * plot.width()

    def month_ticks(self) -> list[tuple[date, float, str]]:
        """(first of month, x, label) for every month on the axis; labels thinned to fit."""
        span = self.date_range()
        if span is None:
            return []
        first, last = span
        count = (last.year - first.year) * 12 + last.month - first.month
        width = self.plot_rect().width() / max(count, 1)
        # Thin the labels to fit; a plan spanning centuries gets one tick a century,
        # not a tick (and a paint) for each of its months.
        step = next((s for s in (1, 2, 3, 6, 12, 60, 120, 600, 1200) if width * s >= 64), 1200)
        every = 1 if step <= 12 else step
        ticks = []
        position, day = 0, first
        while day <= last:
            shown = position % step == 0 and day < last
            text = ""
            if shown:
                text = MONTHS[day.month - 1]
                if position == 0 or day.month == 1 or every > 1:
                    text += f" {day.year}"
            ticks.append((day, self.x_of(day), text))
            if day == date.max:
                break
            position += every
            day = add_months(day, every)
        return ticks

    def bars(self) -> list[WaveBar]:
        ws = self.session.workshop
        waves = self._scheduled()
        plot = self.plot_rect()
        bars = []
        for row, wave in enumerate(waves):
            assert wave.start and wave.end
            top = plot.top() + row * ROW_HEIGHT
            left, right = self.x_of(wave.start), self.x_of(day_after(wave.end))
            rect = QRectF(left, top + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                          max(right - left, 3.0), BAR_HEIGHT)
            overlaps, spans = [], []
            for other in waves:
                if other is wave:
                    continue
                assert other.start and other.end
                if wave.start <= other.end and other.start <= wave.end:
                    overlaps.append(other.label)
                    begin = max(wave.start, other.start)
                    end = day_after(min(wave.end, other.end))
                    spans.append(QRectF(self.x_of(begin), rect.top(),
                                        max(self.x_of(end) - self.x_of(begin), 3.0),
                                        rect.height()))
            bars.append(WaveBar(
                wave.id, wave.label, row, rect,
                QRectF(MARGIN, top, self.width() - 2 * MARGIN, ROW_HEIGHT),
                wave.go, len(wave.functions), pace_problems(ws, wave),
                tuple(overlaps), tuple(spans)))
        return bars

    def bar_at(self, point: QPointF) -> WaveBar | None:
        for bar in self.bars():
            if bar.row_rect.contains(point):
                return bar
        return None

    def tooltip_for(self, bar: WaveBar) -> str:
        wave = self.session.workshop.find("waves", bar.wave_id)
        assert isinstance(wave, Wave) and wave.start and wave.end
        weeks = (wave.end - wave.start).days / 7
        names = []
        for function_id in wave.functions:
            function = self.session.workshop.find("functions", function_id)
            names.append(function.label if function else function_id)
        open_gates = sum(1 for g in wave.gates if g.status == GateStatus.OPEN)
        lines = [
            bar.name,
            f"{wave.start.isoformat()} to {wave.end.isoformat()} ({weeks:.1f} weeks)",
            f"Moves: {', '.join(names) if names else 'no functions yet'}",
            f"Go / no-go: {enum_label(wave.go)} · "
            f"{_plural(len(wave.gates), 'gate')}, {open_gates} open",
        ]
        lines += [f"⚠ {warning}" for warning in bar.warnings]
        return "\n".join(lines)

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        dark = is_dark()
        c = colours(dark)
        amber = QColor(AMBER[dark])
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        metrics = QFontMetricsF(self.font())
        plot = self.plot_rect()
        bars = self.bars()

        frame = QRectF(0.5, 0.5, self.width() - 1, self.height() - 1)
        painter.setPen(QPen(QColor(c["border"]), 1))
        painter.setBrush(QColor(c["base"]))
        painter.drawRoundedRect(frame, 4, 4)

        if not bars:
            painter.setPen(QColor(c["muted"]))
            message = ("No waves yet: add one above (Insert), then give it a start and an end."
                       if not self.session.workshop.waves
                       else "No wave has both a start and an end date yet.")
            painter.drawText(QRectF(MARGIN, MARGIN, self.width() - 2 * MARGIN,
                                    AXIS_HEIGHT + ROW_HEIGHT),
                             Qt.AlignmentFlag.AlignCenter, message)
        else:
            self._paint_axis(painter, c, plot)
            for bar in bars:
                self._paint_bar(painter, c, dark, amber, metrics, bar)
        self._paint_footer(painter, c, dark, amber, metrics)
        painter.end()

    def _paint_axis(self, painter: QPainter, c: dict[str, str], plot: QRectF) -> None:
        grid = QColor(c["border"])
        for _day, x, text in self.month_ticks():
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, plot.top() - 4), QPointF(x, plot.bottom()))
            if text:
                painter.setPen(QColor(c["muted"]))
                painter.drawText(QRectF(x + 3, MARGIN, 90, AXIS_HEIGHT - 4),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text)

    def _paint_bar(self, painter: QPainter, c: dict[str, str], dark: bool, amber: QColor,
                   metrics: QFontMetricsF, bar: WaveBar) -> None:
        if bar.wave_id == self.selected:
            tint = QColor(c["highlight"])
            tint.setAlpha(45)
            painter.fillRect(bar.row_rect, tint)
        name_rect = QRectF(MARGIN + 4, bar.row_rect.top(), self.name_width() - 4, ROW_HEIGHT)
        name = ("⚠ " if bar.marked else "") + bar.name
        painter.setPen(QColor(c["text"]))
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(name, Qt.TextElideMode.ElideRight,
                                            name_rect.width()))

        fill, ink = GO_COLOURS[dark][bar.go]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(bar.rect, 4, 4)
        hatch = QBrush(amber, Qt.BrushStyle.BDiagPattern)
        painter.setBrush(hatch)
        if bar.rushed:
            painter.drawRoundedRect(bar.rect, 4, 4)
        for span in bar.overlap_spans:
            painter.fillRect(span, QBrush(amber, Qt.BrushStyle.DiagCrossPattern))
        outline = (QPen(QColor(c["highlight"]), 2.5) if bar.wave_id == self.selected
                   else QPen(amber, 2) if bar.marked else Qt.PenStyle.NoPen)
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(bar.rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)

        free = self._free_stretch(bar).adjusted(6, 0, -6, 0)
        caption = next((text for text in bar.captions()
                        if metrics.horizontalAdvance(text) <= free.width()), None)
        if caption is not None and not bar.rushed:  # clear of the hatching: text only
            painter.setPen(QColor(ink))
            painter.drawText(free, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             caption)
            return
        inside = bar.rect.adjusted(6, 0, -6, 0)
        caption = next((text for text in bar.captions()
                        if metrics.horizontalAdvance(text) <= inside.width()), None)
        if caption is not None:
            label_rect = QRectF(inside.left() - 3, inside.top() + 2,
                                metrics.horizontalAdvance(caption) + 6, inside.height() - 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(fill))
            painter.drawRoundedRect(label_rect, 3, 3)  # keeps the text clear of the hatch
            painter.setPen(QColor(ink))
            painter.drawText(inside, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             caption)
            return
        # A very short bar: the count goes beside it, on whichever side has room.
        caption = bar.captions()[-1]
        painter.setPen(QColor(c["muted"]))
        width = metrics.horizontalAdvance(caption) + 2
        if self.width() - MARGIN - bar.rect.right() - 6 >= width:
            target = QRectF(bar.rect.right() + 6, bar.rect.top(), width, bar.rect.height())
        else:
            target = QRectF(bar.rect.left() - 6 - width, bar.rect.top(), width,
                            bar.rect.height())
        painter.drawText(target, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         caption)

    @staticmethod
    def _free_stretch(bar: WaveBar) -> QRectF:
        """The widest part of a bar no overlap hatching covers."""
        edges = [(bar.rect.left(), bar.rect.left())]
        edges += sorted((span.left(), span.right()) for span in bar.overlap_spans)
        edges.append((bar.rect.right(), bar.rect.right()))
        best = QRectF(bar.rect.left(), bar.rect.top(), 0, bar.rect.height())
        for (_start, gap_left), (gap_right, _end) in pairwise(edges):
            if gap_right - gap_left > best.width():
                best = QRectF(gap_left, bar.rect.top(), gap_right - gap_left, bar.rect.height())
        return best

    def _paint_footer(self, painter: QPainter, c: dict[str, str], dark: bool, amber: QColor,
                      metrics: QFontMetricsF) -> None:
        top = self.plot_rect().bottom() + 6
        # The legend, right-aligned: one swatch per decision, then the hatch.
        entries = [(GO_COLOURS[dark][g][0], enum_label(g), None) for g in GoDecision]
        entries.append((c["base"], "too fast, too big or overlapping", amber))
        x = self.width() - MARGIN
        for fill, text, hatch in reversed(entries):
            width = metrics.horizontalAdvance(text)
            x -= width
            painter.setPen(QColor(c["muted"]))
            painter.drawText(QRectF(x, top, width + 2, 18), Qt.AlignmentFlag.AlignVCenter, text)
            x -= 18
            swatch = QRectF(x, top + 3, 12, 12)
            painter.setPen(QPen(amber, 1.5) if hatch else Qt.PenStyle.NoPen)
            painter.setBrush(QColor(fill))
            painter.drawRoundedRect(swatch, 2, 2)
            if hatch is not None:
                painter.fillRect(swatch, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
            x -= 14
        missing = self.unscheduled()
        if missing:
            text = "Not scheduled: " + "; ".join(f"{u.name} ({u.reason})" for u in missing)
            room = self.width() - 2 * MARGIN - 8
            painter.setPen(QColor(c["warning"]))
            painter.drawText(self.note_rect(), Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, room))

    def note_rect(self) -> QRectF:
        """Where the not-scheduled waves are listed."""
        top = self.plot_rect().bottom() + 6 + LEGEND_HEIGHT
        return QRectF(MARGIN + 4, top, self.width() - 2 * MARGIN - 8, NOTE_HEIGHT - 4)

    # -- interaction ---------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            bar = self.bar_at(QPointF(event.pos()))
            if bar is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_for(bar), self)
            elif self.unscheduled() and self.note_rect().contains(QPointF(event.pos())):
                QToolTip.showText(event.globalPos(), "Not scheduled:\n" + "\n".join(
                    f"• {u.name} ({u.reason})" for u in self.unscheduled()), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        bar = self.bar_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if bar is not None
                       else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        bar = self.bar_at(event.position())
        if bar is not None and event.button() == Qt.MouseButton.LeftButton:
            self.set_selected(bar.wave_id)
            self.wave_clicked.emit(bar.wave_id)
            return
        super().mousePressEvent(event)
