"""One clock (issue 24, part 4): a decision recorded at 13:40 in Bremen
(UTC+01:00) shows 13:40 in the window and in the minutes, on a laptop in
another time zone too, and the zone is named where it differs from the
laptop's."""

from __future__ import annotations

import time

import pypdf
import pytest

from desktop_app.domain.model import Stage
from desktop_app.export.minutes import build_minutes


@pytest.fixture
def in_new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def captured_details(view) -> list[str]:
    model = view.captures.table.model()
    return [model.index(row, 3).data() for row in range(model.rowCount())]


def test_window_and_minutes_show_the_recorded_time(in_new_york, open_window, tmp_path) -> None:
    window = open_window
    window.workspace.show_stage(Stage.BUSINESS_CASE)
    view = window.workspace.views[Stage.BUSINESS_CASE]
    assert captured_details(view) == ["13:40, 9 Mar (UTC+01:00)"]
    window.workspace.show_stage(Stage.CLOSE)
    decisions = window.workspace.views[Stage.CLOSE].decisions
    column = [c.field for c in decisions.model.columns].index("recorded_at")
    shown = decisions.model.index(decisions.model.row_of("d9"), column).data()
    assert shown == "2027-03-09 13:40 (UTC+01:00)"
    target = tmp_path / "minutes.pdf"
    build_minutes(window.session.workshop, target)
    text = " ".join((page.extract_text() or "") for page in pypdf.PdfReader(target).pages)
    assert "9 Mar 2027, 13:40 (UTC+01:00)" in " ".join(text.split())


def test_the_zone_is_not_named_where_it_is_the_laptops(monkeypatch, open_window) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        open_window.workspace.show_stage(Stage.BUSINESS_CASE)
        view = open_window.workspace.views[Stage.BUSINESS_CASE]
        assert captured_details(view) == ["13:40, 9 Mar"]
    finally:
        monkeypatch.undo()
        time.tzset()
