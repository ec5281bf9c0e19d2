"""Which view shows which stage: every stage of the method has its editor."""

from __future__ import annotations

from desktop_app.domain.model import Stage
from desktop_app.ui.views.close_view import CloseView
from desktop_app.ui.views.customers_view import CustomersView
from desktop_app.ui.views.functions_view import FunctionsView
from desktop_app.ui.views.governance_view import GovernanceView
from desktop_app.ui.views.metrics_view import MetricsView
from desktop_app.ui.views.setup_view import SetupView
from desktop_app.ui.views.transition_view import TransitionView
from desktop_app.ui.views.vendors_view import VendorsView

STAGE_VIEWS: dict[Stage, type] = {
    Stage.SETUP: SetupView,
    Stage.FUNCTIONS: FunctionsView,
    Stage.VENDORS: VendorsView,
    Stage.CUSTOMERS: CustomersView,
    Stage.METRICS: MetricsView,
    Stage.TRANSITION: TransitionView,
    Stage.GOVERNANCE: GovernanceView,
    Stage.CLOSE: CloseView,
}
