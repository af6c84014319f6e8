"""What the player page and a SCO's commit cost (issue #11): a bounded, exact number of
queries, and no write when reopening a SCO changes nothing."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learnpaths.models import ItemProgress, PathAttempt
from scorm.importer import package_import
from scorm.models import ScoData
from scorm.tests.fixtures import scorm_fixtures, zip_folder

FIXTURES = scorm_fixtures()
pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def sco_path(course, tmp_path):
    folder = FIXTURES / "golf-scorm12" / "RuntimeBasicCalls_SCORM12"
    return package_import(
        course=course, user=None, archive_path=zip_folder(folder, tmp_path / "p.zip")
    )


def _writes(captured) -> list[str]:
    return [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(WRITES)]


def _page(client, path, item):
    return client.get(reverse("learnpaths:play_item", args=["CRS1", path.pk, item.pk]))


def test_reopening_a_sco_writes_nothing_and_costs_a_fixed_number_of_queries(
    course_roles, sco_path, client_for
):
    sco = sco_path.items.get(kind="sco")
    client = client_for(course_roles["learner"])
    assert _page(client, sco_path, sco).status_code == 200  # the first visit records it
    progress = ItemProgress.objects.get(item=sco)
    assert progress.status == "incomplete" and progress.views == 1
    with CaptureQueriesContext(connection) as captured:
        response = _page(client, sco_path, sco)
    assert response.status_code == 200
    assert _writes(captured) == []
    # user, course, path, attempt, progress rows, items, the SCO's data; the transaction's
    # savepoint pair under the test's own transaction.
    assert len(captured) == PLAYER_REOPEN_QUERIES, [q["sql"][:80] for q in captured]
    assert ItemProgress.objects.get(item=sco).views == 1  # a reload is not a new visit


PLAYER_REOPEN_QUERIES = 9


def test_an_old_last_access_is_moved_on_by_a_reopening(course_roles, sco_path, client_for):
    sco = sco_path.items.get(kind="sco")
    client = client_for(course_roles["learner"])
    _page(client, sco_path, sco)
    long_ago = timezone.now() - timedelta(hours=2)
    PathAttempt.objects.update(updated_at=long_ago)
    _page(client, sco_path, sco)
    assert PathAttempt.objects.get().updated_at > long_ago + timedelta(hours=1)


def test_a_sco_reopened_after_a_commit_starts_a_new_session(course_roles, sco_path, client_for):
    sco = sco_path.items.get(kind="sco")
    client = client_for(course_roles["learner"])
    _page(client, sco_path, sco)
    url = reverse("learnpaths:scorm:commit", args=["CRS1", sco_path.pk, sco.pk])
    body = {"cmi": {"cmi.core.session_time": "00:01:00", "cmi.core.lesson_location": "p2"}}
    client.post(url, json.dumps(body), content_type="application/json")
    assert ScoData.objects.get().session_seconds == 60
    _page(client, sco_path, sco)
    data = ScoData.objects.get()
    assert data.session_seconds == 0 and data.cmi["cmi.core.lesson_location"] == "p2"
    assert "cmi.core.session_time" not in data.cmi


def test_a_commit_reads_once_and_writes_its_rows(course_roles, sco_path, client_for):
    sco = sco_path.items.get(kind="sco")
    client = client_for(course_roles["learner"])
    _page(client, sco_path, sco)
    url = reverse("learnpaths:scorm:commit", args=["CRS1", sco_path.pk, sco.pk])
    cmi = {
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.lesson_location": "page-3",
        "cmi.core.session_time": "00:00:30",
        "cmi.suspend_data": "abc",
        "cmi.interactions.0.id": "q1",
        "cmi.interactions.0.type": "choice",
        "cmi.interactions.0.student_response": "b",
        "cmi.interactions.0.result": "correct",
        "cmi.interactions.1.id": "q2",
        "cmi.interactions.1.type": "choice",
        "cmi.interactions.1.student_response": "c",
        "cmi.interactions.1.result": "wrong",
    }
    client.post(url, json.dumps({"cmi": cmi}), content_type="application/json")
    attempt = PathAttempt.objects.get()
    assert attempt.seconds == 30
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, json.dumps({"cmi": cmi}), content_type="application/json")
    assert response.status_code == 200 and response.json()["ok"]
    # No time added, status unchanged, last access recent: the SCO's data and the item's
    # row are written, the attempt is not (nor locked); the interactions cost nothing more.
    writes = _writes(captured)
    assert len(writes) == 2, writes
    assert all("pathattempt" not in sql for sql in writes)
    assert len(captured) == COMMIT_QUERIES, [q["sql"][:80] for q in captured]
    # Time added: the attempt grows by it in the same UPDATE (no lock, no re-read).
    cmi["cmi.core.session_time"] = "00:01:30"
    client.post(url, json.dumps({"cmi": cmi}), content_type="application/json")
    assert PathAttempt.objects.get().seconds == 90
    assert ItemProgress.objects.get(item=sco).seconds == 90
    # A status that changes the attempt's counters goes the locked way and counts.
    cmi["cmi.core.lesson_status"] = "completed"
    client.post(url, json.dumps({"cmi": cmi}), content_type="application/json")
    attempt = PathAttempt.objects.get()
    assert attempt.done_count == 1 and attempt.seconds == 90


# user, course, path and item, attempt, SCO data with its progress row, 2 UPDATEs, and the
# savepoint pair of the commit's transaction under the test's own.
COMMIT_QUERIES = 9


def test_the_player_addresses_are_those_of_the_url_names(course_roles, sco_path, client_for):
    sco = sco_path.items.get(kind="sco")
    client = client_for(course_roles["learner"])
    response = _page(client, sco_path, sco)
    config = response.context["player_config"]
    args = ["CRS1", sco_path.pk, sco.pk]
    for key, name in (
        ("nextUrl", "next"),
        ("previousUrl", "previous"),
        ("navigateUrl", "navigate"),
        ("tocUrl", "toc"),
    ):
        assert config[key] == reverse(f"learnpaths:{name}", args=args)
    for item in sco_path.items.exclude(kind="section").exclude(identifier=""):
        expected = reverse("learnpaths:play_item", args=["CRS1", sco_path.pk, item.pk])
        assert config["itemUrls"][item.identifier] == expected
        assert f'href="{expected}"' in response.content.decode() or item.pk != sco.pk
