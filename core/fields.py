"""Model fields every tool shares.

``DecimalField``: a ``models.DecimalField`` whose form field is ``core.forms.DecimalField``
(inputs show "15", not "15.00"). Every decimal a page edits is declared with it, so no form
has to remember; tests/test_decimal_inputs.py checks that none was forgotten.
"""

from django.db import models

from core import forms as core_forms


class DecimalField(models.DecimalField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": core_forms.DecimalField, **kwargs})

    def deconstruct(self):
        # The column is a plain DecimalField's: migrations name that class, so switching a
        # field to this one (or back) changes no migration.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
