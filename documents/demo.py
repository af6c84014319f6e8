"""Demo content for `manage.py demo_data` (found by name, like every tool's demo.py)."""

from documents.services import folder_create, page_create


def load(*, course, teacher) -> None:
    page_create(
        course=course,
        parent=None,
        name="Welcome",
        user=teacher,
        content="<h2>Welcome</h2><p>Start with the <strong>course description</strong>, then "
        "read the first chapter.</p>",
    )
    folder_create(course=course, parent=None, name="Chapter 1", user=teacher)
