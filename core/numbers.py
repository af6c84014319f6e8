"""Scores, marks, weights and percentages as people read them, in every tool's pages.

A score is stored as a Decimal with two places ("15.00"); a page shows it the way a teacher
writes it: no useless zeros ("15", "15.5", "15.25"), at most two decimals, with the active
language's decimal separator ("15,5" in French). Downloads (CSV, XLSX: core.exports) keep
machine-readable numbers and never go through here.

A form field shows the number it edits the same way but exactly (``number_for_input``: never
rounded, so saving a form unchanged keeps the value) and reads back what a person types
(``number_parsed``: "15,5" or "15.5" in any language).
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext

PLACES = Decimal("0.01")


def _decimal(value) -> Decimal | str:
    """``value`` as a finite Decimal; "" for None or "", and anything else that is not a finite
    number as its own text (a page never fails on a stray value)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return number if number.is_finite() else str(value)


def _trimmed(number: Decimal) -> Decimal:
    """The same number without trailing zeros, never in exponent form ("1E+2") nor "-0"."""
    if number == 0:
        return Decimal(0)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def number_shown(value, places: int = 2) -> str:
    """``value`` (Decimal, float, int, or a string of one) as text for a page: rounded half up
    to ``places`` decimals, trailing zeros dropped, localized. None or "" gives ""; a value
    that is not a number is given back as text (a page never fails on a stray value).

    15.00 -> "15", 15.50 -> "15.5" ("15,5" in French), 87.456 -> "87.46", -0.25 -> "-0.25".
    """
    number = _decimal(value)
    if not isinstance(number, Decimal):
        return number
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(_trimmed(rounded), use_l10n=True)


def percent_shown(value, places: int = 2) -> str:
    """A percentage for a page: the number as ``number_shown`` gives it, with the percent sign
    as the language writes it ("87.5 %"; French "87,5 %" with a no-break space). None or ""
    gives ""."""
    number = number_shown(value, places)
    if not number:
        return ""
    return gettext("%(number)s %%") % {"number": number}


def number_for_input(value) -> str:
    """``value`` (Decimal, float, int, or a string of one) as the text of a form input: exact
    (never rounded: what the database holds, without its trailing zeros), the active language's
    decimal separator, no grouping. None or "" gives "".

    Decimal("15.00") -> "15", Decimal("15.50") -> "15.5" ("15,5" in French),
    Decimal("87.4567") -> "87.4567", Decimal("100") -> "100" (never "1E+2").
    """
    number = _decimal(value)
    if not isinstance(number, Decimal):
        return number
    return f"{_trimmed(number):f}".replace(".", get_format("DECIMAL_SEPARATOR"))


# Digits with at most one decimal separator (comma or point), an optional sign in front.
_TYPED = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
# Spaces people type or paste between thousands: space, no-break space, narrow no-break space.
_SPACES = re.compile(r"[ \u00a0\u202f]")


def number_parsed(text: str) -> Decimal:
    """The number a person typed in a form input, exactly: "15", "15.5", "15,5" (a comma is a
    decimal separator in every language: nobody types a thousands separator in a mark),
    " 1 000,25 " (spaces between digits ignored). Raises ValueError for anything else ("",
    "abc", "1.000,5", "1e3", "NaN")."""
    cleaned = _SPACES.sub("", str(text))
    if not _TYPED.fullmatch(cleaned):
        raise ValueError(f"not a number: {text!r}")
    return Decimal(cleaned.replace(",", "."))
