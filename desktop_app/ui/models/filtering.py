"""Changing a proxy's row filter the way the running Qt wants it done."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel


def change_filter(proxy: QSortFilterProxyModel, apply: Callable[[], None]) -> None:
    """Run `apply` (which changes the filter's state) and refilter the rows.

    Qt 6.9 replaced invalidateRowsFilter() with begin/endFilterChange();
    PySide6 warns about the old call, which pytest turns into an error.
    """
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        apply()
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:  # pragma: no cover - older Qt
        apply()
        proxy.invalidateRowsFilter()
