"""Demo content for `manage.py demo_data`."""

from links.services import category_create, link_create


def load(*, course, teacher) -> None:
    category = category_create(course=course, title="References")
    link_create(
        course=course,
        category=category,
        title="Wikipedia",
        url="https://www.wikipedia.org/",
        description="The free encyclopedia.",
    )
