import io
import struct
import wave
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from courses.tests.factories import CourseFactory
from documents.models import Document


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A short 440 Hz tone, enough for a browser to play."""
    import math

    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        frames = b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
            for i in range(int(rate * seconds))
        )
        wav.writeframes(frames)
    return out.getvalue()


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


class FolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    kind = Document.Kind.FOLDER
    name = factory.Sequence(lambda n: f"Folder {n}")

    @factory.post_generation
    def set_path(obj, create, extracted, **kwargs):
        prefix = obj.parent.path if obj.parent_id else "/"
        obj.path = f"{prefix}{obj.pk}/"
        if create:
            Document.objects.filter(pk=obj.pk).update(path=obj.path)


class PageFactory(FolderFactory):
    kind = Document.Kind.PAGE
    name = factory.Sequence(lambda n: f"Page {n}")
    content = "<p>Hello</p>"
    content_type = "text/html"
    size = 12
