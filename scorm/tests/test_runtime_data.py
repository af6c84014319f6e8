import json

import pytest
from django.test import Client
from django.urls import reverse

from learnpaths.models import ItemProgress, PathAttempt
from scorm.importer import package_import
from scorm.models import ScoData
from scorm.tests.fixtures import scorm_fixtures, zip_folder

FIXTURES = scorm_fixtures()
pytestmark = pytest.mark.django_db


@pytest.fixture
def sco_path(course, tmp_path):
    folder = FIXTURES / "golf-scorm12" / "RuntimeBasicCalls_SCORM12"
    return package_import(
        course=course, user=None, archive_path=zip_folder(folder, tmp_path / "p.zip")
    )


def csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def commit_url(path, item):
    return reverse("learnpaths:scorm:commit", args=["CRS1", path.pk, item.pk])


def test_player_page_gives_the_runtime_its_initial_data(course_roles, sco_path, client_for):
    sco = sco_path.items.get(kind="sco")
    client = client_for(course_roles["learner"])
    page = client.get(reverse("learnpaths:play_item", args=["CRS1", sco_path.pk, sco.pk]))
    body = page.content.decode()
    assert "scorm/player.js" in body
    config = json.loads(
        body.split('id="lp-player-config" type="application/json">')[1].split("</script>")[0]
    )
    runtime = config["runtime"]
    assert runtime["version"] == "1.2"
    assert runtime["commitUrl"] == commit_url(sco_path, sco)
    assert runtime["initial"]["cmi.core.entry"] == "ab-initio"
    assert runtime["initial"]["cmi.core.lesson_status"] == "not attempted"
    assert runtime["initial"]["cmi.core.student_id"] == str(course_roles["learner"].pk)
    assert ItemProgress.objects.get(item=sco).status == "incomplete"


