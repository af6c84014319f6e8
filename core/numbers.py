"""Scores, marks, weights and percentages as people read them, in every tool's pages.

A score is stored as a Decimal with two places ("15.00"); a page shows it the way a teacher
writes it: no useless zeros ("15", "15.5", "15.25"), at most two decimals, with the active
language's decimal separator ("15,5" in French). Downloads (CSV, XLSX: core.exports) keep
machine-readable numbers and never go through here.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext

PLACES = Decimal("0.01")


def number_shown(value, places: int = 2) -> str:
    """``value`` (Decimal, float, int, or a string of one) as text for a page: rounded half up
    to ``places`` decimals, trailing zeros dropped, localized. None or "" gives ""; a value
    that is not a number is given back as text (a page never fails on a stray value).

    15.00 -> "15", 15.50 -> "15.5" ("15,5" in French), 87.456 -> "87.46", -0.25 -> "-0.25".
    """
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    if number == 0:
        number = Decimal(0)  # never "-0"
    return number_format(number, use_l10n=True)


def percent_shown(value, places: int = 2) -> str:
    """A percentage for a page: the number as ``number_shown`` gives it, with the percent sign
    as the language writes it ("87.5 %"; French "87,5 %" with a no-break space). None or ""
    gives ""."""
    number = number_shown(value, places)
    if not number:
        return ""
    return gettext("%(number)s %%") % {"number": number}
