"""The presenter window: a read-only "slide" of the facilitator's current stage
for the projector, in type large enough to read from the back of the room.

It follows the workspace (stage changes, edits, health findings) unless it is
frozen; it never shows menus, private notes or anything the facilitator only
uses to edit. `PresenterControl` wires it to the main window: the View menu
toggles, the choice of screen (remembered in QSettings), the frozen marker in
the facilitator's status bar, and closing it with the workshop; it imports
this module when the presenter first opens, not at start-up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import derived, votes
from desktop_app.domain.business_case import business_case
from desktop_app.domain.health import Severity
from desktop_app.domain.model import SECTIONS, GateStatus, Stage, Workshop
from desktop_app.domain.stages import STAGE_INFO, STAGES, stage_facts
from desktop_app.domain.wording import plural
from desktop_app.ui.labels import enum_label
from desktop_app.ui.session import Session
from desktop_app.ui.theme import colours
from desktop_app.ui.timer import Level, StageTimer, TimerState, format_duration
from desktop_app.ui.widgets.cash_flow_chart import CashFlowChart
from desktop_app.ui.widgets.sourcing_matrix import SourcingMatrix
from desktop_app.ui.widgets.timeline import WaveTimeline
from desktop_app.ui.widgets.vote_bars import VoteBars, VoteRow
from desktop_app.ui.workspace import Workspace

TEXT_PT = 22  # body text: readable from the back of the room at 1280x720
TITLE_PT = 40
SMALL_PT = 20  # the smallest type on the slide (stage number, footer)
CLOCK_PT = 32  # the stage timer in the footer
PICTURE_PT = 14  # labels inside the matrix and the timeline, whose geometry is fixed
MAX_ROWS = 6


def _dark() -> bool:
    app = QApplication.instance()
    return bool(app.property("dark_theme")) if app is not None else False


def _font(base: QFont, points: int, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSize(points)
    font.setBold(bold)
    return font


def _rows(lines: list[str], empty: str, limit: int = MAX_ROWS) -> str:
    """Large-text rows as rich text, at most `limit` and a count of the rest."""
    if not lines:
        return f"<p style='color:{colours(_dark())['muted']}'>{escape(empty)}</p>"
    shown = lines[:limit]
    more = len(lines) - len(shown)
    html = "".join(f"<p style='margin-bottom:10px'>{line}</p>" for line in shown)
    if more:
        html += f"<p style='color:{colours(_dark())['muted']}'>… and {more} more</p>"
    return html


def timer_text(t: StageTimer) -> str:
    """The stage timer as the room sees it: "12:30 left", "3:10 over", "… · paused"."""
    stage = t.stage
    if stage is None:
        return ""
    state = t.state()
    if state == TimerState.DONE:
        return f"Done: {t.stored_minutes(stage)} of {t.planned_minutes(stage)} min"
    if t.timebox() <= 0:
        text = f"{format_duration(t.elapsed())} (no time planned)"
    elif t.remaining() >= 0:
        text = f"{format_duration(t.remaining())} left"
    else:
        text = f"{format_duration(-t.remaining())} over"
    return text + " · paused" if state == TimerState.PAUSED else text


def timer_colour(t: StageTimer) -> str:
    """Amber at 20 % left, red at 5 %, like the timer bar."""
    c = colours(_dark())
    level = t.level()
    if t.state() == TimerState.DONE or level == Level.NORMAL:
        return c["text"]
    return c["danger"] if level == Level.RED else c["warning"]


def _row(main: str, rest: str = "") -> str:
    muted = colours(_dark())["muted"]
    tail = f" <span style='color:{muted}'>— {escape(rest)}</span>" if rest else ""
    return f"<b>{escape(main)}</b>{tail}"


SEVERITY_ORDER = (Severity.HIGH, Severity.MEDIUM, Severity.LOW)  # most severe first

# A presenter clicker sends PageDown/PageUp (some Right/Left): next and previous.
CLICKER_KEYS = {Qt.Key.Key_PageDown: +1, Qt.Key.Key_Right: +1, Qt.Key.Key_Space: +1,
                Qt.Key.Key_PageUp: -1, Qt.Key.Key_Left: -1}


class PresenterWindow(QWidget):
    """A top-level slide that follows the facilitator's stage."""

    closed = Signal()
    clicked = Signal(int)  # a clicker's next (+1) or previous (-1)
    dismissed = Signal()  # Escape: back to the console (one screen) or closed

    def __init__(self, session: Session, workspace: Workspace,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.session = session
        self.workspace = workspace
        self.monitor = workspace.monitor
        self.stage: Stage = workspace.current_stage()
        self.shown_stage: Stage = self.stage
        self.frozen = False
        self.setObjectName("presenter")
        self.setWindowTitle(f"{session.workshop.details.title} — Presenter")
        self.setAccessibleName("Presenter window")
        self.setAutoFillBackground(True)
        base = QApplication.font()

        self.number = QLabel(self)
        self.number.setFont(_font(base, SMALL_PT))
        self.title = QLabel(self)
        self.title.setFont(_font(base, TITLE_PT, bold=True))
        self.title.setWordWrap(True)
        self.facts = QLabel(self)
        self.facts.setFont(_font(base, TEXT_PT))
        self.facts.setWordWrap(True)

        self.body = QStackedWidget(self)
        self.matrix = SourcingMatrix(session, self.body, side_legend=True)
        self.timeline = WaveTimeline(session, self.body)
        for picture in (self.matrix, self.timeline):
            picture.setFont(_font(base, PICTURE_PT if picture is self.matrix else 12))
            picture.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            picture.setToolTip("")
        self.timeline_page = QWidget(self.body)
        timeline_layout = QVBoxLayout(self.timeline_page)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        timeline_layout.setSpacing(12)
        timeline_layout.addWidget(self.timeline)
        self.wave_text = QLabel(self.timeline_page)
        self.wave_text.setFont(_font(base, TEXT_PT))
        self.wave_text.setTextFormat(Qt.TextFormat.RichText)
        self.wave_text.setWordWrap(True)
        timeline_layout.addWidget(self.wave_text)
        timeline_layout.addStretch(1)
        self.text = QLabel(self.body)
        self.text.setFont(_font(base, TEXT_PT))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.snapshot = QLabel(self.body)  # the frozen body
        self.snapshot.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.vendor_page = QWidget(self.body)
        self.vendor_grid = QGridLayout()
        self.vendor_grid.setHorizontalSpacing(22)
        self.vendor_grid.setVerticalSpacing(10)
        self.vendor_grid.setColumnStretch(1, 1)
        self.vendor_grid.setColumnStretch(4, 1)
        vendor_layout = QVBoxLayout(self.vendor_page)
        vendor_layout.setContentsMargins(0, 8, 0, 0)
        vendor_layout.addLayout(self.vendor_grid)
        vendor_layout.addStretch(1)
        self.vendor_rows: list[str] = []
        self.vendor_verdict: QLabel | None = None  # the lead, close call or "provisional"
        self.case_page = QWidget(self.body)
        case_layout = QVBoxLayout(self.case_page)
        case_layout.setContentsMargins(0, 4, 0, 0)
        self.case_text = QLabel(self.case_page)
        self.case_text.setFont(_font(base, TEXT_PT))
        self.case_text.setTextFormat(Qt.TextFormat.RichText)
        self.case_text.setWordWrap(True)
        self.case_chart = CashFlowChart(self.case_page, point_size=14)
        self.case_chart.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        case_layout.addWidget(self.case_text)
        case_layout.addWidget(self.case_chart, 1)
        self.vote_bars = VoteBars(self.body)
        self.vote_bars.setFont(_font(base, TEXT_PT))
        for page in (self.matrix, self.timeline_page, self.vendor_page, self.case_page,
                     self.text, self.snapshot, self.vote_bars):
            self.body.addWidget(page)

        self.footer = QLabel(self)
        self.footer.setFont(_font(base, SMALL_PT))
        self.footer.setWordWrap(True)  # the finding in words, on up to three lines
        self.footer.setTextFormat(Qt.TextFormat.PlainText)
        self.footer.setMinimumHeight(self.footer.fontMetrics().lineSpacing() * 2 + 6)
        self.workshop_label = QLabel(self)
        self.workshop_label.setFont(_font(base, SMALL_PT))
        self.timer = workspace.timer_bar.timer
        self.clock = QLabel(self)
        self.clock.setObjectName("presenterClock")
        self.clock.setAccessibleName("Stage timer")
        self.clock.setFont(_font(base, CLOCK_PT, bold=True))
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock_colour = ""
        self.selected_function: str | None = None
        self.selected_vendor: str | None = None
        self.highlighted_vendor: str | None = None  # its name, when it is on the slide
        # The slide shows the facilitator's selection only once they point at it (F6):
        # a cursor moved while typing must not put a knocked-out vendor on the wall.
        self.pointing = False
        self.vote_section: str | None = None  # a dot vote's results instead of the stage
        self.blank = QWidget(self)  # B or "." blanks the wall (a clicker's black key)
        self.blank.setObjectName("presenterBlank")
        self.blank.setStyleSheet("background: black;")
        self.blank.hide()

        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        footer_rule = QFrame(self)
        footer_rule.setFrameShape(QFrame.Shape.HLine)
        self.workshop_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                          QSizePolicy.Policy.Preferred)
        self.workshop_label.setAlignment(Qt.AlignmentFlag.AlignRight
                                         | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.addWidget(self.number)
        top.addWidget(self.workshop_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 20)
        # A fixed minimum: a window that changes its size hints while shown makes
        # some platforms warn, and the slide is sized by its screen anyway.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(640, 360)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(rule)
        layout.addWidget(self.body, 1)
        layout.addWidget(footer_rule)
        bottom = QHBoxLayout()
        bottom.addWidget(self.footer, 1)
        bottom.addWidget(self.clock)
        layout.addLayout(bottom)

        # Every connection to something that outlives this window goes through
        # _listen, so closing the window ends them all (see closeEvent).
        self._connections: list[tuple[SignalInstance, Callable[..., None]]] = []
        self._listen(workspace.stage_changed, self._on_stage)
        self._listen(session.changed, self._on_changed)
        self._listen(self.monitor.updated, self._on_findings)
        self._listen(self.timer.updated, self._on_timer)
        self._listen(workspace.selection_changed, self._on_selection)
        self.refresh()

    def _listen(self, signal: SignalInstance, slot: Callable[..., None]) -> None:
        signal.connect(slot)
        self._connections.append((signal, slot))

    def stop_listening(self) -> None:
        for signal, slot in self._connections:
            with contextlib.suppress(RuntimeError, TypeError):  # its sender already gone
                signal.disconnect(slot)
        self._connections.clear()

    # -- following the facilitator -------------------------------------------------------

    def _on_stage(self, stage: Stage) -> None:
        self.stage = stage
        self.pointing = False  # a new stage starts with nothing pointed at
        if not self.frozen:
            self.refresh()

    def _on_changed(self, _change) -> None:
        if not self.frozen:
            self.refresh()

    def _on_findings(self, _findings) -> None:
        if not self.frozen:
            self._update_footer()

    def _on_timer(self) -> None:
        if not self.frozen:
            self._update_clock()

    def point(self) -> None:
        """Show the facilitator's current selection on the slide (on purpose: F6);
        pressed again, the slide shows no selection."""
        self.pointing = not self.pointing
        self._on_selection()

    def _on_selection(self, _section: str = "", _key: object = None) -> None:
        """The facilitator moved to another function or vendor (Workspace signal):
        followed only while they point at it."""
        if self.frozen:
            return
        function = self.workspace.selected_id("functions") if self.pointing else None
        vendor = self.workspace.selected_id("vendors") if self.pointing else None
        if function != self.selected_function:
            self.selected_function = function
            self.matrix.set_selected(function)
        if vendor != self.selected_vendor:
            self.selected_vendor = vendor
            if self.shown_stage == Stage.VENDORS:
                self._fill_vendors(self.session.workshop)

    def set_vote(self, section: str | None) -> None:
        """Show a dot vote's results ("functions", "parking_lot") or the stage (None)."""
        self.vote_section = section
        if not self.frozen:
            self.refresh()

    def _update_clock(self) -> None:
        self.clock.setText(timer_text(self.timer))
        colour = timer_colour(self.timer)
        if colour != self.clock_colour:
            self.clock_colour = colour
            self.clock.setStyleSheet(f"color: {colour};")

    def set_frozen(self, frozen: bool) -> None:
        """While frozen the slide keeps showing exactly what it showed."""
        if frozen == self.frozen:
            return
        if frozen:
            self.snapshot.setPixmap(self.body.currentWidget().grab())
            self.body.setCurrentWidget(self.snapshot)
        self.frozen = frozen
        if not frozen:
            self.snapshot.clear()
            self.refresh()

    def refresh(self) -> None:
        ws = self.session.workshop
        stage = self.stage
        self.shown_stage = stage
        info = STAGE_INFO[stage]
        c = colours(_dark())
        self.number.setText(f"Stage {info.number} of {len(STAGES)}")
        self.number.setStyleSheet(f"color: {c['muted']};")
        self.title.setText(info.title)
        facts = stage_facts(ws, stage)
        if stage == Stage.VENDORS:  # the ranking is the slide itself
            facts = [f for f in facts if not f.startswith("Ranking:")] or [
                f"{plural(len(ws.vendors), 'vendor')} · {plural(len(ws.criteria), 'criterion')}"]
        self.facts.setText(" · ".join(facts))
        self._elide_workshop_title()
        self.workshop_label.setStyleSheet(f"color: {c['muted']};")
        self.selected_function = (self.workspace.selected_id("functions")
                                  if self.pointing else None)
        self.selected_vendor = self.workspace.selected_id("vendors") if self.pointing else None
        self.matrix.set_selected(self.selected_function)
        if self.vote_section is not None:
            self.show_votes(ws, self.vote_section)
        else:
            slide_of(stage)(self, ws)
        self._update_footer()
        self._update_clock()

    # -- the slides: a chart (CHART_SLIDES) or a stage's text rows ---------------------------------

    def show_matrix(self, _ws: Workshop) -> None:
        self.matrix.update()
        self.body.setCurrentWidget(self.matrix)

    def show_timeline(self, ws: Workshop) -> None:
        self.timeline.setMinimumHeight(self.timeline.minimumSizeHint().height())
        self.timeline.update()
        self.wave_text.setText(self._waves_html(ws))
        self.body.setCurrentWidget(self.timeline_page)

    def show_ranking(self, ws: Workshop) -> None:
        self._fill_vendors(ws)
        self.body.setCurrentWidget(self.vendor_page)

    def show_business_case(self, ws: Workshop) -> None:
        case = business_case(ws)
        money, sensitive = case.currency, case.sensitive
        if case.has_figures:  # the headline figures are the slide's facts line above
            self.case_text.setText(
                f"If vendor prices are {case.price_rise * 100:.0f} % higher and the transition "
                f"{case.transition_rise * 100:.0f} % dearer: <b>"
                f"{escape(case.money(case.sensitive.saving))}</b> saved a year, "
                f"payback <b>{escape(sensitive.payback_label(sensitive.payback_month))}</b>")
        else:
            self.case_text.setText("No costs entered yet")
        self.case_chart.set_outcome(case.changing if case.has_figures else None, money)
        self.body.setCurrentWidget(self.case_page)

    def show_key_rows(self, ws: Workshop) -> None:
        key_rows = STAGE_INFO[self.stage].key_rows
        assert key_rows is not None  # the stage's slide is text (StageInfo.key_rows)
        heading, pairs, empty = key_rows(ws)
        rows = [_row(main, rest) for main, rest in pairs]
        self.text.setText(self._fit(
            self.text, lambda n: self._heading(heading) + _rows(rows, empty, n), len(rows)))
        self.body.setCurrentWidget(self.text)

    def show_votes(self, ws: Workshop, section: str) -> None:
        """The dot vote's results, most votes first, each with a bar."""
        self.title.setText(f"Dot vote: {SECTIONS[section].title.lower()}")
        asked = votes.question(ws, section)
        used, available = votes.dots_used(ws, section), votes.dots_available(ws)
        count = (f"{plural(used, 'dot')} placed by {plural(votes.voters(ws), 'voter')} "
                 f"({ws.details.votes_per_person} each: {available} available)")
        self.facts.setText(f"“{asked}” · {count}" if asked else count)
        rows = [VoteRow(rank, item.label, item.votes)
                for rank, item in votes.results(ws, section)]
        self.vote_bars.set_rows(rows, f"Nothing to vote on yet: no "
                                      f"{SECTIONS[section].title.lower()}", _dark())
        self.body.setCurrentWidget(self.vote_bars)

    def _heading(self, text: str) -> str:
        return (f"<p style='font-size:{TEXT_PT + 4}pt; font-weight:bold; "
                f"margin-bottom:8px'>{escape(text)}</p>")

    def _fit(self, label: QLabel, html, count: int, room: int | None = None) -> str:
        """The most rows that fit the body without scrolling off the slide."""
        room = self.body.height() if room is None else room
        width = max(self.body.width(), 200)
        for limit in range(min(count, MAX_ROWS), 0, -1):
            text = html(limit)
            label.setText(text)
            if label.heightForWidth(width) <= room:
                return text
        return html(1)

    def _waves_html(self, ws: Workshop) -> str:
        muted = colours(_dark())["muted"]
        rows = []
        for wave in ws.waves:
            when = (f"{wave.start:%d %b} – {wave.end:%d %b %Y}" if wave.start and wave.end
                    else "not scheduled")
            passed = sum(1 for g in wave.gates if g.status != GateStatus.OPEN)
            gates = f" · {passed} of {len(wave.gates)} gates met" if wave.gates else ""
            rows.append(f"<b>{escape(wave.name)}</b> <span style='color:{muted}'>— {when} · "
                        f"{enum_label(wave.go)}{gates}</span>")
        room = self.body.height() - self.timeline.minimumHeight() - 12
        return self._fit(self.wave_text, lambda n: _rows(rows, "No waves yet", n), len(rows),
                         room)

    def _fill_vendors(self, ws: Workshop) -> None:
        """The ranking with each vendor's capacity, one large row per vendor."""
        grid = self.vendor_grid
        while grid.count():
            item = grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        c = colours(_dark())
        base = QApplication.font()
        self.vendor_rows = []
        self.highlighted_vendor = None

        def cell(text: str, row: int, column: int, bold: bool = False, colour: str = "",
                 right: bool = False, points: int = TEXT_PT) -> QLabel:
            label = QLabel(text, self.vendor_page)
            label.setFont(_font(base, points, bold))
            if colour:
                label.setStyleSheet(f"color: {colour};")
            if right:
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, row, column)
            label.show()  # at once, not after the next event loop turn
            return label

        results = derived.vendor_results(ws)
        if not results:
            cell("No vendors yet", 0, 0, colour=c["muted"])
            return
        for column, heading in enumerate(("", "Vendor", "Score", "FTE asked / has",
                                          "")):
            cell(heading, 0, column, colour=c["muted"], points=SMALL_PT,
                 right=column in (2, 3))
        capacity = {cap.vendor_id: cap for cap in derived.vendor_capacity(ws)}
        for row, r in enumerate(results[:MAX_ROWS], start=1):
            cap = capacity.get(r.vendor_id)
            notes = []
            if r.knocked_out:
                notes.append("knocked out")
            elif not r.complete:
                notes.append(f"{r.scored} of {r.criteria} scored")
            if cap is not None and cap.over:
                notes.append("over capacity")
            selected = r.vendor_id == self.selected_vendor
            if selected:
                self.highlighted_vendor = r.name
            cell(f"▸ {r.rank}." if selected else f"{r.rank}.", row, 0, bold=True,
                 colour=c["highlight"] if selected else "")
            cell(r.name, row, 1, bold=True,
                 colour=c["highlight"] if selected else
                 (c["muted"] if r.knocked_out else ""))
            cell(f"{r.weighted_total:.2f}", row, 2, right=True)
            cell(f"{cap.demand:g} / {cap.available:g}" if cap else "", row, 3, right=True,
                 colour=c["danger"] if cap is not None and cap.over else "")
            cell(" · ".join(notes), row, 4, colour=c["danger"])
            self.vendor_rows.append(r.name)
        more = len(results) - MAX_ROWS
        if more > 0:
            cell(f"… and {more} more", MAX_ROWS + 1, 1, colour=c["muted"])
        self.vendor_verdict = None
        verdict = derived.ranking_verdict(ws)
        if verdict is not None:
            close = verdict.close
            label = QLabel(("⚠ " if close else "") + verdict.text, self.vendor_page)
            label.setObjectName("presenterVerdict")
            label.setFont(_font(base, TEXT_PT, bold=close))
            label.setWordWrap(True)
            label.setStyleSheet(f"color: {c['warning'] if close else c['muted']};")
            grid.addWidget(label, MAX_ROWS + 2, 0, 1, 5)
            label.show()
            self.vendor_verdict = label

    def _update_footer(self) -> None:
        """What the health check says about this stage, the most severe finding in
        words (a count told the room nothing), and how many there are in all."""
        findings = self.monitor.findings
        here = sorted((f for f in findings if f.stage == self.shown_stage),
                      key=lambda f: SEVERITY_ORDER.index(f.severity))
        overall = f"{plural(len(findings), 'finding')} overall"
        self.footer.setToolTip("\n".join(f.message for f in here))
        if not here:
            self.footer.setText(f"Health check: nothing to discuss in this stage · {overall}")
            return
        more = f" (+{len(here) - 1} more here)" if len(here) > 1 else ""
        message = here[0].message
        if len(message) > 240:  # three lines of the slide's footer at most
            message = message[:239].rstrip() + "…"
        self.footer.setText(f"Health check: {message}{more} · {overall}")

    # -- window --------------------------------------------------------------------------

    def _elide_workshop_title(self) -> None:
        title = self.session.workshop.details.title
        width = max(self.workshop_label.width(), 50)
        self.workshop_label.setText(self.workshop_label.fontMetrics().elidedText(
            title, Qt.TextElideMode.ElideRight, width))
        self.workshop_label.setToolTip(title)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resize_blank()
        self._elide_workshop_title()
        if not self.frozen:
            self.refresh()

    def set_blank(self, blank: bool) -> None:
        """Black out the wall (and back), as a presenter clicker's B key does."""
        self.blank.setGeometry(self.rect())
        self.blank.setVisible(blank)
        if blank:
            self.blank.raise_()

    def is_blank(self) -> bool:
        """The wall is blanked (also while the slide is behind the console)."""
        return self.blank.isVisibleTo(self)

    def resize_blank(self) -> None:
        if self.blank.isVisible():
            self.blank.setGeometry(self.rect())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            if self.blank.isVisible():
                self.set_blank(False)
                return
            self.dismissed.emit()
            return
        if key in (Qt.Key.Key_B, Qt.Key.Key_Period) and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            self.set_blank(not self.is_blank())
            return
        step = CLICKER_KEYS.get(Qt.Key(key))
        if step is not None and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.clicked.emit(step)
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_listening()  # nothing of the window is used once it is closed
        super().closeEvent(event)
        self.closed.emit()


# The slides that are charts of the presenter's own; every other stage's slide is
# the text rows of its StageInfo.key_rows. tests/test_stage_kit.py checks that
# each stage has exactly one of the two.
CHART_SLIDES: dict[Stage, Callable[[PresenterWindow, Workshop], None]] = {
    Stage.FUNCTIONS: PresenterWindow.show_matrix,
    Stage.VENDORS: PresenterWindow.show_ranking,
    Stage.BUSINESS_CASE: PresenterWindow.show_business_case,
    Stage.TRANSITION: PresenterWindow.show_timeline,
}


def slide_of(stage: Stage) -> Callable[[PresenterWindow, Workshop], None]:
    """How the presenter shows `stage`: its chart, or its text rows."""
    if STAGE_INFO[stage].key_rows is not None:
        return PresenterWindow.show_key_rows
    return CHART_SLIDES[stage]
