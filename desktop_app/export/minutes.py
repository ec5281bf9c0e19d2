"""The PDF minutes of a workshop: what everyone takes home.

`build_minutes` lays out a snapshot of the workshop with reportlab platypus in
the bundled DejaVu Sans family (embedded; no Helvetica anywhere) and writes
the file atomically: a failed or cancelled export leaves no PDF behind.

Every string people typed passes through one `Markup` object (escaping,
control characters, fallback fonts, missing-character report); fixed labels
go through it too, so no text reaches a Paragraph unescaped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop_app import APP_NAME, __version__
from desktop_app.domain import derived, health, summaries
from desktop_app.domain.commands import agreement_timing
from desktop_app.domain.model import (
    ActionStatus,
    AppliesTo,
    Attendance,
    DecisionStatus,
    GateStatus,
    GoDecision,
    Raci,
    RiskStatus,
    Side,
    Stage,
    Workshop,
    WorkshopStatus,
    first_line,
)
from desktop_app.domain.stages import STAGE_INFO, STAGES
from desktop_app.export import bidi, charts, fonts
from desktop_app.export.markup import Markup, split_markup
from desktop_app.export.report import MinutesReport
from desktop_app.files.atomic import atomic_write

# --- the result ------------------------------------------------------------------


class MinutesCancelled(Exception):
    """The export was cancelled; no file was written."""

    def __init__(self) -> None:
        super().__init__("The export of the minutes was cancelled.")


Progress = Callable[[int, int], None]


def build_minutes(workshop: Workshop, target: Path, *, progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None) -> MinutesReport:
    """Write the minutes of `workshop` to `target` (PDF), atomically.

    `progress(done, total)` is called as sections are built and laid out;
    `cancelled()` returning True stops the export with `MinutesCancelled` and
    no file. Raises `storage.errors.WriteFailed` when the target cannot be
    written (nothing is left behind then either).
    """
    minutes = _Minutes(workshop.snapshot(), progress, cancelled)
    return minutes.write(Path(target))


# --- look ------------------------------------------------------------------------

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
NAVY = colors.HexColor("#1F3A5F")
RULE = colors.HexColor("#D5DCE4")
GROUP = colors.HexColor("#E8EDF3")
PANEL = colors.HexColor("#F4F6F9")
RED = colors.HexColor("#B3261E")
AMBER = colors.HexColor("#A35F00")
GREEN = colors.HexColor("#2E7D32")
WATERMARK = colors.Color(0.70, 0.12, 0.12, alpha=0.10)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm
FOOTER_Y = 11 * mm
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
LABEL_LIMIT = 120  # characters of a name shown where it labels something else


def _style(name: str, **kw: Any) -> ParagraphStyle:
    kw.setdefault("fontName", fonts.REGULAR)
    kw.setdefault("fontSize", 9.5)
    kw.setdefault("leading", kw["fontSize"] * 1.35)
    kw.setdefault("textColor", INK)
    return ParagraphStyle(name, bulletFontName=fonts.REGULAR, splitLongWords=1, **kw)


STYLES = {
    "body": _style("body", spaceAfter=4),
    "muted": _style("muted", fontSize=8.5, textColor=MUTED, spaceBefore=3, spaceAfter=4),
    "none": _style("none", fontName=fonts.ITALIC, fontSize=9, textColor=MUTED, spaceAfter=6),
    "list": _style("list", leftIndent=18, bulletIndent=2, spaceAfter=2),
    "h1": _style("h1", fontName=fonts.BOLD, fontSize=15, leading=19, textColor=NAVY,
                 spaceBefore=14, spaceAfter=2),
    "purpose": _style("purpose", fontName=fonts.ITALIC, fontSize=9, textColor=MUTED,
                      spaceAfter=6),
    "h2": _style("h2", fontName=fonts.BOLD, fontSize=11, leading=14, textColor=NAVY,
                 spaceBefore=10, spaceAfter=5),
    "cell": _style("cell", fontSize=8.5, leading=10.8),
    "cell_r": _style("cell_r", fontSize=8.5, leading=10.8, alignment=TA_RIGHT),
    "cell_c": _style("cell_c", fontSize=8.5, leading=10.8, alignment=TA_CENTER),
    "cell_b": _style("cell_b", fontName=fonts.BOLD, fontSize=8.5, leading=10.8),
    "cell_br": _style("cell_br", fontName=fonts.BOLD, fontSize=8.5, leading=10.8,
                      alignment=TA_RIGHT),
    "cell_bc": _style("cell_bc", fontName=fonts.BOLD, fontSize=8.5, leading=10.8,
                      alignment=TA_CENTER),
    "cell_muted": _style("cell_muted", fontSize=7.5, leading=9.5, textColor=MUTED),
    "head": _style("head", fontName=fonts.BOLD, fontSize=8, leading=10, textColor=colors.white),
    "head_r": _style("head_r", fontName=fonts.BOLD, fontSize=8, leading=10,
                     textColor=colors.white, alignment=TA_RIGHT),
    "head_c": _style("head_c", fontName=fonts.BOLD, fontSize=8, leading=10,
                     textColor=colors.white, alignment=TA_CENTER),
    "label": _style("label", fontName=fonts.BOLD, fontSize=9, leading=12, textColor=NAVY,
                    spaceBefore=6, spaceAfter=3),
    "group": _style("group", fontName=fonts.BOLD, fontSize=8.5, leading=10.8, textColor=NAVY),
    "kicker": _style("kicker", fontName=fonts.BOLD, fontSize=9, textColor=MUTED, spaceAfter=10),
    "title": _style("title", fontName=fonts.BOLD, fontSize=24, leading=30, textColor=NAVY,
                    spaceAfter=6, alignment=TA_LEFT),
    "subtitle": _style("subtitle", fontSize=13, leading=17, textColor=INK, spaceAfter=18),
    "meta_label": _style("meta_label", fontSize=9, textColor=MUTED),
    "meta": _style("meta", fontSize=9.5),
    "status_draft": _style("status_draft", fontName=fonts.BOLD, fontSize=9.5, textColor=RED),
    "status_final": _style("status_final", fontName=fonts.BOLD, fontSize=9.5, textColor=GREEN),
}

SIDE_LABELS = {Side.CLIENT: "Client", Side.VENDOR: "Vendor", Side.FACILITATOR: "Facilitator",
               Side.OTHER: "Other"}
ATTENDANCE_LABELS = {Attendance.PRESENT: "Present", Attendance.APOLOGIES: "Apologies",
                     Attendance.ABSENT: "Absent"}
APPLIES_LABELS = {AppliesTo.IN_HOUSE: "In-house staff", AppliesTo.OUTSOURCED: "Outsourced staff",
                  AppliesTo.BOTH: "Both"}
RACI_LABELS = {Raci.RESPONSIBLE: "R – Responsible", Raci.ACCOUNTABLE: "A – Accountable",
               Raci.CONSULTED: "C – Consulted", Raci.INFORMED: "I – Informed"}
GATE_MARKS = {GateStatus.MET: ("✓", GREEN, "met"), GateStatus.WAIVED: ("–", AMBER, "waived"),
              GateStatus.OPEN: ("○", RED, "open")}
SEVERITY_COLOURS = {health.Severity.HIGH: RED, health.Severity.MEDIUM: AMBER,
                    health.Severity.LOW: MUTED}


# --- formatting --------------------------------------------------------------------


def fmt_date(value: date | None, short: bool = False) -> str:
    if value is None:
        return "—"
    month = MONTH_NAMES[value.month - 1]
    return f"{value.day} {month[:3] if short else month} {value.year}"


def fmt_datetime(value: datetime | None, short: bool = False) -> str:
    """"9 March 2027, 11:05 (UTC+01:00)"; short: "9 Mar 2027, 11:05"."""
    if value is None:
        return "—"
    text = f"{fmt_date(value.date(), short)}, {value:%H:%M}"
    offset = value.utcoffset()
    if offset is not None and not short:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "−"
        text += f" (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"
    return text


def fmt_num(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def fmt_minutes(total: int) -> str:
    hours, minutes = divmod(int(total), 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"


def short(text: str) -> str:
    """A name used as a label (table header, group row): its first line, capped."""
    return first_line(text, LABEL_LIMIT) if text.strip() else "—"


# --- the document ------------------------------------------------------------------


bidi.install_shaping()

LONG_TEXT_CHARS = 3_000  # a paragraph longer than this is drawn as a stack of pieces
LONG_WORD_CHARS = 250  # and a word longer than this is cut into pieces too


class _Paragraph(Paragraph):
    """A Paragraph that keeps its last line breaking: a table wraps each cell
    several times, and a row split over pages wraps what remains on every page."""

    _last_wrap: tuple | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        key = (id(self), availWidth)  # a split copies the attributes: not its lines
        last = self._last_wrap
        if last is not None and last[0] == key:
            _, self.width, self._wrapWidths, self.blPara, self.height = last
            return availWidth, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._last_wrap = (key, self.width, self._wrapWidths, self.blPara, height)
        return width, height

    def drawPara(self, debug: int = 0) -> None:
        """Lines with right-to-left words are drawn with their words in visual order
        (bidi.py); the lines themselves stay as they were broken."""
        lines = getattr(self.blPara, "lines", [])
        if self.blPara.kind != 1 or not any(
                bidi.has_right_to_left(frag.text) for line in lines for frag in line.words):
            super().drawPara(debug)
            return
        logical = [line.words for line in lines]
        try:
            # Each line typed (ended by a line break) has its own direction, that of
            # its first strong character, as a paragraph has in UAX #9.
            start = 0
            for end, line in enumerate(lines):
                if getattr(line, "lineBreak", False) or end == len(lines) - 1:
                    group = lines[start:end + 1]
                    right_to_left = bidi.base_is_right_to_left(
                        "".join(frag.text for member in group for frag in member.words))
                    for member in group:
                        member.words = _visual_words(member.words, right_to_left)
                    start = end + 1
            super().drawPara(debug)
        finally:
            for line, words in zip(lines, logical, strict=True):
                line.words = words


def _visual_words(frags: list, right_to_left: bool) -> list:
    """The frags of one line with their words in the order they are drawn."""
    tokens = [(frag, word) for frag in frags for word in str(frag.text).split(" ") if word]
    if not tokens:
        return frags
    ordered = [tokens[i] for i in bidi.visual_order([w for _f, w in tokens], right_to_left)]
    result: list = []
    for frag, word in ordered:
        if result and result[-1][0] is frag:
            result[-1][1].append(word)
        else:
            result.append((frag, [word]))
    last = len(result) - 1
    return [frag.clone(text=" ".join(words) + (" " if index < last else ""))
            for index, (frag, words) in enumerate(result)]


class _Stack(Flowable):
    """The pieces of one long text, one after the other; it splits between or
    inside pieces. In a table cell its pieces are the cell's list of flowables.
    The space before its first piece and after its last are its own, as a
    paragraph's are, so the frame handles them as for any paragraph."""

    def __init__(self, pieces: list[Flowable]) -> None:
        super().__init__()
        self.pieces = pieces

    def getSpaceBefore(self) -> float:
        return self.pieces[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.pieces[-1].getSpaceAfter()

    def _gaps(self) -> list[float]:
        """The space above each piece inside the stack (none above the first)."""
        return [0.0] + [before.getSpaceAfter() + after.getSpaceBefore()
                        for before, after in zip(self.pieces, self.pieces[1:], strict=False)]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = sum(piece.wrap(availWidth, availHeight)[1] + gap
                          for piece, gap in zip(self.pieces, self._gaps(), strict=True))
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        used = 0.0
        for index, (piece, gap) in enumerate(zip(self.pieces, self._gaps(), strict=True)):
            height = piece.wrap(availWidth, availHeight)[1]
            if used + gap + height <= availHeight:
                used += gap + height
                continue
            parts = piece.split(availWidth, availHeight - used - gap)
            before, after = self.pieces[:index], self.pieces[index + 1:]
            if len(parts) == 2:
                before, after = [*before, parts[0]], [parts[1], *after]
            else:
                after = [piece, *after]
            if not before:
                return []
            return [_Stack(before), _Stack(after)]
        return [self]

    def draw(self) -> None:
        y = self.height
        for piece, gap in zip(self.pieces, self._gaps(), strict=True):
            y -= gap + piece.height
            piece.drawOn(self.canv, 0, y)


_TAG = re.compile(r"<[^>]*>")


def _visible(markup: str) -> str:
    return _TAG.sub("", markup)


def _style_of(style: str | ParagraphStyle) -> ParagraphStyle:
    return style if isinstance(style, ParagraphStyle) else STYLES[style]


@functools.cache
def _shaping_style(style: str, right_to_left: bool) -> ParagraphStyle:
    """`style` with HarfBuzz shaping, aligned right for right-to-left text that is
    aligned left otherwise."""
    base = STYLES[style]
    alignment = TA_RIGHT if right_to_left and base.alignment == TA_LEFT else base.alignment
    return ParagraphStyle(f"{style}-shaped-{right_to_left}", parent=base, shaping=1,
                          alignment=alignment)


@functools.cache
def _piece_style(style: str | ParagraphStyle, first: bool, last: bool) -> ParagraphStyle:
    """The style of one piece: no space between pieces, so they read as one text."""
    base = _style_of(style)
    return ParagraphStyle(f"{base.name}-piece-{first}-{last}", parent=base,
                          spaceBefore=base.spaceBefore if first else 0,
                          spaceAfter=base.spaceAfter if last else 0)


@dataclass
class _Row:
    cells: list[Flowable]
    kind: str = "body"  # body, group, total


class _Heading(Paragraph):
    """A section heading that becomes a PDF bookmark when laid out."""

    def __init__(self, text: str, style: ParagraphStyle, title: str, level: int,
                 key: str, top: bool) -> None:
        super().__init__(text, style)
        self.bookmark = (title, level, key, top)


class _Minutes:
    def __init__(self, ws: Workshop, progress: Progress | None,
                 cancelled: Callable[[], bool] | None) -> None:
        self.ws = ws
        self.m = Markup()
        self._progress = progress
        self._cancelled = cancelled
        self._keys = 0
        self._section_count = 0
        self._done = 0
        self._total = 1
        self.width = PAGE_WIDTH - 2 * MARGIN_X
        self.functions = {f.id: f for f in ws.functions}
        self.vendors = {v.id: v for v in ws.vendors}
        self.criteria = {c.id: c for c in ws.criteria}

    # --- driving ---------------------------------------------------------------

    def sections(self) -> list[Callable[[], list[Flowable]]]:
        return [self.cover, self.setup, self.functions_section, self.vendors_section,
                self.customers_section, self.metrics_section, self.transition_section,
                self.governance_section, self.close_section, self.sign_off]

    def _check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise MinutesCancelled()

    def _step(self) -> None:
        self._done = min(self._done + 1, self._total - 1)
        if self._progress is not None:
            self._progress(self._done, self._total)

    def write(self, target: Path) -> MinutesReport:
        sections = self.sections()
        self._total = 2 * len(sections) + 1
        if self._progress is not None:
            self._progress(0, self._total)
        story: list[Flowable] = []
        for section in sections:
            self._check()
            story.extend(section())
            self._step()
        pages: list[int] = []
        atomic_write(target, lambda temp: pages.append(self._render(story, temp)))
        if self._progress is not None:
            self._progress(self._total, self._total)
        return MinutesReport(pages=pages[0], missing_characters=self.m.missing_characters)

    def _render(self, story: list[Flowable], path: Path) -> int:
        details = self.ws.details
        organisation = self.m.plain(details.organisation)
        subject = "Minutes of the IT sourcing workshop"
        if organisation:
            subject += f" of {organisation}"
        if details.date:
            subject += f", {fmt_date(details.date)}"
        keywords = ["sourcing workshop", "minutes", "IT outsourcing", details.status.value]
        if organisation:
            keywords.append(organisation)
        doc = _Document(
            str(path), self,
            title=self.m.plain(details.title) or "Untitled workshop",
            author=self.m.plain(details.facilitator),
            subject=subject,
            keywords=keywords,
            creator=f"{APP_NAME} {__version__}",
            lang="en",
        )
        counter: list[int] = []
        doc.build(story, canvasmaker=_counting_canvas(self._footer, counter))
        return counter[0]

    # --- page decoration ------------------------------------------------------------

    def on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if canvas.getPageNumber() == 1:
            canvas.showOutline()
        if self.ws.details.status == WorkshopStatus.DRAFT:
            canvas.saveState()
            canvas.setFillColor(WATERMARK)
            canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canvas.rotate(50)
            canvas.setFont(fonts.BOLD, 130)
            canvas.drawCentredString(0, -45, "DRAFT")
            canvas.restoreState()

    def _footer(self, canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, FOOTER_Y + 10, PAGE_WIDTH - MARGIN_X, FOOTER_Y + 10)
        number = f"Page {page} of {total}"
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, FOOTER_Y, number)
        room = self.width - canvas.stringWidth(number, fonts.REGULAR, 7.5) - 24
        x = MARGIN_X
        for font, text in self.m.fit(self.ws.details.title, room, 7.5):
            canvas.setFont(font, 7.5)
            canvas.drawString(x, FOOTER_Y, text)
            x += canvas.stringWidth(text, font, 7.5)
        canvas.restoreState()

    def after_flowable(self, canvas: Canvas, flowable: Flowable) -> None:
        self._check()
        bookmark = getattr(flowable, "bookmark", None)
        if bookmark is None:
            return
        title, level, key, top = bookmark
        canvas.bookmarkPage(key)
        canvas.addOutlineEntry(title, key, level=level, closed=False)
        if top:
            self._step()

    # --- building blocks ----------------------------------------------------------------

    def p(self, text: object, style: str = "cell", **kw: Any) -> Flowable:
        """A paragraph of plain text (user or fixed), escaped."""
        return self.pm(self.m(text), style, **kw)

    def pm(self, markup: str, style: str = "cell", **kw: Any) -> Flowable:
        """A paragraph of markup composed from `self.m(...)` pieces; a long one is
        a stack of paragraphs (see markup.split_markup), so it costs linear time."""
        if bidi.needs_shaping(markup):  # Arabic, Hebrew, Indic...: HarfBuzz shapes them
            style = _shaping_style(style, bidi.base_is_right_to_left(_visible(markup)))
        if len(markup) <= LONG_TEXT_CHARS or kw:
            return _Paragraph(markup, _style_of(style), **kw)
        pieces = split_markup(markup, LONG_TEXT_CHARS, LONG_WORD_CHARS)
        if len(pieces) == 1:
            return _Paragraph(markup, _style_of(style))
        last = len(pieces) - 1
        return _Stack([_Paragraph(piece, _piece_style(style, index == 0, index == last))
                       for index, piece in enumerate(pieces)])

    def coloured(self, text: str, colour: colors.Color, bold: bool = True) -> str:
        inner = self.m(text)
        if bold:
            inner = f"<b>{inner}</b>"
        return f'<font color="{colour.hexval()}">{inner}</font>'

    def muted(self, text: str, size: float = 7.5) -> str:
        return f'<font color="{MUTED.hexval()}" size="{size}">{self.m(text)}</font>'

    def cell(self, text: object, style: str = "cell") -> Paragraph:
        value = "" if text is None else str(text)
        if not value.strip():
            return self.pm(self.muted("—", 8.5), style)
        return self.p(value, style)

    def named(self, name: str, detail: str = "") -> Paragraph:
        """A bold name with an optional muted line under it."""
        markup = f"<b>{self.m(name)}</b>" if name.strip() else self.muted("—", 8.5)
        if detail.strip():
            markup += "<br/>" + self.muted(detail)
        return self.pm(markup, "cell")

    def group(self, text: str, count: int | None = None) -> _Row:
        label = self.m(short(text))
        if count is not None:
            label += f' <font color="{MUTED.hexval()}">({count})</font>'
        return _Row([self.pm(label, "group")], "group")

    def none(self, text: str) -> Paragraph:
        return self.p(text, "none")

    def heading(self, number: str, title: str, level: int, need: float = 0) -> list[Flowable]:
        """A numbered heading (bookmarked), on a new page unless `need` points
        (at least room for the heading and a few lines) are left below it."""
        self._keys += 1
        key = f"section-{self._keys}"
        text = f"{number}  {title}" if number else title
        style = "h1" if level == 0 else "h2"
        need = max(need, 75 * mm if level == 0 else 40 * mm)
        flow: list[Flowable] = [CondPageBreak(need)]
        flow.append(_Heading(self.m(text), STYLES[style], f"{number} {title}".strip(), level,
                             key, top=level == 0))
        return flow

    def stage_heading(self, stage: Stage, need: float = 0) -> list[Flowable]:
        info = STAGE_INFO[stage]
        flow = self.heading(str(info.number), info.title, 0, need)
        flow.append(self.p(info.purpose, "purpose"))
        return flow

    def sub(self, stage: Stage, index: int, title: str, need: float = 0) -> list[Flowable]:
        return self.heading(f"{STAGE_INFO[stage].number}.{index}", title, 1, need)

    def table(self, header: list[str], rows: Iterable[_Row | list[Flowable]],
              widths: list[float], right: Iterable[int] = (), centre: Iterable[int] = (),
              extra: Iterable[tuple] = ()) -> Table:
        right, centre = set(right), set(centre)
        head = []
        for index, title in enumerate(header):
            style = "head_r" if index in right else "head_c" if index in centre else "head"
            head.append(self.p(short(title) if title.strip() else "", style))
        data: list[list[Any]] = [head]
        commands: list[tuple] = [
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ]
        keep: list[tuple] = []  # a group row stays with its first row
        for row in rows:
            if isinstance(row, list):
                row = _Row(row)
            row.cells = [cell.pieces if isinstance(cell, _Stack) else cell for cell in row.cells]
            index = len(data)
            if row.kind == "group":
                keep.append(("NOSPLIT", (0, index), (-1, index + 1)))
                data.append(row.cells + [""] * (len(header) - len(row.cells)))
                commands += [("SPAN", (0, index), (-1, index)),
                             ("BACKGROUND", (0, index), (-1, index), GROUP),
                             ("TOPPADDING", (0, index), (-1, index), 3)]
            else:
                data.append(row.cells)
                if row.kind == "total":
                    commands += [("LINEABOVE", (0, index), (-1, index), 0.9, NAVY),
                                 ("BACKGROUND", (0, index), (-1, index), PANEL)]
        commands.extend(extra)
        total = sum(widths)
        table = Table(data, colWidths=[self.width * w / total for w in widths], repeatRows=1,
                      hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return self._splittable(table, keep)

    def _splittable(self, table: Table, keep: list[tuple]) -> Table:
        """Let rows split across pages only in a table with a row too tall for
        a page (a very long text); other tables break between rows, never
        right after a group row."""
        table.wrap(self.width, PAGE_HEIGHT * 100)
        if max(table._rowHeights, default=0) > FRAME_HEIGHT * 0.45:
            table.splitInRow = 1
        elif keep:
            table.setStyle(TableStyle(keep))
        return table

    def facts(self, stage: Stage) -> str:
        return " · ".join(summaries.stage_facts(self.ws, stage))

    # --- cover -------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        d = self.ws.details
        flow: list[Flowable] = [Spacer(1, 18 * mm)]
        kicker = _Heading(self.m("MINUTES · IT SOURCING WORKSHOP"), STYLES["kicker"], "Cover",
                          0, "cover", top=True)
        flow.append(kicker)
        flow.append(self.p(d.title if d.title.strip() else "Untitled workshop", "title"))
        if d.organisation.strip():
            flow.append(self.p(d.organisation, "subtitle"))
        else:
            flow.append(Spacer(1, 12))
        draft = d.status == WorkshopStatus.DRAFT
        status = (self.pm(self.coloured("Draft", RED) + " – for review by the attendees",
                          "meta") if draft else
                  self.pm(self.coloured("Final", GREEN) + " – agreed record", "meta"))
        present = sum(1 for p in self.ws.participants if p.attendance == Attendance.PRESENT)
        rows = [
            ["Date", self.p(fmt_date(d.date), "meta")],
            ["Location", self.cell(d.location, "meta")],
            ["Facilitator", self.cell(d.facilitator, "meta")],
            ["Attendees", self.p(f"{present} present of {len(self.ws.participants)} invited",
                                 "meta")],
            ["Status", status],
        ]
        data = [[self.p(label, "meta_label"), value] for label, value in rows]
        meta = Table(data, colWidths=[32 * mm, self.width - 32 * mm], hAlign="LEFT",
                     splitInRow=1)
        meta.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, NAVY),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
        ]))
        flow += [meta, Spacer(1, 12 * mm), self.p("At a glance", "h2")]
        glance = []
        for info in STAGES:
            glance.append([self.p(str(info.number), "cell_r"), self.p(info.title, "cell_b"),
                           self.p(self.facts(info.stage), "cell")])
        findings = health.check(self.ws)
        counts = {s: sum(1 for f in findings if f.severity == s) for s in health.Severity}
        summary = ", ".join(f"{counts[s]} {s.value}" for s in health.Severity if counts[s])
        glance.append(["", self.p("Health check", "cell_b"),
                       self.p(f"{len(findings)} finding" + ("" if len(findings) == 1 else "s")
                              + (f" ({summary})" if summary else ""), "cell")])
        flow.append(self.table(["", "Section", "Summary"], glance, [5, 30, 65]))
        flow.append(PageBreak())
        return flow

    # --- 1 setup -----------------------------------------------------------------

    def setup(self) -> list[Flowable]:
        ws, d = self.ws, self.ws.details
        flow = self.stage_heading(Stage.SETUP)
        flow += self.sub(Stage.SETUP, 1, "Attendance")
        if ws.participants:
            counts = {a: sum(1 for p in ws.participants if p.attendance == a) for a in Attendance}
            flow.append(self.p(", ".join(f"{counts[a]} {ATTENDANCE_LABELS[a].lower()}"
                                         for a in Attendance) + ".", "muted"))
            rows: list[_Row | list[Flowable]] = []
            for attendance in Attendance:
                people = [p for p in ws.participants if p.attendance == attendance]
                if not people:
                    continue
                rows.append(self.group(ATTENDANCE_LABELS[attendance], len(people)))
                rows += [[self.p(p.name, "cell_b"), self.cell(p.role), self.cell(p.organisation),
                          self.p(SIDE_LABELS[p.side])] for p in people]
            flow.append(self.table(["Name", "Role", "Organisation", "Side"], rows,
                                   [28, 28, 32, 12]))
        else:
            flow.append(self.none("No participants recorded."))

        flow += self.sub(Stage.SETUP, 2, "Objectives and scope")
        flow.append(self.p("Scope", "label"))
        flow.append(self.p(d.scope, "body") if d.scope.strip() else self.none("No scope recorded."))
        flow.append(self.p("Objectives", "label"))
        if d.objectives:
            flow += [self.p(objective, "list", bulletText=f"{n}.")
                     for n, objective in enumerate(d.objectives, start=1)]
        else:
            flow.append(self.none("No objectives recorded."))

        flow += self.sub(Stage.SETUP, 3, "Agenda")
        if ws.agenda:
            actual = [getattr(item, "actual_minutes", None) for item in ws.agenda]
            with_actual = any(value is not None for value in actual)
            header = ["Stage", "Agenda item", "Planned"] + (["Actual"] if with_actual else [])
            rows = []
            for item, spent in zip(ws.agenda, actual, strict=True):
                info = STAGE_INFO[item.stage]
                row = [self.p(f"{info.number}  {info.title}"),
                       self.cell(item.title), self.p(fmt_minutes(item.planned_minutes), "cell_r")]
                if with_actual:
                    row.append(self.p(fmt_minutes(spent) if spent is not None else "—", "cell_r"))
                rows.append(row)
            total = [self.p("Total", "cell_b"), self.p(""),
                     self.p(fmt_minutes(sum(i.planned_minutes for i in ws.agenda)), "cell_br")]
            if with_actual:
                total.append(self.p(fmt_minutes(sum(v or 0 for v in actual)), "cell_br"))
            rows.append(_Row(total, "total"))
            widths = [32, 52, 16] if not with_actual else [30, 46, 12, 12]
            flow.append(self.table(header, rows, widths, right=(2, 3)))
        else:
            flow.append(self.none("No agenda recorded."))
        return flow

    # --- 2 functions -------------------------------------------------------------

    def functions_section(self) -> list[Flowable]:
        ws = self.ws
        if not ws.functions:
            flow = self.stage_heading(Stage.FUNCTIONS)
            flow.append(self.none("No functions recorded."))
            return flow
        matrix = charts.sourcing_matrix(ws.functions, self.m, self.width)
        flow = self.stage_heading(Stage.FUNCTIONS, need=matrix.height + 50 * mm)
        flow.append(self.p(self.facts(Stage.FUNCTIONS), "muted"))
        flow += self.sub(Stage.FUNCTIONS, 1, "Sourcing matrix", need=matrix.height + 25 * mm)
        flow.append(self.p("Each numbered dot is a function of the table below, placed by its "
                           "strategic importance and in-house capability and coloured by the "
                           "room’s decision.", "muted"))
        flow.append(matrix)
        flow += self.sub(Stage.FUNCTIONS, 2, "Functions, decisions and rationale")
        rows: list[_Row | list[Flowable]] = []
        for n, f in enumerate(ws.functions, start=1):
            quadrant = derived.quadrant(f)
            decision = self.coloured(charts.SOURCING_LABELS[f.sourcing],
                                     charts.SOURCING_COLOURS[f.sourcing])
            decision += "<br/>" + self.muted(quadrant.title)
            rows.append([
                self.p(str(n), "cell_r"),
                self.named(f.name, f.description),
                self.p(fmt_num(f.fte), "cell_r"),
                self.p("Yes" if f.customer_facing else "No", "cell_c"),
                self.p(str(f.strategic_importance), "cell_c"),
                self.p(str(f.inhouse_capability), "cell_c"),
                self.p(str(f.votes), "cell_c"),
                self.pm(decision, "cell"),
                self.cell(f.rationale),
            ])
        rows.append(_Row([self.p(""), self.p("Total", "cell_b"),
                          self.p(fmt_num(sum(f.fte for f in ws.functions)), "cell_br"),
                          self.p(""), self.p(""), self.p(""),
                          self.p(str(sum(f.votes for f in ws.functions)), "cell_c"),
                          self.p(""), self.p("")], "total"))
        flow.append(self.table(
            ["#", "Function", "FTE", "Cust.", "Imp.", "Cap.", "Votes", "Decision", "Rationale"],
            rows, [24, 108, 30, 33, 30, 30, 35, 70, 122], right=(0, 2),
            centre=(3, 4, 5, 6)))
        flow.append(self.p("Cust.: customer-facing. Imp. and Cap.: strategic importance and "
                           "in-house capability on a 1–5 scale (above 3 is high). Votes: the "
                           "room’s dot vote.", "muted"))
        return flow

    # --- 3 vendors ---------------------------------------------------------------

    def vendors_section(self) -> list[Flowable]:
        ws = self.ws
        flow = self.stage_heading(Stage.VENDORS)
        flow += self.sub(Stage.VENDORS, 1, "Criteria and weights")
        agreed = ws.details.criteria_agreed_at
        if agreed is not None:
            scored = ws.details.scores_when_agreed
            timing = agreement_timing(scored)
            colour = AMBER if scored else GREEN
            caveat = (" Scores entered before the agreement were given without agreed "
                      "weights; check them." if scored else "")
            flow.append(self.pm(self.coloured("Agreed", colour) + self.m(
                f" on {fmt_datetime(agreed)}{', ' + timing if timing else ''}; the criteria "
                f"and weights were then locked.{caveat}"), "body"))
        elif ws.criteria:
            flow.append(self.pm(self.coloured("Not yet agreed", AMBER) + self.m(
                ": the criteria and weights are still open, so the scores below are "
                "provisional."), "body"))
        if ws.criteria:
            shares = derived.weight_shares(ws)
            rows: list[_Row | list[Flowable]] = [
                [self.p(c.name, "cell_b"), self.p(str(c.weight), "cell_r"),
                 self.p(f"{shares[c.id]:.1f} %", "cell_r"),
                 self.p(f"at least {c.knockout_min} of 5" if c.knockout_min is not None else "—")]
                for c in ws.criteria
            ]
            rows.append(_Row([self.p("Total", "cell_b"),
                              self.p(str(sum(c.weight for c in ws.criteria)), "cell_br"),
                              self.p("100.0 %" if sum(shares.values()) else "—", "cell_br"),
                              self.p("")], "total"))
            flow.append(self.table(["Criterion", "Weight", "Share", "Knock-out minimum"], rows,
                                   [46, 14, 14, 26], right=(1, 2)))
        else:
            flow.append(self.none("No criteria recorded."))

        flow += self.sub(Stage.VENDORS, 2, "Vendors")
        if ws.vendors:
            flow.append(self.table(
                ["Vendor", "Location", "Available FTE", "Notes"],
                [[self.p(v.name, "cell_b"), self.cell(v.location),
                  self.p(fmt_num(v.available_fte), "cell_r"), self.cell(v.notes)]
                 for v in ws.vendors],
                [26, 20, 14, 40], right=(2,)))
        else:
            flow.append(self.none("No vendors recorded."))

        flow += self.sub(Stage.VENDORS, 3, "Scores, weighted totals and ranking")
        results = derived.vendor_results(ws)
        if ws.vendors and ws.criteria:
            flow += self._score_tables(results)
            flow += self._evidence()
        else:
            flow.append(self.none("Nothing to score yet: scoring needs criteria and vendors."))
        if results:
            flow.append(self.p("Ranking", "label"))
            rows = []
            for r in results:
                knocked = ", ".join(short(self.criteria[c].name) for c in r.knocked_out_by)
                rows.append([
                    self.p(str(r.rank), "cell_r"), self.p(r.name, "cell_b"),
                    self.p(f"{r.weighted_total:.2f}", "cell_br"),
                    self.p(f"{r.scored} of {r.criteria}", "cell_r"),
                    self.pm(self.coloured("Knocked out: ", RED) + self.m(knocked), "cell")
                    if knocked else self.pm(self.muted("None", 8.5), "cell"),
                ])
            flow.append(self.table(["Rank", "Vendor", "Weighted total (of 5)", "Criteria scored",
                                    "Knock-outs"], rows, [8, 30, 17, 15, 30], right=(0, 2, 3)))
            flow.append(Spacer(1, 6))
            flow += self._close_call()

        flow += self.sub(Stage.VENDORS, 4, "Capacity against demand")
        capacity = derived.vendor_capacity(ws)
        if capacity:
            rows = []
            for c in capacity:
                assigned = [a for a in ws.assignments if a.vendor == c.vendor_id]
                names = "<br/>".join(
                    self.m(short(self.functions[a.function].name
                                 if a.function in self.functions else a.function))
                    + self.muted(f"  {fmt_num(a.fte_required)} FTE", 8) for a in assigned)
                balance = c.available - c.demand
                if c.over:
                    state = self.coloured(f"Over by {fmt_num(-balance)}", RED)
                else:
                    state = self.m(f"{fmt_num(balance)} spare")
                rows.append([self.p(c.name, "cell_b"),
                             self.pm(names or self.muted("No functions assigned", 8.5), "cell"),
                             self.p(fmt_num(c.available), "cell_r"),
                             self.p(fmt_num(c.demand), "cell_r"),
                             self.pm(state, "cell_r")])
            flow.append(self.table(["Vendor", "Assigned functions (FTE needed)", "Available FTE",
                                    "Demand FTE", "Balance"], rows, [24, 36, 13, 13, 14],
                                   right=(2, 3, 4)))
        else:
            flow.append(self.none("No vendors recorded."))
        return flow

    def _score_tables(self, results: list[derived.VendorResult]) -> list[Flowable]:
        ws = self.ws
        scores = {s.key: s.score for s in ws.scores}
        shares = derived.weight_shares(ws)
        by_id = {r.vendor_id: r for r in results}
        flow: list[Flowable] = []
        per_table = 6
        for start in range(0, len(ws.vendors), per_table):
            vendors = ws.vendors[start:start + per_table]
            header = ["Criterion", "Share"] + [short(v.name) for v in vendors]
            rows: list[_Row | list[Flowable]] = []
            extra: list[tuple] = []
            for ci, c in enumerate(ws.criteria, start=1):
                row = [self.named(c.name, f"knock-out below {c.knockout_min}"
                                  if c.knockout_min is not None else ""),
                       self.p(f"{shares[c.id]:.0f} %", "cell_r")]
                for vi, v in enumerate(vendors, start=2):
                    score = scores.get((v.id, c.id))
                    if score is None:
                        row.append(self.pm(self.muted("–", 8.5), "cell_c"))
                    elif c.knockout_min is not None and score < c.knockout_min:
                        row.append(self.pm(self.coloured(str(score), RED), "cell_c"))
                        extra.append(("BACKGROUND", (vi, ci), (vi, ci),
                                      colors.HexColor("#FBE9E7")))
                    else:
                        row.append(self.p(str(score), "cell_c"))
                rows.append(row)
            rows.append(_Row([self.p("Weighted total", "cell_b"), self.p("")]
                             + [self.p(f"{by_id[v.id].weighted_total:.2f}", "cell_bc")
                                for v in vendors], "total"))
            rank_cells = []
            for v in vendors:
                r = by_id[v.id]
                text = f"{r.rank}" + (" (out)" if r.knocked_out else "")
                rank_cells.append(self.pm(self.coloured(text, RED if r.knocked_out else NAVY),
                                          "cell_c"))
            rows.append(_Row([self.p("Rank", "cell_b"), self.p(""), *rank_cells], "total"))
            vendor_share = 60 / max(len(vendors), 3)
            widths = [30, 10] + [vendor_share] * len(vendors)
            flow.append(self.table(header, rows, widths, right=(1,),
                                   centre=range(2, 2 + len(vendors)), extra=extra))
            flow.append(Spacer(1, 4))
        flow.append(self.p("Scores 0–5 per criterion; red: below the criterion’s knock-out "
                           "minimum; –: not scored (counts as 0). Weighted total: scores "
                           "weighted by the shares, out of 5.", "muted"))
        return flow

    def _evidence(self) -> list[Flowable]:
        ws = self.ws
        rows: list[_Row | list[Flowable]] = []
        order = [v.id for v in ws.vendors]
        scores = sorted((s for s in ws.scores if s.evidence.strip()),
                        key=lambda s: order.index(s.vendor) if s.vendor in order else len(order))
        current = None
        for s in scores:
            if s.vendor != current:
                current = s.vendor
                vendor = self.vendors.get(s.vendor)
                rows.append(self.group(vendor.name if vendor else s.vendor))
            criterion = self.criteria.get(s.criterion)
            rows.append([self.cell(short(criterion.name) if criterion else s.criterion),
                         self.p(str(s.score), "cell_c"), self.cell(s.evidence)])
        if not rows:
            return []
        return [self.p("Evidence behind the scores", "label"),
                self.table(["Criterion", "Score", "Evidence"], rows, [30, 8, 62], centre=(1,)),
                Spacer(1, 4)]

    def _close_call(self) -> list[Flowable]:
        ws = self.ws
        flow: list[Flowable] = []
        call = derived.close_call(ws)
        if call is not None:
            leader = short(self.vendors[call.leader].name)
            runner = short(self.vendors[call.runner_up].name)
            threshold = ws.thresholds.close_call_margin
            text = self.m(f"{leader} leads {runner} by {call.margin * 100:.1f} %. ")
            if call.is_close(threshold):
                text += self.coloured("A close call", AMBER) + self.m(
                    f" (under the {threshold * 100:.0f} % margin): check the weights and the "
                    "evidence before deciding.")
            else:
                text += self.m(f"A clear lead (the close-call margin is {threshold * 100:.0f} %).")
            flow.append(self.pm(text, "body"))
        flip = derived.weight_flip(ws)
        if flip is not None:
            criterion = short(self.criteria[flip.criterion_id].name)
            leader = short(self.vendors[flip.new_leader].name)
            flow.append(self.p(
                f"Sensitivity: the smallest single weight change that changes the leader is "
                f"{criterion} from {flip.old_weight} to {flip.new_weight}, which puts {leader} "
                "first.", "body"))
        return flow

    # --- 4 customers -------------------------------------------------------------

    def customers_section(self) -> list[Flowable]:
        ws = self.ws
        flow = self.stage_heading(Stage.CUSTOMERS)
        flow.append(self.p(self.facts(Stage.CUSTOMERS), "muted"))
        if not ws.customers:
            flow.append(self.none("No customers recorded."))
            return flow
        rows: list[_Row | list[Flowable]] = []
        for k in ws.customers:
            function = self.functions.get(k.function)
            outsourced = function is not None and function.is_outsourced

            def needed(value: str, required: bool) -> Paragraph:
                if value.strip() or not required:
                    return self.cell(value)
                return self.pm(self.coloured("Not named", RED), "cell")

            rows.append([
                self.named(k.name, short(function.name) if function else k.function),
                needed(k.internal_owner, outsourced),
                self.cell(k.sales_rep),
                needed(k.outsourced_supporter, outsourced),
                needed(k.offshore_team, outsourced),
                self.cell(k.escalation),
            ])
        flow.append(self.table(["Customer / function", "In-house owner", "Sales rep",
                                "Outsourced supporter", "Offshore team", "Escalation"], rows,
                               [19, 15, 14, 19, 15, 18]))
        flow.append(self.p("The in-house owner keeps the relationship (no black box); the named "
                           "supporter and the offshore team already on the account make one team "
                           "with them.", "muted"))
        return flow

    # --- 5 metrics -------------------------------------------------------------

    def metrics_section(self) -> list[Flowable]:
        ws = self.ws
        flow = self.stage_heading(Stage.METRICS)
        flow.append(self.p(self.facts(Stage.METRICS), "muted"))
        if not ws.metrics:
            flow.append(self.none("No metrics recorded."))
            return flow
        rows: list[_Row | list[Flowable]] = []
        for metric in ws.metrics:
            binds = metric.applies_to != AppliesTo.IN_HOUSE
            if metric.outsourced_exempt is True:
                exempt = self.coloured("Exempt", GREEN)
            elif metric.outsourced_exempt is False:
                exempt = self.m("Not exempt")
            elif binds:
                exempt = self.coloured("Undecided", AMBER)
            else:
                exempt = self.muted("n/a", 8.5)
            rows.append([self.p(metric.name, "cell_b"), self.cell(metric.baseline),
                         self.cell(metric.target), self.p(APPLIES_LABELS[metric.applies_to]),
                         self.pm(exempt, "cell"), self.cell(metric.exemption_reason),
                         self.p(fmt_date(metric.review_date, short=True))])
        flow.append(self.table(["Metric", "Baseline", "Target", "Applies to",
                                "Exemption", "Exemption reason", "Review"], rows,
                               [18, 10, 9, 13, 14, 25, 11]))
        flow.append(self.p("Exemption: whether outsourced staff are exempt from the metric, "
                           "so that it does not stop them supporting customers.", "muted"))
        return flow

    # --- 6 transition ------------------------------------------------------------

    def transition_section(self) -> list[Flowable]:
        ws = self.ws
        timeline = charts.wave_timeline(ws.waves, self.m, self.width)
        height = timeline.height if timeline is not None else 0
        flow = self.stage_heading(Stage.TRANSITION, need=height + 45 * mm)
        flow.append(self.p(self.facts(Stage.TRANSITION), "muted"))
        if not ws.waves:
            flow.append(self.none("No waves recorded."))
            return flow
        flow += self.sub(Stage.TRANSITION, 1, "Timeline", need=height + 20 * mm)
        if timeline is not None:
            flow.append(timeline)
            if any(not (w.start and w.end) for w in ws.waves):
                flow.append(self.p("Waves without both dates are listed below only.", "muted"))
        else:
            flow.append(self.none("No wave has both a start and an end date yet."))
        flow += self.sub(Stage.TRANSITION, 2, "Waves, readiness gates and go / no-go")
        rows: list[_Row | list[Flowable]] = []
        for wave in ws.waves:
            dates = f"{fmt_date(wave.start, True)} – {fmt_date(wave.end, True)}"
            if wave.start and wave.end:
                weeks = ((wave.end - wave.start).days + 1) / 7
                dates += f"<br/>{self.muted(f'{weeks:.0f} weeks' if weeks >= 1 else '< 1 week')}"
            names = "<br/>".join(
                self.m(short(self.functions[f].name) if f in self.functions else f)
                for f in wave.functions) or self.muted("—", 8.5)
            gates = "<br/>".join(
                f'<font color="{GATE_MARKS[g.status][1].hexval()}">{GATE_MARKS[g.status][0]}'
                f"</font> {self.m(g.name)} {self.muted(GATE_MARKS[g.status][2])}"
                for g in wave.gates) or self.muted("No gates recorded", 8.5)
            go = self.coloured(charts.GO_LABELS[wave.go], charts.GO_COLOURS[wave.go])
            if wave.go == GoDecision.GO and any(g.status == GateStatus.OPEN for g in wave.gates):
                go += "<br/>" + self.muted("with gates open")
            rows.append([self.p(wave.name, "cell_b"), self.pm(dates, "cell"),
                         self.pm(names, "cell"), self.pm(gates, "cell"), self.pm(go, "cell")])
        flow.append(self.table(["Wave", "Dates", "Functions", "Readiness gates", "Go / no-go"],
                               rows, [20, 15, 20, 33, 12]))
        return flow

    # --- 7 governance ------------------------------------------------------------

    def governance_section(self) -> list[Flowable]:
        ws = self.ws
        flow = self.stage_heading(Stage.GOVERNANCE)
        flow.append(self.p(self.facts(Stage.GOVERNANCE), "muted"))
        order = [f.id for f in ws.functions]
        by_function: dict[str, list] = {}
        for role in ws.roles:
            by_function.setdefault(role.function, []).append(role)
        keys = [f for f in order if f in by_function or self.functions[f].is_outsourced]
        keys += [f for f in by_function if f not in self.functions]
        if not keys:
            flow.append(self.none("No retained roles recorded."))
            return flow
        rows: list[_Row | list[Flowable]] = []
        for key in keys:
            function = self.functions.get(key)
            title = short(function.name) if function else key
            if function is not None:
                title += f" — {charts.SOURCING_LABELS[function.sourcing]}"
            roles = by_function.get(key, [])
            rows.append(self.group(title, len(roles)))
            for role in roles:
                raci = self.m(RACI_LABELS[role.raci])
                if role.raci == Raci.ACCOUNTABLE:
                    raci = f"<b>{raci}</b>"
                rows.append([self.p(role.role), self.cell(role.person), self.pm(raci, "cell")])
            if function is not None and function.is_outsourced and not any(
                    r.raci == Raci.ACCOUNTABLE and r.person.strip() for r in roles):
                rows.append([self.pm(self.coloured("No accountable in-house owner named", RED),
                                     "cell"), self.p(""), self.p("")])
        flow.append(self.table(["Retained role", "Person", "RACI"], rows, [45, 33, 22]))
        return flow

    # --- 8 close -----------------------------------------------------------------

    def close_section(self) -> list[Flowable]:
        ws = self.ws
        flow = self.stage_heading(Stage.CLOSE)
        flow.append(self.p(self.facts(Stage.CLOSE), "muted"))

        flow += self.sub(Stage.CLOSE, 1, "Risk register")
        if ws.risks:
            risks = sorted(ws.risks, key=lambda r: (r.status != RiskStatus.OPEN, -r.exposure))
            rows: list[_Row | list[Flowable]] = []
            for risk in risks:
                colour = RED if risk.exposure >= 15 else AMBER if risk.exposure >= 8 else GREEN
                status = ("Open" if risk.status == RiskStatus.OPEN else "Closed")
                rows.append([
                    self.named(risk.title, f"Raised in: {STAGE_INFO[risk.stage].title}"),
                    self.p(str(risk.likelihood), "cell_c"), self.p(str(risk.impact), "cell_c"),
                    self.pm(self.coloured(str(risk.exposure), colour), "cell_c"),
                    self.cell(risk.owner), self.cell(risk.mitigation), self.p(status),
                ])
            flow.append(self.table(["Risk", "L", "I", "L×I", "Owner", "Mitigation", "Status"],
                                   rows, [27, 5, 5, 7, 15, 31, 10], centre=(1, 2, 3)))
            flow.append(self.p("Likelihood (L) and impact (I) on a 1–5 scale; open risks first, "
                               "highest exposure first.", "muted"))
        else:
            flow.append(self.none("No risks recorded."))

        flow += self.sub(Stage.CLOSE, 2, "Decisions")
        flow += self._by_stage(
            ws.decisions, "No decisions recorded.", ["Decision", "Status", "Recorded"],
            [64, 14, 22],
            lambda d: [self.cell(d.text), self._decision_status(d.status),
                       self.p(fmt_datetime(d.recorded_at, short=True))])

        flow += self.sub(Stage.CLOSE, 3, "Actions")
        flow += self._by_stage(
            ws.actions, "No actions recorded.", ["Action", "Owner", "Due", "Status"],
            [56, 20, 13, 11],
            lambda a: [self.cell(a.text), self.cell(a.owner),
                       self.p(fmt_date(a.due, short=True)),
                       self.pm(self.coloured("Open", AMBER) if a.status == ActionStatus.OPEN
                               else self.coloured("Done", GREEN), "cell")])

        flow += self.sub(Stage.CLOSE, 4, "Parking lot")
        flow += self._by_stage(ws.parking_lot, "Nothing parked.", ["Parked topic", "Votes"],
                               [88, 12],
                               lambda q: [self.cell(q.text), self.p(str(q.votes), "cell_c")])

        flow += self.sub(Stage.CLOSE, 5, "Health check")
        findings = health.check(ws)
        if findings:
            flow.append(self.p("The known outsourcing mistakes the plan still repeats, as the "
                               "health check found them when these minutes were produced.",
                               "muted"))
            rows = []
            for stage in Stage:
                here = [f for f in findings if f.stage == stage]
                if not here:
                    continue
                info = STAGE_INFO[stage]
                rows.append(self.group(f"{info.number}  {info.title}", len(here)))
                for finding in here:
                    rows.append([
                        self.pm(self.coloured(finding.severity.value.capitalize(),
                                              SEVERITY_COLOURS[finding.severity]), "cell"),
                        self.named(health.RULES.get(finding.code, finding.code), finding.message),
                        self.cell(finding.label),
                    ])
            flow.append(self.table(["Severity", "Finding", "Concerns"], rows, [11, 65, 24]))
        else:
            flow.append(self.p("The health check found none of the known outsourcing mistakes "
                               "in the plan.", "body"))
        return flow

    def _decision_status(self, status: DecisionStatus) -> Paragraph:
        colour = {DecisionStatus.ACCEPTED: GREEN, DecisionStatus.PROPOSED: AMBER,
                  DecisionStatus.SUPERSEDED: MUTED}[status]
        return self.pm(self.coloured(status.value.capitalize(), colour), "cell")

    def _by_stage(self, items: list, empty: str, header: list[str], widths: list[float],
                  cells: Callable[[Any], list[Flowable]]) -> list[Flowable]:
        if not items:
            return [self.none(empty)]
        rows: list[_Row | list[Flowable]] = []
        for info in STAGES:
            here = [item for item in items if item.stage == info.stage]
            if here:
                rows.append(self.group(f"{info.number}  {info.title}", len(here)))
                rows += [cells(item) for item in here]
        return [self.table(header, rows, widths)]

    # --- sign-off ----------------------------------------------------------------

    def sign_off(self) -> list[Flowable]:
        ws, d = self.ws, self.ws.details
        flow = self.heading("", "Sign-off", 0)
        final = d.status == WorkshopStatus.FINAL
        text = ("These minutes are the agreed record of the workshop." if final else
                "These are draft minutes. Please send corrections to the facilitator"
                + (f", {d.facilitator.strip()}," if d.facilitator.strip() else "")
                + " before they are issued as final.")
        facilitator = next((p for p in ws.participants if p.side == Side.FACILITATOR), None)
        client = next((p for p in ws.participants
                       if p.side == Side.CLIENT and p.attendance == Attendance.PRESENT), None)
        signers = [
            ("Prepared by", d.facilitator or (facilitator.name if facilitator else ""),
             "Facilitator" + (f", {facilitator.organisation}" if facilitator
                              and facilitator.organisation.strip() else "")),
            ("Approved by", client.name if client else "",
             (client.role + (f", {client.organisation}" if client.organisation.strip() else ""))
             if client else ""),
        ]
        rows: list[_Row | list[Flowable]] = [
            [self.p(role, "cell_b"), self.cell(name), self.cell(detail), self.p(""), self.p("")]
            for role, name, detail in signers
        ]
        flow.append(KeepTogether([
            self.p(text, "body"), Spacer(1, 6),
            self.table(["", "Name", "Role", "Signature", "Date"], rows, [15, 22, 27, 22, 14],
                       extra=[("TOPPADDING", (0, 1), (-1, -1), 8),
                              ("BOTTOMPADDING", (0, 1), (-1, -1), 22),
                              ("LINEBELOW", (0, 1), (-1, -1), 0.6, MUTED)]),
        ]))
        return flow


class _Document(BaseDocTemplate):
    def __init__(self, filename: str, minutes: _Minutes, **kw: Any) -> None:
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
                         initialFontName=fonts.REGULAR, initialFontSize=9.5, **kw)
        self.minutes = minutes
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=minutes.on_page)])

    def afterFlowable(self, flowable: Flowable) -> None:
        self.minutes.after_flowable(self.canv, flowable)


def _counting_canvas(footer: Callable[[Canvas, int, int], None],
                     counter: list[int]) -> type[Canvas]:
    """A canvas that holds its pages until the end, to print "Page X of Y"."""

    class CountingCanvas(Canvas):
        def __init__(self, *args: Any, **kw: Any) -> None:
            super().__init__(*args, **kw)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            counter.append(total)
            for state in self._held:
                self.__dict__.update(state)
                footer(self, self._pageNumber, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return CountingCanvas
