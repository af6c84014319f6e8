from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.html import sanitize_html
from core.models import Job
from core.uploads import allowed_extensions, max_upload_size
from courses.permissions import Access, course_view
from documents import selectors, services
from documents.forms import (
    MoveForm,
    NameForm,
    PageForm,
    ReplaceForm,
    UploadForm,
    VisibilityForm,
    ZipUploadForm,
)
from documents.models import Document
from documents.serving import serve_file
from glossary import api as glossary_api

TOOL = "documents"
# Shown in the browser; anything else is offered as a download.
INLINE_KINDS = {"image", "audio", "video", "pdf", "text"}
PREVIEW_TEXT_BYTES = 200 * 1024
# A file opened on its own (outside the course page) may not run anything.
_SANDBOX = (
    "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'"
)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _folder_url(code: str, folder: Document | None) -> str:
    if folder is None:
        return reverse("documents:index", kwargs={"code": code})
    return reverse("documents:folder", kwargs={"code": code, "folder_id": folder.pk})


def _manage_folder(request, folder_id):
    """The folder a teacher acts in (None: the top); 404 for another course's id."""
    folder, _chain = selectors.folder_for_user(
        course=request.course, access=request.course_access, pk=folder_id
    )
    return folder


def _managed_document(request, doc_id, kinds=None) -> Document:
    document, _chain = selectors.document_for_user(
        course=request.course, access=request.course_access, pk=doc_id, kinds=kinds
    )
    return document


# --- Reading ----------------------------------------------------------------------------------


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def folder(request, code, folder_id=None):
    access = request.course_access
    current, chain = selectors.folder_for_user(course=request.course, access=access, pk=folder_id)
    show_hidden = selectors.sees_hidden(access)
    children = list(
        selectors.folder_children(course=request.course, folder=current, include_hidden=show_hidden)
    )
    context = {
        "folder": current,
        "chain": chain,
        "children": children,
        "show_hidden": show_hidden,
        "can_manage": access.can_manage,
        "folder_hidden": current is not None and not selectors.is_visible(current, chain),
    }
    space = selectors.space_group_id(current, chain)
    if space is not None and not access.can_manage:
        context["group_id"] = space
        context["can_add"] = selectors.may_add_to_group_space(access, space)
        if context["can_add"]:
            # Which rows this member may edit or delete (their own; all for group tutors).
            context["changeable"] = selectors.changeable_in_group_space(access, space, children)
    if access.can_manage or context.get("can_add"):
        context.update(
            quota=selectors.quota_summary(request.course),
            upload_form=UploadForm(),
            max_upload_size=max_upload_size(),
            accept=",".join(f".{ext}" for ext in sorted(allowed_extensions())),
        )
    return render(request, "documents/folder.html", context)


@require_GET
@course_view(Access.VIEW, tool=TOOL, group=True)
def group_index(request, code, group_id):
    """A group's documents: its folder, created the first time the space is opened."""
    folder = services.group_folder_ensure(
        course=request.course, group_id=group_id, name=request.group_access.name
    )
    return redirect("documents:folder", code=code, folder_id=folder.pk)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def detail(request, code, doc_id):
    document, chain = selectors.document_for_user(
        course=request.course, access=request.course_access, pk=doc_id
    )
    if document.is_folder:
        return redirect("documents:folder", code=code, folder_id=document.pk)
    context = {
        "document": document,
        "chain": chain,
        "can_manage": request.course_access.can_manage,
        "hidden": not selectors.is_visible(document, chain),
    }
    if document.is_page:
        context["html"] = sanitize_html(document.content)
    elif document.media_kind in {"html", "text"} and document.file:
        context["html"], context["text"] = _file_preview(document)
    if context.get("html"):
        # The course may ask for its glossary terms to be explained where they appear.
        context["html"] = glossary_api.highlight_terms(request.course, context["html"])
    return render(request, "documents/detail.html", context)


def _file_preview(document: Document) -> tuple[str, str]:
    try:
        with default_storage.open(document.file.name, "rb") as handle:
            raw = handle.read(PREVIEW_TEXT_BYTES)
    except FileNotFoundError:
        return "", ""
    text = raw.decode("utf-8", errors="replace")
    if document.media_kind == "html":
        return sanitize_html(text), ""
    return "", text


