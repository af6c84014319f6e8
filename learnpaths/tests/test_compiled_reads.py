"""The player's and the runtime's reads compiled once (learnpaths/compiled.py) refuse what the
querysets they replace refused: another course's path, hidden paths and items for learners,
ids that are not numbers; and they return the same rows."""

import pytest
from django.http import Http404

from courses.permissions import get_course_access
from courses.tests.factories import CourseFactory
from learnpaths import api, compiled, selectors
from learnpaths.models import PathItem
from learnpaths.services import attempt_current, progress_record
from learnpaths.tests.factories import LearningPathFactory, build_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(course_roles):
    course = course_roles["course"]
    path = build_path(course, 3)
    first, second, third = path.items.order_by("rank")
    PathItem.objects.filter(pk=third.pk).update(visible=False)
    hidden_path = LearningPathFactory(course=course, visible=False)
    hidden_item = build_path(course, 1).items.get()
    PathItem.objects.filter(pk=hidden_item.pk).update(visible=False)
    elsewhere = build_path(CourseFactory(), 1)
    learner = get_course_access(course_roles["learner"], course)
    tutor = get_course_access(course_roles["tutor"], course)
    return locals()


def _refused(call) -> bool:
    try:
        call()
    except Http404:
        return True
    return False


def test_get_path_and_get_item(setup):
    course, path, learner, tutor = setup["course"], setup["path"], setup["learner"], setup["tutor"]
    assert selectors.get_path(course=course, path_id=path.pk, access=learner) == path
    assert selectors.get_path(course=course, path_id=str(path.pk), access=learner) == path
    hidden, elsewhere = setup["hidden_path"], setup["elsewhere"]
    assert _refused(lambda: selectors.get_path(course=course, path_id=hidden.pk, access=learner))
    assert selectors.get_path(course=course, path_id=hidden.pk, access=tutor) == hidden
    assert _refused(lambda: selectors.get_path(course=course, path_id=elsewhere.pk, access=tutor))
    assert _refused(lambda: selectors.get_path(course=course, path_id="1x", access=tutor))
    third = setup["third"]
    assert _refused(lambda: selectors.get_item(path=path, item_id=third.pk, access=learner))
    assert selectors.get_item(path=path, item_id=third.pk, access=tutor) == third
    other_item = setup["elsewhere"].items.get()
    assert _refused(lambda: selectors.get_item(path=path, item_id=other_item.pk, access=tutor))


def test_path_item_for_viewer(setup):
    course, path, learner, tutor = setup["course"], setup["path"], setup["learner"], setup["tutor"]

    def read(path_id, item_id, access):
        return api.path_item_for_viewer(
            course=course, path_id=path_id, item_id=item_id, access=access
        )

    found_path, item = read(path.pk, setup["first"].pk, learner)
    assert (found_path, item) == (path, setup["first"]) and found_path.course is course
    assert found_path.title == path.title  # the path came with the item (select_related)
    assert _refused(lambda: read(path.pk, setup["third"].pk, learner))  # hidden item
    assert read(path.pk, setup["third"].pk, tutor)[1] == setup["third"]
    hidden_item = setup["hidden_item"]
    assert _refused(lambda: read(hidden_item.path_id, hidden_item.pk, learner))
    other = setup["elsewhere"]
    assert _refused(lambda: read(other.pk, other.items.get().pk, tutor))  # another course
    assert _refused(lambda: read(path.pk, other.items.get().pk, tutor))  # another path
    assert _refused(lambda: read(path.pk, "abc", tutor))
    assert _refused(lambda: read(path.pk, 2**64, tutor))  # no key column holds it
    assert _refused(lambda: read(2**70, setup["first"].pk, tutor))


def test_rows_as_the_orm_reads_them(setup, course_roles):
    path = setup["path"]
    assert compiled.PATH_ITEMS.all(path_id=path.pk) == list(path.items.order_by("rank"))
    assert compiled.PATH_ITEMS.all(path_id=-99) == []
    user = course_roles["learner"]
    assert compiled.LATEST_ATTEMPT.first(path_id=path.pk, user_id=user.pk) is None
    attempt = attempt_current(path=path, user=user)
    progress_record(attempt=attempt, item=setup["first"], status="completed")
    assert compiled.LATEST_ATTEMPT.first(path_id=path.pk, user_id=user.pk) == attempt
    with_path = selectors.latest_attempt(path_id=path.pk, user=user)
    assert with_path == attempt and with_path.path.title == path.title
    rows = compiled.ATTEMPT_PROGRESS.all(attempt_id=attempt.pk)
    assert [(r.item_id, r.status) for r in rows] == [(setup["first"].pk, "completed")]


@pytest.mark.parametrize("size", [5, 200])
def test_resuming_a_path_costs_the_same_whatever_its_length(
    size, course_roles, client_for, django_assert_max_num_queries
):
    from django.urls import reverse

    path = build_path(course_roles["course"], size)
    client = client_for(course_roles["learner"])
    play = reverse("learnpaths:play", args=[course_roles["course"].code, path.pk])
    assert client.get(play).status_code == 302  # the first time creates the attempt
    # user, course, path, attempt, items, progress rows: the same at 5 and 200 items.
    with django_assert_max_num_queries(RESUME_QUERIES):
        response = client.get(play)
    assert response.status_code == 302


RESUME_QUERIES = 6
