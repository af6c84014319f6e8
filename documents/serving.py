"""Sending a stored file: streamed, with HTTP range requests and conditional GET.

Only views that have already checked the person's access call this; the media folder has no
public URL for course files.
"""

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date, quote_etag

CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _parse_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(start, end) inclusive for one satisfiable range; None to send everything; False: 416."""
    match = _RANGE.match(header.replace(" ", ""))
    if not match:
        return None  # several ranges or another unit: answering with the whole file is allowed
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return False
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return False
    return start, end


def _iter_range(handle, start: int, length: int):
    try:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()


def serve_file(
    request,
    *,
    open_file,
    size: int,
    content_type: str,
    filename: str,
    etag: str,
    last_modified,
    inline: bool,
    extra_headers: dict | None = None,
):
    """Answer a GET or HEAD for a file; ``open_file()`` is called only when bytes are sent."""
    etag = quote_etag(etag)
    timestamp = int(last_modified.timestamp())
    conditional = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if conditional is not None:  # 304 Not Modified or 412 Precondition Failed
        _common_headers(conditional, etag, timestamp)
        return conditional

    byte_range = None
    range_header = request.headers.get("Range", "")
    if range_header:
        if_range = request.headers.get("If-Range", "")
        if not if_range or if_range == etag:
            byte_range = _parse_range(range_header, size)
    if byte_range is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        _common_headers(response, etag, timestamp)
        return response

    disposition = content_disposition_header(not inline, filename)
    if request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = str(size)
    elif byte_range:
        start, end = byte_range
        response = StreamingHttpResponse(
            _iter_range(open_file(), start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(open_file(), content_type=content_type)
        response["Content-Length"] = str(size)
    response["Content-Disposition"] = disposition
    _common_headers(response, etag, timestamp)
    for name, value in (extra_headers or {}).items():
        response[name] = value
    return response


def _common_headers(response, etag: str, timestamp: int) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(timestamp)
    response["Accept-Ranges"] = "bytes"
    # Course files are private to the course: browsers may keep them but must ask again
    # (a cheap 304) so that hiding a document takes effect at once.
    response["Cache-Control"] = "private, no-cache"
