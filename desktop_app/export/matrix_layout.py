"""Where each function's dot goes on the sourcing matrix, worked out once for the
window, the presenter's slide and the minutes.

A dot stands exactly on its two values: the point where the tick of its
in-house capability meets the tick of its strategic importance. Functions that
share both values share the point, as a small grid of dots centred on it, so
the cluster's centre is still the value. Every dot carries its function's
number (its row in the functions table), which is what a legend refers to when
a name does not fit beside its dot.

Pure geometry in the caller's units and y direction: `centre(capability,
importance)` says where the ticks meet, `cell` how far apart two ticks are.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop_app.domain.model import Function

SPACING = 2.15  # centre-to-centre distance of clustered dots, in radii
FILL = 0.86  # the share of a cell a cluster may use


@dataclass(frozen=True)
class PlacedDot:
    number: int  # 1-based, the function's row in the inventory
    function: Function
    x: float
    y: float
    radius: float
    alone: bool  # the only function at its values: room for a name beside it


def cluster_offsets(count: int, spacing: float, y_up: bool = True) -> list[tuple[float, float]]:
    """Offsets of `count` dots sharing one point: rows of a near-square grid,
    centred on the point (the grid's box is centred on it)."""
    columns = max(1, math.ceil(math.sqrt(count)))
    rows = math.ceil(count / columns)
    sign = 1.0 if y_up else -1.0
    offsets = []
    for index in range(count):
        row, column = divmod(index, columns)
        in_row = min(columns, count - row * columns)
        offsets.append(((column - (in_row - 1) / 2) * spacing,
                        sign * ((rows - 1) / 2 - row) * spacing))
    return offsets


def cluster_radius(count: int, cell: float, largest: float, smallest: float) -> float:
    """The largest radius (up to `largest`) at which `count` dots fit one cell."""
    columns = max(1, math.ceil(math.sqrt(count)))
    fits = cell * FILL / (SPACING * (columns - 1) + 2) if columns > 1 else cell * FILL / 2
    return max(smallest, min(largest, fits))


def place_dots(functions: Sequence[Function], centre: Callable[[int, int], tuple[float, float]],
               cell: float, largest: float, smallest: float = 3.0,
               y_up: bool = True) -> list[PlacedDot]:
    """Every function's dot, in inventory order (numbers 1..n)."""
    groups: dict[tuple[int, int], list[int]] = {}
    for index, function in enumerate(functions):
        key = (function.inhouse_capability, function.strategic_importance)
        groups.setdefault(key, []).append(index)
    placed: dict[int, PlacedDot] = {}
    for (capability, importance), indexes in groups.items():
        x0, y0 = centre(capability, importance)
        radius = cluster_radius(len(indexes), cell, largest, smallest)
        offsets = cluster_offsets(len(indexes), radius * SPACING, y_up)
        for index, (dx, dy) in zip(indexes, offsets, strict=True):
            placed[index] = PlacedDot(index + 1, functions[index], x0 + dx, y0 + dy, radius,
                                      len(indexes) == 1)
    return [placed[index] for index in range(len(functions))]
