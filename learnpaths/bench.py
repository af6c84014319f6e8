"""Data for the path report at scale: 500 learners × 30 items.

``make bench`` measures the report and its exports through learnpaths/bench_pages.py; the
test that asserts the same query bound at two sizes builds its data here too.
"""

from decimal import Decimal


def build_report_data(*, course, learners: int = 500, items: int = 30):
    """A path of ``items`` text items in ``course`` and ``learners`` new learners, each with
    one attempt and a progress row per item done (half of them) — a few bulk inserts."""
    from accounts.models import User
    from courses.models import Enrollment
    from learnpaths.models import ItemProgress, PathAttempt, Status
    from learnpaths.tests.factories import build_path

    path = build_path(course, items)
    path_items = list(path.items.order_by("rank"))
    users = User.objects.bulk_create(
        User(username=f"bench-learner-{course.pk}-{index}", first_name="L", last_name=f"{index}")
        for index in range(learners)
    )
    Enrollment.objects.bulk_create(
        Enrollment(course=course, user=user, role=Enrollment.Role.LEARNER) for user in users
    )
    done = items // 2
    attempts = PathAttempt.objects.bulk_create(
        PathAttempt(
            path=path,
            user=user,
            number=1,
            status=Status.INCOMPLETE,
            done_count=done,
            seconds=60 * done,
            score_sum=Decimal(80 * done),
            max_score_sum=Decimal(100 * done),
            last_item=path_items[done - 1] if done else None,
        )
        for user in users
    )
    ItemProgress.objects.bulk_create(
        ItemProgress(
            attempt=attempt,
            item=item,
            status=Status.PASSED,
            score=Decimal(80),
            score_max=Decimal(100),
            seconds=60,
        )
        for attempt in attempts
        for item in path_items[:done]
    )
    return path
