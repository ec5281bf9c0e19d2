"""Follow-up workshops and full-text search, on real workshops."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.followup import REVIEW_TITLE, follow_up
from desktop_app.domain.model import ActionStatus, Stage, WorkshopStatus
from desktop_app.storage import interchange
from desktop_app.storage.search import search_workshop


def test_a_follow_up_carries_the_plan_and_only_open_actions(demo_workshop):
    new = follow_up(demo_workshop, date(2027, 5, 4))
    assert new.details.title.startswith("Follow-up: ")
    assert (new.details.date, new.details.status) == (date(2027, 5, 4), WorkshopStatus.DRAFT)
    for name in ("functions", "criteria", "vendors", "scores", "assignments", "customers",
                 "metrics", "waves", "roles", "risks", "parking_lot", "decisions"):
        assert new.section(name) == demo_workshop.section(name), name
    assert new.actions == [a for a in demo_workshop.actions if a.status == ActionStatus.OPEN]
    assert all(a.status == ActionStatus.OPEN for a in new.actions)
    assert len(new.actions) < len(demo_workshop.actions)
    assert (new.agenda[0].stage, new.agenda[0].title) == (Stage.SETUP, REVIEW_TITLE)
    assert new.participants == []
    assert follow_up(new, date(2027, 6, 1)).details.title == new.details.title
    interchange.from_dict(interchange.to_dict(new))  # a valid workshop


def test_a_follow_up_leaves_the_earlier_workshop_alone(demo_workshop):
    before = interchange.to_dict(demo_workshop)
    follow_up(demo_workshop, date(2027, 5, 4))
    assert interchange.to_dict(demo_workshop) == before


def test_search_finds_text_in_any_section_ignoring_accents(demo_workshop):
    hits = search_workshop(demo_workshop, "Poznan")
    assert {"customers", "actions"} <= {h.section for h in hits}
    assert any("Poznań" in h.snippet for h in hits)
    wydma = search_workshop(demo_workshop, "wydma")
    assert ("vendors", "v1") in {(h.section, h.key) for h in wydma}


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR NOT", "*", "o'brien", "NEAR(",
                                   "a:b", "-", "(((", "", "   ", "😀", "\x00"])
def test_odd_queries_never_raise(demo_workshop, query):
    assert isinstance(search_workshop(demo_workshop, query), list)


def test_search_keys_point_at_real_items(demo_workshop):
    for hit in search_workshop(demo_workshop, "service"):
        if hit.section != "details":
            assert demo_workshop.find(hit.section, hit.key) is not None


def test_follow_up_on_the_command_line(tmp_path):
    import os
    import subprocess
    import sys

    from desktop_app.storage.document import WorkshopDocument

    new = tmp_path / "may.workshop"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--demo", "--follow-up",
                             str(new)], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "9 open actions carried over" in result.stdout
    document = WorkshopDocument.open(new, read_only=True)
    try:
        assert document.workshop.details.title.startswith("Follow-up: ")
        assert document.workshop.agenda[0].title == REVIEW_TITLE
    finally:
        document.close()
    again = subprocess.run([sys.executable, "-m", "desktop_app", "--demo", "--follow-up",
                            str(new)], capture_output=True, text=True, env=env, timeout=60)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_follow_up_from_the_file_menu(open_window, tmp_path, monkeypatch):
    from desktop_app.ui import file_dialogs

    target = tmp_path / "follow-up.workshop"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *a, **k: target)
    open_window.actions.follow_up.trigger()
    assert open_window.session.path == target
    workshop = open_window.session.workshop
    assert workshop.details.title.startswith("Follow-up: ")
    assert all(a.status == ActionStatus.OPEN for a in workshop.actions)
    assert workshop.agenda[0].title == REVIEW_TITLE
