"""WCAG 2.1 AA by keyboard: what a learner who does not use a pointer does, in Chromium.

axe-core also audits every page each browser test opens (tests/browser/fixtures.py); these tests
cover what axe cannot see: reaching and operating the controls by keyboard, where the focus is
and whether it shows, and what is announced.
"""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, predicate: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches a JavaScript predicate on
    ``document.activeElement`` (named ``el``), as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => !!el && ({predicate}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def focus_ring(page) -> dict:
    return page.evaluate(
        """(() => { const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
                shadow: s.boxShadow}; })()"""
    )


def test_sign_in_by_keyboard_with_visible_focus_and_an_announced_error(page, screenshot, password):
    UserFactory(username="kim", first_name="Kim", last_name="Keys")
    page.goto("/accounts/login/")
    # The skip link comes first and leads to the content.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    ring = focus_ring(page)
    assert ring["style"] == "solid" and ring["width"] >= 2, ring

    tab_to(page, "el.name === 'login'")
    page.keyboard.type("kim")
    page.keyboard.press("Tab")
    page.keyboard.type("not-the-password")
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    # The error is an alert, tied to the fields, and the focus is back in the form.
    alert = page.locator("[role=alert][data-form-errors]")
    expect(alert).to_be_visible()
    login_field = page.locator("input[name=login]")
    expect(login_field).to_have_attribute("aria-invalid", "true")
    described = login_field.get_attribute("aria-describedby") or ""
    assert alert.get_attribute("id") in described.split()
    focused = page.evaluate("document.activeElement.name")
    assert focused in {"login", "password"}
    screenshot(page, "a11y-login-error-focus")

    page.locator("input[name=login]").fill("")
    page.locator("input[name=login]").focus()
    page.keyboard.type("kim")
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("My courses")

    # The navbar's focus ring shows on its dark background (white outline, dark halo).
    page.locator(".navbar a.navbar-brand").focus()
    page.keyboard.press("Tab")
    ring = focus_ring(page)
    assert ring["style"] == "solid" and ring["color"] in {"rgb(255, 255, 255)"}, ring
    screenshot(page, "a11y-navbar-focus")