def _send(request, document: Document, *, inline: bool, thumbnail: bool = False):
    stored = document.thumbnail if thumbnail else document.file
    if not stored or not default_storage.exists(stored.name):
        raise Http404
    size = stored.size
    kind = document.media_kind
    inline = inline and (thumbnail or kind in INLINE_KINDS)
    content_type = document.content_type or "application/octet-stream"
    if thumbnail:
        content_type = "image/jpeg"
    headers = {}
    if inline and kind == "pdf":
        # The browser's PDF viewer is a plugin: the site policy (object-src 'none') would
        # block it. A PDF runs no script of this site, so framing is all there is to limit.
        headers["Content-Security-Policy"] = "frame-ancestors 'self'"
    elif inline:
        headers["Content-Security-Policy"] = _SANDBOX
    return serve_file(
        request,
        open_file=lambda: default_storage.open(stored.name, "rb"),
        size=size,
        content_type=content_type,
        filename=document.name,
        etag=f"{document.pk}-{'t' if thumbnail else 'f'}-{stored.name.rsplit('/', 1)[-1]}-{size}",
        last_modified=document.updated_at,
        inline=inline,
        extra_headers=headers,
    )


@require_http_methods(["GET", "HEAD"])
@course_view(Access.VIEW, tool=TOOL)
def file(request, code, doc_id):
    """The file itself, shown in the browser when it can be (players, images, PDF)."""
    document = _managed_document(request, doc_id, kinds={Document.Kind.FILE})
    return _send(request, document, inline=True)


@require_http_methods(["GET", "HEAD"])
@course_view(Access.VIEW, tool=TOOL)
def download(request, code, doc_id):
    document = _managed_document(request, doc_id, kinds={Document.Kind.FILE})
    return _send(request, document, inline=False)


@require_http_methods(["GET", "HEAD"])
@course_view(Access.VIEW, tool=TOOL)
def thumbnail(request, code, doc_id):
    document = _managed_document(request, doc_id, kinds={Document.Kind.FILE})
    return _send(request, document, inline=True, thumbnail=True)


@require_GET
@course_view(Access.VIEW, tool=TOOL)
def zip_download(request, code, folder_id=None):
    current, _chain = selectors.folder_for_user(
        course=request.course, access=request.course_access, pk=folder_id
    )
    archive = services.folder_zip(
        course=request.course,
        folder=current,
        include_hidden=selectors.sees_hidden(request.course_access),
    )
    name = current.name if current else f"{request.course.code}-documents"
    return FileResponse(
        archive, as_attachment=True, filename=f"{name}.zip", content_type="application/zip"
    )


# --- Changing the tree (teachers) -------------------------------------------------------------


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def upload(request, code, folder_id=None):
    return _upload_into(request, code, _manage_folder(request, folder_id))


def _upload_into(request, code, current: Document | None):
    form = UploadForm(request.POST, request.FILES)
    created, errors = [], []
    if not form.is_valid():
        errors.append(_("Choose at least one file to upload."))
    else:
        for upload_file in form.cleaned_data["files"]:
            try:
                document = services.file_upload(
                    course=request.course, parent=current, upload=upload_file, user=request.user
                )
            except services.DocumentError as error:
                errors.append(error.message)
            else:
                created.append(document)
    if created:
        messages.success(
            request,
            ngettext("%(count)d file uploaded.", "%(count)d files uploaded.", len(created))
            % {"count": len(created)},
        )
    for error in errors:
        messages.error(request, error)
    if _wants_json(request):
        return JsonResponse(
            {"created": [doc.name for doc in created], "errors": errors},
            status=200 if created or not errors else 400,
        )
    return redirect(_folder_url(code, current))


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def zip_import(request, code, folder_id=None):
    current = _manage_folder(request, folder_id)
    form = ZipUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.zip_import_queue(
                course=request.course,
                parent=current,
                upload=form.cleaned_data["archive"],
                user=request.user,
            )
        except services.DocumentError as error:
            form.add_error("archive", error.message)
        else:
            return redirect("documents:zip_job", code=code, job_id=job.pk)
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "folder": current,
            "title": _("Unpack a zip archive"),
            "submit": _("Unpack"),
            "multipart": True,
            "cancel_url": _folder_url(code, current),
        },
    )


@require_GET
@course_view(Access.MANAGE, tool=TOOL)
def zip_job(request, code, job_id):
    """The unpacking's progress, inside the course, with the way back to the folder."""
    job = get_object_or_404(
        Job.objects.select_related("course", "user"),
        pk=job_id,
        course=request.course,
        kind=services.ZIP_JOB_KIND,
    )
    folder = (
        Document.objects.filter(
            pk=job.payload.get("folder"), course=request.course, kind=Document.Kind.FOLDER
        ).first()
        if job.payload.get("folder")
        else None
    )
    return render(
        request,
        "documents/zip_job.html",
        {"job": job, "folder": folder, "back_url": _folder_url(code, folder)},
    )


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def folder_create(request, code, folder_id=None):
    return _folder_create_in(request, code, _manage_folder(request, folder_id))


