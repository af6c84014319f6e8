import string

from django.db.models import Count, Q, QuerySet

from courses.models import Course
from glossary.models import GlossarySettings, Term


def course_terms(course: Course, *, letter: str = "", query: str = "") -> QuerySet[Term]:
    terms = Term.objects.filter(course=course)
    if letter:
        terms = terms.filter(letter=letter)
    if query:
        terms = terms.filter(Q(term__icontains=query) | Q(definition__icontains=query))
    return terms.order_by("sort_key", "normalized")


def letter_counts(course: Course) -> list[tuple[str, int]]:
    """Every index letter A–Z and '#', with the number of terms under it (one query)."""
    counts = dict(
        Term.objects.filter(course=course)
        .values_list("letter")
        .annotate(n=Count("pk"))
        .values_list("letter", "n")
    )
    return [(letter, counts.get(letter, 0)) for letter in [*string.ascii_uppercase, "#"]]


def glossary_settings(course: Course) -> GlossarySettings:
    settings = GlossarySettings.objects.filter(course=course).first()
    return settings or GlossarySettings(course=course)
