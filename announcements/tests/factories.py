import factory

from accounts.tests.factories import UserFactory
from announcements.models import Announcement
from courses.tests.factories import CourseFactory


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    course = factory.SubFactory(CourseFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Announcement {n}")
    content = "<p>Hello everyone.</p>"
