import pytest

from courses.models import Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory


@pytest.fixture
def people(password):
    """The GOLF course with a teacher and a learner."""
    course = CourseFactory(code="GOLF", title="Golf")
    teacher = EnrollmentFactory(course=course, role=Enrollment.Role.TEACHER).user
    learner = EnrollmentFactory(course=course, role=Enrollment.Role.LEARNER).user
    return course, teacher, learner
