import pytest
from django.urls import reverse

from courses.tests.factories import EnrollmentFactory
from groups.tests.factories import GroupFactory, MembershipFactory
from wiki import services
from wiki.links import link_keys, page_key
from wiki.merge import blocks, diff_blocks, merge3
from wiki.models import WikiPage

pytestmark = pytest.mark.django_db

BASE = "<p>one</p><p>two</p><p>three</p><p>four</p>"


def url(name, course, **kwargs):
    return reverse(f"wiki:{name}", kwargs={"code": course.code, **kwargs})


def test_blocks_split_on_closing_tags():
    assert blocks("<h1>T</h1><p>a<br>b</p><ul><li>x</li></ul>") == [
        "<h1>T</h1>",
        "<p>a<br>",
        "b</p>",
        "<ul><li>x</li>",
        "</ul>",
    ]


def test_merge3_keeps_both_edits_when_they_do_not_overlap():
    theirs = BASE.replace("one", "ONE")
    mine = BASE.replace("four", "FOUR") + "<p>five</p>"
    result = merge3(BASE, theirs, mine)
    assert result.clean
    assert blocks(result.content) == [
        "<p>ONE</p>",
        "<p>two</p>",
        "<p>three</p>",
        "<p>FOUR</p>",
        "<p>five</p>",
    ]


def test_merge3_reports_overlapping_edits():
    result = merge3(BASE, BASE.replace("two", "deux"), BASE.replace("two", "zwei"))
    assert not result.clean
    assert result.conflicts == [(["<p>deux</p>"], ["<p>zwei</p>"])]


def test_merge3_same_change_on_both_sides_is_no_conflict():
    same = BASE.replace("three", "3")
    assert merge3(BASE, same, same).clean


def test_diff_blocks():
    assert diff_blocks("<p>a</p><p>b</p>", "<p>a</p><p>c</p>") == [
        ("same", "<p>a</p>"),
        ("removed", "<p>b</p>"),
        ("added", "<p>c</p>"),
    ]


def test_links():
    assert page_key("  Main   Page ") == "main-page"
    assert link_keys("<p>[[Main page]] and [[Other|see]] [[main page]]</p>") == [
        "main-page",
        "other",
    ]


def test_concurrent_saves_merge_or_conflict_never_overwrite(course_roles):
    course = course_roles["course"]
    a, b = course_roles["learner"], course_roles["tutor"]
    page = services.page_create(course=course, group_id=None, title="Cells", content=BASE, author=a)
    assert page.revision == 1
    services.page_save(page=page, base_revision=1, content=BASE.replace("one", "ONE"), author=a)
    revision, merged = services.page_save(
        page=page, base_revision=1, content=BASE.replace("four", "FOUR"), author=b
    )
    page.refresh_from_db()
    assert merged and revision.merged and page.revision == 3
    assert "ONE" in page.content and "FOUR" in page.content
    with pytest.raises(services.EditConflict) as clash:
        services.page_save(page=page, base_revision=1, content=BASE.replace("one", "uno"), author=b)
    assert clash.value.merge.conflicts
    page.refresh_from_db()
    assert page.revision == 3 and "ONE" in page.content  # nothing was saved


