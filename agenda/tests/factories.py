from datetime import UTC, datetime

import factory

from agenda.models import Event
from courses.tests.factories import CourseFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.COURSE
    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    start = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    timezone = "UTC"
