"""Vector charts of the minutes: the 2x2 sourcing matrix, the wave timeline and
the business case's cash flow.

Both are reportlab.graphics Drawings (vector, crisp at any zoom). Every label
people typed is drawn through `Markup.runs`/`Markup.fit`, so it gets the same
fallback fonts and missing-character report as the rest of the minutes, and
every String names its font (a Drawing defaults to Helvetica otherwise).
"""

from __future__ import annotations

from datetime import date, timedelta

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_app.domain.business_case import Outcome
from desktop_app.domain.clock import MONTHS
from desktop_app.domain.derived import MATRIX_MIDPOINT, Quadrant
from desktop_app.domain.labels import enum_label
from desktop_app.domain.model import Function, GateStatus, GoDecision, Sourcing, Wave
from desktop_app.export import fonts
from desktop_app.export.chart_layout import CashFlowLayout, Text, cash_flow_layout
from desktop_app.export.markup import Markup
from desktop_app.export.matrix_layout import place_dots

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
GRID = colors.HexColor("#C8D1DC")
NAVY = colors.HexColor("#1F3A5F")
PANEL = colors.HexColor("#F4F6F9")
HIGHLIGHT = colors.HexColor("#E3E9F1")

SOURCING_COLOURS = {
    Sourcing.RETAIN: colors.HexColor("#2F6DB5"),
    Sourcing.OUTSOURCE: colors.HexColor("#D9822B"),
    Sourcing.HYBRID: colors.HexColor("#7B5EA7"),
    Sourcing.UNDECIDED: colors.HexColor("#9AA5B1"),
}
GO_COLOURS = {
    GoDecision.GO: colors.HexColor("#2E7D32"),
    GoDecision.NO_GO: colors.HexColor("#B3261E"),
    GoDecision.PENDING: colors.HexColor("#C98A00"),
}



def text_runs(markup: Markup, x: float, y: float, runs: list[tuple[str, str]], size: float,
              colour=INK, anchor: str = "start") -> Group:
    """Draw (font, text) runs one after another on a baseline."""
    group = Group()
    width = markup.width(runs, size)
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    for font, text in runs:
        group.add(String(x, y, text, fontName=font, fontSize=size, fillColor=colour))
        x += stringWidth(text, font, size)
    return group


def _drawing(width: float, height: float) -> Drawing:
    """A Drawing whose default font is the bundled one, not Helvetica."""
    drawing = Drawing(width, height)
    drawing.initialFontName = fonts.REGULAR
    drawing.initialFontSize = 8
    return drawing


def label(x: float, y: float, text: str, size: float = 7.5, colour=INK, anchor: str = "start",
          bold: bool = False) -> String:
    """A fixed (not user-typed) label in the bundled family."""
    return String(x, y, text, fontName=fonts.BOLD if bold else fonts.REGULAR, fontSize=size,
                  fillColor=colour, textAnchor=anchor)


# --- the sourcing matrix ---------------------------------------------------------


