"""The look and the page of the minutes: colours, paragraph styles, formats,
page template, footer and watermark, headings and bookmarks, tables, and the
driving of a build (progress, cancelling, the atomic write).

A stage's section (one module per stage, see `desktop_app.export.minutes`)
is a function from a `Layout`, which holds the workshop, to flowables."""

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
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from desktop_app import APP_NAME, __version__
from desktop_app.domain import clock, health
from desktop_app.domain.model import (
    GateStatus,
    Stage,
    Workshop,
    WorkshopStatus,
    first_line,
)
from desktop_app.domain.stages import STAGE_INFO, stage_facts
from desktop_app.export import bidi, fonts
from desktop_app.export.markup import Markup, split_markup
from desktop_app.export.minutes.flowables import KeptParagraph, Stack
from desktop_app.export.report import MinutesReport
from desktop_app.files.atomic import atomic_write


class MinutesCancelled(Exception):
    """The export was cancelled; no file was written."""

    def __init__(self) -> None:
        super().__init__("The export of the minutes was cancelled.")


Progress = Callable[[int, int], None]
Section = Callable[["Layout"], list[Flowable]]

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
                    keepWithNext=1,  # a label heads what follows: never alone at a page foot
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
    # As the window shows it: in the zone it was recorded in, always named in the
    # long form, and in the short form where it differs from the laptop's.
    text = f"{fmt_date(value.date(), short)}, {clock.clock_time(value)}"
    return text + clock.zone_note(value, always=not short)


def fmt_num(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def fmt_minutes(total: int) -> str:
    """"3 h 20 min", joined by no-break spaces: a duration never wraps."""
    hours, minutes = divmod(int(total), 60)
    if not hours:
        text = f"{minutes} min"
    else:
        text = f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"
    return text.replace(" ", "\u00a0")


def short(text: str) -> str:
    """A name used as a label (table header, group row): its first line, capped."""
    return first_line(text, LABEL_LIMIT) if text.strip() else "—"


# --- the document ------------------------------------------------------------------


bidi.install_shaping()

LONG_TEXT_CHARS = 3_000  # a paragraph longer than this is drawn as a stack of pieces
LONG_WORD_CHARS = 250  # and a word longer than this is cut into pieces too


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
class Row:
    cells: list[Flowable]
    kind: str = "body"  # body, group, total


class Heading(Paragraph):
    """A section heading that becomes a PDF bookmark when laid out."""

    def __init__(self, text: str, style: ParagraphStyle, title: str, level: int,
                 key: str, top: bool) -> None:
        super().__init__(text, style)
        self.bookmark = (title, level, key, top)



class Layout:
    """One build of the minutes of one workshop: the building blocks the
    sections use, and the pages they are laid out on."""

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

    def _check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise MinutesCancelled()

    def _step(self) -> None:
        self._done = min(self._done + 1, self._total - 1)
        if self._progress is not None:
            self._progress(self._done, self._total)

    def write(self, target: Path, sections: list[Section]) -> MinutesReport:
        self._total = 2 * len(sections) + 1
        if self._progress is not None:
            self._progress(0, self._total)
        story: list[Flowable] = []
        for section in sections:
            self._check()
            story.extend(section(self))
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
            return KeptParagraph(markup, _style_of(style), **kw)
        pieces = split_markup(markup, LONG_TEXT_CHARS, LONG_WORD_CHARS)
        if len(pieces) == 1:
            return KeptParagraph(markup, _style_of(style))
        last = len(pieces) - 1
        return Stack([KeptParagraph(piece, _piece_style(style, index == 0, index == last))
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

    def group(self, text: str, count: int | None = None) -> Row:
        label = self.m(short(text))
        if count is not None:
            label += f' <font color="{MUTED.hexval()}">({count})</font>'
        return Row([self.pm(label, "group")], "group")

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
        flow.append(Heading(self.m(text), STYLES[style], f"{number} {title}".strip(), level,
                             key, top=level == 0))
        return flow

    def stage_heading(self, stage: Stage, need: float = 0) -> list[Flowable]:
        info = STAGE_INFO[stage]
        flow = self.heading(str(info.number), info.title, 0, need)
        flow.append(self.p(info.purpose, "purpose"))
        return flow

    def sub(self, stage: Stage, index: int, title: str, need: float = 0) -> list[Flowable]:
        return self.heading(f"{STAGE_INFO[stage].number}.{index}", title, 1, need)

    def table(self, header: list[str], rows: Iterable[Row | list[Flowable]],
              widths: list[float], right: Iterable[int] = (), centre: Iterable[int] = (),
              extra: Iterable[tuple] = (), whole: Iterable[int] = ()) -> Table:
        """A table with a header row; `widths` are shares of the page width. The
        columns in `whole` (amounts, dates) are as wide as their longest word, so
        no number is ever broken over lines; the others share what is left."""
        right, centre, whole = set(right), set(centre), set(whole)
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
                row = Row(row)
            row.cells = [[cell] if isinstance(cell, Stack) else cell for cell in row.cells]
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
        table = Table(data, colWidths=self._column_widths(data, widths, whole), repeatRows=1,
                      hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return self._splittable(table, keep)

    def _column_widths(self, data: list[list[Any]], widths: list[float],
                       whole: set[int]) -> list[float]:
        total = sum(widths)
        shares = [self.width * w / total for w in widths]
        if not whole:
            return shares
        padding = 8.5  # the cell's left and right padding, and a hair

        def longest_word(cell: Any) -> float:
            cells = cell if isinstance(cell, list) else [cell]
            return max((c.minWidth() for c in cells if isinstance(c, Paragraph)), default=0.0)

        needed = {column: max(longest_word(row[column]) for row in data
                              if column < len(row)) + padding for column in whole}
        rest = [c for c in range(len(widths)) if c not in whole]
        left = self.width - sum(needed.values())
        share_total = sum(widths[c] for c in rest) or 1
        result = [needed[c] if c in whole else left * widths[c] / share_total
                  for c in range(len(widths))]
        return result

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
        return " · ".join(stage_facts(self.ws, stage))


class _Document(BaseDocTemplate):
    def __init__(self, filename: str, minutes: Layout, **kw: Any) -> None:
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
