"""The cash-flow chart at every horizon from 1 to 30 years (issue 24, part 3):
no label overlaps another or a line, every label is inside the chart, and the
value axis ends less than a gridline step above the data; in the minutes'
drawing and in the window's widget, both drawn from one layout."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from desktop_app.domain.business_case import business_case
from desktop_app.export.chart_layout import Box, CashFlowLayout
from desktop_app.export.charts import cash_flow_drawing_layout
from desktop_app.storage import interchange

HORIZONS = range(1, 31)


@pytest.fixture(scope="module", autouse=True)
def bundled_fonts():
    from desktop_app.export import fonts

    fonts.fontset()  # registers the bundled family the minutes measure with


@pytest.fixture(scope="module")
def demo():
    from pathlib import Path

    return interchange.read_json(
        Path(__file__).resolve().parent.parent / "resources/demo/demo-workshop.json")


def outcome_over(workshop, years: int):
    workshop = workshop.snapshot()
    workshop.details = dataclasses.replace(workshop.details, horizon_years=years)
    return business_case(workshop).changing


def crosses(a: tuple[float, float], b: tuple[float, float], box: Box) -> bool:
    """Whether the segment a-b passes through `box` (Liang-Barsky clipping)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box.left), (dx, box.right - x0), (-dy, y0 - box.top),
                 (dy, box.bottom - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def assert_clear(layout: CashFlowLayout, width: float, height: float, where: str) -> None:
    texts = layout.texts()
    for index, text in enumerate(texts):
        box = text.box
        assert box.left >= 0 and box.right <= width + 0.5, (where, text.text, "outside")
        assert box.top >= 0 and box.bottom <= height + 0.5, (where, text.text, "outside")
        for other in texts[index + 1:]:
            assert not box.overlaps(other.box), (where, text.text, other.text)
        for line in (layout.today, layout.plan):
            for a, b in itertools.pairwise(line):
                assert not crosses(a, b, box), (where, text.text, "crossed by a line")
        if layout.payback is not None:
            x, y = layout.payback
            assert not box.overlaps(Box(x - 5, y - 5, x + 5, y + 5)), (where, text.text)


def assert_near_the_data(layout: CashFlowLayout, outcome) -> None:
    """The top gridline is at or above the highest point, by less than a step."""
    highest = max(max(today, plan) for _m, today, plan in outcome.cumulative())
    ys = [y for y, _text in layout.value_labels]
    step_pixels = ys[0] - ys[1]
    data_top = min(y for _x, y in layout.today + layout.plan)
    assert layout.top_value >= highest
    assert data_top - layout.plot.top < step_pixels + 0.5, "the axis ends a step above"


@pytest.mark.parametrize("years", HORIZONS)
def test_the_minutes_chart_is_clear_at_every_horizon(demo, years: int) -> None:
    outcome = outcome_over(demo, years)
    for width in (480.0, 300.0):
        layout = cash_flow_drawing_layout(outcome, "EUR", width)
        assert_clear(layout, width, 190, f"minutes {width}pt, {years} years")
        assert_near_the_data(layout, outcome)
        assert len(layout.year_labels) >= 2  # 0 and at least one year


@pytest.mark.parametrize("years", [1, 2, 5, 10, 15, 20, 25, 30])
def test_the_window_chart_is_clear_at_every_horizon(qtbot, demo, years: int) -> None:
    from desktop_app.ui.widgets.cash_flow_chart import CashFlowChart

    chart = CashFlowChart()
    qtbot.addWidget(chart)
    outcome = outcome_over(demo, years)
    chart.set_outcome(outcome, "EUR")
    for size in ((460, 260), (320, 200), (900, 300)):
        chart.resize(*size)
        layout = chart.chart_layout()
        assert layout is not None
        assert_clear(layout, *size, f"window {size}, {years} years")
        assert_near_the_data(layout, outcome)
        chart.grab()  # paints without a warning