def sourcing_matrix(functions: list[Function], markup: Markup, width: float) -> Drawing:
    """Strategic importance (up) against in-house capability (right), one
    numbered dot per function coloured by its sourcing decision; the numbers
    are the rows of the functions table."""
    cell = 44.0
    strip = 14.0  # above and below the cells: the quadrant titles, clear of the dots
    plot_w, plot_h = 5 * cell, 5 * cell + 2 * strip
    left, bottom = 42.0, 34.0
    height = bottom + plot_h + 4
    drawing = _drawing(width, height)
    top = bottom + plot_h

    def px(value: float) -> float:
        return left + (value - 0.5) * cell

    def py(value: float) -> float:
        return bottom + strip + (value - 0.5) * cell

    # quadrant panels: "high" is above the midpoint of the 1-5 scales
    split = MATRIX_MIDPOINT + 0.5
    quadrants = (
        (left, px(split), py(split), top, Quadrant.BUILD_OR_PARTNER, top - 10),
        (px(split), left + plot_w, py(split), top, Quadrant.CORE, top - 10),
        (left, px(split), bottom, py(split), Quadrant.OUTSOURCE, bottom + 4.5),
        (px(split), left + plot_w, bottom, py(split), Quadrant.COMMODITY_STRENGTH, bottom + 4.5),
    )
    for x0, x1, y0, y1, quad, text_y in quadrants:
        fill = HIGHLIGHT if quad == Quadrant.OUTSOURCE else PANEL
        drawing.add(Rect(x0, y0, x1 - x0, y1 - y0, fillColor=fill, strokeColor=None))
        drawing.add(label(x0 + 4, text_y, quad.title, 7, MUTED, bold=True))
    for value in range(1, 6):
        drawing.add(Line(px(value), bottom + strip, px(value), top - strip,
                         strokeColor=colors.white, strokeWidth=0.6))
        drawing.add(Line(left, py(value), left + plot_w, py(value), strokeColor=colors.white,
                         strokeWidth=0.6))
        drawing.add(label(px(value), bottom - 11, str(value), 7.5, MUTED, "middle"))
        drawing.add(label(left - 7, py(value) - 2.5, str(value), 7.5, MUTED, "end"))
    drawing.add(Rect(left, bottom, plot_w, plot_h, fillColor=None, strokeColor=GRID,
                     strokeWidth=0.8))
    drawing.add(Line(px(split), bottom, px(split), top, strokeColor=MUTED,
                     strokeWidth=0.8, strokeDashArray=[3, 2]))
    drawing.add(Line(left, py(split), left + plot_w, py(split), strokeColor=MUTED,
                     strokeWidth=0.8, strokeDashArray=[3, 2]))
    drawing.add(label(left + plot_w / 2, bottom - 25, "In-house capability (1–5)", 8, INK,
                      "middle"))
    axis = label(0, 0, "Strategic importance (1–5)", 8, INK, "middle")
    vertical = Group(axis)
    vertical.transform = (0, 1, -1, 0, left - 22, bottom + plot_h / 2)
    drawing.add(vertical)

    for dot in place_dots(functions, lambda c, i: (px(c), py(i)), cell, largest=7.0,
                          smallest=3.5):
        drawing.add(Circle(dot.x, dot.y, dot.radius,
                           fillColor=SOURCING_COLOURS[dot.function.sourcing],
                           strokeColor=colors.white, strokeWidth=0.8))
        size = 7 if dot.number < 100 and dot.radius >= 6 else max(3.5, dot.radius * 0.9)
        drawing.add(label(dot.x, dot.y - size * 0.36, str(dot.number), size, colors.white,
                          "middle", bold=True))

    # legend: decisions, then the numbered functions when they fit
    x0 = left + plot_w + 22
    y = top - 6
    drawing.add(label(x0, y, "Sourcing decision", 8, INK, bold=True))
    for sourcing in Sourcing:
        y -= 13
        count = sum(1 for f in functions if f.sourcing == sourcing)
        drawing.add(Circle(x0 + 4, y + 2.7, 4, fillColor=SOURCING_COLOURS[sourcing],
                           strokeColor=None))
        drawing.add(label(x0 + 13, y, f"{enum_label(sourcing)} ({count})", 7.5))
    room = width - x0 - 16
    rows_left = int((y - 16) // 10.5)
    if functions and len(functions) <= rows_left:
        y -= 20
        drawing.add(label(x0, y, "Functions", 8, INK, bold=True))
        for number, function in enumerate(functions, start=1):
            y -= 10.5
            drawing.add(label(x0 + 12, y, str(number), 7, MUTED, "end"))
            drawing.add(text_runs(markup, x0 + 16, y, markup.fit(function.name, room, 7), 7))
    elif not functions:
        drawing.add(label(left + plot_w / 2, py(3) - 3, "No functions recorded", 9, MUTED,
                          "middle"))
    return drawing


# --- the wave timeline -----------------------------------------------------------


def _month_ticks(start: date, end: date) -> list[date]:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = 1 if months <= 14 else 3 if months <= 42 else 12 if months <= 180 else 60
    ticks = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):  # no date(10000, 1, 1) after December 9999
        if (month - 1) % step == 0:
            ticks.append(date(year, month, 1))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks


