"""Counted words that agree with their number: "1 function", "2 functions"."""

from __future__ import annotations

_IRREGULAR = {"person": "people", "apologies": "apologies", "criterion": "criteria",
              "day": "days", "activity": "activities", "category": "categories"}


def plural_of(noun: str) -> str:
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """"1 year", "0 years", "2 criteria": the number and the noun that agrees with it."""
    word = noun if count == 1 else (many or plural_of(noun))
    return f"{count:,} {word}"


ATTENDANCE_WORDS = {"present": "present", "apologies": "sent apologies", "absent": "absent"}


def attendance_text(counts: dict, separator: str = ", ") -> str:
    """"10 present, 1 sent apologies, 1 absent": the same words for any number."""
    parts = []
    for kind, count in counts.items():
        if count:
            value = str(getattr(kind, "value", kind))
            parts.append(f"{count:,} {ATTENDANCE_WORDS.get(value, value)}")
    return separator.join(parts)
