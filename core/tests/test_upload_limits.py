"""Boundaries of the upload size (issue #10): at the limit, one byte either side.

The platform's limit (UPLOAD_MAX_FILE_SIZE, set by the administrator) caps every tool's own
limit: a tool may ask for less, never for more.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import UploadRejected, UploadValidator, check_bytes, check_upload

PLATFORM = 1000


@pytest.fixture(autouse=True)
def platform_limit(settings):
    settings.UPLOAD_MAX_FILE_SIZE = PLATFORM


def accepted(size, **limits) -> bool:
    try:
        check_bytes(name="notes.txt", head=b"hello", size=size, **limits)
    except UploadRejected:
        return False
    return True


@pytest.mark.parametrize("size,ok", [(PLATFORM - 1, True), (PLATFORM, True), (PLATFORM + 1, False)])
def test_the_platforms_limit(size, ok):
    assert accepted(size) is ok


@pytest.mark.parametrize("size,ok", [(PLATFORM - 1, True), (PLATFORM, True), (PLATFORM + 1, False)])
def test_a_tool_asking_for_more_is_capped_by_the_platform(size, ok):
    assert accepted(size, max_size=PLATFORM * 10) is ok


@pytest.mark.parametrize("size,ok", [(499, True), (500, True), (501, False)])
def test_a_tool_may_ask_for_less(size, ok):
    assert accepted(size, max_size=500) is ok


@pytest.mark.parametrize("size,ok", [(PLATFORM, True), (PLATFORM + 1, False)])
def test_the_form_validator_is_capped_too(size, ok):
    upload = SimpleUploadedFile("notes.txt", b"x" * size)
    if ok:
        UploadValidator(max_size=PLATFORM * 10)(upload)
    else:
        with pytest.raises(UploadRejected):
            UploadValidator(max_size=PLATFORM * 10)(upload)


def test_the_message_gives_the_limit_that_applied():
    with pytest.raises(UploadRejected) as refused:
        check_upload(SimpleUploadedFile("notes.txt", b"x" * 1001), max_size=PLATFORM * 10)
    assert "1000" in refused.value.message or "1,000" in refused.value.message


@pytest.mark.parametrize("size,ok", [(PLATFORM, True), (PLATFORM + 1, False)])
def test_an_announcement_attachment_is_capped_by_the_platform(size, ok):
    """announcements allows 10 MB attachments; with the platform at 1,000 bytes, 1,000 it is."""
    from announcements.forms import ATTACHMENT_MAX_SIZE, validate_attachment

    assert ATTACHMENT_MAX_SIZE > PLATFORM
    upload = SimpleUploadedFile("notes.txt", b"x" * size)
    if ok:
        validate_attachment(upload)
    else:
        with pytest.raises(UploadRejected):
            validate_attachment(upload)


def test_empty_is_refused_and_one_byte_is_not():
    assert accepted(0) is False
    assert accepted(1) is True


@pytest.mark.parametrize("size,ok", [(PLATFORM, True), (PLATFORM + 1, False)])
def test_a_plain_file_object_is_measured_by_seeking(size, ok):
    """No .size attribute (a file opened from disk): the size comes from seeking to the end."""
    import io

    data = io.BytesIO(b"x" * size)
    data.name = "notes.txt"
    data.seek(7)
    if ok:
        assert check_upload(data).size == size
    else:
        with pytest.raises(UploadRejected):
            check_upload(data)
    assert data.tell() == 7  # where the caller left it


def test_a_file_without_a_usable_name_is_refused_with_a_readable_message():
    import io

    with pytest.raises(UploadRejected) as refused:
        check_upload(io.BytesIO(b"hello"))
    assert refused.value.message == "The file has no usable name."
    with pytest.raises(UploadRejected) as refused:
        check_bytes(name="notes.txt", head=b"", size=PLATFORM + 1)
    assert (
        refused.value.message
        == "notes.txt is too large (1001\xa0bytes); the maximum is 1000\xa0bytes."
    )


def test_without_the_setting_the_default_limit_applies(settings):
    from core.uploads import DEFAULT_MAX_FILE_SIZE, max_upload_size

    del settings.UPLOAD_MAX_FILE_SIZE
    assert max_upload_size() == DEFAULT_MAX_FILE_SIZE