def wave_timeline(waves: list[Wave], markup: Markup, width: float) -> Drawing | None:
    """One bar per dated wave, coloured by its go / no-go, with its gates."""
    dated = [w for w in waves if w.start and w.end and w.end >= w.start]
    if not dated:
        return None
    first = min(w.start for w in dated)  # type: ignore[type-var]
    last = max(w.end for w in dated)  # type: ignore[type-var]
    first = date(first.year, first.month, 1)
    last = max(last, first + timedelta(days=27))
    span = (last - first).days + 1
    label_width = 150.0
    x0, x1 = label_width + 8, width - 6
    row = 22.0
    top_pad, bottom_pad = 18.0, 34.0
    height = top_pad + row * len(dated) + bottom_pad
    drawing = _drawing(width, height)

    def px(day: date) -> float:
        return x0 + (x1 - x0) * ((day - first).days / span)

    plot_top = height - top_pad
    plot_bottom = bottom_pad
    drawing.add(Rect(x0, plot_bottom, x1 - x0, plot_top - plot_bottom, fillColor=PANEL,
                     strokeColor=None))
    for tick in _month_ticks(first, last):
        x = px(tick)
        drawing.add(Line(x, plot_bottom, x, plot_top, strokeColor=colors.white, strokeWidth=0.8))
        text = MONTHS[tick.month - 1] + (f" {tick.year}" if tick.month == 1 or tick == first
                                         else "")
        drawing.add(label(x + 2, plot_bottom - 10, text, 6.5, MUTED))
    for index, wave in enumerate(dated):
        y = plot_top - row * (index + 1) + 5
        drawing.add(text_runs(markup, 0, y + 4, markup.fit(wave.name, label_width, 7.5), 7.5))
        # the bar ends where the next day would start, counted in days: 9999-12-31 has none
        start, end = px(wave.start), px(wave.end) + (x1 - x0) / span  # type: ignore[arg-type]
        drawing.add(Rect(start, y, max(end - start, 1.5), 12, fillColor=GO_COLOURS[wave.go],
                         strokeColor=None, rx=2, ry=2))
        met = sum(1 for g in wave.gates if g.status != GateStatus.OPEN)
        text = f"{enum_label(wave.go)} · gates {met}/{len(wave.gates)}"
        if end - start > 80:
            drawing.add(label(start + 4, y + 3.5, text, 6.5, colors.white, bold=True))
        elif end + 4 + 70 < width:
            drawing.add(label(end + 4, y + 3.5, text, 6.5, INK))
    y = 6.0
    x = x0
    for go in (GoDecision.GO, GoDecision.PENDING, GoDecision.NO_GO):
        drawing.add(Rect(x, y, 9, 7, fillColor=GO_COLOURS[go], strokeColor=None, rx=1.5, ry=1.5))
        drawing.add(label(x + 12, y + 0.8, enum_label(go), 7, INK))
        x += 60
    drawing.add(label(x + 10, y + 0.8, "gates met or waived / all gates", 7, MUTED))
    return drawing


# --- the business case's cash flow -----------------------------------------------------


TODAY_LINE = colors.HexColor("#A35F00")
PLAN_LINE = colors.HexColor("#2F6DB5")


CHART_TEXT = 7.0  # points: every label of the cash-flow chart


def cash_flow_drawing_layout(outcome: Outcome, currency: str, width: float,
                             height: float = 190) -> CashFlowLayout:
    """The layout the minutes' chart is drawn from (y down, in points)."""
    def measure(text: str, bold: bool) -> float:
        return stringWidth(text, fonts.BOLD if bold else fonts.REGULAR, CHART_TEXT)

    return cash_flow_layout(outcome, width, height, measure, CHART_TEXT * 1.25,
                            (f"as today ({currency})",
                             "with the plan (one-off in the waves' months)"), sample=16)


def cash_flow(outcome: Outcome, currency: str, width: float, height: float = 190) -> Drawing:
    """Cumulative cost as today (dashed) and with the plan, month by month over
    the horizon, with the payback point: the chart the window shows."""
    layout = cash_flow_drawing_layout(outcome, currency, width, height)
    drawing = _drawing(width, height)

    def flip(y: float) -> float:
        return height - y

    def text(item: Text, colour=INK, anchor: str = "start") -> String:
        x = item.box.right if anchor == "end" else item.box.left
        return label(x, flip(item.box.top) - CHART_TEXT * 0.95, item.text, CHART_TEXT, colour,
                     anchor=anchor, bold=item.bold)

    plot = layout.plot
    drawing.add(Rect(plot.left, flip(plot.bottom), plot.width, plot.height, fillColor=PANEL,
                     strokeColor=None))
    for y, item in layout.value_labels:
        drawing.add(Line(plot.left, flip(y), plot.right, flip(y), strokeColor=colors.white,
                         strokeWidth=0.8))
        drawing.add(text(item, MUTED, anchor="end"))
    for item in layout.year_labels:
        drawing.add(text(item, MUTED))
    for line, colour, dash in ((layout.today, TODAY_LINE, [3, 2]),
                               (layout.plan, PLAN_LINE, None)):
        flat = [value for x, y in line for value in (x, flip(y))]
        drawing.add(PolyLine(flat, strokeColor=colour, strokeWidth=1.6 if dash is None else 1.2,
                             strokeDashArray=dash))
    for sample, colour, dash in zip(layout.legend_samples, (TODAY_LINE, PLAN_LINE),
                                    ([3, 2], None), strict=True):
        y = flip((sample.top + sample.bottom) / 2)
        drawing.add(Line(sample.left, y, sample.right, y, strokeColor=colour,
                         strokeWidth=1.6 if dash is None else 1.2, strokeDashArray=dash))
    for item in layout.legend:
        drawing.add(text(item))
    if layout.payback is not None and layout.payback_text is not None:
        x, y = layout.payback
        drawing.add(Circle(x, flip(y), 3, fillColor=colors.white, strokeColor=INK,
                           strokeWidth=1))
        box = layout.payback_text.box
        drawing.add(Circle(box.left - 8, flip((box.top + box.bottom) / 2), 3,
                           fillColor=colors.white, strokeColor=INK, strokeWidth=1))
        drawing.add(text(layout.payback_text))
    return drawing
