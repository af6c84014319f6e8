import pytest
from django.core.management import call_command

from courses.models import Course, Enrollment

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once_with_content_from_the_tools(capsys):
    call_command("demo_data")
    call_command("demo_data")  # a second run adds nothing
    assert Course.objects.count() == 4
    assert Enrollment.objects.filter(user__username="teacher", role="teacher").count() == 4
    course = Course.objects.get(code="MATH101")
    from announcements.models import Announcement
    from documents.models import Document

    assert Announcement.objects.filter(course=course).count() == 1
    assert Document.objects.filter(course=course, name="Welcome").count() == 1
    assert "demo-pass-2026" in capsys.readouterr().out