def test_pages_links_history_diff_restore(course_roles, client_for):
    course = course_roles["course"]
    learner = client_for(course_roles["learner"])
    response = learner.post(
        url("create", course),
        {"title": "Main page", "content": "<p>See [[Photosynthesis]]</p><script>alert(1)</script>"},
    )
    assert response.status_code == 302
    page = WikiPage.objects.get()
    assert "<script" not in page.content
    shown = learner.get(url("page", course, key="main-page"))
    assert b'class="wiki-link wiki-wanted"' in shown.content
    assert learner.get(url("index", course)).status_code == 302  # to the main page
    assert learner.get(url("page", course, key="photosynthesis")).status_code == 404
    assert b"photosynthesis" in learner.get(url("wanted", course)).content
    learner.post(url("create", course), {"title": "Photosynthesis", "content": "<p>Light</p>"})
    assert b'class="wiki-link"' in learner.get(url("page", course, key="main-page")).content
    learner.post(
        url("edit", course, key="photosynthesis"),
        {"content": "<p>Light and water</p>", "base_revision": 1, "comment": "water"},
    )
    diff = learner.get(url("diff", course, key="photosynthesis") + "?from=1&to=2")
    assert b"wiki-diff-removed" in diff.content and b"wiki-diff-added" in diff.content
    assert b"water" in learner.get(url("history", course, key="photosynthesis")).content
    learner.post(url("restore", course, key="photosynthesis", number=1))
    restored = WikiPage.objects.get(key="photosynthesis")
    assert restored.revision == 3 and restored.content == "<p>Light</p>"
    orphaned = learner.get(url("orphaned", course)).content
    assert b"Main page" in orphaned and b"Photosynthesis</a>" not in orphaned
    assert b"Photosynthesis" in learner.get(url("search", course) + "?q=light").content
    assert b"Photosynthesis" in learner.get(url("recent", course)).content
    pdf = learner.get(url("pdf", course, key="photosynthesis"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_edit_conflict_shows_both_versions(course_roles, client_for):
    course = course_roles["course"]
    page = services.page_create(
        course=course, group_id=None, title="T", content=BASE, author=course_roles["teacher"]
    )
    services.page_save(
        page=page,
        base_revision=1,
        content=BASE.replace("two", "deux"),
        author=course_roles["teacher"],
    )
    response = client_for(course_roles["learner"]).post(
        url("edit", course, key=page.key),
        {"content": BASE.replace("two", "zwei"), "base_revision": 1},
    )
    assert response.status_code == 200
    assert b"wiki-theirs" in response.content and b"deux" in response.content
    assert b"zwei" in response.content
    assert response.context["form"]["base_revision"].value() == 2


def test_lock_hide_and_discussion_escaped(course_roles, client_for):
    course = course_roles["course"]
    page = services.page_create(
        course=course, group_id=None, title="T", content="<p>x</p>", author=course_roles["teacher"]
    )
    learner = client_for(course_roles["learner"])
    teacher = client_for(course_roles["teacher"])
    assert learner.post(url("flags", course, key=page.key), {"action": "lock"}).status_code == 403
    teacher.post(url("flags", course, key=page.key), {"action": "lock"})
    assert learner.get(url("edit", course, key=page.key)).status_code == 403
    teacher.post(url("flags", course, key=page.key), {"action": "hide"})
    assert learner.get(url("page", course, key=page.key)).status_code == 403
    teacher.post(url("flags", course, key=page.key), {"action": "show"})
    learner.post(url("discuss", course, key=page.key), {"text": "<img src=x onerror=alert(1)>hi"})
    shown = learner.get(url("discuss", course, key=page.key)).content
    assert b"&lt;img src=x onerror=alert(1)&gt;hi" in shown and b"<img src=x" not in shown


def test_group_wiki_is_private_to_the_group(course_roles, client_for):
    course = course_roles["course"]
    group = GroupFactory(course=course, wiki="private")
    MembershipFactory(group=group, user=course_roles["learner"])
    member = client_for(course_roles["learner"])
    other = client_for(EnrollmentFactory(course=course).user)
    response = member.post(
        url("create", course, group_id=group.pk), {"title": "Plan", "content": "<p>ours</p>"}
    )
    assert response.status_code == 302
    page = WikiPage.objects.get()
    assert page.group_id == group.pk
    assert member.get(url("page", course, group_id=group.pk, key="plan")).status_code == 200
    assert other.get(url("page", course, group_id=group.pk, key="plan")).status_code == 403
    assert other.get(url("group_index", course, group_id=group.pk)).status_code == 403
    # The course wiki does not show the group's page.
    assert member.get(url("page", course, key="plan")).status_code == 404


def test_a_path_item_leads_to_its_page_reading_no_left_out_field(course_roles, no_deferred_loads):
    """wiki.api._launch_url reads the page with only("key")."""
    from types import SimpleNamespace

    from wiki.api import _launch_url

    course = course_roles["course"]
    page = services.page_create(
        course=course, group_id=None, title="Road map", content="x", author=course_roles["teacher"]
    )
    item = SimpleNamespace(target_id=page.pk, path=SimpleNamespace(course=course))
    assert _launch_url(item) == reverse("wiki:page", kwargs={"code": course.code, "key": page.key})