def test_commit_stores_validated_data_and_moves_progress(course_roles, sco_path):
    learner = course_roles["learner"]
    sco = sco_path.items.get(kind="sco")
    client = csrf_client(learner)
    client.get(reverse("learnpaths:play_item", args=["CRS1", sco_path.pk, sco.pk]))
    token = client.cookies["csrftoken"].value
    payload = {
        "cmi": {
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.lesson_location": "page-3",
            "cmi.suspend_data": "state=42",
            "cmi.core.session_time": "0000:01:00",
            "cmi.core.exit": "suspend",
            "bogus": "x",
        },
        "final": False,
    }
    response = client.post(
        commit_url(sco_path, sco),
        json.dumps(payload),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200, response.content
    assert response.json()["errors"] == ["bogus: not a SCORM 1.2 data model element."]
    progress = ItemProgress.objects.get(item=sco)
    assert (progress.status, progress.location, progress.suspend_data, progress.seconds) == (
        "incomplete",
        "page-3",
        "state=42",
        60,
    )
    # The same session committing again adds only the new time.
    payload["cmi"] = {
        "cmi.core.session_time": "0000:01:30",
        "cmi.core.lesson_status": "passed",
        "cmi.core.score.raw": "85",
        "cmi.core.score.max": "100",
    }
    client.post(
        commit_url(sco_path, sco),
        json.dumps(payload),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    progress.refresh_from_db()
    assert progress.seconds == 90 and progress.status == "passed" and progress.score == 85
    attempt = PathAttempt.objects.get()
    assert attempt.seconds == 90 and attempt.done_count == 1 and attempt.status == "completed"
    data = ScoData.objects.get()
    assert data.cmi["cmi.suspend_data"] == "state=42" and "bogus" not in data.cmi
    # Resume: the next launch starts from the stored data.
    page = client.get(reverse("learnpaths:play_item", args=["CRS1", sco_path.pk, sco.pk]))
    assert '"cmi.suspend_data": "state=42"' in page.content.decode()
    assert '"cmi.core.entry": "resume"' in page.content.decode()
    assert '"cmi.core.total_time": "0000:01:30"' in page.content.decode()


def test_final_commit_by_beacon_carries_the_token_in_the_body(course_roles, sco_path):
    sco = sco_path.items.get(kind="sco")
    client = csrf_client(course_roles["learner"])
    client.get(reverse("learnpaths:play_item", args=["CRS1", sco_path.pk, sco.pk]))
    token = client.cookies["csrftoken"].value
    body = {"cmi": {"cmi.core.lesson_status": "completed"}, "final": True}
    refused = client.post(commit_url(sco_path, sco), json.dumps(body), content_type="text/plain")
    assert refused.status_code == 403
    body["csrfmiddlewaretoken"] = token
    accepted = client.post(commit_url(sco_path, sco), json.dumps(body), content_type="text/plain")
    assert accepted.status_code == 200
    assert ItemProgress.objects.get(item=sco).status == "completed"
    assert ScoData.objects.get().finished


def test_mastery_score_decides_passed_or_failed(course_roles, sco_path, client_for):
    sco = sco_path.items.get(kind="sco")
    sco.mastery_score = 80
    sco.save()
    client = client_for(course_roles["learner"])
    client.get(reverse("learnpaths:play_item", args=["CRS1", sco_path.pk, sco.pk]))
    body = {"cmi": {"cmi.core.lesson_status": "completed", "cmi.core.score.raw": "70"}}
    client.post(commit_url(sco_path, sco), json.dumps(body), content_type="application/json")
    assert ItemProgress.objects.get(item=sco).status == "failed"


def test_commit_refuses_garbage_and_outsiders(course_roles, sco_path, client_for):
    sco = sco_path.items.get(kind="sco")
    client = client_for(course_roles["learner"])
    client.get(reverse("learnpaths:play_item", args=["CRS1", sco_path.pk, sco.pk]))
    assert (
        client.post(commit_url(sco_path, sco), "[1]", content_type="application/json").status_code
        == 400
    )
    assert (
        client.post(commit_url(sco_path, sco), "{", content_type="application/json").status_code
        == 400
    )
    outsider = client_for(course_roles["outsider"])
    assert (
        outsider.post(commit_url(sco_path, sco), "{}", content_type="application/json").status_code
        == 403
    )
    asset_url = reverse("learnpaths:scorm:commit", args=["CRS1", sco_path.pk, 999999])
    assert client.post(asset_url, "{}", content_type="application/json").status_code == 404


def test_initial_data_carries_what_the_manifest_set(course_roles, sco_path):
    from scorm.services import initial_cmi, sco_session_start

    sco = sco_path.items.get(kind="sco")
    sco.mastery_score = 80
    sco.launch_data = "level=2"
    sco.extra = {
        "max_time_allowed": "00:30:00",
        "time_limit_action": "exit,message",
        "completion_threshold": "0.75",
    }
    attempt = PathAttempt.objects.create(path=sco_path, user=course_roles["learner"])
    data = sco_session_start(attempt=attempt, item=sco, version="1.2")
    initial = initial_cmi(version="1.2", data=data, item=sco, user=course_roles["learner"])
    assert initial["cmi.student_data.mastery_score"] == "80"
    assert initial["cmi.launch_data"] == "level=2"
    assert initial["cmi.student_data.max_time_allowed"] == "00:30:00"
    assert initial["cmi.student_data.time_limit_action"] == "exit,message"
    initial = initial_cmi(version="2004", data=data, item=sco, user=course_roles["learner"])
    assert initial["cmi.scaled_passing_score"] == "0.8"
    assert initial["cmi.completion_threshold"] == "0.75"
    assert initial["cmi.entry"] == "ab-initio" and initial["cmi.mode"] == "normal"


def test_scorm2004_player_tells_which_navigation_requests_are_valid(
    course_roles, client_for, tmp_path
):
    folder = FIXTURES / "golf-scorm2004" / "SequencingForcedSequential_SCORM20043rdEdition"
    path = package_import(
        course=course_roles["course"],
        user=None,
        archive_path=zip_folder(folder, tmp_path / "p.zip"),
    )
    first, second = path.items.filter(kind="sco").order_by("rank")[:2]
    page = client_for(course_roles["learner"]).get(
        reverse("learnpaths:play_item", args=["CRS1", path.pk, first.pk])
    )
    config = json.loads(
        page.content.decode()
        .split('id="lp-player-config" type="application/json">')[1]
        .split("</script>")[0]
    )
    initial = config["runtime"]["initial"]
    assert config["runtime"]["version"] == "2004"
    # The package's sequencing answers: the next SCO is disabled until this one is
    # satisfied, so neither Continue nor choosing it would deliver anything yet.
    assert initial["adl.nav.request_valid.continue"] == "false"
    assert initial["adl.nav.request_valid.previous"] == "false"
    assert initial[f"adl.nav.request_valid.choice.{{target={second.identifier}}}"] == "false"
    assert initial["cmi.entry"] == "ab-initio"
    assert config["itemUrls"][second.identifier].endswith(f"/play/{second.pk}/")


def test_scorm2004_new_attempt_after_a_normal_exit(course_roles, sco_path):
    from scorm.services import initial_cmi, sco_session_start

    sco = sco_path.items.get(kind="sco")
    learner = course_roles["learner"]
    attempt = PathAttempt.objects.create(path=sco_path, user=learner)
    data = sco_session_start(attempt=attempt, item=sco, version="2004")
    data.cmi = {"cmi.exit": "suspend", "cmi.suspend_data": "keep"}
    data.finished = True
    data.save()
    data = sco_session_start(attempt=attempt, item=sco, version="2004")
    initial = initial_cmi(version="2004", data=data, item=sco, user=learner)
    assert initial["cmi.suspend_data"] == "keep" and initial["cmi.entry"] == "resume"
    data.cmi = {"cmi.exit": "normal", "cmi.suspend_data": "old"}
    data.finished = True
    data.save()
    data = sco_session_start(attempt=attempt, item=sco, version="2004")
    initial = initial_cmi(version="2004", data=data, item=sco, user=learner)
    assert "cmi.suspend_data" not in initial and initial["cmi.entry"] == "ab-initio"
    # An unfinished session (the window closed without Terminate) resumes as it was.
    data.cmi = {"cmi.location": "p3"}
    data.save()
    data = sco_session_start(attempt=attempt, item=sco, version="2004")
    assert data.cmi == {"cmi.location": "p3"}


# --- the real data model, with what the manifest says ------------------------------------------


def _play_and_commit(client, path, item, *bodies):
    client.get(reverse("learnpaths:play_item", args=["CRS1", path.pk, item.pk]))
    for body in bodies:
        response = client.post(
            commit_url(path, item), json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    "raw, status", [("79", "failed"), ("79.99", "failed"), ("80", "passed"), ("81", "passed")]
)
def test_scorm12_mastery_score_boundary(course_roles, sco_path, client_for, raw, status):
    """Equal to the mastery score passes (RTE 1.2 3.4.4: "greater than or equal")."""
    sco = sco_path.items.get(kind="sco")
    sco.mastery_score = 80
    sco.save()
    body = {"cmi": {"cmi.core.lesson_status": "completed", "cmi.core.score.raw": raw}}
    _play_and_commit(client_for(course_roles["learner"]), sco_path, sco, body)
    assert ItemProgress.objects.get(item=sco).status == status


@pytest.mark.parametrize(
    "scaled, status", [("0.79", "failed"), ("0.8", "passed"), ("0.81", "passed")]
)
def test_scorm2004_scaled_passing_score_decides_success(
    course_roles, sco_path, client_for, scaled, status
):
    from learnpaths.models import LearningPath
    from scorm.models import Package

    Package.objects.filter(path=sco_path).update(kind=Package.Kind.SCORM2004)
    LearningPath.objects.filter(pk=sco_path.pk).update(source=LearningPath.Source.SCORM2004)
    sco = sco_path.items.get(kind="sco")
    sco.mastery_score = 80  # primary objective's minNormalizedMeasure 0.8
    sco.save()
    # The content says "passed"; the LMS decides from score.scaled (RTE 4.2.22.1).
    body = {"cmi": {"cmi.success_status": "passed", "cmi.score.scaled": scaled}}
    _play_and_commit(client_for(course_roles["learner"]), sco_path, sco, body)
    assert ItemProgress.objects.get(item=sco).status == status


@pytest.mark.parametrize(
    "measure, status", [("0.74", "incomplete"), ("0.75", "completed"), ("0.76", "completed")]
)
def test_scorm2004_completion_threshold_decides_completion(
    course_roles, sco_path, client_for, measure, status
):
    from scorm.models import Package

    Package.objects.filter(path=sco_path).update(kind=Package.Kind.SCORM2004)
    # An imported 2004 package's path says so too (the player reads the source).
    sco_path.__class__.objects.filter(pk=sco_path.pk).update(source="scorm2004")
    sco = sco_path.items.get(kind="sco")
    sco.extra = {**sco.extra, "completion_threshold": "0.75"}
    sco.save()
    body = {"cmi": {"cmi.completion_status": "incomplete", "cmi.progress_measure": measure}}
    _play_and_commit(client_for(course_roles["learner"]), sco_path, sco, body)
    assert ItemProgress.objects.get(item=sco).status == status


def test_a_response_is_checked_against_the_stored_interaction_type(
    course_roles, sco_path, client_for
):
    from scorm.models import Package

    Package.objects.filter(path=sco_path).update(kind=Package.Kind.SCORM2004)
    # An imported 2004 package's path says so too (the player reads the source).
    sco_path.__class__.objects.filter(pk=sco_path.pk).update(source="scorm2004")
    sco = sco_path.items.get(kind="sco")
    client = client_for(course_roles["learner"])
    first = {"cmi": {"cmi.interactions.0.id": "q1", "cmi.interactions.0.type": "true-false"}}
    second = {"cmi": {"cmi.interactions.0.learner_response": "maybe"}}
    errors = _play_and_commit(client, sco_path, sco, first, second)["errors"]
    assert errors and "learner_response" in errors[0]
    assert "cmi.interactions.0.learner_response" not in ScoData.objects.get().cmi


@pytest.mark.parametrize(
    "version, time_element, exit_element, time",
    [
        ("1.2", "cmi.core.session_time", "cmi.core.exit", "00:10:00"),
        ("2004", "cmi.session_time", "cmi.exit", "PT10M"),
    ],
)
def test_each_session_time_is_counted_once(
    course_roles, sco_path, client_for, version, time_element, exit_element, time
):
    """Session 1 sets 10 minutes and suspends; session 2 only commits a status (Rise does,
    before it sets its own time): the item's time is 600 s, not 1,200."""
    from scorm.models import Package

    if version == "2004":
        Package.objects.filter(path=sco_path).update(kind=Package.Kind.SCORM2004)
        # An imported 2004 package's path says so too (the player reads the source).
        sco_path.__class__.objects.filter(pk=sco_path.pk).update(source="scorm2004")
    status = "cmi.core.lesson_status" if version == "1.2" else "cmi.completion_status"
    sco = sco_path.items.get(kind="sco")
    client = client_for(course_roles["learner"])
    session1 = {"cmi": {time_element: time, exit_element: "suspend"}, "final": True}
    _play_and_commit(client, sco_path, sco, session1)
    session2 = {"cmi": {status: "incomplete"}}
    _play_and_commit(client, sco_path, sco, session2)
    assert ItemProgress.objects.get(item=sco).seconds == 600
    assert PathAttempt.objects.get().seconds == 600
    stored = ScoData.objects.get().cmi
    assert time_element not in stored and exit_element not in stored
    # The session after that one still resumes only if the last session suspended.
    page = client.get(reverse("learnpaths:play_item", args=["CRS1", sco_path.pk, sco.pk]))
    entry = "cmi.core.entry" if version == "1.2" else "cmi.entry"
    assert f'"{entry}": ""' in page.content.decode()


@pytest.mark.parametrize(
    "cmi, status",
    [
        ({}, "completed"),
        ({"cmi.core.score.raw": "85.5"}, "passed"),
        ({"cmi.core.score.raw": "70"}, "failed"),
        ({"cmi.core.lesson_status": "incomplete", "cmi.core.score.raw": "85.5"}, "incomplete"),
    ],
)
def test_scorm12_finish_without_a_status_completes_then_applies_the_mastery_score(
    course_roles, sco_path, client_for, cmi, status
):
    """RTE 1.2 3.4.4, cmi.core.lesson_status, additional behaviour: a SCO that finishes
    without setting a status is "completed", and then, with a mastery score and a raw score,
    passed or failed."""
    sco = sco_path.items.get(kind="sco")
    sco.mastery_score = 80
    sco.save()
    body = {"cmi": cmi, "final": True}
    _play_and_commit(client_for(course_roles["learner"]), sco_path, sco, body)
    assert ItemProgress.objects.get(item=sco).status == status


def test_scorm12_a_commit_before_finish_leaves_the_status_not_attempted(
    course_roles, sco_path, client_for
):
    sco = sco_path.items.get(kind="sco")
    body = {"cmi": {"cmi.core.score.raw": "85.5"}, "final": False}
    _play_and_commit(client_for(course_roles["learner"]), sco_path, sco, body)
    assert ItemProgress.objects.get(item=sco).status == "not_attempted"
