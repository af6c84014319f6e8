"""Demo content for `manage.py demo_data`."""

from announcements.services import announcement_create


def load(*, course, teacher) -> None:
    announcement_create(
        course=course,
        author=teacher,
        title="Welcome to the course",
        content="<p>The first session starts on Monday. Bring your questions!</p>",
    )
