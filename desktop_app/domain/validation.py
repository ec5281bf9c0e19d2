"""Field-level validation shared by commands, the interchange import and the UI.

A value is checked against the type hint of its dataclass field, so the model
stays the single statement of what is allowed. Errors carry a sentence a
facilitator can act on ("Strategic importance must be between 1 and 5").
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from desktop_app.domain import money, numbers
from desktop_app.domain.model import Details, Item, Range, Stage, Thresholds
from desktop_app.domain.money import Money, MoneyError
from desktop_app.domain.printable import shown

# Timestamps are kept a day inside the calendar, so that showing one in any
# time zone (UTC-23:59 to UTC+23:59) stays within it.
_EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
_LATEST = datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC)

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# Longest text a field takes, in characters. Far beyond any real workshop (the
# long fields hold some 60 printed pages), and small enough that a file or a
# paste with a 100 MB cell is refused at once instead of stalling the window.
LONG_TEXT_LIMIT = 200_000
TEXT_LIMIT = 10_000
IDENTIFIER_LIMIT = 1_000
LONG_TEXT_FIELDS = frozenset({
    "scope", "objectives", "description", "rationale", "notes", "evidence", "escalation",
    "exemption_reason", "mitigation", "text",
})
IDENTIFIER_FIELDS = frozenset({"id", "vendor", "criterion", "function", "functions"})


class ValidationError(ValueError):
    """A value a field cannot take; the message says why and what is allowed."""


def field_label(name: str) -> str:
    label = name.replace("_", " ").capitalize()
    return re.sub(r"\bfte\b", "FTE", label, flags=re.IGNORECASE).replace("Raci", "RACI")


@functools.cache
def field_types(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _strip_optional(hint: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0], True
    return hint, False


def text_limit(name: str) -> int:
    """The most characters field `name` (of any item) takes."""
    if name in LONG_TEXT_FIELDS:
        return LONG_TEXT_LIMIT
    return IDENTIFIER_LIMIT if name in IDENTIFIER_FIELDS else TEXT_LIMIT


def _check_length(name: str, label: str, value: Any) -> None:
    texts = value if isinstance(value, (tuple, list)) else (value,)
    limit = text_limit(name)
    for text in texts:
        if isinstance(text, str) and len(text) > limit:
            raise ValidationError(
                f"{label} is too long: {len(text):,} characters, and at most {limit:,} "
                "are allowed. Shorten it, or attach long documents outside the workshop."
            )


def _check_text(label: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{label} must be text.")
    if _LONE_SURROGATE.search(value):
        raise ValidationError(f"{label} contains an invalid character (a lone surrogate).")
    return value


@functools.cache
def _field_plan(cls: type, name: str) -> tuple[str, Any, bool] | None:
    """(label, type without Optional, optional) of a field, worked out once:
    opening a large workshop coerces every field of every row."""
    types_ = field_types(cls)
    if name not in types_:
        return None
    return (field_label(name), *_strip_optional(types_[name]))


def coerce(cls: type, name: str, value: Any) -> Any:
    """Return `value` converted to the type of field `name` of `cls`, or raise.

    Accepts the forms a UI or a JSON document naturally has: enum values as
    strings, dates as ISO strings, lists for tuples, whole floats for ints.
    """
    plan = _field_plan(cls, name)
    if plan is None:
        raise ValidationError(f"{cls.__name__} has no field {name!r}.")
    label, hint, optional = plan
    if value is None or (optional and value == ""):
        if optional:
            return None
        raise ValidationError(f"{label} is required.")
    _check_length(name, label, value)  # first: a 100 MB paste costs nothing more
    result = _coerce_to(hint, label, value, name)
    _check_range(cls, name, label, result)
    if cls is Details and name == "currency":
        result = result.strip().upper()
        if not numbers.is_iso_currency(result):
            raise ValidationError("Currency must be an ISO 4217 code, such as EUR, USD, GBP, "
                                  f"CHF or JPY (not {shown(value)}).")
    if cls is Details and name == "session_stage" and result and result not in {
            stage.value for stage in Stage}:
        raise ValidationError(f"Session stage must be one of the stages (not {shown(value)}).")
    if cls is Details and name == "number_format" and result and (
            numbers.valid_locale(result) != result):
        raise ValidationError(f"Number format must be a locale such as de_DE or en_GB, or "
                              f"empty for the laptop's (not {shown(value)}).")
    if name == "id" and not result.strip():
        raise ValidationError("An id cannot be empty.")
    if isinstance(result, str) and name in getattr(cls, "REQUIRED_TEXT", ()) and not result.strip():
        raise ValidationError(f"{label} cannot be empty.")
    return result


# Decimals a typed number field takes (fractions are stored as such: a discount
# rate of 8.25 % is 0.0825). Amounts take their currency's minor unit instead.
FIELD_PLACES = {"fte": 2, "available_fte": 2, "fte_required": 2, "discount_rate": 4,
                "vendor_indexation": 4, "inhouse_indexation": 4,
                "price_rise": 4, "transition_rise": 4, "close_call_margin": 4,
                "min_vendor_score": 2}


def typed(cls: type, name: str, text: str, locale: str, currency: str = "") -> Any:
    """What a person typed into number field `name` of `cls`, read in `locale`'s
    number format (or the other convention) and checked exactly: a `Decimal` for
    amounts and decimals, an `int` for whole numbers, None for an empty optional
    field. Raises `ValidationError` with the reason; never rounds or clamps."""
    plan = _field_plan(cls, name)
    if plan is None:
        raise ValidationError(f"{cls.__name__} has no field {name!r}.")
    label, hint, optional = plan
    _check_length(name, label, text)
    if not text.strip():
        if optional:
            return None
        raise ValidationError(f"{label} is required.")
    if hint is Money:
        try:
            return money.parse(text, locale, currency)
        except MoneyError as error:
            raise ValidationError(f"{label}: {error}") from None
    try:
        value = numbers.read_number(text, locale).value
    except numbers.NumberError as error:
        if error.negative:
            raise ValidationError(f"{label} cannot be negative.") from None
        raise ValidationError(f"{label}: {shown(text.strip(), 40)} is not a number: "
                              f"{error}.") from None
    return _coerce_to(hint, label, value, name) if hint in (int, float) else value


def _coerce_money(label: str, value: Any) -> Money:
    """Text and `Decimal` are major units (as typed, as in the interchange); an
    `int` is stored units (ten-thousandths)."""
    try:
        if isinstance(value, (bool, float)):
            raise MoneyError("An amount is typed as text or stored as a whole number of "
                             "units, not as a float.")
        if isinstance(value, int):
            return money.from_major(Decimal(value).scaleb(-money.STORED_PLACES))
        if isinstance(value, Decimal):
            return money.from_major(value)
        if isinstance(value, str):
            parsed = money.parse(value)
            if parsed is None:
                raise MoneyError("An amount is required.")
            return parsed
    except MoneyError as error:
        raise ValidationError(f"{label}: {error}") from None
    raise ValidationError(f"{label} must be an amount (not {shown(value)}).")


def _decimal_number(label: str, value: Decimal, name: str, whole: bool) -> Decimal:
    if not value.is_finite():
        raise ValidationError(f"{label} must be a finite number.")
    allowed = 0 if whole else FIELD_PLACES.get(name)
    if allowed is not None and numbers.places(value) > allowed:
        if whole:
            raise ValidationError(f"{label} must be a whole number (not {value:f}).")
        raise ValidationError(f"{label} takes {numbers.decimals_text(allowed)} "
                              f"(not {value:f}).")
    return value


def _coerce_to(hint: Any, label: str, value: Any, name: str = "") -> Any:
    origin = typing.get_origin(hint)
    if origin is tuple:
        (inner, _ellipsis) = typing.get_args(hint)
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise ValidationError(f"{label} must be a list.")
        return tuple(_coerce_to(inner, label, v) for v in value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in hint)
            raise ValidationError(
                f"{label} must be one of: {allowed} (not {shown(value)})."
            ) from None
    if hint is Money:
        return _coerce_money(label, value)
    if hint is str:
        return _check_text(label, value)
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise ValidationError(f"{label} must be yes or no.")
    if hint is int:
        if isinstance(value, bool):
            raise ValidationError(f"{label} must be a whole number.")
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, Decimal):
            return int(_decimal_number(label, value, name, whole=True))
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        if isinstance(value, int):
            return value
        raise ValidationError(f"{label} must be a whole number (not {shown(value)}).")
    if hint is float:
        if isinstance(value, bool):
            raise ValidationError(f"{label} must be a number.")
        if isinstance(value, str):
            try:
                value = numbers.read_number(value, numbers.laptop_locale()).value
            except numbers.NumberError:
                raise ValidationError(f"{label} must be a number (not {shown(value)}).") from None
        if isinstance(value, Decimal):
            value = float(_decimal_number(label, value, name, whole=False))
        if isinstance(value, (int, float)):
            try:
                number = float(value)
            except OverflowError:  # an int beyond any float
                raise ValidationError(f"{label} is far too large a number.") from None
            if number != number or number in (float("inf"), float("-inf")):
                raise ValidationError(f"{label} must be a finite number.")
            return number
        raise ValidationError(f"{label} must be a number.")
    if hint is date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValidationError(f"{label} must be a date like 2027-01-11 (not {shown(value)}).")
    if hint is datetime:
        if isinstance(value, datetime):
            parsed = value
        elif isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(
                    f"{label} must be a timestamp like 2027-01-11T10:42:00+00:00 "
                    f"(not {shown(value)})."
                ) from None
        else:
            raise ValidationError(f"{label} must be a timestamp.")
        offset = parsed.utcoffset()
        if offset is None:
            raise ValidationError(f"{label} must include a time zone (e.g. +00:00).")
        if offset % timedelta(minutes=1):
            # ISO 8601 offsets are hours and minutes; Python reads "+00:00:00.000001" back as UTC
            raise ValidationError(f"{label} must have a time zone in whole minutes (e.g. +01:00).")
        if not _EARLIEST <= parsed <= _LATEST:
            raise ValidationError(f"{label} must be between 0001-01-02 and 9999-12-30.")
        return parsed
    if dataclasses.is_dataclass(hint):
        if isinstance(value, hint):  # check a ready-made object field by field too
            value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        if isinstance(value, dict):
            unknown = set(value) - set(field_types(hint))
            if unknown:
                names = ", ".join(sorted(shown(name) for name in unknown))
                raise ValidationError(f"{label} has unknown "
                                      f"{'field' if len(unknown) == 1 else 'fields'}: {names}.")
            missing = [f.name for f in dataclasses.fields(hint) if f.name not in value
                       and f.default is dataclasses.MISSING
                       and f.default_factory is dataclasses.MISSING]
            if missing:
                word = "field" if len(missing) == 1 else "fields"
                raise ValidationError(f"{label} needs the {word}: {', '.join(missing)}.")
            return hint(**{k: coerce(hint, k, v) for k, v in value.items()})
        raise ValidationError(f"{label} must be an object.")
    raise ValidationError(f"{label} has an unsupported type.")


def _check_range(cls: type, name: str, label: str, value: Any) -> None:
    bounds: Range | None = getattr(cls, "RANGES", {}).get(name)
    if bounds is None or value is None:
        return
    if value < bounds.low or (bounds.high is not None and value > bounds.high):
        if bounds.high is None:
            raise ValidationError(f"{label} must be at least {bounds.low:g}.")
        raise ValidationError(f"{label} must be between {bounds.low:g} and {bounds.high:g}.")


def validated(cls: type, **values: Any) -> Any:
    """Build an instance of `cls` with every given field coerced and checked."""
    return cls(**{name: coerce(cls, name, value) for name, value in values.items()})


def checked(item: Any) -> Any:
    """`item` rebuilt with every field checked: a ready-made object gets no pass."""
    return validated(type(item), **{f.name: getattr(item, f.name)
                                    for f in dataclasses.fields(item)})


def editable_fields(cls: type[Item] | type[Details] | type[Thresholds]) -> list[str]:
    return list(field_types(cls))


def amount_problems(workshop: Any, currency: str | None = None, limit: int = 5) -> list[str]:
    """Amounts of `workshop` that `currency` (its own when None) cannot hold: more
    decimals than its minor unit. Each names the item and field; at most `limit`."""
    code = workshop.details.currency if currency is None else currency
    found: list[str] = []
    for section in ("functions", "assignments", "waves", "roles"):
        for item in workshop.section(section):
            for field in dataclasses.fields(item):
                value = getattr(item, field.name)
                if isinstance(value, Money) and (problem := money.currency_problem(value, code)):
                    found.append(f"{section}, {item.label}, {field_label(field.name).lower()}: "
                                 f"{problem}")
                    if len(found) >= limit:
                        return found
    return found
