import pytest

from learnpaths.tests.factories import LearningPathFactory, PathItemFactory
from scorm.kinds import content_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "launch,parameters,expected",
    [
        ("index.html", "", "index.html"),
        ("shared/test.html", "?questions=Playing", "shared/test.html?questions=Playing"),
        ("a.html?x=1", "&y=2", "a.html?x=1&y=2"),
        ("a.html?x=1", "?y=2", "a.html?x=1&y=2"),
        ("a.html", "#chapter-2", "a.html#chapter-2"),
        ("dir with space/a.html", "", "dir%20with%20space/a.html"),
    ],
)
def test_launch_address_applies_parameters(course, launch, parameters, expected):
    path = LearningPathFactory(course=course)
    item = PathItemFactory(path=path, kind="sco", launch=launch, parameters=parameters)
    assert content_url(item) == f"/courses/{course.code}/learnpaths/{path.pk}/content/{expected}"


def test_external_aicc_units_launch_where_they_live(course):
    item = PathItemFactory(path__course=course, kind="au", launch="https://au.example/start")
    assert content_url(item) == "https://au.example/start"
