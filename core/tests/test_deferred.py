"""The test helper that turns a deferred field's silent query into a failure."""

import pytest

from accounts.tests.factories import UserFactory
from core.tests.deferred import DeferredFieldLoaded, deferred_loads_raise

pytestmark = pytest.mark.django_db


def test_a_left_out_field_read_raises_and_names_it(django_assert_num_queries):
    user = UserFactory(username="ada", email="ada@example.org")
    row = type(user).objects.only("username").get(pk=user.pk)
    with deferred_loads_raise(), django_assert_num_queries(0):
        assert (row.pk, row.username) == (user.pk, "ada")  # loaded: read as ever
        with pytest.raises(DeferredFieldLoaded, match=r"\.email was left out"):
            row.email  # noqa: B018


def test_outside_the_block_django_loads_it_with_a_query(django_assert_num_queries):
    user = UserFactory(email="bob@example.org")
    row = type(user).objects.only("username").get(pk=user.pk)
    with deferred_loads_raise():
        pass
    with django_assert_num_queries(1):
        assert row.email == "bob@example.org"


def test_the_fixture_opts_a_test_in(no_deferred_loads):
    user = UserFactory()
    row = type(user).objects.defer("last_name").get(pk=user.pk)
    with pytest.raises(DeferredFieldLoaded):
        row.last_name  # noqa: B018
