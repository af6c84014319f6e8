"""Every documents URL, for every role, GET and POST: denied roles get 403, others never 403/500.

The lead's project-wide permission walk does the same with made-up ids; this one also uses real
ids (a visible folder, file and page), so the views run past their lookups. The expected answers
come from the hand-written table in tests/access_table.py, not from courses.models import Course
from courses.permissions.
"""

from itertools import product

import pytest
from django.urls import URLPattern, reverse

from courses.models import Course
from documents import services, urls
from documents.tests.factories import PDF_BYTES, upload
from tests.access_table import LOGIN, OK, expected_status

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "outsider", "learner", "tutor", "teacher", "admin"]


@pytest.fixture
def tree(course_roles):
    course, teacher = course_roles["course"], course_roles["teacher"]
    folder = services.folder_create(course=course, parent=None, name="F", user=teacher)
    file = services.file_upload(
        course=course, parent=folder, upload=upload("a.pdf", PDF_BYTES), user=teacher
    )
    page = services.page_create(
        course=course, parent=folder, name="P", content="<p>x</p>", user=teacher
    )
    return {"folder": folder, "file": file, "page": page}


def walk_urls(code, tree):
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        keys = sorted(pattern.pattern.converters)
        options = {
            "folder_id": [1, tree["folder"].pk],
            "doc_id": [1, tree["file"].pk, tree["page"].pk],
            "job_id": [1],
            "group_id": [999999],
        }
        name = f"documents:{pattern.name}"
        # Every combination of the URL's ids (a group's folder URL takes both).
        choices = [
            dict(zip(keys, combo, strict=True)) for combo in product(*map(options.get, keys))
        ]
        assert choices, pattern
        for kwargs in choices:
            yield pattern, reverse(name, kwargs={"code": code, **kwargs})


@pytest.mark.parametrize("visibility", [Course.Visibility.MEMBERS, Course.Visibility.CLOSED])
@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_as_the_decorator_promises(
    course_roles, client_for, tree, role, visibility
):
    course = course_roles["course"]
    Course.objects.filter(pk=course.pk).update(visibility=visibility)
    course.refresh_from_db()
    user = None if role == "anonymous" else course_roles[role]
    client = client_for(user)
    for pattern, address in walk_urls(course.code, tree):
        expected = expected_status(course.visibility, role, pattern.callback.course_access_required)
        for method in ("get", "post"):
            response = getattr(client, method)(address)
            status = response.status_code
            where = f"{role} {method.upper()} {address} -> {status}, expected {expected}"
            assert status != 500, where
            if status == 405:
                continue
            if expected == LOGIN:
                assert status == 302 and "/accounts/login/" in response.url, where
            elif expected == OK:
                assert status != 403, where
            else:
                assert status == expected, where
