"""The sourcing matrix puts every dot exactly at its values, on the screen, on the
presenter's slide and in the minutes' PDF (issue 25: capability 2 was drawn
where the axis says 1.5).

Each check measures what was drawn, not the code's idea of it: the ink of the
axis tick labels and the pixels of the dot on a grab of the real widget, and
the words' boxes that pdftotext reads from the real minutes.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections import Counter

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from desktop_app.domain.model import Stage
from desktop_app.export.minutes import build_minutes
from desktop_app.ui.theme import colours
from desktop_app.ui.widgets.sourcing_matrix import (
    MARGIN_LEFT,
    SourcingMatrix,
    decision_colour,
    is_dark,
)

TOLERANCE_PX = 2.5  # a glyph's ink is not exactly centred on its advance
TOLERANCE_PT = 1.0


def pixels(matrix: SourcingMatrix) -> np.ndarray:
    """The widget as painted: an (height, width, 3) array of RGB."""
    image = matrix.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=stride * height)
    return raw.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).astype(int)


def near(rgb: np.ndarray, colour: QColor, distance: int) -> np.ndarray:
    wanted = np.array([colour.red(), colour.green(), colour.blue()])
    return np.abs(rgb - wanted).sum(axis=2) <= distance


def runs(mask: np.ndarray, gap: int = 8) -> list[float]:
    """Centres of the runs of True in a 1-D mask (one per tick label); a glyph's
    faint rows leave gaps shorter than `gap` inside a run."""
    spans: list[list[int]] = []
    for index in np.nonzero(mask)[0]:
        if spans and index - spans[-1][1] <= gap:
            spans[-1][1] = int(index)
        else:
            spans.append([int(index), int(index)])
    return [(first + last) / 2 for first, last in spans]


def ticks(matrix: SourcingMatrix, rgb: np.ndarray) -> tuple[list[float], list[float]]:
    """The centres of the five tick labels on each axis, from their ink."""
    ink = near(rgb, QColor(colours(is_dark())["text"]), 90)
    frame, plot = matrix.frame_rect(), matrix.plot_rect()
    line = matrix.fontMetrics().height()
    below = ink[int(frame.bottom()) + 2: int(frame.bottom()) + 2 + line,
                int(plot.left()): int(plot.right())]
    left = ink[int(plot.top()): int(plot.bottom()), MARGIN_LEFT - 20: MARGIN_LEFT - 4]
    xs = [x + int(plot.left()) for x in runs(below.any(axis=0))]
    ys = [y + int(plot.top()) for y in runs(left.any(axis=1))]
    assert len(xs) == 5 and len(ys) == 5, (xs, ys)
    return xs, sorted(ys, reverse=True)  # ys[0] is importance 1, at the bottom


def lone_functions(workshop) -> list:
    places = Counter((f.inhouse_capability, f.strategic_importance) for f in workshop.functions)
    return [f for f in workshop.functions
            if places[(f.inhouse_capability, f.strategic_importance)] == 1]


def assert_dots_on_their_ticks(matrix: SourcingMatrix) -> int:
    rgb = pixels(matrix)
    xs, ys = ticks(matrix, rgb)
    checked = 0
    for function in lone_functions(matrix.session.workshop):
        capability, importance = function.inhouse_capability, function.strategic_importance
        cell = matrix.cell_rect(importance, capability).toRect()
        region = rgb[cell.top(): cell.bottom(), cell.left(): cell.right()]
        rows, columns = np.nonzero(near(region, decision_colour(function.sourcing), 0))
        assert rows.size, f"no dot drawn for {function.label}"
        x = cell.left() + (columns.min() + columns.max()) / 2
        y = cell.top() + (rows.min() + rows.max()) / 2
        assert abs(x - xs[capability - 1]) <= TOLERANCE_PX, (function.label, x, xs)
        assert abs(y - ys[importance - 1]) <= TOLERANCE_PX, (function.label, y, ys)
        checked += 1
    return checked


def test_on_screen_each_dot_stands_on_its_ticks(open_window):
    open_window.workspace.show_stage(Stage.FUNCTIONS)
    matrix = open_window.workspace.views[Stage.FUNCTIONS].matrix
    assert assert_dots_on_their_ticks(matrix) >= 5


def test_on_the_slide_each_dot_stands_on_its_ticks(open_window, qtbot):
    open_window.workspace.show_stage(Stage.FUNCTIONS)
    open_window.actions.presenter.trigger()
    presenter = open_window.presenter.presenter
    qtbot.waitExposed(presenter)
    assert presenter.body.currentWidget() is presenter.matrix
    assert assert_dots_on_their_ticks(presenter.matrix) >= 5


def test_clustered_dots_are_centred_on_their_values(open_window):
    open_window.workspace.show_stage(Stage.FUNCTIONS)
    matrix = open_window.workspace.views[Stage.FUNCTIONS].matrix
    shared = [matrix.dot_centre(key) for key in ("f3", "f5", "f12")]  # importance 3, capability 2
    radius = next(d.radius for d in matrix.dots() if d.function.id == "f3")
    left = min(c.x() for c in shared) - radius
    right = max(c.x() for c in shared) + radius
    top = min(c.y() for c in shared) - radius
    bottom = max(c.y() for c in shared) + radius
    assert abs((left + right) / 2 - matrix.tick_x(2)) < 0.01
    assert abs((top + bottom) / 2 - matrix.tick_y(3)) < 0.01


def pdf_words(path) -> list[tuple[str, float, float, float, float]]:
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is not installed (Debian package: poppler-utils)")
        pytest.skip("pdftotext is not installed (Debian package: poppler-utils)")
    out = subprocess.run([tool, "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    for page in re.findall(r"<page .*?</page>", out, re.S):
        if "In-house" not in page or "capability" not in page:
            continue
        return [(html.unescape(text), float(x0), float(y0), float(x1), float(y1))
                for x0, y0, x1, y1, text in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                    r'yMax="([\d.]+)">([^<]*)</word>', page)]
    raise AssertionError("no page of the minutes has the sourcing matrix")


def test_in_the_minutes_each_dot_stands_on_its_ticks(demo_workshop, tmp_path):
    path = tmp_path / "minutes.pdf"
    build_minutes(demo_workshop, path)
    words = pdf_words(path)
    digits = [w for w in words if w[0] in {"1", "2", "3", "4", "5"}]
    by_line = Counter(round(w[2], 1) for w in digits)
    axis_y = next(y for y, n in by_line.items() if n == 5)
    x_ticks = sorted((w for w in digits if round(w[2], 1) == axis_y), key=lambda w: w[1])
    assert [w[0] for w in x_ticks] == ["1", "2", "3", "4", "5"]
    # left of the first x tick and above the x axis by at most the plot's height
    step = x_ticks[1][1] - x_ticks[0][1]
    y_ticks = sorted((w for w in digits if w[3] < x_ticks[0][1]
                      and axis_y - 6 * step < w[2] < axis_y),
                     key=lambda w: -w[2])
    assert [w[0] for w in y_ticks] == ["1", "2", "3", "4", "5"]
    tick_x = [(w[1] + w[3]) / 2 for w in x_ticks]
    tick_y = [(w[2] + w[4]) / 2 for w in y_ticks]  # dots' numbers: a 7 pt bold digit
    inside = (x_ticks[0][1] - 20, x_ticks[-1][3] + 20)
    functions = demo_workshop.functions
    checked = 0
    for function in lone_functions(demo_workshop):
        number = str(functions.index(function) + 1)
        (word,) = [w for w in words if w[0] == number and inside[0] < w[1] < inside[1]
                   and axis_y - 6 * step < w[2] < axis_y - 5 and w not in y_ticks]
        x, y = (word[1] + word[3]) / 2, (word[2] + word[4]) / 2
        assert abs(x - tick_x[function.inhouse_capability - 1]) <= TOLERANCE_PT, function.label
        # the tick labels are 7.5 pt and the dot's number 7 pt: their middles agree
        assert abs(y - tick_y[function.strategic_importance - 1]) <= TOLERANCE_PT, function.label
        checked += 1
    assert checked >= 5


def test_the_slide_names_every_function_whole(open_window, qtbot):
    """Each function is named beside its dot or, by its number, in the slide's
    side legend; nothing is cut to "Applicat…"."""
    open_window.workspace.show_stage(Stage.FUNCTIONS)
    open_window.actions.presenter.trigger()
    presenter = open_window.presenter.presenter
    qtbot.waitExposed(presenter)
    matrix = presenter.matrix
    dots = matrix.dots()
    beside = {d.number for d in dots if not d.label_rect.isEmpty()}
    listed = {d.number for d in matrix.unnamed()}
    assert beside | listed == set(range(1, len(dots) + 1)) and not beside & listed
    assert listed and matrix.legend_width() > 0
    assert matrix.frame_rect().right() + 8 < matrix.width() - matrix.legend_width()
    metrics = matrix.fontMetrics()
    for dot in dots:
        if not dot.label_rect.isEmpty():
            assert metrics.horizontalAdvance(dot.function.label) <= dot.label_rect.width()
