"""core.compiled: a query compiled once answers as the ORM would, for every set of values."""

import datetime

import pytest
from django.db.models import Subquery

from accounts.tests.factories import UserFactory
from core.compiled import CompiledQuery
from courses.models import Course, CourseSession, Enrollment, SessionCourse
from courses.permissions import _courses_with_viewer_role
from courses.tests.factories import CategoryFactory, CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
QUERY = CompiledQuery(
    _courses_with_viewer_role, code="\x00code", user_id=-1, today=datetime.date(1, 1, 1)
)
VIEWER = ("viewer_role", "viewer_session", "viewer_session_open", "viewer_coaches")


def _facts(course):
    """Every field of the course and its category, and the viewer's annotations."""
    fields = {f.attname: getattr(course, f.attname) for f in Course._meta.concrete_fields}
    category = course.category
    fields["category"] = (category.code, category.names) if category else None
    return fields, tuple(getattr(course, name) for name in VIEWER), course._state.db


def test_same_answers_as_the_orm_for_each_viewer():
    category = CategoryFactory(names={"fr": "Sciences"})
    course = CourseFactory(category=category, description="<p>Hi</p>")
    other = CourseFactory()
    learner = EnrollmentFactory(course=course).user
    teacher = EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER).user
    session = CourseSession.objects.create(
        name="Spring", starts_on=datetime.date(2026, 6, 1), ends_on=datetime.date(2026, 6, 30)
    )
    in_session = EnrollmentFactory(course=course, session=session).user
    coach, general_coach, stranger = UserFactory(), UserFactory(), UserFactory()
    SessionCourse.objects.create(session=session, course=course, coach=coach)
    session.general_coach = general_coach
    session.save()
    EnrollmentFactory(course=other, user=stranger)
    seen = set()
    for user in (learner, teacher, in_session, coach, general_coach, stranger):
        for today in (TODAY, datetime.date(2026, 7, 1)):
            expected = _courses_with_viewer_role(course.code, user.pk, today).first()
            compiled = QUERY.first(code=course.code, user_id=user.pk, today=today)
            assert _facts(compiled) == _facts(expected)
            seen.add(_facts(compiled)[1])
    # The cases differ from one another: the values are substituted, not the first ones kept.
    assert (Enrollment.Role.LEARNER, None, False, False) in seen
    assert (Enrollment.Role.TEACHER, None, False, False) in seen
    assert (Enrollment.Role.LEARNER, session.pk, True, False) in seen
    assert (Enrollment.Role.LEARNER, session.pk, False, False) in seen
    assert (None, None, False, True) in seen
    assert (None, None, False, False) in seen
    # The category's JSON column went through its converter (a dict, not a string).
    compiled = QUERY.first(code=course.code, user_id=learner.pk, today=TODAY)
    assert compiled.category.names == {"fr": "Sciences"}


def test_one_query_and_none_for_a_missing_row(django_assert_num_queries):
    course = CourseFactory()
    with django_assert_num_queries(1):
        assert QUERY.first(code="NOPE", user_id=1, today=TODAY) is None
    with django_assert_num_queries(1):
        assert QUERY.first(code=course.code, user_id=1, today=TODAY).pk == course.pk


def test_a_placeholder_folded_into_the_sql_is_refused():
    # Slicing with a value puts it in the SQL text (LIMIT 3), not among the parameters.
    broken = CompiledQuery(lambda n: Course.objects.all()[:n], n=3)
    with pytest.raises(ValueError, match="placeholders"):
        broken.first(n=5)


def test_a_subquery_compiled_once_still_follows_each_value():
    first, second = CourseFactory(title="First"), CourseFactory(title="Second")
    query = CompiledQuery(
        lambda code: Course.objects.filter(
            pk=Subquery(Course.objects.filter(code=code).values("pk")[:1])
        ),
        code="\x00",
    )
    assert query.first(code=first.code).title == "First"
    assert query.first(code=second.code).title == "Second"


def test_what_the_rows_would_not_carry_is_refused():
    for build in (
        lambda code: Course.objects.filter(code=code).prefetch_related("enrollments"),
        lambda code: Course.objects.filter(code=code).values("title"),
    ):
        with pytest.raises(ValueError, match="plain model querysets"):
            CompiledQuery(build, code="\x00").first(code="C1")