def _folder_create_in(request, code, current: Document | None):
    form = NameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.folder_create(
                course=request.course,
                parent=current,
                name=form.cleaned_data["name"],
                user=request.user,
            )
        except services.DocumentError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("Folder %(name)s created.") % {"name": created.name})
            return redirect(_folder_url(code, current))
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "folder": current,
            "title": _("New folder"),
            "submit": _("Create"),
            "cancel_url": _folder_url(code, current),
        },
    )


def _editor_context(code: str, folder: Document | None) -> dict:
    upload_url = reverse("documents:editor_upload", kwargs={"code": code})
    if folder is not None:
        upload_url += f"?folder={folder.pk}"
    return {
        "editor_upload_url": upload_url,
        "editor_images_url": reverse("documents:editor_images", kwargs={"code": code}),
    }


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def page_create(request, code, folder_id=None):
    current = _manage_folder(request, folder_id)
    return _page_create_in(request, code, current, _editor_context(code, current))


def _page_create_in(request, code, current: Document | None, editor: dict):
    form = PageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page = services.page_create(
                course=request.course, parent=current, user=request.user, **form.cleaned_data
            )
        except services.DocumentError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("The page %(name)s was saved.") % {"name": page.name})
            return redirect("documents:detail", code=code, doc_id=page.pk)
    return render(
        request,
        "documents/page_form.html",
        {
            "form": form,
            "folder": current,
            "title": _("New web page"),
            "cancel_url": _folder_url(code, current),
            **editor,
        },
    )


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def page_edit(request, code, doc_id):
    page = _managed_document(request, doc_id, kinds={Document.Kind.PAGE})
    return _page_edit(request, code, page, _editor_context(code, page.parent))


def _page_edit(request, code, page: Document, editor: dict):
    form = PageForm(request.POST or None, initial={"name": page.name, "content": page.content})
    if request.method == "POST" and form.is_valid():
        try:
            services.page_update(document=page, **form.cleaned_data)
        except services.DocumentError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("The page %(name)s was saved.") % {"name": page.name})
            return redirect("documents:detail", code=code, doc_id=page.pk)
    return render(
        request,
        "documents/page_form.html",
        {
            "form": form,
            "document": page,
            "folder": page.parent,
            "title": _("Edit %(name)s") % {"name": page.name},
            "cancel_url": reverse("documents:detail", kwargs={"code": code, "doc_id": page.pk}),
            **editor,
        },
    )


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def rename(request, code, doc_id):
    document = _managed_document(request, doc_id)
    form = NameForm(request.POST or None, initial={"name": document.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.document_rename(document=document, name=form.cleaned_data["name"])
        except services.DocumentError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("Renamed to %(name)s.") % {"name": document.name})
            return redirect(_folder_url(code, document.parent))
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "document": document,
            "folder": document.parent,
            "title": _("Rename %(name)s") % {"name": document.name},
            "submit": _("Rename"),
            "cancel_url": _folder_url(code, document.parent),
        },
    )


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def move(request, code, doc_id):
    document = _managed_document(request, doc_id)
    folders = selectors.course_folders(request.course)
    by_id = {f.pk: f for f in folders}
    labels = {f.pk: selectors.folder_label(f, by_id) for f in folders}
    initial = {"target": str(document.parent_id or "")}
    form = MoveForm(
        request.POST or None, initial=initial, document=document, folders=folders, labels=labels
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_move(document=document, target=form.cleaned_data["target"])
        except services.DocumentError as error:
            form.add_error("target", error.message)
        else:
            messages.success(request, _("%(name)s moved.") % {"name": document.name})
            return redirect(_folder_url(code, document.parent))
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "document": document,
            "folder": document.parent,
            "title": _("Move %(name)s") % {"name": document.name},
            "submit": _("Move"),
            "cancel_url": _folder_url(code, document.parent),
        },
    )


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def replace(request, code, doc_id):
    document = _managed_document(request, doc_id, kinds={Document.Kind.FILE})
    form = ReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_replace(document=document, upload=form.cleaned_data["file"])
        except services.DocumentError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("%(name)s replaced.") % {"name": document.name})
            return redirect("documents:detail", code=code, doc_id=document.pk)
    return render(
        request,
        "documents/form.html",
        {
            "form": form,
            "document": document,
            "folder": document.parent,
            "title": _("Replace %(name)s") % {"name": document.name},
            "intro": _(
                "The new file takes the place of the old one: links and learning paths that "
                "point to this document will show the new file."
            ),
            "submit": _("Replace"),
            "multipart": True,
            "cancel_url": reverse("documents:detail", kwargs={"code": code, "doc_id": document.pk}),
        },
    )


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def visibility(request, code, doc_id):
    document = _managed_document(request, doc_id)
    form = VisibilityForm(request.POST)
    form.is_valid()
    visible = form.cleaned_data.get("visible", False)
    services.document_set_visibility(document=document, visible=visible)
    message = (
        _("%(name)s is now visible to learners.")
        if visible
        else _("%(name)s is now hidden from learners.")
    )
    messages.success(request, message % {"name": document.name})
    if request.POST.get("next") == "detail":
        return redirect("documents:detail", code=code, doc_id=document.pk)
    return redirect(_folder_url(code, document.parent))


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def delete(request, code, doc_id):
    document = _managed_document(request, doc_id)
    parent = document.parent
    count = services.document_delete(document=document)
    inside = count - 1
    if inside:
        message = ngettext(
            "%(name)s and the document in it deleted.",
            "%(name)s and the %(count)d documents in it deleted.",
            inside,
        ) % {"name": document.name, "count": inside}
    else:
        message = _("%(name)s deleted.") % {"name": document.name}
    messages.success(request, message)
    return redirect(_folder_url(code, parent))


