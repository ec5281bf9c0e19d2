"""The presenter window: a large-type slide of the current stage for the projector."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QMenuBar, QPushButton

from desktop_app.domain import derived
from desktop_app.domain.commands import EditField
from desktop_app.domain.model import Stage
from desktop_app.domain.stages import STAGE_INFO

REPO = Path(__file__).resolve().parent.parent
TWO_SCREENS = REPO / "tests" / "data" / "two-screens.json"
SHOTS = Path("/tmp/presenter")


@pytest.fixture
def presenter(open_window, qtbot):
    open_window.actions.presenter.trigger()
    window = open_window.presenter.presenter
    assert window is not None
    qtbot.waitExposed(window)
    return window


def label_texts(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def test_one_screen_opens_a_normal_window_without_menus(open_window, presenter):
    assert open_window.actions.presenter.isChecked()
    assert presenter.isWindow() and presenter.isVisible()
    assert not presenter.isFullScreen()
    assert (presenter.width(), presenter.height()) == (1280, 720)
    assert not presenter.findChildren(QMenuBar)
    assert not presenter.findChildren(QMenu)
    assert presenter.title.font().pointSize() >= 30
    for label in (presenter.number, presenter.facts, presenter.text, presenter.footer,
                  presenter.workshop_label, presenter.wave_text):
        assert label.font().pointSize() >= 20


def test_follows_the_facilitators_stage(open_window, presenter):
    workspace = open_window.workspace
    assert presenter.title.text() == STAGE_INFO[workspace.current_stage()].title
    workspace.show_stage(Stage.FUNCTIONS)
    assert presenter.title.text() == STAGE_INFO[Stage.FUNCTIONS].title
    assert presenter.number.text() == "Stage 2 of 9"
    assert presenter.body.currentWidget() is presenter.matrix
    assert "12 functions" in presenter.facts.text()
    workspace.show_stage(Stage.VENDORS)
    names = [r.name for r in derived.vendor_results(open_window.session.workshop)]
    assert presenter.vendor_rows == names
    assert set(names) <= set(label_texts(presenter))
    assert presenter.body.currentWidget() is presenter.vendor_page
    workspace.show_stage(Stage.TRANSITION)
    assert presenter.body.currentWidget() is presenter.timeline_page
    assert open_window.session.workshop.waves[0].name in presenter.wave_text.text()
    workspace.show_stage(Stage.CLOSE)
    assert "Open risks by exposure" in presenter.text.text()


def test_follows_edits_and_never_shows_private_notes(open_window, presenter):
    open_window.workspace.show_stage(Stage.VENDORS)
    session = open_window.session
    vendor = session.workshop.vendors[0]
    assert session.execute(EditField("vendors", vendor.id, "name", "Renamed Vendor")) is None
    assert "Renamed Vendor" in presenter.vendor_rows
    texts = " ".join(label_texts(presenter))
    for item in session.workshop.vendors:
        assert not item.notes or item.notes not in texts


def test_freeze_keeps_what_it_showed(open_window, presenter, qtbot):
    workspace = open_window.workspace
    workspace.show_stage(Stage.FUNCTIONS)
    open_window.actions.freeze_presenter.trigger()
    assert presenter.frozen
    assert open_window.presenter.frozen_label.isVisibleTo(open_window)
    workspace.show_stage(Stage.VENDORS)
    assert presenter.title.text() == STAGE_INFO[Stage.FUNCTIONS].title
    assert presenter.body.currentWidget() is presenter.snapshot
    assert not presenter.snapshot.pixmap().isNull()
    # the marker is for the facilitator only
    assert not any("frozen" in text.lower() for text in label_texts(presenter))
    open_window.actions.freeze_presenter.trigger()
    assert not presenter.frozen
    assert not open_window.presenter.frozen_label.isVisibleTo(open_window)
    assert presenter.title.text() == STAGE_INFO[Stage.VENDORS].title


def test_footer_says_the_most_severe_finding_in_words(open_window, presenter):
    """A count told the room nothing: the slide says what the check found."""
    from desktop_app.domain.health import Severity

    monitor = open_window.workspace.monitor
    order = (Severity.HIGH, Severity.MEDIUM, Severity.LOW)
    for stage in (Stage.FUNCTIONS, Stage.CUSTOMERS, Stage.CLOSE):
        open_window.workspace.show_stage(stage)
        here = sorted((f for f in monitor.findings if f.stage == stage),
                      key=lambda f: order.index(f.severity))
        text = presenter.footer.text()
        assert f"{len(monitor.findings)} findings overall" in text
        if not here:
            assert "nothing to discuss in this stage" in text
            continue
        assert text.startswith("Health check: ")
        assert presenter.footer.toolTip().split("\n")[0] == here[0].message
        head = here[0].message[:20]
        assert head in text or "…" in text
        if len(here) > 1:
            assert f"(+{len(here) - 1} more here)" in text


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt
def test_one_screen_switches_between_slide_and_console(open_window, presenter, qtbot):
    """With one screen the slide covers the console: F7 (or Escape on the slide)
    brings the console back without closing the slide, and F7 shows it again as
    it was (frozen here)."""
    actions = open_window.actions
    control = open_window.presenter
    assert control.single_screen()
    assert actions.swap_presenter.shortcut().toString() == "F7"
    actions.freeze_presenter.trigger()
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    assert control.presenter is presenter and not presenter.isVisible()
    assert actions.presenter.isChecked() and control.behind_label.isVisibleTo(open_window)
    actions.swap_presenter.trigger()  # F7 from the console
    assert presenter.isVisible() and presenter.frozen
    assert not control.behind_label.isVisibleTo(open_window)
    actions.swap_presenter.trigger()
    assert not presenter.isVisible() and control.presenter is presenter
    actions.swap_presenter.trigger()
    assert presenter.isVisible()


def test_closes_with_the_workshop_and_by_f5(open_window, presenter, qtbot):
    actions = open_window.actions
    actions.presenter.trigger()
    assert open_window.presenter.presenter is None
    assert not actions.presenter.isChecked()
    actions.presenter.trigger()
    assert open_window.presenter.presenter is not None
    open_window.files.release_session()
    assert open_window.presenter.presenter is None
    assert not actions.presenter.isChecked()
    assert not actions.presenter.isEnabled()


def test_screenshots_at_1280x720(open_window, presenter):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for stage in (Stage.FUNCTIONS, Stage.VENDORS, Stage.TRANSITION, Stage.CLOSE):
        open_window.workspace.show_stage(stage)
        image = presenter.grab()
        assert (image.width(), image.height()) == (1280, 720)
        assert image.save(str(SHOTS / f"presenter-{stage.value}.png"))


SCRIPT = """
import json, sys, tempfile
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from desktop_app.ui import theme
app = QApplication([])
app.setFont(theme.app_font(theme.register_fonts()))
theme.apply_theme(app, False)
from desktop_app.ui.main_window import MainWindow
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
if len(sys.argv) > 2:
    settings.setValue("presenter_screen", sys.argv[2])
