import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from tests.browser.fixtures import wait_until
from wiki import services
from wiki.models import WikiPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "<p>Alpha paragraph.</p><p>Beta paragraph.</p><p>Gamma paragraph.</p>"


def _open_editor(page, course, key):
    page.goto(reverse("wiki:edit", kwargs={"code": course.code, "key": key}))
    wait_until(
        page, "window.tinymce && tinymce.get('id_content') && tinymce.get('id_content').initialized"
    )


def _replace(page, old, new):
    """Change one paragraph in the editor, as a person editing that paragraph would."""
    page.evaluate(
        "([before, after]) => { const ed = tinymce.get('id_content');"
        " ed.setContent(ed.getContent().replace(before, after)); ed.save(); }",
        [old, new],
    )


def _save(page):
    page.click("form button[type=submit]:has-text('Save')")
    page.wait_for_load_state()


def test_two_people_edit_at_once_and_both_edits_stay(
    page, new_page, login, screenshot, course_roles
):
    course = course_roles["course"]
    services.page_create(
        course=course, group_id=None, title="Cells", content=BASE, author=course_roles["teacher"]
    )
    other = new_page(viewport={"width": 1280, "height": 900})
    login(page, course_roles["learner"].username, PASSWORD)
    login(other, course_roles["tutor"].username, PASSWORD)
    _open_editor(page, course, "cells")
    _open_editor(other, course, "cells")  # both started from revision 1
    _replace(page, "Alpha paragraph.", "Alpha, edited by the learner.")
    _save(page)
    _replace(other, "Gamma paragraph.", "Gamma, edited by the tutor.")
    _save(other)
    assert "both changes are kept" in other.content()
    saved = WikiPage.objects.get(key="cells")
    assert "Alpha, edited by the learner." in saved.content
    assert "Gamma, edited by the tutor." in saved.content
    assert saved.revision == 3
    screenshot(other, "wiki-page-merged")

    # Now both change the same paragraph: the second sees both versions side by side.
    _open_editor(page, course, "cells")
    _open_editor(other, course, "cells")
    _replace(page, "Beta paragraph.", "Beta by the learner.")
    _save(page)
    _replace(other, "Beta paragraph.", "Beta by the tutor.")
    _save(other)
    assert other.locator(".wiki-theirs").inner_text().strip() == "Beta by the learner."
    assert "Beta by the tutor." in other.locator(".wiki-mine").inner_text()
    screenshot(other, "wiki-edit-conflict")
    saved.refresh_from_db()
    assert "Beta by the learner." in saved.content and saved.revision == 4  # nothing lost
    # The tutor keeps both and saves deliberately.
    wait_until(
        other,
        "window.tinymce && tinymce.get('id_content') && tinymce.get('id_content').initialized",
    )
    _replace(other, "Beta by the tutor.", "Beta by the learner. Beta by the tutor.")
    _save(other)
    saved.refresh_from_db()
    assert "Beta by the learner. Beta by the tutor." in saved.content and saved.revision == 5
    other.goto(reverse("wiki:diff", kwargs={"code": course.code, "key": "cells"}) + "?from=1&to=5")
    screenshot(other, "wiki-diff")


def test_script_in_a_wiki_page_never_runs(page, axe, login, course_roles):
    # The hostile content is an <img> without alt on purpose: the audit is about the platform.
    axe.enabled = False
    course = course_roles["course"]
    attack = (
        "<p>Safe [[Other <img src=x onerror=window.__xss=1>]]</p>"
        '<img src=x onerror="window.__xss=2"><script>window.__xss=3</script>'
    )
    services.page_create(
        course=course,
        group_id=None,
        title="Main page",
        content=attack,
        author=course_roles["learner"],
    )
    stored = WikiPage.objects.get().content
    assert "onerror" not in stored and "<script" not in stored
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, course_roles["learner"].username, PASSWORD)
    page.goto(reverse("wiki:index", kwargs={"code": course.code}))
    wait_until(page, "document.querySelector('.wiki-content') !== null")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None and dialogs == []
    assert (
        page.evaluate(
            "document.querySelectorAll('.wiki-content script, .wiki-content img[onerror]').length"
        )
        == 0
    )