# --- A group's documents: its members add files, folders and pages -----------------------------
# The URL names the group, so courses.permissions checks the group's documents space (private:
# members, its tutors and the course's tutors; public: only they still write), and the folder
# must lie in that group's folder. The course's quota and the one upload check apply as ever.


def _group_folder(request, group_id, folder_id) -> Document:
    folder, chain = selectors.folder_for_user(
        course=request.course, access=request.course_access, pk=folder_id
    )
    if selectors.space_group_id(folder, chain) != group_id:
        raise Http404
    return folder


@require_POST
@course_view(Access.PARTICIPATE, tool=TOOL, group=True)
def group_upload(request, code, group_id, folder_id):
    return _upload_into(request, code, _group_folder(request, group_id, folder_id))


@require_http_methods(["GET", "POST"])
@course_view(Access.PARTICIPATE, tool=TOOL, group=True)
def group_folder_create(request, code, group_id, folder_id):
    return _folder_create_in(request, code, _group_folder(request, group_id, folder_id))


@require_http_methods(["GET", "POST"])
@course_view(Access.PARTICIPATE, tool=TOOL, group=True)
def group_page_create(request, code, group_id, folder_id):
    current = _group_folder(request, group_id, folder_id)
    # No image upload from the editor: that helper stores into any folder (teachers only).
    return _page_create_in(request, code, current, {})


def _group_document(request, group_id, doc_id, kinds=None) -> Document:
    """A document of the group's space that this person may change (404: not in the space)."""
    document, chain = selectors.document_for_user(
        course=request.course, access=request.course_access, pk=doc_id, kinds=kinds
    )
    if selectors.space_group_id(document, chain) != group_id or document.group_id is not None:
        raise Http404  # elsewhere, or the group's folder itself (teachers manage it)
    if not selectors.may_change_in_group_space(request.course_access, group_id, document):
        raise PermissionDenied
    return document


@require_http_methods(["GET", "POST"])
@course_view(Access.PARTICIPATE, tool=TOOL, group=True)
def group_page_edit(request, code, group_id, doc_id):
    page = _group_document(request, group_id, doc_id, kinds={Document.Kind.PAGE})
    return _page_edit(request, code, page, {})


@require_POST
@course_view(Access.PARTICIPATE, tool=TOOL, group=True)
def group_delete(request, code, group_id, doc_id):
    document = _group_document(request, group_id, doc_id)
    parent = document.parent
    services.document_delete(document=document)
    messages.success(request, _("%(name)s deleted.") % {"name": document.name})
    return redirect(_folder_url(code, parent))


# --- The rich-text editor's helpers -----------------------------------------------------------


@require_GET
@course_view(Access.MANAGE, tool=TOOL)
def editor_images(request, code):
    """The course's images, for the editor's image dialog (TinyMCE image_list format)."""
    images = selectors.course_images(request.course, include_hidden=True)
    return JsonResponse(
        [
            {
                "title": image.name,
                "value": reverse("documents:file", kwargs={"code": code, "doc_id": image.pk}),
            }
            for image in images
        ],
        safe=False,
    )


@require_POST
@course_view(Access.MANAGE, tool=TOOL)
def editor_upload(request, code):
    """An image pasted or dropped into the editor becomes a document of the course."""
    folder_id = request.GET.get("folder") or None
    current = _manage_folder(request, folder_id)
    upload_file = request.FILES.get("file")
    if upload_file is None:
        return JsonResponse({"error": _("No file was sent.")}, status=400)
    try:
        image = services.file_upload(
            course=request.course,
            parent=current,
            upload=upload_file,
            user=request.user,
            extensions={"jpg", "jpeg", "png", "gif", "webp"},
        )
    except services.DocumentError as error:
        return JsonResponse({"error": error.message}, status=400)
    url = reverse("documents:file", kwargs={"code": code, "doc_id": image.pk})
    return JsonResponse({"location": url})
