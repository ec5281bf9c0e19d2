"""Where everything of the cash-flow chart goes, worked out once for the window
and the minutes, so that no label overlaps a line or another label at any
horizon (1 to 30 years) and the value axis ends near the data.

Pure geometry in a y-down box of `width` x `height`; the caller measures text
(`measure(text, bold)`) with its own fonts and draws. The legend and the
payback label have rows of their own above the plot; year labels are spaced
by the widest of them; value labels stand left of the plot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from desktop_app.domain.business_case import Outcome
from desktop_app.domain.money import nice_step, short_amount

Measure = Callable[[str, bool], float]
YEAR_STEPS = (1, 2, 5, 10)
GAP = 6.0


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)


@dataclass(frozen=True)
class Text:
    text: str
    box: Box  # the text's extent: left, top (ascender) to bottom (descender)
    bold: bool = False


@dataclass(frozen=True)
class CashFlowLayout:
    plot: Box
    top_value: Decimal
    value_labels: tuple[tuple[float, Text], ...]  # (gridline y, its label)
    year_labels: tuple[Text, ...]
    today: tuple[tuple[float, float], ...]  # the lines, as points
    plan: tuple[tuple[float, float], ...]
    payback: tuple[float, float] | None
    payback_text: Text | None
    legend: tuple[Text, Text]  # "as today", "with the plan": each after its line sample
    legend_samples: tuple[Box, Box]

    def texts(self) -> list[Text]:
        found = [text for _y, text in self.value_labels] + list(self.year_labels)
        found += list(self.legend)
        if self.payback_text is not None:
            found.append(self.payback_text)
        return found


def _value_axis(outcome: Outcome) -> tuple[Decimal, Decimal]:
    """The axis top and gridline step: the top is the first step at or above the
    data, so the axis ends less than a step above it."""
    points = outcome.cumulative()
    highest = max(max(today, plan) for _m, today, plan in points)
    if highest <= 0:
        return Decimal(1), Decimal(1)
    step = nice_step(highest, lines=5)
    top = (highest / step).to_integral_value(rounding=ROUND_CEILING) * step
    return top, step


def cash_flow_layout(outcome: Outcome, width: float, height: float, measure: Measure,
                     line_height: float, legend: tuple[str, str],
                     sample: float = 22.0) -> CashFlowLayout:
    points = outcome.cumulative()
    months = len(points) - 1
    top_value, step = _value_axis(outcome)
    values = []
    value = Decimal(0)
    while value <= top_value:
        values.append(value)
        value += step
    value_width = max(measure(short_amount(v), False) for v in values)
    payback_month = outcome.payback_month
    has_payback = payback_month is not None and 0 < payback_month <= months
    row = line_height + 4

    # The legend, a row after another when the chart is narrow, then the payback.
    legend_texts, samples = [], []
    x, y = value_width + GAP, 0.0
    for text in legend:
        text_width = measure(text, False)
        if legend_texts and x + sample + 6 + text_width > width:
            x, y = value_width + GAP, y + row
        samples.append(Box(x, y + line_height / 2 - 1, x + sample, y + line_height / 2 + 1))
        legend_texts.append(Text(text, Box(x + sample + 6, y, x + sample + 6 + text_width,
                                           y + line_height)))
        x += sample + 6 + text_width + 18
    payback_top = y + row
    rows_bottom = payback_top + (row if has_payback else 0)
    plot = Box(value_width + GAP, rows_bottom + line_height / 2,
               width - measure("0", False), height - line_height - GAP)

    def at(month: int, amount: Decimal) -> tuple[float, float]:
        return (plot.left + plot.width * month / max(months, 1),
                plot.bottom - plot.height * float(amount / top_value))

    value_labels = []
    for value in values:
        y = at(0, value)[1]
        text_width = measure(short_amount(value), False)
        value_labels.append((y, Text(short_amount(value), Box(
            plot.left - GAP - text_width, y - line_height / 2, plot.left - GAP,
            y + line_height / 2))))

    years = outcome.horizon_years
    widest = max(measure(_year(year), False) for year in range(years + 1))
    every = next((s for s in YEAR_STEPS if plot.width * s / max(years, 1) >= widest + GAP),
                 YEAR_STEPS[-1])
    year_labels: list[Text] = []
    for year in range(0, years + 1, every):
        x = at(year * 12, Decimal(0))[0]
        text_width = measure(_year(year), False)
        left = min(max(x - text_width / 2, 0.0), width - text_width)
        box = Box(left, plot.bottom + GAP / 2, left + text_width,
                  plot.bottom + GAP / 2 + line_height)
        if year_labels and box.overlaps(_padded(year_labels[-1].box)):
            continue  # the last label, pushed inside the edge, would touch the one before
        year_labels.append(Text(_year(year), box))

    payback = payback_text = None
    if has_payback:
        assert payback_month is not None
        payback = at(payback_month, points[payback_month][2])
        text = f"payback: {outcome.payback_label(payback_month)}"
        payback_text = Text(text, Box(plot.left + 14, payback_top,
                                      plot.left + 14 + measure(text, True),
                                      payback_top + line_height), bold=True)
    return CashFlowLayout(
        plot=plot, top_value=top_value, value_labels=tuple(value_labels),
        year_labels=tuple(year_labels),
        today=tuple(at(m, today) for m, today, _plan in points),
        plan=tuple(at(m, plan) for m, _today, plan in points),
        payback=payback, payback_text=payback_text,
        legend=(legend_texts[0], legend_texts[1]), legend_samples=(samples[0], samples[1]))


def _year(year: int) -> str:
    return f"year {year}" if year else "0"


def _padded(box: Box) -> Box:
    return Box(box.left - GAP / 2, box.top, box.right + GAP / 2, box.bottom)
