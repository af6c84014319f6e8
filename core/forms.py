"""Form fields every tool shares.

``DecimalField`` is the one field through which a page edits a decimal number (scores, marks,
weights, pass marks, hours): its input shows "15" and "15.5" ("15,5" in French), not the
database's "15.00", and it reads back "15,5" as well as "15.5". Model fields get it through
``core.fields.DecimalField``; a form that declares a decimal field itself uses this one.
"""

import re

from django import forms

from core.numbers import number_for_input, number_parsed

_MACHINE_NUMBER = re.compile(r"-?\d+(\.\d+)?")


class DecimalInput(forms.TextInput):
    """A text input (not ``type="number"``, which cannot hold a French "15,5") that brings up
    a numeric keyboard on phones and shows its number as ``core.numbers.number_for_input``."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        # A string is either what the person typed (a bound form shown again with its errors)
        # or a number kept as text (JSON settings: "0.50"). The first is shown as typed, the
        # second as a number.
        if isinstance(value, str) and not _MACHINE_NUMBER.fullmatch(value):
            return value or None
        return number_for_input(value) or None


class DecimalField(forms.DecimalField):
    """``forms.DecimalField`` with ``DecimalInput``; values are read by
    ``core.numbers.number_parsed`` and then checked as Django checks them (max_digits,
    decimal_places, min_value, max_value), so what is saved is exactly what was typed."""

    widget = DecimalInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return number_parsed(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
