"""Amounts of money: whole minor units (cents) in an `int`, arithmetic in
`Decimal`, never a float sum.

`Money` is what a cost field of the model holds. Text typed by a person and
numbers of the interchange format are major units ("85,000.50" is 8,500,050
cents); an `int` is already minor units (what the document stores).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

MINOR_PER_MAJOR = 100
MAX_MAJOR = Decimal(10) ** 12  # a trillion: beyond any IT function's annual cost
_GROUPING = re.compile(r"^\d{1,3}(?:[,  _']\d{3})+(?:\.\d*)?$")
CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")


class Money(int):
    """An amount in minor units (cents), never negative."""

    @property
    def major(self) -> Decimal:
        return Decimal(int(self)) / MINOR_PER_MAJOR

    def __repr__(self) -> str:
        return f"Money({int(self)})"


class MoneyError(ValueError):
    """Text or a number that is not an amount the app takes; says why."""


def from_major(value: Decimal | int | str) -> Money:
    """`value` in major units (a `Decimal`, or digits as text) as `Money`, rounded
    to the cent; refuses negative, absurd and non-numeric values."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise MoneyError(f"{value!r} is not an amount.") from None
    if not amount.is_finite():
        raise MoneyError("An amount must be a finite number.")
    if amount < 0:
        raise MoneyError("An amount cannot be negative; enter the cost as a positive number.")
    if amount > MAX_MAJOR:
        raise MoneyError("An amount above 1,000,000,000,000 is not a realistic cost; "
                         "check the number of digits.")
    minor = (amount * MINOR_PER_MAJOR).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return Money(int(minor))


def parse(text: str) -> Money | None:
    """What a person typed: "85000", "85,000", "85 000.50", "€ 1,200"; empty is None.

    A comma is a thousands separator only in groups of three digits ("1,200"),
    and a lone comma before one or two digits is a decimal comma ("12,5").
    """
    cleaned = text.strip()
    for sign in ("€", "$", "£", "¥", "CHF", "EUR", "USD", "GBP"):
        cleaned = cleaned.replace(sign, "")
    cleaned = cleaned.strip()
    if not cleaned:
        return None
    if cleaned.startswith("-"):
        raise MoneyError("An amount cannot be negative; enter the cost as a positive number.")
    if _GROUPING.match(cleaned):
        cleaned = re.sub(r"[,  _']", "", cleaned)
    elif re.fullmatch(r"\d+,\d{1,2}", cleaned):
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d*)?|\.\d+", cleaned):
        raise MoneyError(f"{text.strip()[:40]!r} is not an amount: type digits, "
                         "for example 85,000 or 85000.50.")
    return from_major(Decimal(cleaned))


def format_money(value: Money | Decimal | None, currency: str = "",
                 cents: bool | None = None) -> str:
    """"85,000" or "85,000.50" (cents only when there are any, unless `cents`),
    with the currency code after it when given; "" for None. `Money` is minor
    units, a `Decimal` major units; a negative figure (a loss) gets a minus sign."""
    if value is None:
        return ""
    amount = value.major if isinstance(value, Money) else value
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    show_cents = cents if cents is not None else amount != amount.to_integral_value()
    text = f"{abs(amount):,.2f}" if show_cents else f"{abs(amount):,.0f}"
    if amount < 0:
        text = "−" + text
    return f"{text} {currency}" if currency else text


def edit_text(value: Money | None) -> str:
    """The amount as an editor starts with it: plain digits, cents if any."""
    if value is None:
        return ""
    amount = value.major
    return f"{amount:.2f}" if amount != amount.to_integral_value() else f"{amount:.0f}"


def json_number(value: Money) -> int | float:
    """Major units for the interchange format: an int when whole, else a float
    whose shortest repr is exact to the cent."""
    amount = value.major
    return int(amount) if amount == amount.to_integral_value() else float(amount)


# --- chart axes ---------------------------------------------------------------------


def short_amount(value: Decimal) -> str:
    """An axis label: 950k, 1.2M, 12M."""
    amount = abs(value)
    sign = "−" if value < 0 else ""
    if amount >= 1_000_000:
        text = f"{amount / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"
    elif amount >= 1_000:
        text = f"{amount / 1_000:.0f}k"
    else:
        text = f"{amount:.0f}"
    return sign + text


def nice_step(top: Decimal, lines: int = 4) -> Decimal:
    """A round gridline step (1, 2 or 5 x 10^n) giving about `lines` lines."""
    raw = top / lines if top > 0 else Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if raw <= magnitude * factor:
            return magnitude * factor
    return magnitude * 10
