import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.tests.factories import UserFactory
from core.models import PlatformSettings

pytestmark = pytest.mark.django_db


def image_upload(size=(800, 500), fmt="PNG", name="me.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile_data(**overrides):
    data = {
        "first_name": "Ana",
        "last_name": "Lima",
        "official_code": "S-42",
        "phone": "",
        "language": "fr",
        "timezone": "Europe/Paris",
    }
    data.update(overrides)
    return data


def test_profile_saves_and_resizes_the_avatar(client_for):
    user = UserFactory()
    response = client_for(user).post(
        reverse("accounts:profile"), {**profile_data(), "avatar": image_upload()}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.official_code, user.language, user.timezone) == ("S-42", "fr", "Europe/Paris")
    with Image.open(user.avatar.path) as avatar:
        assert avatar.size == (256, 256)
        assert avatar.format == "JPEG"


def test_a_file_that_is_not_an_image_is_refused(client_for):
    user = UserFactory()
    fake = SimpleUploadedFile("me.png", b"<?php echo 'hi'; ?>", content_type="image/png")
    response = client_for(user).post(
        reverse("accounts:profile"), {**profile_data(), "avatar": fake}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["avatar"]
    user.refresh_from_db()
    assert not user.avatar


def test_an_unknown_time_zone_is_refused(client_for):
    user = UserFactory()
    response = client_for(user).post(
        reverse("accounts:profile"), profile_data(timezone="Mars/Olympus")
    )
    assert response.context["form"].errors["timezone"]


def test_the_chosen_language_is_remembered_on_the_account(client_for):
    user = UserFactory(language="en")
    client = client_for(user)
    client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/"})
    user.refresh_from_db()
    assert user.language == "fr"
    # A new session (another browser) speaks French from the start.
    page = client_for(user).get(reverse("home"))
    assert page.headers["Content-Language"] == "fr"
    assert "Mes cours" in page.content.decode()


def test_sign_up_can_be_closed_by_the_administrator(client):
    row = PlatformSettings.load()
    row.allow_signup = False
    row.save()
    response = client.get(reverse("account_signup"))
    assert "Sign Up Closed" in response.content.decode()
    response = client.post(
        reverse("account_signup"),
        {
            "email": "x@example.org",
            "username": "x",
            "first_name": "X",
            "last_name": "Y",
            "password1": "a-long-enough-password",
            "password2": "a-long-enough-password",
        },
    )
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="x").exists()


def test_log_in_by_username_or_email(client, password):
    UserFactory(username="lea", email="lea@example.org")
    for login in ("lea", "lea@example.org"):
        response = client.post(reverse("account_login"), {"login": login, "password": password})
        assert response.status_code == 302, login
        client.logout()


def test_security_headers(client):
    response = client.get(reverse("home"))
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_sign_up_sends_a_confirmation_and_password_reset_works(client, mailoutbox):
    import re

    response = client.post(
        reverse("account_signup"),
        {
            "email": "mia@example.org",
            "username": "mia",
            "first_name": "Mia",
            "last_name": "Ro",
            "password1": "a-long-enough-password",
            "password2": "a-long-enough-password",
        },
    )
    assert response.status_code == 302
    assert mailoutbox[-1].to == ["mia@example.org"]
    confirm = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body)
    assert confirm, mailoutbox[-1].body
    client.post(confirm.group(1))
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(email="mia@example.org").verified

    client.logout()
    client.post(reverse("account_reset_password"), {"email": "mia@example.org"})
    reset = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body)
    assert reset, mailoutbox[-1].body
    form_page = client.get(reset.group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset.group(1),
        {"password1": "another-long-password", "password2": "another-long-password"},
    )
    assert client.login(username="mia", password="another-long-password")
