"""Make a deferred field's silent load fail loudly, for tests.

A row read with ``.only(...)`` or ``.defer(...)`` lacks the fields left out; reading one later
makes Django run one more query for that field alone (per row, in a loop). The pages still
work, so such a read goes unnoticed. Inside ``deferred_loads_raise()`` it raises
``DeferredFieldLoaded`` naming the model and the field instead.

Opt in per test through the ``no_deferred_loads`` fixture (conftest.py at the root).
"""

from contextlib import contextmanager
from unittest import mock

from django.db.models.query_utils import DeferredAttribute


class DeferredFieldLoaded(AssertionError):
    """A field left out by only()/defer() was read: Django would have queried it alone."""


_original_get = DeferredAttribute.__get__


def _strict_get(self, instance, cls=None):
    if (
        instance is not None
        and self.field.attname not in instance.__dict__
        # A multi-table child reads its parent link's value from the parent: no query.
        and self._check_parent_chain(instance) is None
    ):
        raise DeferredFieldLoaded(
            f"{type(instance).__name__}.{self.field.attname} was left out of the query "
            f"(only()/defer()) and read afterwards (pk={instance.pk!r})"
        )
    return _original_get(self, instance, cls)


@contextmanager
def deferred_loads_raise():
    """Within the block, reading a field that a queryset left out raises DeferredFieldLoaded
    (every model: file fields and foreign keys' ``*_id`` included)."""
    with mock.patch.object(DeferredAttribute, "__get__", _strict_get):
        yield
