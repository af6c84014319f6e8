"""The glossary in course backups (backups.api): terms and definitions, and its settings.

A term is in conflict with the course's term written the same way (case and spaces aside).
"""

from django.utils.translation import gettext_lazy as _

from backups.api import Provider, clean_html, dump, numbered, plan_conflicts, restore_rows, select
from glossary.models import GlossarySettings, Term, index_letter, normalize_term, sort_key


def items(course) -> list[tuple[int, str]]:
    return list(Term.objects.filter(course=course).values_list("pk", "term"))


def export(course, selection, writer) -> dict:
    settings = GlossarySettings.objects.filter(course=course).values("highlight_in_documents")
    return {
        "terms": dump(select(Term.objects.filter(course=course), selection)),
        "settings": dict(settings.first() or {}),
    }


def restore(course, data, files, conflict_policy, context) -> dict:
    existing = dict(Term.objects.filter(course=course).values_list("normalized", "pk"))
    plan = plan_conflicts(
        data.get("terms", []),
        existing,
        key=lambda row: normalize_term(row["term"]),
        rename=lambda row, n: row.update(term=numbered(row["term"], n)),
        policy=conflict_policy,
    )
    Term.objects.filter(course=course, pk__in=plan.replaced).delete()
    context.remember("glossary.term", plan.kept)
    rows = []
    for row in plan.rows:
        # Term.save() derives these; bulk_create does not call it.
        term = " ".join(row["term"].split())
        rows.append(
            {
                **row,
                "term": term,
                "normalized": normalize_term(term),
                "sort_key": sort_key(term),
                "letter": index_letter(term),
                "definition": clean_html(row["definition"], context),
            }
        )
    created = restore_rows(Term, rows, context=context, course_id=course.pk)
    if data.get("settings") and not GlossarySettings.objects.filter(course=course).exists():
        GlossarySettings.objects.create(course=course, **data["settings"])
    return {"terms": len(created)}


def describe(course) -> list[tuple[str, int]]:
    return [(str(_("Glossary terms")), Term.objects.filter(course=course).count())]


def empty(course) -> None:
    Term.objects.filter(course=course).delete()


PROVIDER = Provider(
    key="glossary",
    label=_("Glossary"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=20,
)
