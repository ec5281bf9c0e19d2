"""Which view shows which stage: every stage of the method has its editor.

A view's module is imported when its stage is first shown: start-up then
loads only the first stage's code (issue 7, start-up on a large workshop).
"""

from __future__ import annotations

import importlib

from desktop_app.domain.model import Stage
from desktop_app.ui.views.stage_page import StagePage

_VIEWS: dict[Stage, str] = {
    Stage.SETUP: "setup_view.SetupView",
    Stage.FUNCTIONS: "functions_view.FunctionsView",
    Stage.VENDORS: "vendors_view.VendorsView",
    Stage.CUSTOMERS: "customers_view.CustomersView",
    Stage.METRICS: "metrics_view.MetricsView",
    Stage.TRANSITION: "transition_view.TransitionView",
    Stage.GOVERNANCE: "governance_view.GovernanceView",
    Stage.CLOSE: "close_view.CloseView",
}


def has_view(stage: Stage) -> bool:
    return stage in _VIEWS


def view_class(stage: Stage) -> type[StagePage]:
    """The class of the view of `stage`, importing its module on first use."""
    module, name = _VIEWS[stage].rsplit(".", 1)
    return getattr(importlib.import_module(f"desktop_app.ui.views.{module}"), name)
