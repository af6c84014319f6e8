"""Documents in course backups (backups.api): folders, files and web pages, with their tree.

Group spaces (a group's folder and everything in it) belong to the group, not to the course's
content, and are left out. Conflicts are decided on the top of the tree: a top-level folder or
file whose name the course already uses is skipped (with everything in it), renamed or
replaces the course's own.
"""

from pathlib import PurePosixPath

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backups.api import (
    BackupWriter,
    Provider,
    RestoreRefused,
    build,
    clean_html,
    create,
    delete_files_on_commit,
    dump,
    numbered,
    plan_conflicts,
)
from core.uploads import UploadRejected
from documents.api import QuotaExceeded, ensure_room
from documents.models import Document

KIND = "documents.document"


def _course_documents(course):
    """The course's documents outside group spaces, top of the tree first."""
    group_roots = list(
        Document.objects.filter(course=course, group_id__isnull=False).values_list(
            "path", flat=True
        )
    )
    queryset = Document.objects.filter(course=course)
    for path in group_roots:
        queryset = queryset.exclude(path__startswith=path)
    return queryset.order_by("path")


def items(course) -> list[tuple[int, str]]:
    rows = _course_documents(course).filter(parent__isnull=True).values_list("pk", "name", "kind")
    return [(pk, f"{name}/" if kind == Document.Kind.FOLDER else name) for pk, name, kind in rows]


def export(course, selection, writer: BackupWriter) -> dict:
    queryset = _course_documents(course)
    if selection is not None:
        tops = Document.objects.filter(
            course=course, parent__isnull=True, pk__in=selection
        ).values_list("path", flat=True)
        condition = Q(pk__in=[])
        for path in tops:
            condition |= Q(path__startswith=path)
        queryset = queryset.filter(condition)
    rows = dump(queryset, writer=writer, tool="documents", exclude=["created_by"])
    return {"documents": rows}


def _renamed(row: dict, n: int) -> None:
    name = PurePosixPath(row["name"])
    if row["kind"] == Document.Kind.FOLDER or not name.suffix:
        row["name"] = numbered(row["name"], n)
    else:
        row["name"] = numbered(name.stem, n, max_length=200 - len(name.suffix)) + name.suffix


def _depth(row: dict) -> int:
    return row["path"].strip("/").count("/")


def restore(course, data, files, conflict_policy, context) -> dict:
    rows = sorted(data.get("documents", []), key=lambda row: (_depth(row), row["path"]))
    tops = [row for row in rows if not row.get("parent_id")]
    existing = {
        name.lower(): pk
        for pk, name in Document.objects.filter(course=course, parent__isnull=True).values_list(
            "pk", "name"
        )
    }
    plan = plan_conflicts(
        tops,
        existing,
        key=lambda row: row["name"].lower(),
        rename=_renamed,
        policy=conflict_policy,
    )
    if plan.replaced:
        _delete_subtrees(course, plan.replaced)
    context.remember(KIND, plan.kept)
    excluded = set(plan.kept)  # skipped tops, then everything inside them
    new_ids: dict[int, int] = {}
    new_paths: dict[int, str] = {}
    created: list[Document] = []
    by_depth: dict[int, list[dict]] = {}
    for row in rows:
        if row["id"] in excluded or row.get("parent_id") in excluded:
            excluded.add(row["id"])
            continue
        by_depth.setdefault(_depth(row), []).append(row)
    try:
        extra = sum(int(row.get("size") or 0) for rows_ in by_depth.values() for row in rows_)
        ensure_room(course, extra)
    except QuotaExceeded as error:
        raise RestoreRefused(str(error)) from error
    for depth in sorted(by_depth):
        level = [
            row
            for row in by_depth[depth]
            if row.get("parent_id") is None or row["parent_id"] in new_ids
        ]
        instances, stored = [], []
        for row in level:
            document = build(
                Document,
                row,
                context=context,
                course_id=course.pk,
                parent_id=new_ids.get(row.get("parent_id")),
                group_id=None,
                path="",
            )
            if document.kind == Document.Kind.PAGE:
                document.content = clean_html(document.content, context)
            try:
                checked = files.store(
                    document, "file", row.get("file", ""), display_name=row["name"]
                )
                files.store(document, "thumbnail", row.get("thumbnail", ""))
            except UploadRejected:
                continue  # refused like an upload: left out, and named in the report
            if checked is not None:
                document.content_type = checked.content_type
            instances.append(document)
            stored.append(row)
        mapping = create(Document, instances, stored, kind=KIND, context=context)
        new_ids.update(mapping)
        for document in instances:
            parent_path = new_paths.get(document.parent_id, "/")
            document.path = f"{parent_path}{document.pk}/"
            new_paths[document.pk] = document.path
            created.append(document)
    Document.objects.bulk_update(created, ["path"], batch_size=500)
    return {"documents": len(created)}


def _delete_subtrees(course, ids) -> None:
    paths = Document.objects.filter(course=course, pk__in=ids).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    subtree = Document.objects.filter(course=course).filter(condition)
    names = []
    for file_name, thumb_name in subtree.values_list("file", "thumbnail"):
        names += [file_name, thumb_name]
    Document.objects.filter(course=course, pk__in=ids).delete()
    delete_files_on_commit(names)


def describe(course) -> list[tuple[str, int]]:
    queryset = _course_documents(course)
    return [
        (str(_("Folders")), queryset.filter(kind=Document.Kind.FOLDER).count()),
        (str(_("Files and web pages")), queryset.exclude(kind=Document.Kind.FOLDER).count()),
    ]


def empty(course) -> None:
    top_ids = list(
        _course_documents(course).filter(parent__isnull=True).values_list("pk", flat=True)
    )
    _delete_subtrees(course, top_ids)


PROVIDER = Provider(
    key="documents",
    label=_("Documents"),
    export=export,
    restore=restore,
    items=items,
    describe=describe,
    empty=empty,
    order=10,
)