window = MainWindow(settings)
window.resize(1280, 800)
window.show()
assert window.open_demo()
window.actions.presenter.trigger()
presenter = window.presenter.presenter
app.processEvents()
geometry = presenter.geometry()
print(json.dumps({
    "screens": [s.name() for s in app.screens()],
    "main": window.screen().name(),
    "screen": presenter.screen().name(),
    "full_screen": presenter.isFullScreen(),
    "geometry": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
    "title_pt": presenter.title.font().pointSize(),
    "text_pt": min(presenter.facts.font().pointSize(), presenter.footer.font().pointSize()),
    "remembered": settings.value("presenter_screen"),
}))
window.actions.presenter.trigger()
window.close()
"""


def run_two_screens(tmp_path, *args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={TWO_SCREENS}")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "settings.ini"), *args], env=env,
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_full_screen_on_the_second_screen(tmp_path):
    shown = run_two_screens(tmp_path)
    assert shown["screens"] == ["laptop", "projector"]
    assert shown["main"] == "laptop"
    assert shown["screen"] == "projector"
    assert shown["full_screen"] is True
    assert shown["geometry"] == [1280, 0, 1280, 720]
    assert shown["title_pt"] >= 20 and shown["text_pt"] >= 20
    assert shown["remembered"] == "projector"


def test_the_remembered_screen_wins(tmp_path):
    shown = run_two_screens(tmp_path, "laptop")
    assert shown["screen"] == "laptop"
    assert shown["full_screen"] is True
    assert shown["geometry"] == [0, 0, 1280, 800]
    assert shown["remembered"] == "laptop"


# -- the stage timer, the screen menu and the facilitator's selection ---------------------

class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += 60 * minutes


@pytest.fixture
def clock(monkeypatch):
    from desktop_app.ui import timer as timer_module

    fake = FakeClock()
    monkeypatch.setattr(timer_module, "default_clock", fake)
    return fake


@pytest.fixture
def timed(window, workshop_file, clock, qtbot):
    """The presenter of a window whose stage timer runs on the fake clock."""
    assert window.open_path(workshop_file)
    window.show()
    window.actions.presenter.trigger()
    presenter = window.presenter.presenter
    qtbot.waitExposed(presenter)
    return presenter


def tick(presenter) -> None:
    presenter.timer.updated.emit()  # what the once-a-second QTimer does


def test_the_stage_timer_on_the_slide(timed, clock):
    from desktop_app.ui.theme import colours

    c = colours(False)
    timer = timed.timer  # Setup: 30 planned minutes
    assert timed.clock.font().pointSize() >= 30
    assert timed.clock.isVisibleTo(timed)
    clock.advance(17.5)
    tick(timed)
    assert timed.clock.text() == "12:30 left"
    assert timed.clock_colour == c["text"]
    clock.advance(7.0)  # 5:30 left: under 20 %
    tick(timed)
    assert timed.clock.text() == "5:30 left"
    assert timed.clock_colour == c["warning"]
    clock.advance(4.0)  # 1:30 left: under 5 %
    tick(timed)
    assert timed.clock_colour == c["danger"]
    clock.advance(1.5 + 3 + 10 / 60)
    tick(timed)
    assert timed.clock.text() == "3:10 over"
    timer.pause()
    assert timed.clock.text() == "3:10 over · paused"


def test_freeze_keeps_the_timer(timed, clock):
    clock.advance(17.5)
    tick(timed)
    timed.set_frozen(True)
    clock.advance(10)
    tick(timed)
    assert timed.clock.text() == "12:30 left"
    timed.set_frozen(False)
    assert timed.clock.text() == "2:30 left"


def test_the_presenter_screen_menu(open_window, presenter):

    menu = open_window.actions.presenter_screens
    view_menu = next(a.menu() for a in open_window.menuBar().actions()
                     if a.text() == "&View")
    assert menu.menuAction() in view_menu.actions()
    menu.aboutToShow.emit()
    entries = menu.actions()
    names = [s.name() for s in QApplication.screens()]
    assert [a.data() for a in entries] == names
    assert all(a.isCheckable() for a in entries)
    current = presenter.screen().name()
    assert [a.data() for a in entries if a.isChecked()] == [current]
    open_window.settings.remove("presenter_screen")
    entries[0].trigger()
    assert open_window.settings.value("presenter_screen") == names[0]
    assert not presenter.isFullScreen()  # the main window's own screen
    menu.aboutToShow.emit()  # rebuilt, not appended to
    assert [a.data() for a in menu.actions()] == names
    assert menu.actions()[0].isChecked()


def test_follows_the_facilitators_selection(open_window, presenter):
    """Only once the facilitator points at it (F6): a cursor moved while typing
    never puts an item on the wall by itself."""
    workspace = open_window.workspace
    workspace.show_stage(Stage.FUNCTIONS)
    editor = workspace.views[Stage.FUNCTIONS].editors["functions"]
    editor.view.setCurrentIndex(editor.proxy.index(2, 0))
    assert presenter.matrix.selected_id is None  # not pointed at: the slide ignores it
    open_window.actions.point_presenter.trigger()
    assert presenter.matrix.selected_id == editor.current_item().id
    editor.view.setCurrentIndex(editor.proxy.index(0, 0))
    assert presenter.matrix.selected_id == editor.current_item().id

    workspace.show_stage(Stage.VENDORS)
    vendors = workspace.views[Stage.VENDORS].editors["vendors"]
    vendors.view.setCurrentIndex(vendors.proxy.index(1, 0))
    chosen = vendors.current_item()
    assert presenter.highlighted_vendor is None  # a new stage: nothing pointed at
    open_window.actions.point_presenter.trigger()
    assert presenter.highlighted_vendor == chosen.name
    assert any(text.startswith("▸") for text in label_texts(presenter))
    # frozen: the slide keeps its highlight
    presenter.set_frozen(True)
    vendors.view.setCurrentIndex(vendors.proxy.index(0, 0))
    assert presenter.selected_vendor == chosen.id
    presenter.set_frozen(False)
    assert presenter.highlighted_vendor == vendors.current_item().name
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert presenter.grab().save(str(SHOTS / "presenter-vendors-selected.png"))


def test_opening_the_presenter_builds_no_stage_page_and_it_follows_the_workspace(
        open_window, qtbot):
    """The slide learns the selection from the Workspace's signal, not from the views."""
    workspace = open_window.workspace
    built = {page.stage for page in workspace.views.built()}
    open_window.actions.presenter.trigger()
    presenter = open_window.presenter.presenter
    qtbot.waitExposed(presenter)
    assert {page.stage for page in workspace.views.built()} == built
    with qtbot.waitSignal(workspace.selection_changed) as moved:
        workspace.show_stage(Stage.FUNCTIONS)
        editor = workspace.views[Stage.FUNCTIONS].editors["functions"]
        editor.view.setCurrentIndex(editor.proxy.index(1, 0))
    assert moved.args == ["functions", editor.current_item().id]
    open_window.actions.point_presenter.trigger()  # pointed at on purpose
    assert workspace.selected_id("functions") == presenter.matrix.selected_id


