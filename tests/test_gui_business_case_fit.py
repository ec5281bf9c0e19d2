"""Every digit visible (issue 24, part 3): at the default 1280x800 window with
the health panel open, every money column of every tab of the Business case
stage lies inside its table's viewport without scrolling sideways, and is wide
enough for every amount in it: none is elided."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QStyle, QTableView

from desktop_app.domain.model import Stage
from desktop_app.ui.views.business_case_view import WHOLE_COLUMNS, BusinessCaseView

LAPTOP = (1280, 800)


@pytest.fixture
def case_view(open_window, qtbot) -> BusinessCaseView:
    open_window.resize(*LAPTOP)
    open_window.workspace.show_stage(Stage.BUSINESS_CASE)
    assert open_window.health_dock.isVisible()
    view = open_window.workspace.views[Stage.BUSINESS_CASE]
    assert isinstance(view, BusinessCaseView)
    qtbot.waitUntil(lambda: open_window.width() == LAPTOP[0])
    return view


def tables(view: BusinessCaseView) -> list[tuple[str, QTableView, tuple[int, ...]]]:
    found = [(name, editor.view, WHOLE_COLUMNS[name][0]) for editor, name in (
        (view.functions, "functions"), (view.returns, "returns"),
        (view.assignments, "assignments"), (view.waves, "waves"), (view.roles, "roles"))]
    found.append(("years", view.years, tuple(range(1, view.years_model.columnCount()))))
    return found


def test_every_money_column_is_in_view_and_no_amount_is_elided(case_view) -> None:
    checked = 0
    for name, table, columns in tables(case_view):
        page = table if name != "years" else case_view.years_page
        while case_view.tabs.indexOf(page) < 0:
            page = page.parentWidget()
        case_view.tabs.setCurrentWidget(page)
        QApplication.processEvents()
        viewport = table.viewport().width()
        header = table.horizontalHeader()
        margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        metrics = table.fontMetrics()
        model = table.model()
        assert model.rowCount() > 0, name
        for column in columns:
            left = header.sectionViewportPosition(column)
            width = header.sectionSize(column)
            title = model.headerData(column, header.orientation())
            assert left >= 0 and left + width <= viewport, (
                f"{name}: {title} is outside the visible table ({left}+{width} > {viewport})")
            for row in range(model.rowCount()):
                text = model.index(row, column).data()
                needed = metrics.horizontalAdvance(str(text)) + 2 * margin
                assert needed <= width, f"{name}: {title} {text!r} is cut ({needed} > {width})"
                checked += 1
    assert checked > 100


def test_the_figures_are_never_cut(case_view) -> None:
    for name, label in case_view.figures.values.items():
        assert label.width() >= label.fontMetrics().horizontalAdvance(label.text()), name
    for name, caption in case_view.figures.captions.items():
        assert caption.height() >= caption.heightForWidth(caption.width()) - 1, name
