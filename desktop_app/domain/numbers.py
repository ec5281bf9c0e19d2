"""Numbers as the room types them, read exactly or refused with the reason.

A German speaker types "8,5" and "1.234.567,89", an English speaker "8.5" and
"1,234,567.89"; both sit in the same workshop. babel reads each text strictly
in the workshop's number format first and, when that format cannot read it, in
the other convention (decimal comma or decimal point). A text both read, but
differently ("1,234"), is ambiguous: the workshop's format decides, and the
reading says so, so a field can show at once how it was read.

Nothing here rounds, clamps or reinterprets: a value is taken exactly, or the
caller gets a `NumberError` that says what is wrong (too many decimals, out of
range, not a number).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.core import default_locale
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    is_currency,
    parse_decimal,
)

FALLBACK_LOCALE = "en_US"
# Spaces and apostrophes people type between thousands ("1 234", "1'234"):
# read as the format's own group symbol.
_LOOSE_GROUPS = re.compile(r"[ \u00a0\u202f\u2009'’]")
_DIGITS_AND_MARKS = re.compile(r"^[0-9\u0660-\u0669\u06f0-\u06f9.,]+$")


class NumberError(ValueError):
    """Text that is not a number a field takes; the message says what to type.
    `negative` when the text was a number below zero."""

    def __init__(self, message: str, negative: bool = False) -> None:
        super().__init__(message)
        self.negative = negative


@dataclass(frozen=True)
class Reading:
    """A typed text read as a number: `value` exactly, and whether the text could
    also be read the other way (then `locale`'s convention decided)."""

    value: Decimal
    ambiguous: bool = False


@functools.cache
def valid_locale(name: str) -> str:
    """`name` if babel knows it as a locale with a number format, else the fallback."""
    try:
        return str(Locale.parse(name)) if name else FALLBACK_LOCALE
    except (UnknownLocaleError, ValueError, TypeError):
        return FALLBACK_LOCALE


def laptop_locale() -> str:
    """The number format of the laptop (LC_ALL, LC_NUMERIC, LANG), English where unset."""
    try:
        found = default_locale("LC_NUMERIC")
    except (UnknownLocaleError, ValueError):
        found = None
    if not found or found.endswith("_POSIX"):  # the C locale: no grouping at all
        return FALLBACK_LOCALE
    return valid_locale(found)


def number_locale(setting: str) -> str:
    """The locale a workshop's number format setting means ("" is the laptop's)."""
    return valid_locale(setting) if setting else laptop_locale()


def format_name(locale: str) -> str:
    """"German (Germany): 1.234,5" for a settings menu and a field's hint."""
    return f"{Locale.parse(locale).display_name}: {format_sample(locale)}"


def format_sample(locale: str) -> str:
    """"1.234,5": how `locale` writes a number, the short name of its format."""
    return format_decimal(Decimal("1234.5"), locale=locale)


@functools.cache
def _other_convention(locale: str) -> str:
    """A locale whose decimal symbol differs from `locale`'s: the other half of the room."""
    return "en_US" if get_decimal_symbol(locale) == "," else "de_DE"


def _strict(text: str, locale: str) -> Decimal | None:
    group = get_group_symbol(locale)
    candidate = _LOOSE_GROUPS.sub(group, text)
    try:
        return parse_decimal(candidate, locale, strict=True)
    except NumberFormatError:
        return None


def read_number(text: str, locale: str) -> Reading:
    """`text` (stripped, not empty) as a non-negative number, read in `locale`'s
    format first, then in the other convention; refuses anything else."""
    cleaned = text.strip()
    if cleaned.startswith(("-", "−")):
        raise NumberError("cannot be negative", negative=True)
    compact = _LOOSE_GROUPS.sub("", cleaned)
    if not compact or not _DIGITS_AND_MARKS.match(compact) or not re.search(r"\d", compact):
        raise NumberError("type digits, with a decimal comma or point")
    own = _strict(cleaned, locale)
    other = _strict(cleaned, _other_convention(locale))
    if own is None and other is None:
        raise NumberError("check the thousands separators (groups of three digits) and "
                          "the decimal comma or point")
    if own is not None:
        return Reading(own, ambiguous=other is not None and other != own)
    assert other is not None
    return Reading(other)


def places(value: Decimal) -> int:
    """How many decimals `value` has, trailing zeros not counted (12.50 has 1)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def decimals_text(count: int) -> str:
    return "no decimals" if count == 0 else f"at most {count} decimal" + ("" if count == 1
                                                                          else "s")


def show(value: Decimal, locale: str, decimals: int | None = None) -> str:
    """`value` as `locale` writes it, with exactly `decimals` decimals when given
    (else as many as it has)."""
    if decimals is None:
        decimals = places(value)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale, decimal_quantization=False)


# --- currencies (ISO 4217, as babel knows them) ----------------------------------------


def is_iso_currency(code: str) -> bool:
    return len(code) == 3 and code.isascii() and code.isupper() and is_currency(code)


def currency_digits(code: str) -> int:
    """Decimals of `code`'s minor unit: 2 for EUR, 0 for JPY, 3 for KWD."""
    return get_currency_precision(code) if is_iso_currency(code) else 2


def currency_label(code: str, locale: str = FALLBACK_LOCALE) -> str:
    """"euro (EUR, €)" for a field's tooltip."""
    if not is_iso_currency(code):
        return code
    symbol = get_currency_symbol(code, locale=locale)
    name = get_currency_name(code, locale=locale)
    return f"{name} ({code}, {symbol})" if symbol != code else f"{name} ({code})"


def currency_marks(code: str, locale: str) -> tuple[str, ...]:
    """What may stand beside an amount typed in `code`: the code and its symbols."""
    marks = {code}
    if is_iso_currency(code):
        marks.add(get_currency_symbol(code, locale=locale))
        marks.add(get_currency_symbol(code, locale=FALLBACK_LOCALE))
    return tuple(sorted((m for m in marks if m), key=len, reverse=True))
