"""Every stage of the method has its whole kit: a view, an icon, its facts, a
presenter slide. A stage added to `STAGES` without one of them fails here, not
silently when a facilitator opens it (issue 14)."""

from __future__ import annotations

import pytest

from desktop_app.domain.model import Stage
from desktop_app.domain.stages import STAGES
from desktop_app.domain.summaries import STAGE_FACTS, stage_facts

STAGE_IDS = [info.stage.value for info in STAGES]


def test_stages_are_the_methods_stages_in_order() -> None:
    assert [info.stage for info in STAGES] == list(Stage)
    assert [info.number for info in STAGES] == list(range(1, len(STAGES) + 1))


@pytest.mark.parametrize("info", STAGES, ids=STAGE_IDS)
def test_every_stage_has_its_facts(info, demo_workshop) -> None:
    assert set(STAGE_FACTS) == set(Stage)
    facts = stage_facts(demo_workshop, info.stage)
    assert facts and all(isinstance(fact, str) and fact for fact in facts)


@pytest.mark.parametrize("info", STAGES, ids=STAGE_IDS)
def test_every_stage_has_a_view_an_icon_and_a_slide(info, qapp) -> None:
    from desktop_app.ui.icons import STAGE_ICONS, stage_icon
    from desktop_app.ui.presenter import KEY_ROWS, SLIDES, PresenterWindow
    from desktop_app.ui.views.registry import view_class
    from desktop_app.ui.views.stage_page import StagePage

    assert issubclass(view_class(info.stage), StagePage)
    assert info.stage in STAGE_ICONS and not stage_icon(info.stage).isNull()
    slide = SLIDES[info.stage]
    if slide is PresenterWindow.show_key_rows:
        assert info.stage in KEY_ROWS


def test_the_registries_name_no_stage_the_method_lacks() -> None:
    from desktop_app.ui.icons import STAGE_ICONS
    from desktop_app.ui.presenter import SLIDES
    from desktop_app.ui.views.registry import has_view

    assert set(SLIDES) == set(STAGE_ICONS) == set(STAGE_FACTS) == set(Stage)
    assert all(has_view(stage) for stage in Stage)
