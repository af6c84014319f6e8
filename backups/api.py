"""What a course tool publishes so that its content can be backed up, restored, copied and
emptied (issue #16, "Course backups").

Each tool owns the serialisation of its content in ``<tool>/backup.py`` and registers it from
its ``AppConfig.ready()``::

    from backups.api import Provider, register_provider

    register_provider(Provider(key="links", label=_("Links"), export=..., restore=..., ...))

``backups`` never imports a tool's models: it calls the providers in order.

- ``export(course, selection, writer) -> dict``: the tool's content as JSON-able data.
  ``selection`` is None (the whole tool) or a set of the ids ``items(course)`` offers. Files go
  into the archive through ``writer.add_file`` / ``writer.add_tree``, whose answer (the file's
  name in the archive) the data keeps.
- ``restore(course, data, files, conflict_policy, context) -> dict[str, int]``: recreate the
  data in ``course`` (inside the restore's one transaction), reading files through ``files``
  and recording the new id of every object others may point at in ``context.ids``; answers
  counts by kind of object, for the report.
- ``items(course) -> list[tuple[int, str]]``: what a teacher may pick one by one.
- ``describe(course) -> list[tuple[str, int]]``: what the tool holds (label, count), for the
  confirmation before a course is emptied; ``empty(course)`` deletes it.

The helpers below (``dump``, ``create``, ``plan_conflicts``) do the per-model work in bulk:
one query to read a model, one ``bulk_create`` (plus one ``bulk_update`` for dates and
references within a model) to write it back, whatever the number of rows.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models

from core.html import sanitize_html
from core.uploads import SNIFF_BYTES, CheckedUpload, UploadRejected, check_bytes

# Where a backup keeps the files of each tool, inside the zip.
FILES_PREFIX = "files/"


class RestoreRefused(ValueError):
    """A provider refuses the restore as a whole (the course's disk quota is too small...);
    the message is for the teacher, and nothing of the restore is kept."""


class ConflictPolicy:
    """What a restore into an existing course does with an object that is already there
    (same name, title or key as the tool defines it)."""

    SKIP = "skip"  # keep the course's own; what pointed at the backup's points at it
    RENAME = "rename"  # add the backup's beside it, under a new name ("Title (2)")
    OVERWRITE = "overwrite"  # delete the course's own, add the backup's

    ALL = (SKIP, RENAME, OVERWRITE)


@dataclass(frozen=True)
class Provider:
    key: str  # the course tool's key (courses.tools), also the key in the manifest
    label: str
    export: Callable
    restore: Callable
    items: Callable | None = None
    describe: Callable | None = None
    empty: Callable | None = None
    # Restore order, lowest first: what others point at (documents, tests) before them.
    order: int = 50
    # A part of another tool's content (packages of learning paths): chosen with it, restored
    # after it, not offered on its own.
    follows: str = ""


_PROVIDERS: dict[str, Provider] = {}


def register_provider(provider: Provider) -> None:
    """Make a tool's content part of backups, copies and recycling (see the module doc)."""
    _PROVIDERS[provider.key] = provider


def providers() -> list[Provider]:
    """Every registered provider, in restore order."""
    return sorted(_PROVIDERS.values(), key=lambda provider: (provider.order, provider.key))


def get_provider(key: str) -> Provider | None:
    return _PROVIDERS.get(key)


# --- Writing ---------------------------------------------------------------------------------


class BackupWriter:
    """Puts a tool's files into the backup's zip; each name given back is unique."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.file_count = 0
        self.byte_count = 0

    def _name(self, tool: str, original: str) -> str:
        self.file_count += 1
        suffix = PurePosixPath(original).suffix[:10]
        return f"{FILES_PREFIX}{tool}/{self.file_count:06d}{suffix}"

    def add_bytes(self, tool: str, data: bytes, *, original: str = "") -> str:
        name = self._name(tool, original)
        self.archive.writestr(name, data)
        self.byte_count += len(data)
        return name

    def add_file(self, tool: str, fieldfile) -> str:
        """Copy a FileField's file into the archive: its archive name, "" without a file (or
        when the stored file is missing, which a backup must not fail on)."""
        if not fieldfile or not fieldfile.name:
            return ""
        try:
            handle = fieldfile.storage.open(fieldfile.name, "rb")
        except OSError:
            return ""
        name = self._name(tool, fieldfile.name)
        with handle, self.archive.open(name, "w", force_zip64=True) as out:
            while chunk := handle.read(1024 * 1024):
                out.write(chunk)
                self.byte_count += len(chunk)
        return name

    def add_tree(self, tool: str, directory: Path) -> str:
        """Copy a folder (an extracted package) into the archive; its prefix in the archive."""
        self.file_count += 1
        prefix = f"{FILES_PREFIX}{tool}/{self.file_count:06d}/"
        directory = Path(directory)
        if directory.is_dir():
            for path in sorted(directory.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    relative = path.relative_to(directory).as_posix()
                    self.archive.write(path, prefix + relative)
                    self.byte_count += path.stat().st_size
        return prefix


# --- Reading ---------------------------------------------------------------------------------


class BackupFiles:
    """The files of a backup being restored (an archive already inspected by core.archives),
    and of a direct copy (a writer's archive in memory). Files written into storage are
    remembered, so that a failed restore removes them (the database rolls back, storage not).
    """

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = {info.filename for info in archive.infolist() if not info.is_dir()}
        self.written: list[str] = []
        self.folders: list[Path] = []
        self.refused: list[str] = []  # files the upload check refused (left out)

    def read(self, name: str) -> bytes:
        if name not in self.names:
            raise KeyError(name)
        return self.archive.read(name)

    def store(
        self, instance: models.Model, field_name: str, name: str, *, display_name: str = ""
    ) -> CheckedUpload | None:
        """Save the archive's file ``name`` into the instance's FileField (upload_to decides
        where), after the platform's upload check (core.uploads) under ``display_name`` (the
        name people see; by default the archive's): a backup is an upload like any other.
        An empty or missing name leaves the field empty (None); a refused file raises
        UploadRejected and is listed in ``refused``."""
        fieldfile = getattr(instance, field_name)
        if not name or name not in self.names:
            setattr(instance, field_name, "")
            return None
        display_name = display_name or PurePosixPath(name).name
        with self.archive.open(name) as source:
            head = source.read(SNIFF_BYTES)
        try:
            checked = check_bytes(
                name=display_name, head=head, size=self.archive.getinfo(name).file_size
            )
        except UploadRejected:
            self.refused.append(display_name)
            raise
        with self.archive.open(name) as source:  # streamed: a large video stays out of memory
            fieldfile.save(checked.name, File(source, name=checked.name), save=False)
        self.written.append(fieldfile.name)
        return checked

    def tree_size(self, prefix: str) -> int:
        """Bytes of the files under ``prefix`` once extracted, as the zip declares them:
        reading an entry never gives more than its declared size (zipfile stops there)."""
        if not prefix:
            return 0
        return sum(
            self.archive.getinfo(name).file_size for name in self.names if name.startswith(prefix)
        )

    def extract_tree(self, prefix: str, destination: Path) -> int:
        """Write every file under ``prefix`` into ``destination``; the number of files."""
        destination = Path(destination).resolve()
        destination.mkdir(parents=True, exist_ok=True)
        self.folders.append(destination)
        count = 0
        for name in sorted(self.names):
            if not name.startswith(prefix):
                continue
            target = (destination / name[len(prefix) :]).resolve()
            if not target.is_relative_to(destination):
                continue  # core.archives refused such names already; never write outside
            target.parent.mkdir(parents=True, exist_ok=True)
            with self.archive.open(name) as source, open(target, "wb") as out:
                while chunk := source.read(1024 * 1024):
                    out.write(chunk)
            count += 1
        return count

    def discard(self) -> None:
        """Remove what this restore wrote into storage (after a failure)."""
        import shutil

        for name in self.written:
            default_storage.delete(name)
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)


@dataclass
class RestoreContext:
    """What providers share during one restore: who restores, the old and new course codes,
    and the new id of each object by kind ("documents.document": {old id: new id})."""

    user_id: int | None
    source_code: str
    target_code: str
    ids: dict[str, dict[int, int]] = field(default_factory=dict)

    def remember(self, kind: str, mapping: dict[int, int]) -> None:
        self.ids.setdefault(kind, {}).update(mapping)

    def new_id(self, kind: str, old_id) -> int | None:
        """The restored object's id, None when it was not part of the restore."""
        if old_id is None:
            return None
        return self.ids.get(kind, {}).get(int(old_id))

    def rewrite(self, text: str) -> str:
        """Addresses inside the old course (/courses/OLD/...) made to point at the new one."""
        if not text or not self.source_code or self.source_code == self.target_code:
            return text
        return re.sub(
            rf"/courses/{re.escape(self.source_code)}/", f"/courses/{self.target_code}/", text
        )


# --- Rows in bulk ----------------------------------------------------------------------------


def _user_model_label() -> str:
    return settings.AUTH_USER_MODEL.lower()


def _concrete(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def dump(
    queryset,
    *,
    writer: BackupWriter | None = None,
    tool: str = "",
    exclude: Iterable[str] = (),
) -> list[dict]:
    """The queryset's rows as dicts (one query): every concrete field by its attname
    ("category_id"), the primary key as "id", files copied into the archive through the
    writer and replaced by their archive names. Fields in ``exclude`` (names) are left out."""
    model = queryset.model
    excluded = set(exclude) | {"course"}
    fields = [f for f in _concrete(model) if f.name not in excluded]
    rows = []
    for obj in queryset.only("pk", *[f.name for f in fields]):
        row = {"id": obj.pk}
        for f in fields:
            if isinstance(f, models.FileField):
                row[f.attname] = writer.add_file(tool, getattr(obj, f.name)) if writer else ""
            else:
                row[f.attname] = f.value_from_object(obj)
        rows.append(row)
    return rows


def build(model, row: dict, *, context: RestoreContext, **overrides) -> models.Model:
    """An unsaved instance from a dumped row: values converted back from JSON, foreign keys to
    users given to the person restoring, files left empty (see BackupFiles.store)."""
    values = {}
    for f in _concrete(model):
        if isinstance(f, models.FileField):
            continue
        if f.attname not in row:
            continue
        value = row[f.attname]
        if f.is_relation and f.related_model._meta.label_lower == _user_model_label():
            value = context.user_id
        elif value is not None and not f.is_relation:
            value = f.to_python(value)
        values[f.attname] = value
    for name in overrides:  # an object given for a foreign key replaces its id
        attname = model._meta.get_field(name).attname
        if attname != name:
            values.pop(attname, None)
    values.update(overrides)
    return model(**values)


def create(
    model, instances: list[models.Model], rows: list[dict], *, kind: str, context: RestoreContext
) -> dict[int, int]:
    """bulk_create the instances built from ``rows`` (same order), put back the dates that
    ``auto_now_add`` overwrote (a wiki's history keeps its dates), and record the id map under
    ``kind``. Returns {old id: new id}."""
    if not instances:
        return {}
    created = model.objects.bulk_create(instances)
    dated = [
        f for f in _concrete(model) if getattr(f, "auto_now_add", False) or f.name == "created_at"
    ]
    dated = [f for f in dated if isinstance(f, models.DateTimeField)]
    if dated:
        changed = []
        for obj, row in zip(created, rows, strict=True):
            for f in dated:
                if row.get(f.attname):
                    setattr(obj, f.attname, f.to_python(row[f.attname]))
            changed.append(obj)
        model.objects.bulk_update(changed, [f.attname for f in dated], batch_size=500)
    mapping = {int(row["id"]): obj.pk for obj, row in zip(created, rows, strict=True)}
    context.remember(kind, mapping)
    return mapping


@dataclass
class ConflictPlan:
    rows: list[dict]  # to create (renamed where the policy said so)
    kept: dict[int, int]  # skipped: old id -> id of the course's own object
    replaced: list[int]  # overwrite: ids of the course's own objects to delete first


def plan_conflicts(
    rows: list[dict],
    existing: dict[str, int],
    *,
    key: Callable[[dict], str],
    rename: Callable[[dict, int], None],
    policy: str,
) -> ConflictPlan:
    """Decide, row by row, what a restore does when the course already holds an object with
    the same key (``existing``: key -> id). ``rename(row, n)`` changes the row for its n-th
    try (n >= 2) and is called until the key is free."""
    plan = ConflictPlan(rows=[], kept={}, replaced=[])
    taken = set(existing)
    for row in rows:
        current = key(row)
        if current in existing:
            if policy == ConflictPolicy.SKIP:
                plan.kept[int(row["id"])] = existing[current]
                continue
            if policy == ConflictPolicy.OVERWRITE:
                plan.replaced.append(existing[current])
            else:
                n = 2
                rename(row, n)
                while key(row) in taken:
                    n += 1
                    rename(row, n)
        taken.add(key(row))
        plan.rows.append(row)
    return plan


def numbered(text: str, n: int, *, max_length: int = 200) -> str:
    """ "Title (n)", cut so that it fits ``max_length``."""
    base = re.sub(r" \(\d+\)$", "", text)
    suffix = f" ({n})"
    return base[: max_length - len(suffix)] + suffix


def unique_folder() -> str:
    """A new folder name for files restored as a tree (a package's)."""
    return uuid.uuid4().hex


def delete_files_on_commit(names: Iterable[str]) -> None:
    """Remove stored files once the surrounding transaction has committed (an overwritten or
    emptied object's files; a rolled-back restore keeps them)."""
    from django.db import transaction

    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def restore_rows(
    model,
    rows: list[dict],
    *,
    context: RestoreContext,
    map_as: str = "",
    files: BackupFiles | None = None,
    file_fields: Iterable[str] = (),
    display_name: str = "",
    html: Iterable[str] = (),
    parent: str = "",
    parents: dict[int, models.Model] | None = None,
    **common,
) -> dict[int, models.Model]:
    """Build, store the files of, and bulk-create dumped rows (see ``create``); their ids are
    remembered under map_as (default: the model's label, "wiki.wikipage").

    parent/parents: the foreign key to an object restored just before ("announcement") and
    {old id: new instance} of those objects; a row whose parent was not restored is left out.
    html: fields of HTML a person wrote: sanitised (a backup is not trusted more than a form)
    and their course addresses made to point at the new course.
    file_fields: files checked as uploads under the row's ``display_name`` field; a row whose
    file is refused is left out (BackupFiles.refused names it).
    common: values every row gets (``course_id=``...). Returns {old id: new instance}."""
    instances, kept = [], []
    for row in rows:
        values = dict(common)
        if parent:
            new_parent = (parents or {}).get(row.get(f"{parent}_id"))
            if new_parent is None:
                continue
            values[parent] = new_parent
        obj = build(model, row, context=context, **values)
        for name in html:
            setattr(obj, name, clean_html(getattr(obj, name), context))
        try:
            for name in file_fields:
                files.store(obj, name, row.get(name, ""), display_name=row.get(display_name, ""))
        except UploadRejected:
            continue
        instances.append(obj)
        kept.append(row)
    create(model, instances, kept, kind=map_as or model._meta.label_lower, context=context)
    return {int(row["id"]): obj for row, obj in zip(kept, instances, strict=True)}


def dump_user_links(queryset, *, owner: str, user: str = "user", fields=()) -> list[dict]:
    """Rows that tie an object to a person (an announcement's chosen learners, a group's
    members), one query: [{"<owner>_id": old id, "username": ..., <fields>...}]. The person is
    named by username: an id means nothing once restored on another platform."""
    rows = queryset.values_list(f"{owner}_id", f"{user}__username", *fields)
    return [
        {f"{owner}_id": owner_id, "username": username, **dict(zip(fields, rest, strict=True))}
        for owner_id, username, *rest in rows
    ]


def restore_user_links(
    model,
    rows: list[dict],
    *,
    owner: str,
    owners: dict[int, models.Model],
    user: str = "user",
    fields=(),
) -> tuple[int, int]:
    """Recreate rows written by ``dump_user_links`` for the restored owners ({old id: new
    instance}, as restore_rows answers). Each person is the platform's active account of the
    same username (one query for all); a row whose owner was not restored (skipped, not
    chosen) is dropped silently, one whose person has no account here is left out and counted.
    Returns (restored, left out)."""
    from django.contrib.auth import get_user_model

    rows = [row for row in rows if owners.get(row.get(f"{owner}_id")) is not None]
    usernames = {row.get("username") for row in rows}
    accounts = dict(
        get_user_model()
        .objects.filter(username__in=usernames - {None}, is_active=True)
        .values_list("username", "pk")
    )
    instances = []
    for row in rows:
        user_id = accounts.get(row.get("username"))
        if user_id is None:
            continue
        values = {name: row[name] for name in fields if name in row}
        instances.append(
            model(**{owner: owners[row[f"{owner}_id"]], f"{user}_id": user_id, **values})
        )
    model.objects.bulk_create(instances, ignore_conflicts=True)
    return len(instances), len(rows) - len(instances)


def clean_html(value: str, context: RestoreContext) -> str:
    """HTML from a backup as the platform stores what people write: sanitised, with its
    links into the old course made to point at the new one."""
    return sanitize_html(context.rewrite(value or ""))


def select(queryset, selection):
    """The queryset limited to the chosen ids (None: all of it)."""
    return queryset if selection is None else queryset.filter(pk__in=selection)
