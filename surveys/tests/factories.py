import factory

from courses.tests.factories import CourseFactory
from surveys.models import Survey


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Survey {n}")
    published = True
    anonymous = True
