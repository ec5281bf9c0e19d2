"""The bundled catalogue of common IT functions, turned into new functions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.model import Function, Workshop


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    description: str
    customer_facing: bool


def load_catalogue(path: Path) -> list[CatalogueEntry]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        CatalogueEntry(e["name"], e.get("description", ""), bool(e.get("customer_facing")))
        for e in data["functions"]
    ]


def function_from(entry: CatalogueEntry, workshop: Workshop) -> Function:
    return Function(
        id=workshop.new_id("functions"), name=entry.name, description=entry.description,
        customer_facing=entry.customer_facing,
    )


def missing_entries(entries: list[CatalogueEntry], workshop: Workshop) -> list[CatalogueEntry]:
    """Catalogue entries whose name is not yet in the inventory."""
    present = {f.name.strip().casefold() for f in workshop.functions}
    return [e for e in entries if e.name.casefold() not in present]
