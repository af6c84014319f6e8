"""A teacher builds a path from the course's own tools; a learner plays it (headless Chromium)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from assessments.tests.factories import QuizFactory, make_question
from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from documents import services as document_services
from learnpaths.models import ItemProgress, LearningPath, PathItem, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SITE = "https://example.org/reading"


@pytest.fixture
def course_with_tools(password):
    course = CourseFactory(code="LPB", title="Building paths")
    teacher = EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER).user
    learner = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    folder = document_services.folder_create(
        course=course, parent=None, name="Week 1", user=teacher
    )
    document_services.file_upload(
        course=course,
        parent=folder,
        upload=SimpleUploadedFile("syllabus.pdf", PDF, content_type="application/pdf"),
        user=teacher,
    )
    document_services.page_create(
        course=course, parent=None, name="Welcome page", content="<p>Welcome!</p>", user=teacher
    )
    quiz = QuizFactory(course=course, title="Checkpoint", pass_mark=50)
    make_question(
        course,
        "unique",
        quiz=quiz,
        title="Is the sky blue?",
        answers=[{"text": "Yes", "correct": True, "score": 2}, {"text": "No", "score": 0}],
    )
    return course, teacher, learner


def offline(page, live_server):
    """Nothing leaves the machine: external sites answer with a small page of our own."""
    local = live_server.url.split("//", 1)[1]

    def route(route):
        if local in route.request.url:
            route.continue_()
        else:
            route.fulfill(status=200, content_type="text/html", body="<h1>Elsewhere</h1>")

    page.context.route("**/*", route)


def add_from_picker(page, kind_label, title):
    page.get_by_role("link", name=kind_label, exact=True).click()
    row = page.locator("#lp-picker-list li", has_text=title)
    row.get_by_role("button", name="Add").click()
    expect(page.locator(".lp-tree")).to_contain_text(title)


def answer_test(frame, answer):
    frame.get_by_role("button", name="Start the test").click()
    frame.get_by_label(answer, exact=True).check()
    frame.get_by_role("button", name="Finish the test").click()


def test_teacher_builds_with_the_picker_and_learner_plays(
    page, live_server, login, screenshot, password, new_page, course_with_tools, monkeypatch
):
    from links import api as links_api

    # The external site refuses framing: it opens in a new tab.
    monkeypatch.setattr(links_api, "_frame_headers", lambda url: {"x-frame-options": "DENY"})
    course, teacher, learner = course_with_tools
    page.on("dialog", lambda dialog: dialog.accept())
    offline(page, live_server)
    login(page, teacher.username, password)
    page.goto("/courses/LPB/learnpaths/new/")
    page.fill("input[name=title]", "Week one")
    page.get_by_role("button", name="Save").click()
    path = LearningPath.objects.get()
    expect(page).to_have_url(re.compile(r"/build/"))
    # The picker: documents by folder, with search.
    page.fill("#lp-search", "syll")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#lp-picker-list")).not_to_contain_text("Welcome page")
    expect(page.locator("#lp-picker .tox-tinymce")).to_be_visible()  # "New web page" editor
    screenshot(page, "learnpaths-picker")
    page.locator("#lp-picker-list li", has_text="syllabus.pdf").get_by_role(
        "button", name="Add"
    ).click()
    add_from_picker(page, "Document", "Welcome page")
    add_from_picker(page, "Test", "Checkpoint")
    page.get_by_role("link", name="Link", exact=True).click()
    page.fill("#lp-url", SITE)
    page.fill("#lp-url-title", "Further reading")
    page.locator("form", has=page.locator("#lp-url")).get_by_role("button", name="Add").click()
    expect(page.locator(".lp-tree")).to_contain_text("Further reading")
    # "Checkpoint at least 50 %" before the last item.
    page.locator(".lp-node", has_text="Further reading").get_by_role("link", name="Edit").click()
    page.select_option("select[name=prerequisite]", label="Checkpoint")
    page.fill("input[name=prerequisite_min_score]", "50")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".lp-requires")).to_contain_text("Checkpoint at least 50 %")
    screenshot(page, "learnpaths-builder")
    items = list(path.items.order_by("rank"))
    assert [item.kind for item in items] == ["document", "document", "test", "link"]
    pdf_item, html_item, test_item, link_item = items

    # The learner plays it.
    learner_page = new_page(viewport={"width": 1280, "height": 900})
    learner_page.on("dialog", lambda dialog: dialog.accept())
    offline(learner_page, live_server)
    login(learner_page, learner.username, password)
    learner_page.goto(f"/courses/LPB/learnpaths/{path.pk}/play/")
    frame = learner_page.frame_locator("#lp-content")
    expect(frame.locator("body")).not_to_be_empty()
    expect(learner_page.locator("#lp-item-title")).to_have_text("syllabus.pdf")
    learner_page.locator("#lp-next").click()
    expect(frame.locator("body")).to_contain_text("Welcome!")
    # No site navigation inside the frame.
    assert frame.locator("nav.navbar").count() == 0
    assert frame.locator("footer").count() == 0
    assert frame.locator(".breadcrumb").count() == 0
    assert learner_page.locator("nav.navbar").count() == 1  # the page around it keeps it
    screenshot(learner_page, "learnpaths-player-desktop")
    learner_page.locator("#lp-next").click()
    expect(learner_page.locator("#lp-item-title")).to_have_text("Checkpoint")
    # Opened, not done until submitted.
    expect(learner_page.locator(f'.lp-toc li[data-item="{test_item.pk}"]')).to_have_attribute(
        "data-status", "incomplete"
    )
    assert ItemProgress.objects.get(item=test_item).status == Status.INCOMPLETE
    expect(learner_page.locator(f'.lp-toc li[data-item="{link_item.pk}"]')).to_have_attribute(
        "data-locked", "1"
    )
    answer_test(frame, "No")
    # The side panel reads the outcome as soon as the frame shows the result.
    expect(learner_page.locator(f'.lp-toc li[data-item="{test_item.pk}"]')).to_have_attribute(
        "data-status", "failed"
    )
    expect(learner_page.locator(f'.lp-toc li[data-item="{link_item.pk}"]')).to_have_attribute(
        "data-locked", "1"
    )
    # Next is disabled and says what the item it reaches waits on, still after the failed test.
    expect(learner_page.locator("#lp-next")).to_have_attribute("aria-disabled", "true")
    expect(learner_page.locator("#lp-next-reason")).to_contain_text(
        "The next item is locked until you score at least 50 % in “Checkpoint”."
    )
    screenshot(learner_page, "learnpaths-player-next-locked")
    learner_page.goto(f"/courses/LPB/learnpaths/{path.pk}/play/{test_item.pk}/")
    answer_test(frame, "Yes")
    expect(learner_page.locator(f'.lp-toc li[data-item="{test_item.pk}"]')).to_have_attribute(
        "data-status", "passed"
    )
    expect(learner_page.locator("#lp-score")).to_contain_text("100")
    expect(
        learner_page.locator(f'.lp-toc li[data-item="{test_item.pk}"] .lp-item-score')
    ).to_contain_text("100")
    learner_page.locator("#lp-next").click()
    expect(learner_page.locator("#lp-item-title")).to_have_text("Further reading")
    assert ItemProgress.objects.get(item=link_item).status == Status.INCOMPLETE
    with learner_page.context.expect_page() as opened:
        learner_page.locator("#lp-open-tab").click()
    opened.value.wait_for_load_state()
    expect(opened.value.locator("h1")).to_have_text("Elsewhere")
    opened.value.close()
    assert ItemProgress.objects.get(item=link_item).status == Status.COMPLETED
    learner_page.goto(f"/courses/LPB/learnpaths/{path.pk}/play/{link_item.pk}/")
    expect(learner_page.locator("#lp-progress")).to_have_text("100 %")
    screenshot(learner_page, "learnpaths-player-done")

    # On a phone, the content comes first and the table of contents folds away.
    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    offline(phone, live_server)
    login(phone, learner.username, password)
    phone.goto(f"/courses/LPB/learnpaths/{path.pk}/play/{html_item.pk}/")
    expect(phone.frame_locator("#lp-content").locator("body")).to_contain_text("Welcome!")
    box = phone.locator("#lp-content").bounding_box()
    assert box["y"] < 844 * 0.4 and box["y"] + box["height"] <= 844 + 1, box
    expect(phone.locator(".lp-toc")).to_be_hidden()
    expect(phone.locator("#lp-next")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(_shot("learnpaths-player-phone")))
    phone.get_by_role("button", name="Table of contents").click()
    expect(phone.locator(".lp-toc")).to_be_visible()

    # The teacher's report.
    page.goto(f"/courses/LPB/learnpaths/{path.pk}/report/")
    expect(page.locator("table")).to_contain_text("100 %")
    screenshot(page, "learnpaths-report")
    assert PathItem.objects.filter(path=path).count() == 4


def _shot(name):
    from tests.browser.fixtures import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def test_builder_reorders_by_drag_and_drop(page, login, password, screenshot, course_with_tools):
    from learnpaths import services

    course, teacher, _learner = course_with_tools
    path = services.path_create(course=course, user=teacher, title="Drag")
    section = services.item_add(path=path, kind="section", title="Chapter")
    for title in ("First", "Second", "Third"):
        services.item_add(path=path, kind="text", title=title, text="<p>x</p>")
    login(page, teacher.username, password)
    page.goto(f"/courses/LPB/learnpaths/{path.pk}/build/?kind=section")
    handle = page.locator(".lp-node", has_text="Third").locator(".lp-handle")
    handle.drag_to(page.locator(".lp-node", has_text="First").locator(".lp-row"))
    expect(page.locator("#lp-status")).to_have_text("The new order is saved.")
    titles = list(path.items.filter(depth=0).order_by("rank").values_list("title", flat=True))
    assert titles.index("Third") < titles.index("First"), titles
    # Into the section: its (empty) list takes the item.
    page.reload()
    page.locator(".lp-node", has_text="Second").locator(".lp-handle").drag_to(
        page.locator(".lp-section > .lp-children")
    )
    expect(page.locator("#lp-status")).to_have_text("The new order is saved.")
    assert path.items.get(title="Second").parent_id == section.pk


def test_builder_rows_keep_their_titles_readable(
    page, login, password, screenshot, course_with_tools
):
    """With "Open in its tool" beside Edit, a title was squeezed to a few letters a line
    ("Wel / com / e") at 1280 px: the buttons go under the title when the row is short."""
    from learnpaths import services

    course, teacher, _learner = course_with_tools
    path = services.path_create(course=course, user=teacher, title="Narrow")
    from assessments.models import Quiz

    quiz = Quiz.objects.get(course=course, title="Checkpoint")
    services.item_add(path=path, kind="test", title="Checkpoint", target_id=quiz.pk)
    login(page, teacher.username, password)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/courses/LPB/learnpaths/{path.pk}/build/?kind=test")
    row = page.locator(".lp-node", has_text="Checkpoint")
    expect(row.locator(".lp-open-tool")).to_be_visible()
    title = row.locator(".lp-title")
    # One line for the title, whatever the buttons beside it.
    height = title.evaluate("el => el.getBoundingClientRect().height")
    line = title.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    assert height < 2.5 * line, (height, line)
    screenshot(page, "learnpaths-builder-row")


def test_builder_row_keeps_its_title_beside_its_icon_with_a_prerequisite(
    page, login, password, screenshot, course_with_tools
):
    """The prerequisite badge ("Checkpoint of the first week at least 12.5 %") made the title
    wider than what was left of the row: the whole title went down a line and left its icon
    alone above."""
    from decimal import Decimal

    from assessments.models import Quiz
    from learnpaths import services

    course, teacher, _learner = course_with_tools
    path = services.path_create(course=course, user=teacher, title="Badges")
    quiz = Quiz.objects.get(course=course, title="Checkpoint")
    first = services.item_add(
        path=path, kind="test", title="Checkpoint of the first week", target_id=quiz.pk
    )
    second = services.item_add(path=path, kind="text", title="Welcome", text="<p>x</p>")
    services.item_update(
        item=second,
        title="Welcome",
        visible=True,
        prerequisite=first,
        prerequisite_min_score=Decimal("12.5"),
    )
    login(page, teacher.username, password)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/courses/LPB/learnpaths/{path.pk}/build/?kind=test")
    row = page.locator(".lp-node", has_text="Welcome")
    expect(row.locator(".lp-requires")).to_be_visible()
    icon = row.locator(".lp-row > i.bi").first.bounding_box()
    title = row.locator(".lp-title").bounding_box()
    assert title["y"] < icon["y"] + icon["height"], (icon, title)
    screenshot(page, "learnpaths-builder-row-prerequisite")


def test_builder_offers_out_of_its_section_only_inside_one(
    page, login, password, screenshot, course_with_tools
):
    """The "Out of its section" arrow did nothing on a top-level item, yet every row had it:
    it shows on an item of a section only, and goes once the item is out."""
    from learnpaths import services

    course, teacher, _learner = course_with_tools
    path = services.path_create(course=course, user=teacher, title="Outdent")
    section = services.item_add(path=path, kind="section", title="Chapter")
    nested = services.item_add(
        path=path, kind="text", title="Inside", text="<p>x</p>", parent=section
    )
    top = services.item_add(path=path, kind="text", title="Outside", text="<p>x</p>")
    login(page, teacher.username, password)
    page.goto(f"/courses/LPB/learnpaths/{path.pk}/build/?kind=section")
    inside = page.locator(f"li[data-id='{nested.pk}'] > .lp-row .lp-outdent")
    expect(inside).to_be_visible()
    expect(page.locator(f"li[data-id='{top.pk}'] > .lp-row .lp-outdent")).to_be_hidden()
    expect(page.locator(".lp-section > .lp-row .lp-outdent")).to_be_hidden()
    inside.click()
    expect(page.locator("#lp-status")).to_have_text("The new order is saved.")
    assert path.items.get(title="Inside").parent_id is None
    expect(inside).to_be_hidden()
