"""The platform's upload check: size, extension allow-list, content sniffed from the bytes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import (
    UploadRejected,
    UploadValidator,
    allowed_extensions,
    check_upload,
    clean_filename,
)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG")
    return out.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_accepts_a_png_and_reports_its_type():
    checked = check_upload(upload("Photo.PNG", png()))
    assert (checked.name, checked.extension, checked.content_type) == (
        "Photo.PNG",
        "png",
        "image/png",
    )


def test_accepts_plain_text():
    assert check_upload(upload("notes.txt", b"hello\n")).content_type == "text/plain"


def test_refuses_a_disallowed_extension():
    with pytest.raises(UploadRejected, match="not accepted"):
        check_upload(upload("script.php", b"<?php echo 1;"))


def test_refuses_a_file_without_extension():
    with pytest.raises(UploadRejected, match="not accepted"):
        check_upload(upload("README", b"text"))


def test_refuses_content_that_does_not_match_the_extension():
    with pytest.raises(UploadRejected, match="does not match"):
        check_upload(upload("photo.png", b"%PDF-1.4 not a png at all"))
    with pytest.raises(UploadRejected, match="does not match"):
        check_upload(upload("page.html", png()))


def test_refuses_a_program_whatever_its_name():
    program = b"MZ" + b"\x90" * 200
    with pytest.raises(UploadRejected, match="program"):
        check_upload(upload("lesson.doc", program))
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 60
    with pytest.raises(UploadRejected, match="program"):
        check_upload(upload("lesson.doc", elf))


def test_refuses_too_large_and_empty(settings):
    settings.UPLOAD_MAX_FILE_SIZE = 10
    with pytest.raises(UploadRejected, match="too large"):
        check_upload(upload("notes.txt", b"x" * 11))
    with pytest.raises(UploadRejected, match="empty"):
        check_upload(upload("notes.txt", b""))


def test_a_tool_may_narrow_the_limits():
    with pytest.raises(UploadRejected, match="not accepted"):
        check_upload(upload("notes.txt", b"hello"), extensions={"pdf"})
    with pytest.raises(UploadRejected, match="too large"):
        check_upload(upload("notes.txt", b"hello"), max_size=3)


def test_the_administrator_sets_the_allow_list(settings):
    settings.UPLOAD_ALLOWED_EXTENSIONS = ["txt", ".PDF"]
    assert allowed_extensions() == {"txt", "pdf"}
    with pytest.raises(UploadRejected):
        check_upload(upload("photo.png", png()))
    settings.UPLOAD_ALLOWED_EXTENSIONS = []
    assert "png" in allowed_extensions()


def test_names_are_cleaned():
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("C:\\Users\\me\\report.pdf") == "report.pdf"
    assert clean_filename("bad\x00name\n.txt") == "badname.txt"
    assert clean_filename("...") == ""
    long = clean_filename("a" * 300 + ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")


def test_the_file_position_is_kept():
    file = upload("notes.txt", b"hello world")
    check_upload(file)
    assert file.read() == b"hello world"


def test_validator_for_form_fields():
    validator = UploadValidator(extensions={"png"})
    validator(upload("a.png", png()))
    with pytest.raises(UploadRejected):
        validator(upload("a.txt", b"hello"))
    assert validator == UploadValidator(extensions={"png"})
