import factory

from courses.tests.factories import CourseFactory
from glossary.models import Term


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    course = factory.SubFactory(CourseFactory)
    term = factory.Sequence(lambda n: f"Term {n}")
    definition = "<p>A definition.</p>"
