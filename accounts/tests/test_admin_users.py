"""Issue #10: the admin's user list shows administrators as administrators and fits 1,280 px."""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory


@pytest.mark.django_db
def test_administrators_are_shown_as_administrators(client):
    admin = UserFactory(username="boss", is_staff=True, is_superuser=True, platform_role="learner")
    UserFactory(username="plain", platform_role="teacher")
    client.force_login(admin)
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    boss_row = page[page.index(">boss<") : page.index("</tr>", page.index(">boss<"))]
    plain_row = page[page.index(">plain<") : page.index("</tr>", page.index(">plain<"))]
    assert "Administrator" in boss_row and "Learner" not in boss_row
    assert "Teacher" in plain_row and "Administrator" not in plain_row


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_user_list_fits_1280_pixels(page, login, screenshot):
    UserFactory(
        username="admin", is_staff=True, is_superuser=True, first_name="Ada", last_name="Admin"
    )
    for number in range(8):
        UserFactory(
            username=f"learner-with-a-long-name-{number}",
            first_name="Maximilienne-Eugénie",
            last_name="de la Tour-Dauvergne",
            email=f"maximilienne.de-la-tour-dauvergne.{number}@universite-exemple.fr",
            official_code=f"ETU-2026-{number:05d}",
        )
    login(page, "admin", PASSWORD)
    page.goto(reverse("admin:accounts_user_changelist"))
    assert page.viewport_size["width"] == 1280
    widths = page.evaluate(
        "() => { const box = document.querySelector('#changelist .results');"
        " return {page: document.documentElement.scrollWidth, table: box.scrollWidth,"
        " shown: box.clientWidth}; }"
    )
    screenshot(page, "admin-user-list-1280")
    assert widths["page"] <= 1280, widths
    assert widths["table"] <= widths["shown"], widths  # no column hidden behind a scrollbar
    assert page.locator("#result_list").get_by_text("Administrator").count() == 1
