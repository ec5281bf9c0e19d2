"""Which view shows which stage; a stage not listed shows its read-only summary."""

from __future__ import annotations

from desktop_app.domain.model import Stage
from desktop_app.ui.views.close_view import CloseView
from desktop_app.ui.views.customers_view import CustomersView
from desktop_app.ui.views.functions_view import FunctionsView
from desktop_app.ui.views.setup_view import SetupView

STAGE_VIEWS: dict[Stage, type] = {
    Stage.SETUP: SetupView,
    Stage.FUNCTIONS: FunctionsView,
    Stage.CUSTOMERS: CustomersView,
    Stage.CLOSE: CloseView,
}
