import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from learnpaths import services
from learnpaths.models import LearningPath, PathAttempt, Status
from learnpaths.tests.factories import build_path

pytestmark = pytest.mark.django_db
CODE = "CRS1"


def url(name, *args):
    return reverse(f"learnpaths:{name}", args=[CODE, *args])


def test_teacher_builds_a_path_in_the_browser_forms(course_roles, client_for):
    client = client_for(course_roles["teacher"])
    response = client.post(url("create"), {"title": "Intro", "description": "", "visible": "on"})
    path = LearningPath.objects.get()
    assert response.url == url("builder", path.pk)
    client.post(url("item_add", path.pk), {"kind": "section", "title": "Chapter 1"})
    section = path.items.get()
    client.post(
        url("item_add", path.pk),
        {"kind": "text", "title": "Welcome", "text": "<p>Hi</p>", "parent": section.pk},
    )
    client.post(
        url("item_add", path.pk),
        {"kind": "link", "title": "About", "url": f"http://testserver/courses/{CODE}/about/"},
    )
    # A teachers' page is refused: a learner would get a 403 inside the player.
    response = client.post(
        url("item_add", path.pk),
        {"kind": "link", "title": "Builder", "url": f"/courses/{CODE}/learnpaths/{path.pk}/build/"},
    )
    assert path.items.count() == 3
    page = client.get(url("builder", path.pk)).content.decode()
    assert "Welcome" in page and "learnpaths/builder.js" in page
    link = path.items.get(kind="link")
    assert link.url == f"/courses/{CODE}/about/"
    welcome = path.items.get(title="Welcome")
    response = client.post(
        url("item_edit", path.pk, welcome.pk),
        {
            "title": "Welcome!",
            "visible": "",
            "text": "<p>Hello</p>",
            "prerequisite": link.pk,
            "prerequisite_min_score": "",
        },
    )
    assert response.status_code == 302
    welcome.refresh_from_db()
    assert welcome.title == "Welcome!" and not welcome.visible and welcome.prerequisite == link
    tree = [{"id": link.pk}, {"id": section.pk, "children": [{"id": welcome.pk}]}]
    response = client.post(
        url("reorder", path.pk), json.dumps({"tree": tree}), content_type="application/json"
    )
    assert response.json()["ok"] is True
    assert list(path.items.order_by("rank").values_list("title", flat=True)) == [
        "About",
        "Chapter 1",
        "Welcome!",
    ]
    response = client.post(url("reorder", path.pk), "nonsense", content_type="application/json")
    assert response.status_code == 400
    client.post(url("item_remove", path.pk, section.pk))
    assert list(path.items.values_list("title", flat=True)) == ["About"]
    client.post(url("delete", path.pk))
    assert not LearningPath.objects.exists()


def test_learners_cannot_build(course_roles, client_for):
    path = build_path(course_roles["course"], 1)
    client = client_for(course_roles["learner"])
    assert client.get(url("builder", path.pk)).status_code == 403
    assert (
        client.post(url("reorder", path.pk), "{}", content_type="application/json").status_code
        == 403
    )
    assert client.get(url("report", path.pk)).status_code == 403


def test_hidden_path_is_a_404_for_learners(course_roles, client_for):
    path = build_path(course_roles["course"], 1)
    services.path_update(path=path, visible=False)
    assert client_for(course_roles["learner"]).get(url("play", path.pk)).status_code == 404
    assert client_for(course_roles["teacher"]).get(url("play", path.pk)).status_code == 302
    page = client_for(course_roles["learner"]).get(url("index")).content.decode()
    assert path.title not in page


