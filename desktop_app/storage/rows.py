"""Between model items and table rows.

Every section maps to one or more tables; each table's rows are keyed by its
primary key, so storage can write just the rows an edit changed. Reading goes
back through `validation.coerce`, so a hand-edited file with an impossible
value is reported, not loaded.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any

from desktop_app.domain.commands import DETAILS, THRESHOLDS
from desktop_app.domain.model import SECTIONS, Details, Gate, Thresholds, Wave, Workshop
from desktop_app.domain.money import Money
from desktop_app.domain.printable import shown
from desktop_app.domain.validation import ValidationError, amount_problems, coerce, field_types

Rows = dict[Any, dict[str, Any]]

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "workshop": ("id",),
    "objectives": ("position",),
    "thresholds": ("id",),
    "scores": ("vendor", "criterion"),
    "assignments": ("function", "vendor"),
    "wave_functions": ("wave", "function"),
    "gates": ("wave", "position"),
}

SECTION_TABLES: dict[str, tuple[str, ...]] = {
    DETAILS: ("workshop", "objectives"),
    THRESHOLDS: ("thresholds",),
    "waves": ("waves", "wave_functions", "gates"),
}


def primary_key(table: str) -> tuple[str, ...]:
    return PRIMARY_KEYS.get(table, ("id",))


def tables_of(section: str) -> tuple[str, ...]:
    return SECTION_TABLES.get(section, (section,))


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Money):
        return int(value)  # cents
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _row_key(table: str, row: dict[str, Any]) -> Any:
    columns = primary_key(table)
    return row[columns[0]] if len(columns) == 1 else tuple(row[c] for c in columns)


def _plain_row(item: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        f.name: _cell(getattr(item, f.name))
        for f in dataclasses.fields(item)
        if f.name not in skip
    }


def section_rows(workshop: Workshop, section: str) -> dict[str, Rows]:
    """The rows that represent `section` now, per table, keyed by primary key."""
    tables: dict[str, Rows] = {table: {} for table in tables_of(section)}
    if section == DETAILS:
        row = _plain_row(workshop.details, skip=("objectives",)) | {"id": 1}
        tables["workshop"][1] = row
        for position, text in enumerate(workshop.details.objectives):
            tables["objectives"][position] = {"position": position, "text": text}
        return tables
    if section == THRESHOLDS:
        tables["thresholds"][1] = _plain_row(workshop.thresholds) | {"id": 1}
        return tables
    for position, item in enumerate(workshop.section(section)):
        row = _plain_row(item, skip=("functions", "gates")) | {"position": position}
        tables[section][_row_key(section, row)] = row
        if isinstance(item, Wave):
            for index, function_id in enumerate(item.functions):
                tables["wave_functions"][(item.id, function_id)] = {
                    "wave": item.id, "function": function_id, "position": index,
                }
            for index, gate in enumerate(item.gates):
                tables["gates"][(item.id, index)] = {
                    "wave": item.id, "position": index, "name": gate.name,
                    "status": gate.status.value,
                }
    return tables


class RowError(ValueError):
    """A stored row that the model cannot accept; says which row and why."""


def _from_row(cls: type, row: dict[str, Any], where: str,
              money_scale: int = 1) -> dict[str, Any]:
    values = {}
    for name, hint in field_types(cls).items():
        if name not in row:
            continue
        raw = row[name]
        if hint is bool or (hint == (bool | None) and raw is not None):
            raw = bool(raw) if raw in (0, 1) else raw
        elif hint == (Money | None) and raw is not None:
            if type(raw) is not int:  # text such as '1,000.50' is no stored amount
                raise RowError(f"{where}: the {name} column holds {shown(raw)}, where an "
                               "amount is stored as a whole number")
            raw *= money_scale
        try:
            values[name] = coerce(cls, name, raw)
        except ValidationError as error:
            raise RowError(f"{where}: {error}") from None
    return values


def _single(found: list[dict[str, Any]], table: str) -> list[dict[str, Any]]:
    """The rows of a one-row table, which must be that row, with id 1 (its CHECK
    constraint; a read-only check of the file cannot see CHECK constraints)."""
    if len(found) > 1 or any(row.get("id") != 1 for row in found):
        raise RowError(f"the table {table!r} holds {len(found)} rows where the app keeps "
                       "exactly one, with id 1")
    return found


def load_workshop(fetch, money_scale: int = 1) -> Workshop:
    """Build a workshop from `fetch(table)`, which returns rows ordered by position.
    Stored amounts are multiplied by `money_scale`: 100 for a file still in cents
    (before migration 0007), read as it is without being upgraded."""
    details_rows = _single(fetch("workshop"), "workshop")
    if not details_rows:
        raise RowError("the workshop details are missing")
    details_row = details_rows[0]
    objectives = tuple(r["text"] for r in fetch("objectives"))
    details = Details(**_from_row(Details, details_row, "workshop"), objectives=objectives)
    try:
        details = dataclasses.replace(details, objectives=coerce(Details, "objectives", objectives))
    except ValidationError as error:
        raise RowError(f"objectives: {error}") from None
    threshold_rows = _single(fetch("thresholds"), "thresholds")
    thresholds = (
        Thresholds(**_from_row(Thresholds, threshold_rows[0], "thresholds"))
        if threshold_rows else Thresholds()
    )
    workshop = Workshop(details=details, thresholds=thresholds)
    wave_functions: dict[str, list[str]] = {}
    for row in fetch("wave_functions"):
        wave_functions.setdefault(row["wave"], []).append(row["function"])
    gates: dict[str, list[Gate]] = {}
    for row in fetch("gates"):
        values = _from_row(Gate, row, f"gates of wave {row['wave']!r}")
        gates.setdefault(row["wave"], []).append(Gate(**values))
    for name, spec in SECTIONS.items():
        items = workshop.section(name)
        for row in fetch(name):
            where = f"{name} item {row.get('id') or _row_key(name, row)!r}"
            values = _from_row(spec.item_type, row, where, money_scale)
            if spec.item_type is Wave:
                values["functions"] = tuple(wave_functions.get(row["id"], ()))
                values["gates"] = tuple(gates.get(row["id"], ()))
            try:
                items.append(spec.item_type(**values))
            except TypeError as error:
                raise RowError(f"{where}: {error}") from None
    if problems := amount_problems(workshop, limit=1):
        raise RowError(problems[0])
    return workshop
