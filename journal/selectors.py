"""Reads of the class journal."""

from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from courses.models import Course
from journal.models import Advance, Theme


def themes(course: Course) -> QuerySet:
    """The themes with their advances in order: two queries."""
    return (
        Theme.objects.filter(course=course)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("advances", Advance.objects.order_by("date", "pk")))
    )


def progress_percent(course: Course) -> Decimal | None:
    """Advances done / all advances of the course x 100 (Chamilo's course progress); None when
    the journal has no advance. One query."""
    counts = Advance.objects.filter(theme__course=course).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(done=True))
    )
    if not counts["total"]:
        return None
    return Decimal(counts["done"] * 100) / Decimal(counts["total"])


def theme_percent(theme: Theme) -> Decimal | None:
    """Same per theme, from its prefetched advances."""
    advances = list(theme.advances.all())
    if not advances:
        return None
    return Decimal(sum(1 for a in advances if a.done) * 100) / Decimal(len(advances))
