"""Decisions of core.uploads that mutation testing (make mutate) found unchecked."""

import io
import zipfile

import pytest

from core.uploads import UploadRejected, check_bytes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "a")
    return buffer.getvalue()


def refused(name, head) -> str | None:
    try:
        check_bytes(name=name, head=head, size=len(head) or 1)
    except UploadRejected as error:
        return error.message
    return None


def test_a_text_file_holding_a_nul_byte_is_refused():
    assert refused("notes.txt", b"hello\x00world") == (
        "The content of notes.txt does not match its extension (.txt)."
    )
    assert refused("notes.txt", b"hello world") is None


def test_a_text_file_holding_a_known_binary_format_is_refused():
    assert refused("notes.txt", PNG) is not None


def test_old_office_files_may_be_unrecognised_but_new_ones_may_not():
    assert refused("old.doc", b"just some bytes") is None  # OLE is not always recognised
    assert refused("new.docx", b"just some bytes") is not None
    assert refused("new.docx", zip_bytes()) is None
    assert refused("old.doc", PNG) is not None


def test_the_extension_message_names_what_is_allowed():
    message = refused("noextension", b"hello")
    assert message.startswith("Files of this type (no extension) are not accepted. Allowed: ")
    assert ", pdf, " in message
    assert refused("x.exe", b"MZ").startswith("Files of this type (.exe) are not accepted.")


def test_an_empty_name_is_refused():
    assert refused("", b"hello") == "The file has no usable name."
    assert refused("...", b"hello") == "The file has no usable name."


@pytest.mark.parametrize("name", ["photo.png", "PHOTO.PNG"])
def test_what_is_returned(name):
    checked = check_bytes(name=name, head=PNG, size=1234)
    assert (checked.name, checked.extension, checked.size, checked.content_type) == (
        name,
        "png",
        1234,
        "image/png",
    )
