from documents import services
from documents.tests.factories import png_bytes, upload


def test_smoke(course_roles, client_for):
    course, teacher = course_roles["course"], course_roles["teacher"]
    doc = services.file_upload(course=course, parent=None, upload=upload("a.png", png_bytes()), user=teacher)
    assert doc.thumbnail
    client = client_for(teacher)
    r = client.get(f"/courses/{course.code}/documents/")
    assert r.status_code == 200, r.content
    r = client.get(f"/courses/{course.code}/documents/{doc.pk}/")
    assert r.status_code == 200
    r = client.get(f"/courses/{course.code}/documents/{doc.pk}/file/")
    assert r.status_code == 200
    r = client.get(f"/courses/{course.code}/documents/new-page/")
    assert r.status_code == 200
