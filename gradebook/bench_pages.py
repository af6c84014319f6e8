"""The gradebook's rows in `make bench` (found by bench/pages.py): the teacher's grid of a
course with 500 learners x 50 evaluations, every mark typed (issue #12: "well under a
second", with a query count independent of the size). ``python -m bench.profile gradebook``
gives its CPU time per request after a `make bench`."""

from bench.pages import PageSpec

LEARNERS, EVALUATIONS = 500, 50


def fixture(*, course, teacher, learners, data) -> dict:
    """The grid's course (gradebook.bench, made once and reused), with the bench teacher as
    its teacher; returns {"gradebook_code": its code}."""
    from courses.models import Enrollment
    from gradebook.bench import grid_bench_course

    grid_course = grid_bench_course(learners=LEARNERS, evaluations=EVALUATIONS)
    Enrollment.objects.get_or_create(
        user=teacher, course=grid_course, defaults={"role": Enrollment.Role.TEACHER}
    )
    return {"gradebook_code": grid_course.code}


PAGES = [
    PageSpec(
        f"gradebook grid ({LEARNERS} x {EVALUATIONS})",
        "/courses/{gradebook_code}/gradebook/",
        who="teacher",
    ),
]
