"""accounts.models.UserManager.get(pk=...): the signed-in user's row read with SQL compiled once;
the same user, the same errors and the same sign-out rules as Django's own ``get``."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fields(user: User) -> dict:
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


def test_the_same_user_as_the_queryset_in_one_query():
    user = UserFactory(language="fr", timezone="Europe/Paris", official_code="S-42")
    with CaptureQueriesContext(connection) as queries:
        read = User.objects.get(pk=user.pk)
    assert len(queries) == 1
    expected = User.objects.filter(pk=user.pk).get()
    assert type(read) is User and _fields(read) == _fields(expected)
    assert read._state.adding is False and read._state.db == "default"
    read.first_name = "Changed"
    read.save()  # an ordinary instance: saving updates the row
    assert User.objects.filter(pk=user.pk, first_name="Changed").exists()


def test_a_missing_or_unstorable_id_raises_does_not_exist():
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=987654321)
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=2**64)  # Django's own get answers it (no row)


def test_related_managers_keep_their_filter():
    member, stranger = UserFactory(), UserFactory()
    group = Group.objects.create(name="Tutors")
    group.user_set.add(member)
    assert group.user_set.get(pk=member.pk) == member
    with pytest.raises(User.DoesNotExist):
        group.user_set.get(pk=stranger.pk)


def test_other_lookups_go_to_django(django_assert_num_queries):
    user = UserFactory(username="ada")
    assert User.objects.get(username="ada") == user
    assert User.objects.get(pk=user.pk, is_active=True) == user
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=user.pk, is_active=False)


def test_a_deactivated_or_deleted_user_is_signed_out(client):
    user = UserFactory()
    client.force_login(user)
    home = reverse("home")
    assert client.get(home).wsgi_request.user == user
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert not client.get(home).wsgi_request.user.is_authenticated
    User.objects.filter(pk=user.pk).update(is_active=True)
    client.force_login(user)
    User.objects.filter(pk=user.pk).delete()
    assert not client.get(home).wsgi_request.user.is_authenticated


def test_a_password_change_signs_other_sessions_out(client):
    user = UserFactory()
    client.force_login(user)
    home = reverse("home")
    assert client.get(home).wsgi_request.user == user
    user.set_password("another-long-passphrase")
    user.save()
    assert not client.get(home).wsgi_request.user.is_authenticated
