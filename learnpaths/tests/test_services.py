from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from learnpaths import selectors, services
from learnpaths.models import PathAttempt, PathItem, Status
from learnpaths.tests.factories import build_path

pytestmark = pytest.mark.django_db


def tree_of(path):
    return [
        (i.title, i.parent.title if i.parent else None, i.depth)
        for i in path.items.select_related("parent").order_by("rank")
    ]


def test_add_items_and_sections_keeps_reading_order(course_roles):
    course = course_roles["course"]
    path = services.path_create(course=course, user=course_roles["teacher"], title="P")
    section = services.item_add(path=path, kind="section", title="S")
    services.item_add(path=path, kind="text", title="A", text="<p>a</p><script>x</script>")
    services.item_add(path=path, kind="text", title="B", text="b", parent=section)
    assert tree_of(path) == [("S", None, 0), ("B", "S", 1), ("A", None, 0)]
    path.refresh_from_db()
    assert path.item_count == 2
    assert "<script>" not in PathItem.objects.get(title="A").text


def test_link_is_external_or_a_learners_page_of_this_course(course_roles):
    path = services.path_create(course=course_roles["course"], user=None, title="P")
    external = services.item_add(path=path, kind="link", title="E", url="https://example.org/a")
    assert external.url == "https://example.org/a" and external.target_id is None
    for refused in (
        "/courses/OTHER/",  # another course
        "javascript:alert(1)",
        "/courses/CRS1/learnpaths/1/build/",  # a teachers' page: learners get a 403
        "/courses/CRS1/no-such-page/",
    ):
        with pytest.raises(ValidationError):
            services.item_add(path=path, kind="link", title="L", url=refused)
    item = services.item_add(path=path, kind="link", title="L", url="/courses/CRS1/description/")
    assert item.url == "/courses/CRS1/description/"


def test_reorder_nests_and_refuses_foreign_or_missing_ids(course_roles):
    path = build_path(course_roles["course"], 3, sections=1)
    ids = {i.title: i.pk for i in path.items.all()}
    section = next(i for i in path.items.all() if i.kind == "section")
    tree = [
        {"id": ids["Item 2"]},
        {"id": section.pk, "children": [{"id": ids["Item 0"]}, {"id": ids["Item 1"]}]},
    ]
    services.tree_reorder(path=path, tree=tree)
    assert [t[0] for t in tree_of(path)] == ["Item 2", section.title, "Item 0", "Item 1"]
    other = build_path(course_roles["course"], 1)
    with pytest.raises(ValidationError):
        services.tree_reorder(path=path, tree=[*tree, {"id": other.items.first().pk}])
    with pytest.raises(ValidationError):
        services.tree_reorder(path=path, tree=tree[:1])
    with pytest.raises(ValidationError):
        services.tree_reorder(path=path, tree=[{"id": "x"}])


def test_remove_item_renumbers(course_roles):
    path = build_path(course_roles["course"], 3)
    services.item_remove(item=path.items.get(title="Item 1"))
    assert [i.rank for i in path.items.order_by("rank")] == [0, 1]
    path.refresh_from_db()
    assert path.item_count == 2


def test_progress_counters_move_incrementally(course_roles):
    learner = course_roles["learner"]
    path = build_path(course_roles["course"], 4)
    items = list(path.items.order_by("rank"))
    attempt = services.attempt_current(path=path, user=learner)
    services.progress_record(
        attempt=attempt, item=items[0], status=Status.COMPLETED, add_seconds=30
    )
    services.progress_record(
        attempt=attempt,
        item=items[1],
        status=Status.PASSED,
        score=80,
        score_max=100,
        add_seconds=45,
    )
    # Reporting the same status again does not count twice; time adds up.
    services.progress_record(attempt=attempt, item=items[1], status=Status.PASSED, add_seconds=5)
    services.progress_record(attempt=attempt, item=items[2], status=Status.INCOMPLETE)
    attempt.refresh_from_db()
    assert attempt.done_count == 2
    assert attempt.seconds == 80
    assert attempt.status == Status.INCOMPLETE
    assert attempt.seconds == sum(p.seconds for p in attempt.items.all())
    assert selectors.progress_percent(attempt) == 50
    assert selectors.score_percent(attempt) == Decimal("80.00")
    # Going back from passed to failed keeps the counter; to incomplete removes it.
    services.progress_record(attempt=attempt, item=items[1], status=Status.INCOMPLETE)
    attempt.refresh_from_db()
    assert attempt.done_count == 1
    for item in items:
        services.progress_record(attempt=attempt, item=item, status=Status.COMPLETED)
    attempt.refresh_from_db()
    assert attempt.status == Status.COMPLETED
    assert selectors.progress_percent(attempt) == 100


