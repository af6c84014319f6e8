"""The learning-path report in `make bench` (bench/pages.py's hook): 500 learners × 30 items.

The report lives in a course of its own (BENCH-LP) so that its 500 learners do not change what
the class pages of the main bench course measure. Made once; later runs find it.
"""

from bench.pages import PageSpec

COURSE = "BENCH-LP"
LEARNERS = 500
ITEMS = 30


def fixture(*, course, teacher, learners, data) -> dict:
    from courses.models import Course, Enrollment
    from learnpaths.bench import build_report_data
    from learnpaths.models import LearningPath

    report_course, created = Course.objects.get_or_create(
        code=COURSE, defaults={"title": "Bench: learning-path report"}
    )
    Enrollment.objects.get_or_create(
        course=report_course, user=teacher, defaults={"role": Enrollment.Role.TEACHER}
    )
    path = LearningPath.objects.filter(course=report_course).first()
    if path is None:
        path = build_report_data(course=report_course, learners=LEARNERS, items=ITEMS)
    return {"lp_report_code": COURSE, "lp_report_path_id": path.pk}


_REPORT = "/courses/{lp_report_code}/learnpaths/{lp_report_path_id}/report/"

PAGES = [
    PageSpec(f"LP report ({LEARNERS} x {ITEMS})", _REPORT, who="teacher"),
    PageSpec(f"LP report CSV ({LEARNERS} x {ITEMS})", _REPORT + "export.csv", who="teacher"),
    PageSpec(f"LP report XLSX ({LEARNERS} x {ITEMS})", _REPORT + "export.xlsx", who="teacher"),
]
