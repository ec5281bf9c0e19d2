"""Find any text across a workshop with SQLite full-text search (sqlite-utils).

The index is built in memory from the workshop, not stored in the document:
FTS tables keep themselves current with triggers, and a workshop file with
triggers is exactly what the app refuses to open from strangers.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop_app.domain.model import SECTIONS, Workshop


@dataclass(frozen=True)
class SearchHit:
    section: str
    key: Any
    label: str
    snippet: str
    stage: str


def _texts(item: Any) -> str:
    parts = []
    for f in dataclasses.fields(item):
        value = getattr(item, f.name)
        if isinstance(value, str) and f.name != "id":
            parts.append(value)
        elif isinstance(value, tuple):
            parts.extend(getattr(v, "name", "") for v in value if hasattr(v, "name"))
    return "\n".join(p for p in parts if p)


def _rows(workshop: Workshop):
    details = workshop.details
    yield {"section": "details", "key": "", "label": details.title, "stage": "setup",
           "body": "\n".join([details.title, details.organisation, details.location,
                              details.facilitator, details.scope, *details.objectives])}
    for name, spec in SECTIONS.items():
        for item in workshop.section(name):
            key = item.key if isinstance(item.key, str) else "\x1f".join(item.key)
            yield {"section": name, "key": key, "label": item.label,
                   "stage": getattr(item, "stage", spec.stage).value, "body": _texts(item)}


def search_workshop(workshop: Workshop, query: str, limit: int = 50) -> list[SearchHit]:
    """Items whose text matches `query`, best first. Any query is safe:
    quotes, operators and stray punctuation are searched as plain words."""
    if not query.strip():
        return []
    db = Database(memory=True, execute_plugins=False)
    db["items"].insert_all(_rows(workshop))
    db["items"].enable_fts(["label", "body"], tokenize="unicode61 remove_diacritics 2")
    try:
        found = list(db["items"].search(query, limit=limit, quote=True))
    except sqlite3.OperationalError:
        return []
    finally:
        db.close()
    hits = []
    for row in found:
        key: Any = tuple(row["key"].split("\x1f")) if "\x1f" in row["key"] else row["key"]
        body = row["body"] or ""
        words = [w for w in query.casefold().split() if w.strip('"')]
        line = next((ln for ln in body.splitlines()
                     if any(w.strip('"') in ln.casefold() for w in words)), body[:120])
        hits.append(SearchHit(row["section"], key, row["label"], line[:160], row["stage"]))
    return hits
