"""One clock for every surface: a recorded time is shown in the time zone it
was recorded in (the offset the file keeps), on screen and on paper alike, and
the zone is named where it differs from the laptop's at that moment. Converting
to the laptop's zone on screen only made the window say 08:24 where the
minutes said 09:24 for the same decision."""

from __future__ import annotations

from datetime import date, datetime, timedelta

PREPARED = "prepared before the workshop"

# Month abbreviations for every surface, never strftime("%b"): once Qt has set the
# process locale, strftime would write "Mär" in the window and "Mar" in a headless export.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def zone_name(offset: timedelta | None) -> str:
    """"UTC+01:00", "UTC−05:30"; "" for a time without a zone."""
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def differs_from_laptop(value: datetime) -> bool:
    """Whether `value`'s zone is not the laptop's at that moment."""
    offset = value.utcoffset()
    if offset is None:
        return False
    try:
        return value.astimezone().utcoffset() != offset
    except (OverflowError, ValueError, OSError):  # beyond the laptop's zone rules
        return True


def zone_note(value: datetime, always: bool = False) -> str:
    """" (UTC+01:00)" when the zone differs from the laptop's (or `always`), else ""."""
    name = zone_name(value.utcoffset())
    return f" ({name})" if name and (always or differs_from_laptop(value)) else ""


def clock_time(value: datetime) -> str:
    """"13:40", as recorded."""
    return f"{value:%H:%M}"


def day_month(value: datetime) -> str:
    return f"{value.day} {MONTHS[value.month - 1]}"


def short_stamp(value: datetime) -> str:
    """"13:40, 9 Mar", with the zone where it differs from the laptop's."""
    return f"{clock_time(value)}, {day_month(value)}{zone_note(value)}"


def full_stamp(value: datetime) -> str:
    """"2027-03-09 13:40", with the zone where it differs from the laptop's."""
    return f"{value:%Y-%m-%d} {clock_time(value)}{zone_note(value)}"


def at_phrase(value: datetime) -> str:
    """"at 13:40 on 9 Mar 2027", with the zone where it differs."""
    return f"at {clock_time(value)} on {day_month(value)} {value.year}{zone_note(value)}"


def prepared(when: datetime, session_started_at: datetime | None,
             workshop_date: date | None) -> bool:
    """Whether something recorded `when` was prepared rather than done in the
    room: before the live session started or, when no session was started,
    before the workshop's day."""
    if session_started_at is not None:
        return when < session_started_at
    return workshop_date is not None and when.date() < workshop_date


def month_year(day: date) -> str:
    """"Apr 2027"."""
    return f"{MONTHS[day.month - 1]} {day.year}"
