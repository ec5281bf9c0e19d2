"""Every stage of the method has its whole kit: facts, a view, an icon, a
presenter slide and a minutes section. A stage added to `STAGES` without one
of them fails here, not when a facilitator opens it (issue 14)."""

from __future__ import annotations

import pytest

from desktop_app.domain.model import Stage
from desktop_app.domain.stages import STAGES, stage_facts

STAGE_IDS = [info.stage.value for info in STAGES]


def test_stages_are_the_methods_stages_in_order() -> None:
    assert [info.stage for info in STAGES] == list(Stage)
    assert [info.number for info in STAGES] == list(range(1, len(STAGES) + 1))


@pytest.mark.parametrize("info", STAGES, ids=STAGE_IDS)
def test_every_stage_has_its_facts_and_a_timebox(info, demo_workshop) -> None:
    facts = stage_facts(demo_workshop, info.stage)
    assert facts and all(isinstance(fact, str) and fact for fact in facts)
    assert info.minutes > 0


@pytest.mark.parametrize("info", STAGES, ids=STAGE_IDS)
def test_every_stage_has_a_minutes_section(info, demo_workshop) -> None:
    from reportlab.platypus import Flowable

    from desktop_app.export.minutes import section_of
    from desktop_app.export.minutes.layout import Layout

    flowables = section_of(info.stage)(Layout(demo_workshop, None, None))
    assert flowables and all(isinstance(f, Flowable) for f in flowables)
    headings = [f.bookmark[0] for f in flowables if getattr(f, "bookmark", None)]
    assert headings[0] == f"{info.number} {info.title}"  # it starts with its own heading


@pytest.mark.parametrize("info", STAGES, ids=STAGE_IDS)
def test_every_stage_has_a_view_an_icon_and_one_slide(info, qapp, demo_workshop) -> None:
    from desktop_app.ui.icons import stage_icon
    from desktop_app.ui.presenter import CHART_SLIDES
    from desktop_app.ui.views.registry import has_view, view_class
    from desktop_app.ui.views.stage_page import StagePage

    assert has_view(info.stage) and issubclass(view_class(info.stage), StagePage)
    assert not stage_icon(info.stage).isNull()
    # Exactly one slide: a chart of the presenter's, or the stage's text rows.
    assert (info.stage in CHART_SLIDES) != (info.key_rows is not None)
    if info.key_rows is not None:
        heading, rows, empty = info.key_rows(demo_workshop)
        assert heading and empty and all(isinstance(name, str) for name, _detail in rows)


def test_the_presenter_names_no_stage_the_method_lacks() -> None:
    from desktop_app.ui.presenter import CHART_SLIDES

    assert set(CHART_SLIDES) <= set(Stage)
