"""Imported SCORM and AICC packages in course backups (backups.api): each package's record
and its extracted files, restored beside the learning path they belong to (learnpaths' part
of the backup, which this one follows: same choice of paths, restored just after)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from backups.api import Provider, dump, restore_rows, unique_folder
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
    rows = []
    for row in data.get("packages", []):
        path_id = context.new_id("learnpaths.learningpath", row["path_id"])
        # A skipped path keeps its own package; only paths restored now get one.
        if path_id is None or context.new_id("learnpaths.kept", row["path_id"]):
            continue
        folder = unique_folder()
        count = files.extract_tree(row.get("files", ""), settings.MEDIA_ROOT / "scorm" / folder)
        rows.append({**row, "path_id": path_id, "folder": folder, "file_count": count})
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
