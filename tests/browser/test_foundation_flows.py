"""The foundation's flows as people perform them, in headless Chromium."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_then_sign_in(page, login, screenshot):
    page.goto("/accounts/signup/")
    screenshot(page, "signup")
    page.fill("input[name=email]", "newbie@example.org")
    page.fill("input[name=username]", "newbie")
    page.fill("input[name=first_name]", "Nina")
    page.fill("input[name=last_name]", "Newbie")
    page.fill("input[name=password1]", "a-long-enough-password")
    page.fill("input[name=password2]", "a-long-enough-password")
    page.click("form button[type=submit]")
    expect(page.locator("h1")).to_have_text("My courses")
    assert page.console_errors == []
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Sign out").click()
    login(page, "newbie@example.org", "a-long-enough-password")  # by e-mail this time
    expect(page.locator("#user-menu")).to_contain_text("Nina Newbie")
