"""Amounts of money: whole units of a ten-thousandth in an `int`, arithmetic
in `Decimal`, never a float sum.

`Money` is what a cost field of the model holds. A ten-thousandth of the major
unit is fine enough for the minor unit of every ISO 4217 currency (the yen has
none, the dinar three, the Chilean UF four), so an amount is kept exactly as
typed whatever the currency, and changing the currency never changes a digit;
each currency's own minor unit is checked where the currency is known
(`currency_problem`). Text typed by a person and numbers of the interchange
format are major units ("85,000.50"); an `int` is already the stored units.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from desktop_app.domain import numbers

MINOR_PER_MAJOR = 10_000
STORED_PLACES = 4
MAX_MAJOR = Decimal(10) ** 12  # a trillion: beyond any IT function's annual cost


class Money(int):
    """An amount in ten-thousandths of the major unit, never negative."""

    @property
    def major(self) -> Decimal:
        return Decimal(int(self)).scaleb(-STORED_PLACES).normalize() if self else Decimal(0)

    def __repr__(self) -> str:
        return f"Money({int(self)})"


class MoneyError(ValueError):
    """Text or a number that is not an amount the app takes; says why."""


def from_major(value: Decimal | int | str) -> Money:
    """`value` in major units (a `Decimal`, or digits as text) as `Money`, exactly;
    refuses negative, absurd, non-numeric and over-precise values (never rounds)."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise MoneyError(f"{str(value)[:40]!r} is not an amount.") from None
    if not amount.is_finite():
        raise MoneyError("An amount must be a finite number.")
    if amount < 0:
        raise MoneyError("An amount cannot be negative; enter the cost as a positive number.")
    if amount > MAX_MAJOR:
        raise MoneyError("An amount above 1,000,000,000,000 is not a realistic cost; "
                         "check the number of digits.")
    if numbers.places(amount) > STORED_PLACES:
        raise MoneyError(f"An amount has at most {STORED_PLACES} decimals in any currency; "
                         "check the digits after the decimal separator.")
    return Money(int(amount.scaleb(STORED_PLACES)))


def currency_problem(value: Money, currency: str) -> str | None:
    """Why `value` cannot be an amount in `currency` (fractions of its minor unit),
    or None. "12.5" is fine in euros, not in yen; "1.234" only in dinars."""
    digits = numbers.currency_digits(currency)
    if numbers.places(value.major) <= digits:
        return None
    unit = "no minor unit" if digits == 0 else (
        f"{digits} decimal" + ("" if digits == 1 else "s"))
    return (f"{currency} has {unit}, so {value.major:f} {currency} cannot be paid; "
            f"type the amount with {numbers.decimals_text(digits)}.")


def parse(text: str, locale: str | None = None, currency: str = "") -> Money | None:
    """What a person typed ("85000", "85,000", "85.000,50", "€ 1,200"), read in the
    number format of `locale` (the laptop's when None) or the other convention;
    empty is None. The currency's code or symbol may stand beside the digits."""
    cleaned = text.strip()
    if not cleaned:
        return None
    where = locale or numbers.laptop_locale()
    for mark in numbers.currency_marks(currency, where) if currency else ("€", "$", "£", "¥"):
        cleaned = cleaned.removeprefix(mark).removesuffix(mark).strip()
    if not cleaned:
        raise MoneyError(f"{text.strip()[:40]!r} has no digits: type the amount.")
    try:
        reading = numbers.read_number(cleaned, where)
    except numbers.NumberError as error:
        if error.negative:
            raise MoneyError("An amount cannot be negative; enter the cost as a positive "
                             "number.") from None
        raise MoneyError(f"{text.strip()[:40]!r} is not an amount: {error}, for example "
                         f"{numbers.show(Decimal('85000.5'), where, 2)}.") from None
    amount = from_major(reading.value)
    if currency and (problem := currency_problem(amount, currency)):
        raise MoneyError(problem)
    return amount


def format_money(value: Money | Decimal | None, currency: str = "",
                 cents: bool | None = None, locale: str = numbers.FALLBACK_LOCALE,
                 code: bool = True) -> str:
    """"85,000" or "85,000.50" (the minor unit only when there is one, unless
    `cents`), with the currency code after it when given; "" for None. `Money`
    is stored units, a `Decimal` major units; a loss gets a minus sign. Digits
    after the currency's minor unit are shown, never rounded away."""
    if value is None:
        return ""
    amount = value.major if isinstance(value, Money) else value
    digits = numbers.currency_digits(currency) if currency else 2
    exact = max(digits, numbers.places(amount))
    if exact > digits:  # a computed share of a cent: round half even to the minor unit
        amount = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    has_minor = amount != amount.to_integral_value()
    show_minor = cents if cents is not None else has_minor
    text = numbers.show(abs(amount), locale, digits if show_minor else 0)
    if not show_minor and has_minor:
        text = numbers.show(abs(amount.to_integral_value(rounding=ROUND_HALF_EVEN)), locale, 0)
    if amount < 0:
        text = "−" + text
    return f"{text} {currency}" if currency and code else text


def edit_text(value: Money | None, locale: str = numbers.FALLBACK_LOCALE) -> str:
    """The amount as an editor starts with it, exactly, in `locale`'s format, so
    that reading it back gives the same amount."""
    if value is None:
        return ""
    return numbers.show(value.major, locale)


def json_number(value: Money) -> int | float:
    """Major units for the interchange format: an int when whole, else a float
    whose shortest repr is the exact amount."""
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
