"""Which view shows which stage: the module named as the stage, with `_view`
(`Stage.VENDORS` -> `vendors_view.py`), holding the class named as the stage,
with `View` (`VendorsView`). tests/test_stage_kit.py fails for a stage without
one.

A view's module is imported when its stage is first shown: start-up then
loads only the first stage's code (issue 7, start-up on a large workshop).
"""

from __future__ import annotations

import importlib
import importlib.util

from desktop_app.domain.model import Stage
from desktop_app.ui.views.stage_page import StagePage


def _module_name(stage: Stage) -> str:
    return f"{__package__}.{stage.value}_view"


def _class_name(stage: Stage) -> str:
    return "".join(part.capitalize() for part in stage.value.split("_")) + "View"


def has_view(stage: Stage) -> bool:
    return importlib.util.find_spec(_module_name(stage)) is not None


def view_class(stage: Stage) -> type[StagePage]:
    """The class of the view of `stage`, importing its module on first use."""
    return getattr(importlib.import_module(_module_name(stage)), _class_name(stage))
