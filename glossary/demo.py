"""Demo content for `manage.py demo_data`."""

from glossary.services import term_create


def load(*, course, teacher) -> None:
    term_create(course=course, term="Syllabus", definition="<p>The plan of a course.</p>")
