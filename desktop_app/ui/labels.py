"""How choices read on screen: the domain's labels (domain/labels.py), used by the
minutes and the presenter too."""

from __future__ import annotations

from enum import Enum

from desktop_app.domain.labels import LABELS, minutes_label
from desktop_app.domain.labels import enum_label as domain_label

__all__ = ["as_typed", "choices", "enum_label", "minutes_label", "with_article"]

def enum_label(value: Enum | str | None) -> str:
    """The label of a choice, as the domain defines it for every surface; a raw
    value string is looked up among the enumerations that have it."""
    if isinstance(value, str) and not isinstance(value, Enum):
        for member in LABELS:
            if member.value == value:
                return LABELS[member]
        return value.replace("_", " ").capitalize()
    return domain_label(value)


def choices(enum_type: type[Enum]) -> tuple[tuple[str, str], ...]:
    return tuple((member.value, enum_label(member)) for member in enum_type)


def with_article(noun: str) -> str:
    """"an action", "a risk"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def as_typed(text: str) -> str:
    """`text` for a menu, button or action label, where "&" marks a shortcut: a
    name typed with "&" ("Desktop & field support") shows its "&"."""
    return text.replace("&", "&&")