def test_section_rolls_up_when_all_children_are_done(course_roles):
    path = build_path(course_roles["course"], 4, sections=1)
    section = path.items.get(kind="section")
    children = list(path.items.filter(parent=section))
    attempt = services.attempt_current(path=path, user=course_roles["learner"])
    for child in children:
        services.progress_record(attempt=attempt, item=child, status=Status.PASSED)
    assert attempt.items.get(item=section).status == Status.PASSED
    services.progress_record(attempt=attempt, item=children[0], status=Status.COMPLETED)
    assert attempt.items.get(item=section).status == Status.COMPLETED
    services.progress_record(attempt=attempt, item=children[1], status=Status.FAILED)
    assert attempt.items.get(item=section).status == Status.FAILED


def test_prerequisite_locks_until_completed_or_scored(course_roles):
    path = build_path(course_roles["course"], 2)
    first, second = path.items.order_by("rank")
    services.item_update(
        item=second,
        title=second.title,
        visible=True,
        prerequisite=first,
        prerequisite_min_score=Decimal(50),
    )
    attempt = services.attempt_current(path=path, user=course_roles["learner"])
    access = type("A", (), {"can_tutor": False})()
    toc = selectors.build_toc(path=path, attempt=attempt, access=access)
    assert toc.by_id[second.pk].locked
    services.progress_record(attempt=attempt, item=first, status=Status.COMPLETED, score=40)
    assert selectors.item_locked(item=PathItem.objects.get(pk=second.pk), attempt=attempt)
    services.progress_record(attempt=attempt, item=first, score=60)
    assert not selectors.item_locked(item=PathItem.objects.get(pk=second.pk), attempt=attempt)
    with pytest.raises(ValidationError):
        services.item_update(item=second, title="x", visible=True, prerequisite=second)


def test_path_requires_path(course_roles):
    course, learner = course_roles["course"], course_roles["learner"]
    first = build_path(course, 1)
    second = build_path(course, 1)
    services.path_update(path=second, requires=first)
    assert not selectors.path_prerequisite_met(path=second, user=learner)
    attempt = services.attempt_current(path=first, user=learner)
    services.progress_record(attempt=attempt, item=first.items.get(), status=Status.COMPLETED)
    assert selectors.path_prerequisite_met(path=second, user=learner)
    with pytest.raises(ValidationError):
        services.path_update(path=first, requires=first)


def test_gradebook_interface(course_roles):
    from learnpaths.api import course_paths, learner_result, learner_results

    learner = course_roles["learner"]
    path = build_path(course_roles["course"], 2)
    assert learner_result(path_id=path.pk, user=learner) is None
    attempt = services.attempt_current(path=path, user=learner)
    services.progress_record(
        attempt=attempt,
        item=path.items.first(),
        status=Status.PASSED,
        score=7,
        score_max=10,
        add_seconds=12,
    )
    result = learner_result(path_id=path.pk, user=learner)
    assert result.progress == 50 and result.score == Decimal("70.00") and result.seconds == 12
    assert (path.pk, path.title) in course_paths(course_roles["course"])
    assert learner_results(path_id=path.pk)[learner.pk] == result
    restarted = services.attempt_restart(path=path, user=learner)
    assert restarted.number == 2
    assert learner_results(path_id=path.pk, user_ids=[learner.pk])[learner.pk].attempt == 2
    assert PathAttempt.objects.filter(path=path, user=learner).count() == 2


def test_duration_filter():
    from learnpaths.templatetags.learnpaths import duration

    assert duration(3723) == "1:02:03"
    assert duration(None) == "0:00:00"
    assert duration("x") == ""


def test_removing_or_hiding_an_item_recounts_attempts(course_roles):
    path = build_path(course_roles["course"], 3)
    first, second, third = path.items.order_by("rank")
    attempt = services.attempt_current(path=path, user=course_roles["learner"])
    services.progress_record(attempt=attempt, item=first, status=Status.COMPLETED, add_seconds=10)
    services.progress_record(
        attempt=attempt, item=second, status=Status.PASSED, score=5, score_max=10, add_seconds=20
    )
    services.item_remove(item=first)
    attempt.refresh_from_db()
    assert (attempt.done_count, attempt.seconds) == (1, 20)
    assert attempt.seconds == sum(p.seconds for p in attempt.items.all())
    services.item_update(item=third, title=third.title, visible=False)
    attempt.refresh_from_db()
    path.refresh_from_db()
    assert path.item_count == 1 and attempt.done_count == 1
    assert attempt.status == Status.COMPLETED
    assert selectors.score_percent(attempt) == Decimal("50.00")
