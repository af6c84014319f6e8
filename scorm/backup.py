"""Imported SCORM and AICC packages in course backups (backups.api): each package's record
and its extracted files, restored beside the learning path they belong to (learnpaths' part
of the backup, which this one follows: same choice of paths, restored just after).

Packages count against the course's disk quota (documents.api): a restore whose packages do
not fit in what is left, after the documents restored just before, is refused whole."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from backups.api import Provider, RestoreRefused, dump, restore_rows, unique_folder
from documents.api import QuotaExceeded, ensure_room
from scorm.models import Package


def export(course, selection, writer) -> dict:
    packages = Package.objects.filter(path__course=course)
    if selection is not None:
        packages = packages.filter(path_id__in=selection)
    folders = dict(packages.values_list("pk", "folder"))
    root = settings.MEDIA_ROOT / "scorm"
    rows = [
        {**row, "files": writer.add_tree("scorm", root / folders[row["id"]])}
        for row in dump(packages)
    ]
    return {"packages": rows}


def restore(course, data, files, conflict_policy, context) -> dict:
    chosen = []
    for row in data.get("packages", []):
        path_id = context.new_id("learnpaths.learningpath", row["path_id"])
        # A skipped path keeps its own package; only paths restored now get one.
        if path_id is None or context.new_id("learnpaths.kept", row["path_id"]):
            continue
        # The size is measured in the archive, not read from the manifest (a forged backup
        # would claim nothing), and is what the quota counts once the package is restored.
        chosen.append({**row, "path_id": path_id, "size": files.tree_size(row.get("files", ""))})
    try:
        ensure_room(course, sum(row["size"] for row in chosen))
    except QuotaExceeded as error:
        raise RestoreRefused(str(error)) from error
    rows = []
    for row in chosen:
        folder = unique_folder()
        count = files.extract_tree(row.get("files", ""), settings.MEDIA_ROOT / "scorm" / folder)
        rows.append({**row, "folder": folder, "file_count": count})
    created = restore_rows(Package, rows, context=context)
    return {"packages": len(created)}


PROVIDER = Provider(
    key="scorm",
    label=_("SCORM and AICC packages"),
    export=export,
    restore=restore,
    follows="learnpaths",
    order=41,
)
