import factory

from assignments.models import Assignment
from courses.tests.factories import CourseFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Assignment {n}")
    max_score = 20
    kind = Assignment.Kind.EITHER