def test_player_tracks_resume_and_time(course_roles, client_for):
    path = build_path(course_roles["course"], 3)
    first, second, third = path.items.order_by("rank")
    client = client_for(course_roles["learner"])
    response = client.get(url("play", path.pk))
    assert response.url == url("play_item", path.pk, first.pk)
    page = client.get(response.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert url("item_text", path.pk, first.pk) in body
    assert 'id="lp-next"' in body and 'id="lp-previous"' not in body
    response = client.get(url("next", path.pk, first.pk))
    assert response.url == url("play_item", path.pk, second.pk)
    client.get(response.url)
    attempt = PathAttempt.objects.get()
    assert attempt.done_count == 2
    assert attempt.last_item == second
    # Resume: the path opens where the learner stopped.
    assert client.get(url("play", path.pk)).url == url("play_item", path.pk, second.pk)
    assert client.get(url("previous", path.pk, second.pk)).url == url(
        "play_item", path.pk, first.pk
    )
    assert client.get(url("next", path.pk, third.pk)).url == url("index")
    text = client.get(url("item_text", path.pk, first.pk))
    assert b"Hello" in text.content


def test_next_refuses_a_locked_item(course_roles, client_for):
    path = build_path(course_roles["course"], 3)
    first, second, third = path.items.order_by("rank")
    services.item_update(
        item=third, title=third.title, visible=True, prerequisite=first, prerequisite_min_score=90
    )
    client = client_for(course_roles["learner"])
    client.get(url("play_item", path.pk, second.pk))
    assert client.get(url("next", path.pk, second.pk)).url == url("play_item", path.pk, second.pk)
    assert client.get(url("play_item", path.pk, third.pk)).status_code == 302
    page = client.get(url("play_item", path.pk, second.pk)).content.decode()
    assert 'data-locked="1"' in page


def test_path_prerequisite_blocks_the_player(course_roles, client_for):
    first = build_path(course_roles["course"], 1)
    second = build_path(course_roles["course"], 1)
    services.path_update(path=second, requires=first)
    client = client_for(course_roles["learner"])
    index = client.get(url("index")).content.decode()
    assert index.count("bi-lock-fill") == 1
    assert client.get(url("play", second.pk)).url == url("index")
    assert client.get(url("play_item", second.pk, second.items.get().pk)).url == url("index")
    client.get(url("play_item", first.pk, first.items.get().pk))
    assert client.get(url("play", second.pk)).url == url(
        "play_item", second.pk, second.items.get().pk
    )


def test_choice_false_hides_toc_links_and_forward_only_hides_previous(course_roles, client_for):
    path = build_path(course_roles["course"], 3)
    services.path_update(path=path, seq_choice=False, seq_forward_only=True)
    first, second, third = path.items.order_by("rank")
    client = client_for(course_roles["learner"])
    # Without free choice, jumping ahead is refused; the first item is where one starts.
    assert client.get(url("play_item", path.pk, third.pk)).url == url("play", path.pk)
    assert client.get(url("play_item", path.pk, first.pk)).status_code == 200
    assert client.get(url("next", path.pk, first.pk)).url == url("play_item", path.pk, second.pk)
    page = client.get(url("play_item", path.pk, second.pk)).content.decode()
    assert url("play_item", path.pk, third.pk) not in page
    assert 'id="lp-previous"' not in page and 'id="lp-next"' in page
    # Forward only: no way back, not even by typing the address.
    assert client.get(url("previous", path.pk, second.pk)).url == url(
        "play_item", path.pk, second.pk
    )
    assert client.get(url("play_item", path.pk, first.pk)).url == url("play", path.pk)


def test_report_lists_learners(course_roles, client_for):
    path = build_path(course_roles["course"], 2)
    client_for(course_roles["learner"]).get(url("play_item", path.pk, path.items.first().pk))
    page = client_for(course_roles["tutor"]).get(url("report", path.pk)).content.decode()
    assert "50%" in page
    attempt = PathAttempt.objects.get()
    services.progress_record(
        attempt=attempt,
        item=path.items.last(),
        status=Status.PASSED,
        score=8,
        score_max=10,
        location="slide-3",
        suspend_data="abc",
    )
    detail = client_for(course_roles["tutor"]).get(url("report_attempt", path.pk, attempt.pk))
    body = detail.content.decode()
    assert "slide-3" in body and "abc" in body and "8 / 10" in body and "Passed" in body
    assert (
        client_for(course_roles["learner"])
        .get(url("report_attempt", path.pk, attempt.pk))
        .status_code
        == 403
    )


@pytest.mark.parametrize("size", [5, 200])
def test_next_and_toc_cost_the_same_whatever_the_length(
    size, course_roles, client_for, django_assert_max_num_queries
):
    # The same shape at both sizes (rollup costs one look per level of nesting, not per item).
    path = build_path(course_roles["course"], size)
    learner = course_roles["learner"]
    items = list(path.items.exclude(kind="section").order_by("rank"))
    attempt = services.attempt_current(path=path, user=learner)
    for item in items[: size // 2]:
        services.progress_record(attempt=attempt, item=item, status=Status.COMPLETED)
    client = client_for(learner)
    current = items[size // 2]
    client.get(url("play_item", path.pk, current.pk))  # warm the session
    # The learner spent 10 s on the current item: moving on records it, at both sizes alike.
    PathAttempt.objects.filter(pk=attempt.pk).update(
        opened_at=timezone.now() - timedelta(seconds=10)
    )
    with django_assert_max_num_queries(EXPECTED["next"]):
        response = client.get(url("next", path.pk, current.pk))
    assert response.status_code == 302
    with django_assert_max_num_queries(EXPECTED["toc"]):
        response = client.get(url("play_item", path.pk, items[size // 2 + 1].pk))
    assert response.status_code == 200
    assert response.content.decode().count("data-status=") == len(items)


# Upper bounds, the same at both sizes: a cached tool switch may save one query on a warm run.
EXPECTED = {"next": 7, "toc": 29}


def test_a_later_tool_adds_its_own_item_kind(course_roles, client_for, monkeypatch):
    from learnpaths import api

    kind = api.ItemKind(
        key="quiz",
        label="Quiz",
        icon="question",
        launch_url=lambda item: f"/courses/{CODE}/quizzes/{item.target_id}/",
        field="target",
        choices=lambda course: [(7, "Final quiz")],
    )
    monkeypatch.setitem(api._KINDS, "quiz", kind)
    path = build_path(course_roles["course"], 0)
    client = client_for(course_roles["teacher"])
    response = client.get(url("builder", path.pk) + "?kind=quiz")
    page = response.content.decode()
    assert response.status_code == 200, page[:2000]
    assert "Final quiz" in page and 'name="target" value="7"' in page
    client.post(url("item_add", path.pk), {"kind": "quiz", "title": "Q", "target": "8"})
    assert not path.items.exists()
    client.post(url("item_add", path.pk), {"kind": "quiz", "title": "Q", "target": "7"})
    item = path.items.get()
    assert item.target_id == 7
    page = client_for(course_roles["learner"]).get(url("play", path.pk), follow=True)
    assert f"/courses/{CODE}/quizzes/7/" in page.content.decode()


def _count_queries(client, address):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(address)  # caches warm (platform settings, session)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_index_and_report_cost_the_same_whatever_the_number_of_rows(course_roles, client_for):
    from accounts.tests.factories import UserFactory
    from courses.models import Enrollment
    from courses.tests.factories import EnrollmentFactory

    course, learner = course_roles["course"], course_roles["learner"]
    tutor = client_for(course_roles["tutor"])
    first = build_path(course, 2)
    services.attempt_current(path=first, user=learner)
    counts = []
    for extra in (0, 15):
        for _index in range(extra):
            path = build_path(course, 2)
            services.attempt_current(path=path, user=learner)
            user = UserFactory()
            EnrollmentFactory(course=course, user=user, role=Enrollment.Role.LEARNER)
            services.attempt_current(path=first, user=user)
        counts.append(
            (
                _count_queries(client_for(learner), url("index")),
                _count_queries(tutor, url("report", first.pk)),
            )
        )
    assert counts[0] == counts[1]


def test_package_prerequisite_expressions_lock_items(course_roles, client_for, tmp_path):
    from scorm.importer import package_import
    from scorm.tests.fixtures import scorm_fixtures, zip_entries

    folder = scorm_fixtures() / "edge-cases-scorm12" / "PrerequisitesTest_SCORM12"
    entries = {"imsmanifest.xml": (folder / "imsmanifest.xml").read_bytes()}
    entries.update({f"module{n}.html": b"<p>module</p>" for n in range(1, 5)})
    path = package_import(
        course=course_roles["course"],
        user=None,
        archive_path=zip_entries(tmp_path / "p.zip", entries),
    )
    items = {item.identifier: item for item in path.items.all()}
    assert items["module2"].prerequisite == items["module1"]
    learner = course_roles["learner"]
    client = client_for(learner)

    def locked():
        page = client.get(url("play_item", path.pk, items["module1"].pk)).content.decode()
        return {
            identifier
            for identifier, item in items.items()
            if f'data-item="{item.pk}" data-status' in page
            and f'data-item="{item.pk}" data-status="not_attempted" data-locked="1"' in page
        }

    # module2: module1; module3: module1 AND module2; module4: (module1 AND module2) OR module3
    assert locked() == {"module2", "module3", "module4"}
    attempt = PathAttempt.objects.get(user=learner)
    services.progress_record(attempt=attempt, item=items["module1"], status=Status.PASSED)
    assert locked() == {"module3", "module4"}
    services.progress_record(attempt=attempt, item=items["module2"], status=Status.COMPLETED)
    assert locked() == set()
    assert client.get(url("next", path.pk, items["module2"].pk)).url == url(
        "play_item", path.pk, items["module3"].pk
    )


def test_leaving_the_player_ends_the_time_on_a_plain_item(course_roles, client_for):
    path = build_path(course_roles["course"], 2)
    first = path.items.order_by("rank").first()
    client = client_for(course_roles["learner"])
    page = client.get(url("play_item", path.pk, first.pk)).content.decode()
    assert "learnpaths/player.js" in page and url("leave", path.pk, first.pk) in page
    attempt = PathAttempt.objects.get()
    assert attempt.open_item == first
    PathAttempt.objects.filter(pk=attempt.pk).update(
        opened_at=timezone.now() - timedelta(seconds=42)
    )
    assert client.post(url("leave", path.pk, 999)).status_code == 204  # another item: ignored
    assert client.post(url("leave", path.pk, first.pk)).status_code == 204
    attempt.refresh_from_db()
    assert 42 <= attempt.seconds <= 44
    assert attempt.items.get(item=first).seconds == attempt.seconds
    client.post(url("leave", path.pk, first.pk))  # counted once
    attempt.refresh_from_db()
    assert attempt.seconds <= 44


def test_opening_a_required_item_unlocks_the_next_one_at_once(course_roles, client_for):
    path = build_path(course_roles["course"], 2)
    first, second = path.items.order_by("rank")
    services.item_update(item=second, title=second.title, visible=True, prerequisite=first)
    page = client_for(course_roles["learner"]).get(url("play_item", path.pk, first.pk))
    assert 'data-locked="1"' not in page.content.decode()
    assert url("play_item", path.pk, second.pk) in page.content.decode()


def test_without_flow_next_and_previous_are_refused(course_roles, client_for):
    path = build_path(course_roles["course"], 2)
    services.path_update(path=path, seq_flow=False)
    first, second = path.items.order_by("rank")
    client = client_for(course_roles["learner"])
    page = client.get(url("play_item", path.pk, first.pk)).content.decode()
    assert 'id="lp-next"' not in page and url("play_item", path.pk, second.pk) in page
    assert client.get(url("next", path.pk, first.pk)).url == url("play_item", path.pk, first.pk)
    assert client_for(course_roles["teacher"]).get(url("next", path.pk, first.pk)).url == url(
        "play_item", path.pk, second.pk
    )
