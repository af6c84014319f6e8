import factory

from courses.tests.factories import CourseFactory
from links.models import Link, LinkCategory


class LinkCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LinkCategory

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Category {n}")
    position = factory.Sequence(lambda n: n)


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Link {n}")
    url = factory.Sequence(lambda n: f"https://example.org/page-{n}")
    position = factory.Sequence(lambda n: n)
