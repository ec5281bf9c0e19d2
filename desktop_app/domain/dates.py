"""Dates as people type them: ISO (2027-01-14) or as their locale writes it
(14.01.2027, 1/14/2027, 14/01/2027), read with babel; refused with the
reason, never guessed into another day."""

from __future__ import annotations

from datetime import date

from babel.dates import ParseError, format_date, get_date_format, parse_date

EARLIEST = date(1900, 1, 2)  # the date fields' range: a century either side of a workshop
LATEST = date(9999, 12, 30)


class DateError(ValueError):
    """Text that is not a date; the message says what to type."""


def example(locale: str) -> str:
    """How `locale` writes 14 January 2027, for a hint: "14.01.27" (and ISO)."""
    return format_date(date(2027, 1, 14), "short", locale=locale)


def read_date(text: str, locale: str) -> date | None:
    """`text` as a date (None when empty): ISO first, then `locale`'s own form."""
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        found = date.fromisoformat(cleaned)
    except ValueError:
        try:
            found = parse_date(cleaned, locale=locale)
        except (ParseError, ValueError, IndexError, TypeError):
            pattern = get_date_format("short", locale=locale).pattern
            raise DateError(f"“{cleaned[:30]}” is not a date: type it as 2027-01-14 or as "
                            f"{example(locale)} ({pattern})") from None
    if not EARLIEST <= found <= LATEST:
        raise DateError(f"{found.isoformat()} is outside the calendar this app keeps "
                        f"({EARLIEST.year} to {LATEST.year})")
    return found


def show_date(value: date, locale: str) -> str:
    """"14 Jan 2027" as `locale` writes a date in words, which cannot be misread."""
    return format_date(value, "medium", locale=locale)
