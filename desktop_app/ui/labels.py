"""How enumeration values read on screen ("in_house" -> "In-house")."""

from __future__ import annotations

from enum import Enum

SPECIAL = {
    "in_house": "In-house",
    "no_go": "No go",
    "go": "Go",
    "R": "R — Responsible",
    "A": "A — Accountable",
    "C": "C — Consulted",
    "I": "I — Informed",
}


def enum_label(value: Enum | str | None) -> str:
    if value is None:
        return ""
    raw = value.value if isinstance(value, Enum) else str(value)
    return SPECIAL.get(raw, raw.replace("_", " ").capitalize())


def choices(enum_type: type[Enum]) -> tuple[tuple[str, str], ...]:
    return tuple((member.value, enum_label(member)) for member in enum_type)


def minutes_label(minutes: int) -> str:
    if minutes <= 0:
        return "no time planned"
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest:02d} min"
    return f"{hours} h" if hours else f"{rest} min"


def with_article(noun: str) -> str:
    """"an action", "a risk"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
