"""Closing the presenter window ends every connection to its widgets: the
stages go on working, and a presenter opened again shows the current stage
(issue 13, item 12: a closed presenter's SourcingMatrix was still called)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop_app.domain.stages import STAGES


def toggle_presenter(window, qtbot):
    """F5, as the facilitator presses it."""
    assert window.actions.presenter.shortcut() == QKeySequence("F5")
    window.actions.presenter.trigger()
    presenter = window.presenter.presenter
    if presenter is not None:
        qtbot.waitExposed(presenter)
    return presenter


def let_qt_delete(qtbot) -> None:
    """Run the deferred deletes, so a closed window's widgets are really gone."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(10)


def use_every_stage(window) -> None:
    """Visit each stage and move through the rows of each of its tables, the way
    the presenter followed them, and make one edit."""
    workspace = window.workspace
    for info in STAGES:
        workspace.show_stage(info.stage)
        view = workspace.views[info.stage]
        for editor in view.editors.values():
            rows = editor.proxy.rowCount()
            for row in range(min(rows, 3)):
                editor.view.setCurrentIndex(editor.proxy.index(row, 0))
            if rows:
                assert editor.current_item() is not None
    before = window.session.workshop.functions[0].name
    functions = workspace.views[STAGES[1].stage].editors["functions"]
    column = [c.field for c in functions.model.columns].index("name")
    assert functions.model.setData(functions.model.index(0, column), before + " (renamed)",
                                   Qt.ItemDataRole.EditRole)
    assert window.session.workshop.functions[0].name == before + " (renamed)"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt
@pytest.mark.parametrize("how", ["f5", "close-window", "escape-then-f5"])
def test_every_stage_works_after_the_presenter_was_closed(open_window, qtbot, how) -> None:
    presenter = toggle_presenter(open_window, qtbot)
    assert presenter is not None
    if how == "f5":
        assert toggle_presenter(open_window, qtbot) is None
    elif how == "close-window":
        presenter.close()
    else:  # Escape puts the slide behind the console (one screen); F5 then closes it
        qtbot.keyClick(presenter, Qt.Key.Key_Escape)
        assert open_window.presenter.presenter is presenter and not presenter.isVisible()
        assert toggle_presenter(open_window, qtbot) is None
    assert open_window.presenter.presenter is None
    assert not open_window.actions.presenter.isChecked()
    let_qt_delete(qtbot)
    use_every_stage(open_window)  # an exception in any slot fails the test (pytest-qt)


def test_open_close_twice_then_the_presenter_follows_the_current_stage(open_window,
                                                                       qtbot) -> None:
    for _round in range(2):
        assert toggle_presenter(open_window, qtbot) is not None
        assert toggle_presenter(open_window, qtbot) is None
        let_qt_delete(qtbot)
        use_every_stage(open_window)
    workspace = open_window.workspace
    vendors = STAGES[2].stage
    workspace.show_stage(vendors)
    presenter = toggle_presenter(open_window, qtbot)
    assert presenter.stage == vendors and presenter.shown_stage == vendors
    functions = workspace.views[STAGES[1].stage].editors["functions"]
    workspace.show_stage(STAGES[1].stage)
    functions.view.setCurrentIndex(functions.proxy.index(1, 0))
    open_window.actions.point_presenter.trigger()  # the slide shows it when pointed at
    assert presenter.matrix.selected_id == functions.current_item().id


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen
@pytest.mark.parametrize("section", ["functions", "parking_lot"])
def test_the_stages_work_after_a_dot_vote_window_was_closed(open_window, qtbot, section):
    """The same rule for the other window that listens to the workshop."""
    dialog = open_window.dot_vote(section)
    qtbot.waitExposed(dialog)
    dialog.close()
    let_qt_delete(qtbot)
    use_every_stage(open_window)