def test_a_clicker_moves_on_goes_back_and_blanks(open_window, presenter, qtbot):
    from PySide6.QtCore import Qt

    workspace = open_window.workspace
    workspace.show_stage(Stage.FUNCTIONS)
    qtbot.keyClick(presenter, Qt.Key.Key_PageDown)
    assert workspace.current_stage() == Stage.VENDORS
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    assert workspace.current_stage() == Stage.BUSINESS_CASE
    qtbot.keyClick(presenter, Qt.Key.Key_PageUp)
    assert workspace.current_stage() == Stage.VENDORS
    qtbot.keyClick(presenter, Qt.Key.Key_Left)
    assert workspace.current_stage() == Stage.FUNCTIONS
    qtbot.keyClick(presenter, Qt.Key.Key_B)
    assert presenter.blank.isVisible()
    qtbot.keyClick(presenter, Qt.Key.Key_Period)
    assert not presenter.blank.isVisible()
    qtbot.keyClick(presenter, Qt.Key.Key_B)
    qtbot.keyClick(presenter, Qt.Key.Key_Escape)  # Escape first lifts the blank
    assert not presenter.blank.isVisible() and presenter.isVisible()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_clicker_keys_work_in_the_console_too(open_window, presenter, qtbot):
    """A clicker's PageDown/PageUp move the stages from the console while the
    presenter is open; the keys that also type only when no field or table has
    the keyboard; none of it once turned off or with the presenter closed."""
    workspace = open_window.workspace
    open_window.presenter.show_console()
    workspace.show_stage(Stage.FUNCTIONS)
    table = workspace.views[Stage.FUNCTIONS].functions.view
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_PageDown)
    assert workspace.current_stage() == Stage.VENDORS
    qtbot.keyClick(workspace.navigator, Qt.Key.Key_PageUp)  # the stage list has the keys
    assert workspace.current_stage() == Stage.FUNCTIONS
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Right)  # in a table Right moves the cell
    assert workspace.current_stage() == Stage.FUNCTIONS
    assert table.currentIndex().column() == 2
    qtbot.keyClick(table, Qt.Key.Key_B)  # ... and B would type
    assert not presenter.is_blank()
    button = open_window.workspace.timer_bar.findChild(QPushButton)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_B)
    assert presenter.is_blank()
    qtbot.keyClick(button, Qt.Key.Key_Period)
    assert not presenter.is_blank()
    open_window.actions.clicker_keys.setChecked(False)
    assert open_window.settings.value("clicker_keys") == "false"
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_PageDown)
    assert workspace.current_stage() == Stage.FUNCTIONS
    open_window.actions.clicker_keys.setChecked(True)
    open_window.actions.presenter.trigger()  # closed: PageDown pages the table again
    assert open_window.presenter.presenter is None
    qtbot.keyClick(table, Qt.Key.Key_PageDown)
    assert workspace.current_stage() == Stage.FUNCTIONS


def test_the_vendors_slide_says_the_lead_only_on_every_score(open_window, presenter):
    open_window.workspace.show_stage(Stage.VENDORS)
    verdict = presenter.vendor_verdict
    text = derived.ranking_verdict(open_window.session.workshop).text
    assert verdict is not None and verdict.text().endswith(text)
    assert "leads" in text
    ws = open_window.session.workshop
    score = ws.scores[0]
    session = open_window.session
    from desktop_app.domain.commands import RemoveItem

    assert session.execute(RemoveItem("scores", score.key)) is None
    verdict = presenter.vendor_verdict
    assert verdict.text().startswith("Provisional:")
    assert "no vendor leads yet" in verdict.text() and "%" not in verdict.text()
