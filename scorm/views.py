import json
import mimetypes
import uuid
import zipfile
from pathlib import Path
from urllib.parse import quote

from csp.decorators import csp
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.jobs import job_create, job_enqueue
from core.models import Job
from courses.permissions import Access, course_view
from learnpaths.api import latest_attempt, path_for_viewer, path_item_for_viewer
from scorm import services
from scorm.exporter import export_scorm12
from scorm.forms import ImportForm
from scorm.importer import packages_root
from scorm.kinds import RUNTIME_KINDS, runtime_version
from scorm.models import Package
from scorm.tasks import package_import_task

TOOL = "learnpaths"
MAX_UPLOAD_BYTES = getattr(settings, "SCORM_MAX_UPLOAD_BYTES", 500 * 1024 * 1024)

# Package content is third-party HTML and script: it gets its own policy, never the platform's
# pages. Inline and eval'd scripts are common in authoring tools' output; scripts, styles and
# fonts from HTTPS CDNs too. It may only talk to this site and be framed by it.
CONTENT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'", "https:"],
    "style-src": ["'self'", "'unsafe-inline'", "https:"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "media-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:", "https:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}

CONTENT_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".vtt": "text/vtt",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".htm": "text/html",
    ".html": "text/html",
    ".xml": "application/xml",
    ".xsd": "application/xml",
    ".css": "text/css",
    ".swf": "application/x-shockwave-flash",
}


def content_type_for(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _encoding = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


# --- Import ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@course_view(Access.MANAGE, tool=TOOL)
def package_import(request, code):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = form.cleaned_data["package"]
        total = sum(upload.size for upload in uploads)
        folder = packages_root() / "uploads"
        target = folder / f"{uuid.uuid4().hex}.zip"
        if total > MAX_UPLOAD_BYTES:
            form.add_error(
                "package",
                _("The package is larger than %(max)d MB.") % {"max": MAX_UPLOAD_BYTES >> 20},
            )
        elif len(uploads) == 1:
            head = uploads[0].read(4)
            uploads[0].seek(0)
            if head not in (b"PK\x03\x04", b"PK\x05\x06"):
                form.add_error("package", _("This file is not a zip archive."))
            else:
                folder.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as out:
                    for chunk in uploads[0].chunks():
                        out.write(chunk)
        elif not any(Path(upload.name).suffix.lower() == ".crs" for upload in uploads):
            form.add_error(
                "package",
                _("Several files make an AICC course only with its .crs file among them."),
            )
        else:
            # An AICC course sent as loose files: pack them as the zip the import expects.
            folder.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
                for upload in uploads:
                    archive.writestr(Path(upload.name).name, upload.read())
        if form.is_valid():
            upload = uploads[0]
            job = job_create(
                kind="scorm_import",
                user=request.user,
                course=request.course,
                payload={
                    "upload": str(target),
                    "title": form.cleaned_data["title"],
                    "name": Path(upload.name).name[:255],
                },
                files=[str(target)],
            )
            job_enqueue(job, package_import_task)
            return redirect("learnpaths:scorm:import_status", code, job.pk)
    return render(request, "scorm/import.html", {"form": form})


def _import_job(request, job_id):
    return get_object_or_404(Job, pk=job_id, course=request.course, kind="scorm_import")


@require_GET
@course_view(Access.MANAGE, tool=TOOL)
def import_status(request, code, job_id):
    job = _import_job(request, job_id)
    template = (
        "scorm/_import_status.html"
        if request.headers.get("HX-Request")
        else "scorm/import_status.html"
    )
    return render(request, template, {"job": job})


# --- Package files ---------------------------------------------------------------------------


@csp(CONTENT_POLICY)
@require_GET
@course_view(Access.VIEW, tool=TOOL)
def content(request, code, path_id, file_path):
    path = path_for_viewer(course=request.course, path_id=path_id, access=request.course_access)
    package = Package.objects.filter(path=path).first()
    if package is None:
        raise Http404
    root = package.root.resolve()
    target = (root / file_path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise Http404
    accel = getattr(settings, "SCORM_ACCEL_REDIRECT_PREFIX", "")
    if accel:
        # Behind nginx: the permission check stays here, the front server sends the bytes.
        response = HttpResponse(content_type=content_type_for(target.name))
        relative = target.relative_to(root).as_posix()
        response["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{package.folder}/{quote(relative)}"
        return response
    # FileResponse closes the file once sent.
    handle = target.open("rb")  # noqa: SIM115
    response = FileResponse(handle, content_type=content_type_for(target.name))
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- Runtime data ----------------------------------------------------------------------------


@csrf_exempt
@require_POST
@course_view(Access.VIEW, tool=TOOL)
def commit(request, code, path_id, item_id):
    """Store a SCO's (or an asset's) data model. The CSRF token comes as a header, or inside
    the JSON body for the final commit sent with navigator.sendBeacon (which cannot set
    headers)."""
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        return JsonResponse({"ok": False, "error": _("The data could not be read.")}, status=400)
    token = body.get("csrfmiddlewaretoken")
    if isinstance(token, str) and "HTTP_X_CSRFTOKEN" not in request.META:
        request.META["HTTP_X_CSRFTOKEN"] = token
    return csrf_protect(_commit)(request, code, path_id, item_id, body)


def _commit(request, code, path_id, item_id, body):
    path, item = path_item_for_viewer(
        course=request.course, path_id=path_id, item_id=item_id, access=request.course_access
    )
    if item.kind not in RUNTIME_KINDS:  # SCOs and assets have the run-time (scorm.kinds)
        raise Http404
    if not request.user.is_authenticated:
        return HttpResponse(status=204)  # a guest's visit is not tracked
    cmi = body.get("cmi")
    if not isinstance(cmi, dict):
        return JsonResponse({"ok": False, "error": _("The data could not be read.")}, status=400)
    attempt = latest_attempt(path_id=path.pk, user=request.user)
    if attempt is None:
        raise PermissionDenied
    attempt.path = path
    version = runtime_version(path)
    _data, errors = services.sco_commit(
        attempt=attempt,
        item=item,
        version=version,
        cmi=cmi,
        final=bool(body.get("final")),
        adl_data=body.get("adl_data") if isinstance(body.get("adl_data"), dict) else None,
        nav_request=str(body.get("nav_request") or ""),
    )
    answer = {"ok": True, "errors": errors}
    if version == "2004":
        # The controls and adl.nav.request_valid as the sequencing now answers them.
        answer["navigation"] = services.sco_navigation(
            attempt=attempt, item=item, choices=bool(body.get("final"))
        )
    return JsonResponse(answer)


@csrf_exempt  # AICC content posts without a token; the session id authenticates it
@require_POST
def hacp(request):
    fields = {key.lower(): value for key, value in request.POST.items()}
    reply = services.hacp_handle(
        command=fields.get("command", ""),
        session_id=fields.get("session_id", ""),
        aicc_data=fields.get("aicc_data", ""),
    )
    response = HttpResponse(reply, content_type="text/plain; charset=utf-8")
    # Units hosted elsewhere post here from their own origin; the session id, not a cookie,
    # authenticates them, so any origin may read the answer.
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- Export ----------------------------------------------------------------------------------


@require_GET
@course_view(Access.MANAGE, tool=TOOL)
def export(request, code, path_id):
    path = path_for_viewer(course=request.course, path_id=path_id, access=request.course_access)
    archive = export_scorm12(path=path, base_url=request.build_absolute_uri("/"))
    filename = f"{code}-path-{path.pk}-scorm12.zip"
    return FileResponse(
        archive, as_attachment=True, filename=filename, content_type="application/zip"
    )
