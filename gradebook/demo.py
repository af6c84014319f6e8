"""Demo content for `manage.py demo_data`."""

from decimal import Decimal

from gradebook.services import category_create, evaluation_create, settings_save


def load(*, course, teacher) -> None:
    settings_save(
        course=course,
        pass_mark=Decimal(50),
        use_scale=False,
        certificates_enabled=True,
        certificate_template="",
    )
    exams = category_create(course=course, name="Exams", weight=Decimal(60))
    work = category_create(course=course, name="Coursework", weight=Decimal(40))
    evaluation_create(course=course, name="Final exam", category=exams, weight=Decimal(100))
    evaluation_create(
        course=course, name="Homework", category=work, weight=Decimal(100), max_score=Decimal(10)
    )
