"""Every third-party SCORM package in shared/fixtures: it imports, plays in headless Chromium,
and what a scripted learner reports through the runtime is stored; leaving half way and coming
back restores the learner's place and saved state.

The scripted learner takes the place of the package's own pages (which other tests play for
real): the player, its runtime and the server are the real ones, and the learner's calls are
the last word, so what is stored is exactly what was reported.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from learnpaths.models import ItemProgress
from scorm.importer import package_import
from scorm.tests.fixtures import scorm_fixtures, zip_folder
from scorm.tests.test_browser_player import stay_offline
from tests.browser.fixtures import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PACKAGES = sorted(
    folder
    for group in ("golf-scorm12", "golf-scorm2004")
    for folder in (scorm_fixtures() / group).iterdir()
    if folder.is_dir()
)

REPORT = {
    "scorm12": """() => {
        const api = window.API;
        api.LMSInitialize("");
        const calls = [
          api.LMSSetValue("cmi.core.lesson_location", "page-3"),
          api.LMSSetValue("cmi.suspend_data", "learner-state-42"),
          api.LMSSetValue("cmi.core.score.raw", "85"),
          api.LMSSetValue("cmi.core.lesson_status", "passed"),
          api.LMSSetValue("cmi.core.exit", "suspend"),
          api.LMSCommit(""),
          api.LMSFinish(""),
        ];
        return [calls, api.LMSGetLastError()];
    }""",
    "scorm2004": """() => {
        const api = window.API_1484_11;
        api.Initialize("");
        const calls = [
          api.SetValue("cmi.location", "page-3"),
          api.SetValue("cmi.suspend_data", "learner-state-42"),
          api.SetValue("cmi.score.min", "0"),
          api.SetValue("cmi.score.max", "100"),
          api.SetValue("cmi.score.raw", "85"),
          api.SetValue("cmi.score.scaled", "0.85"),
          api.SetValue("cmi.completion_status", "completed"),
          api.SetValue("cmi.success_status", "passed"),
          api.SetValue("cmi.exit", "suspend"),
          api.Commit(""),
          api.Terminate(""),
        ];
        return [calls, api.GetLastError()];
    }""",
}
RESUME = {
    "scorm12": """() => { const api = window.API; api.LMSInitialize("");
        return [api.LMSGetValue("cmi.suspend_data"), api.LMSGetValue("cmi.core.lesson_location"),
                api.LMSGetValue("cmi.core.entry")]; }""",
    "scorm2004": """() => { const api = window.API_1484_11; api.Initialize("");
        return [api.GetValue("cmi.suspend_data"), api.GetValue("cmi.location"),
                api.GetValue("cmi.entry")]; }""",
}
FINISH = {
    "scorm12": "() => window.API.LMSFinish('')",
    "scorm2004": "() => window.API_1484_11.Terminate('')",
}
API_READY = {
    "scorm12": "() => window.API && typeof window.API.LMSSetValue === 'function'",
    "scorm2004": "() => window.API_1484_11 && typeof window.API_1484_11.SetValue === 'function'",
}


def stored_progress(item, learner):
    """The item's progress once the final commit sent on leaving has landed.

    The live server shares one SQLite database with the test: wait for its writes to end.
    """
    from django.db import OperationalError

    for _ in range(20):
        time.sleep(0.25)
        try:
            progress = ItemProgress.objects.get(item=item, attempt__user=learner)
            if progress.updated_at == ItemProgress.objects.get(pk=progress.pk).updated_at:
                time.sleep(0.25)
                return ItemProgress.objects.get(pk=progress.pk)
        except OperationalError:
            continue
    raise AssertionError("the progress could not be read")


def open_item(page, path, item):
    page.goto(f"/courses/GOLF/learnpaths/{path.pk}/play/{item.pk}/")
    expect(page.locator("#lp-content")).to_have_attribute("src", item_content_url(path, item))
    page.frame_locator("#lp-content").locator("body").wait_for()


def item_content_url(path, item):
    return re.compile(rf"/learnpaths/{path.pk}/content/")


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda folder: folder.name)
def test_fixture_package_plays_and_keeps_what_the_learner_reports(
    folder,
    page,
    live_server,
    login,
    people,
    password,
    tmp_path,
):
    _course, _teacher, learner = people
    path = package_import(
        course=people[0], user=None, archive_path=zip_folder(folder, tmp_path / "package.zip")
    )
    items = list(path.items.exclude(kind="section").order_by("rank"))
    assert items, "the package imported without any item"
    stay_offline(page, live_server)
    login(page, learner.username, password)

    scos = [item for item in items if item.kind == "sco"]
    if not scos:  # a tree of plain pages: opening one is what completes it
        open_item(page, path, items[0])
        page.goto("about:blank")
        assert stored_progress(items[0], learner).status == "completed"
        return

    version = path.package.kind
    sco = scos[0]
    page.route(
        re.compile(rf"/learnpaths/{path.pk}/content/"),
        lambda route: route.fulfill(
            content_type="text/html", body="<!DOCTYPE html><title>SCO</title><p>Scripted</p>"
        ),
    )
    open_item(page, path, sco)
    wait_until(page, API_READY[version])
    with page.expect_response(lambda response: "/commit/" in response.url) as committed:
        calls, error = page.evaluate(REPORT[version])
    assert committed.value.ok
    assert all(result == "true" for result in calls), calls
    assert error in ("0", 0)
    # The learner quit half way (exit "suspend", then Finish/Terminate): come back later.
    page.goto("about:blank")
    progress = ItemProgress.objects.get(item=sco, attempt__user=learner)
    assert progress.status == "passed"
    assert progress.score == 85
    assert (progress.location, progress.suspend_data) == ("page-3", "learner-state-42")

    open_item(page, path, sco)
    wait_until(page, API_READY[version])
    assert page.evaluate(RESUME[version]) == ["learner-state-42", "page-3", "resume"]
    # The path's table of contents shows the item as the learner left it.
    expect(page.locator(f"li[data-item='{sco.pk}']")).to_have_attribute("data-status", "passed")
    page.evaluate(FINISH[version])  # the session ends here, not on the way out of the test
