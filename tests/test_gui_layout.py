"""Layout at 1280x800 with the health panel open (issue 25): every table shows
at least eight rows (the stage page scrolls instead), its first column stays
in view while the others scroll, and the score grid's criteria, vendor names
and ranks are never cut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStackedWidget, QTabWidget

from desktop_app.domain import derived
from desktop_app.domain.model import Stage
from desktop_app.domain.stages import STAGES
from desktop_app.ui.views.section_editor import MIN_ROWS, EditTable


@pytest.fixture
def shown(open_window, qtbot):
    open_window.show()
    qtbot.waitExposed(open_window)
    assert open_window.width() == 1280
    return open_window


def tables_of(window, stage: Stage) -> list[EditTable]:
    window.workspace.show_stage(stage)
    page = window.workspace.views[stage]
    return [editor.view for editor in page.editors.values()]


def bring_forward(widget) -> None:
    """Open every tab (stacked page) that holds `widget`, as a user clicks them."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget):
            parent.setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()
    QApplication.processEvents()


@pytest.mark.parametrize("stage", [info.stage for info in STAGES])
def test_every_table_shows_at_least_eight_rows(shown, stage):
    for table in tables_of(shown, stage):
        bring_forward(table)
        assert table.isVisible(), table.objectName()
        rows = table.model().rowCount()
        header = table.horizontalHeader().height()
        room = table.viewport().height()
        row_height = table.verticalHeader().defaultSectionSize()
        assert room >= MIN_ROWS * row_height, (table.objectName(), room, header)
        if rows >= MIN_ROWS:
            last = table.visualRect(table.model().index(MIN_ROWS - 1, 0))
            assert last.bottom() <= room, table.objectName()


def test_the_first_column_stays_in_view_while_the_others_scroll(shown, qtbot):
    (participants, *_rest) = [t for t in tables_of(shown, Stage.SETUP)
                              if t.objectName() == "participantsTable"]
    frozen = participants.frozen
    bar = participants.horizontalScrollBar()
    assert bar.maximum() > 0, "the table should be wider than its view at 1280x800"
    assert not frozen.isVisible()  # at the left edge the table's own column shows
    bar.setValue(bar.maximum())
    assert frozen.isVisible()
    assert frozen.width() == participants.columnWidth(0)
    assert frozen.geometry().left() == participants.frameWidth()
    first = frozen.indexAt(frozen.viewport().rect().topLeft())
    assert first.row() == 0 and first.column() == 0
    name = shown.session.workshop.participants[0].name
    assert first.data() == name
    # the rows move together
    participants.verticalScrollBar().setValue(3)
    assert frozen.verticalScrollBar().value() == 3
    participants.verticalScrollBar().setValue(0)
    # picking a row keeps the columns scrolled to; a later cell clears the overlay
    participants.setFocus()
    participants.setCurrentIndex(participants.model().index(2, 0))
    assert bar.value() == bar.maximum() and frozen.isVisible()
    second = participants.model().index(2, 1)
    participants.setCurrentIndex(second)
    assert participants.visualRect(second).left() >= frozen.width() - 1
    # typing into the name starts an editor in the table, scrolled back into view
    participants.setCurrentIndex(participants.model().index(2, 0))
    bar.setValue(bar.maximum())
    qtbot.keyClicks(participants, "Z")
    assert participants.state() == participants.State.EditingState
    assert bar.value() == 0 and not frozen.isVisible()
    qtbot.keyClick(participants.focusWidget() or participants, Qt.Key.Key_Escape)
    assert shown.session.workshop.participants[2].name != "Z"


def test_scores_show_each_rank_name_and_criterion_whole(shown):
    shown.workspace.show_stage(Stage.VENDORS)
    page = shown.workspace.views[Stage.VENDORS]
    page.tabs.setCurrentIndex(2)
    grid = page.scoring
    model, table = grid.model, grid.table
    ws = shown.session.workshop
    vertical = table.verticalHeader()
    bold = QFontMetrics(model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole))
    ranks = {r.vendor_id: r.rank for r in derived.vendor_results(ws)}
    for row, vendor in enumerate(model.vendor_at(r) for r in range(model.rowCount())):
        text = model.headerData(row, Qt.Orientation.Vertical)
        assert text == f"{ranks[vendor.id]}. {vendor.name}"  # the rank never scrolls away
        assert bold.horizontalAdvance(text) + 8 <= vertical.width(), text
    metrics = QFontMetrics(table.horizontalHeader().font())
    for column, criterion in enumerate(ws.criteria):
        text = model.headerData(column, Qt.Orientation.Horizontal)
        assert "…" not in text
        assert " ".join(text.split("\n")[:-1]) == " ".join(criterion.name.split())
        widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        assert widest <= table.columnWidth(column), criterion.name


@pytest.mark.parametrize("stage", [info.stage for info in STAGES])
def test_every_tab_title_is_whole(shown, stage):
    """No tab hides behind the tab bar's scroll arrows ("⚠ over" was cut)."""
    shown.workspace.show_stage(stage)
    QApplication.processEvents()
    for tabs in shown.workspace.views[stage].findChildren(QTabWidget):
        bar = tabs.tabBar()
        whole = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
        assert whole <= tabs.width(), [bar.tabText(i) for i in range(bar.count())]
