import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from conference import selectors, services
from conference.client import BBBClient, BBBError, BBBUnavailable
from conference.models import Attendance, ConferenceServer, Meeting
from conference.tests.conftest import SECRET

pytestmark = pytest.mark.django_db


def valid_checksum(url: str, secret: str = SECRET) -> bool:
    parts = urlsplit(url)
    call = parts.path.rsplit("/", 1)[-1]
    query, _sep, checksum = parts.query.rpartition("&checksum=")
    return hashlib.sha1((call + query + secret).encode()).hexdigest() == checksum


def test_client_against_the_server(bbb):
    client = BBBClient(f"{bbb.url}/bigbluebutton/", SECRET)
    internal = client.create(meeting_id="m1", name="Maths", attendee_pw="ap", moderator_pw="mp")
    assert internal.endswith("-1700000000000")
    assert client.create(meeting_id="m1", name="Maths", attendee_pw="ap", moderator_pw="mp")
    assert client.is_meeting_running("m1") is False
    url = client.join_url(meeting_id="m1", full_name="Ann", password="mp", user_id="7")
    assert valid_checksum(url)
    import urllib.request

    assert b"Ann joined Maths as MODERATOR" in urllib.request.urlopen(url).read()
    assert client.is_meeting_running("m1") is True
    info = client.get_meeting_info("m1")
    assert (info.running, info.participant_count, info.moderator_count) == (True, 1, 1)
    assert info.attendees[0].full_name == "Ann"
    bbb.recording("m1", name="Maths")
    recordings = client.get_recordings("m1")
    assert recordings[0].playback[0][0] == "presentation"
    client.end(meeting_id="m1", moderator_pw="mp")
    assert client.get_meeting_info("m1").running is False
    assert client.get_recordings("nothing") == []


def test_sha256_checksums(bbb):
    client = BBBClient(f"{bbb.url}/bigbluebutton/api", SECRET, "sha256")
    client.create(meeting_id="m2", name="x", attendee_pw="a", moderator_pw="m")
    assert "m2" in bbb.meetings


def test_wrong_secret_is_a_checksum_error(bbb):
    client = BBBClient(f"{bbb.url}/bigbluebutton/", "wrong")
    with pytest.raises(BBBError) as error:
        client.create(meeting_id="m1", name="x", attendee_pw="a", moderator_pw="m")
    assert error.value.key == "checksumError"
    assert not bbb.meetings and not bbb.calls


def test_unreachable_server():
    client = BBBClient("http://127.0.0.1:9/bigbluebutton/", SECRET)
    with pytest.raises(BBBUnavailable):
        client.is_meeting_running("m1")


def test_teacher_starts_and_learner_joins(course_roles, client_for, bbb_configured):
    bbb = bbb_configured
    learner = client_for(course_roles["learner"])
    # Not started: the learner is told to wait, and nothing is recorded.
    early = learner.post(reverse("conference:join", args=["CRS1"]), follow=True)
    assert "The class has not started yet" in early.content.decode()
    assert not Attendance.objects.exists()
    teacher = client_for(course_roles["teacher"])
    started = teacher.post(reverse("conference:start", args=["CRS1"]))
    assert started.status_code == 302
    assert started.url.startswith(f"{bbb.url}/bigbluebutton/api/join?")
    assert valid_checksum(started.url)
    params = parse_qs(urlsplit(started.url).query)
    room = services.course_room(course_roles["course"])
    assert params["password"] == [room.moderator_pw]
    # The teacher's browser follows the address; now the meeting runs.
    import urllib.request

    urllib.request.urlopen(started.url).read()
    joined = learner.post(reverse("conference:join", args=["CRS1"]))
    assert joined.status_code == 302 and valid_checksum(joined.url)
    assert parse_qs(urlsplit(joined.url).query)["password"] == [room.attendee_pw]
    assert b"as VIEWER" in urllib.request.urlopen(joined.url).read()
    meeting = Meeting.objects.get()
    assert meeting.started_by == course_roles["teacher"]
    roles = dict(Attendance.objects.values_list("user__username", "role"))
    assert roles == {"teacher": "moderator", "learner": "attendee"}
    page = teacher.get(reverse("conference:index", args=["CRS1"])).content.decode()
    assert "In progress" in page and "2 participants" in page
    assert (
        f"form-action 'self' {bbb.url}"
        in teacher.get(reverse("conference:index", args=["CRS1"]))["Content-Security-Policy"]
    )
    # Ending it: the server forgets the meeting and the platform closes its record.
    teacher.post(reverse("conference:end", args=["CRS1"]))
    assert room.meeting_id not in bbb.meetings
    meeting.refresh_from_db()
    assert meeting.ended_at is not None
    assert selectors.course_attendance(course_roles["course"].pk)[0]["meetings"] == 1


def test_learners_cannot_start_or_end(course_roles, client_for, bbb_configured):
    learner = client_for(course_roles["learner"])
    assert learner.post(reverse("conference:start", args=["CRS1"])).status_code == 403
    assert learner.post(reverse("conference:end", args=["CRS1"])).status_code == 403


def test_recordings_are_listed(course_roles, client_for, bbb_configured):
    room = services.course_room(course_roles["course"])
    bbb_configured.recording(room.meeting_id, name="Lesson 1")
    bbb_configured.recording(room.meeting_id, name="Draft lesson", published=False)
    learner_page = (
        client_for(course_roles["learner"])
        .get(reverse("conference:index", args=["CRS1"]))
        .content.decode()
    )
    assert "Lesson 1" in learner_page and "/playback/presentation/2.3/rec-1" in learner_page
    assert "Draft lesson" not in learner_page
    teacher_page = (
        client_for(course_roles["teacher"])
        .get(reverse("conference:index", args=["CRS1"]))
        .content.decode()
    )
    assert "Draft lesson" in teacher_page


def test_wrong_secret_gives_the_teacher_a_clear_error(course_roles, client_for, bbb):
    ConferenceServer.objects.create(name="Bad", url=f"{bbb.url}/bigbluebutton/", secret="nope")
    teacher = client_for(course_roles["teacher"])
    page = teacher.get(reverse("conference:index", args=["CRS1"]))
    assert page.status_code == 200
    assert "the shared secret is wrong" in page.content.decode()
    response = teacher.post(reverse("conference:start", args=["CRS1"]), follow=True)
    assert response.status_code == 200
    assert "the shared secret is wrong" in response.content.decode()
    assert not Meeting.objects.exists()
    learner_page = (
        client_for(course_roles["learner"])
        .get(reverse("conference:index", args=["CRS1"]))
        .content.decode()
    )
    assert "not available at the moment" in learner_page
    assert "secret" not in learner_page


def test_no_server_set_up(course_roles, client_for):
    page = client_for(course_roles["teacher"]).get(reverse("conference:index", args=["CRS1"]))
    assert "No video-conference server is set up" in page.content.decode()


def test_unreachable_server_page(course_roles, client_for):
    ConferenceServer.objects.create(name="Off", url="http://127.0.0.1:9/bigbluebutton/", secret="x")
    response = client_for(course_roles["teacher"]).post(
        reverse("conference:start", args=["CRS1"]), follow=True
    )
    assert "cannot be reached" in response.content.decode()


def test_attendance_for_statistics(course_roles, client_for, bbb_configured):
    from conference.api import course_attendance

    client_for(course_roles["teacher"]).post(reverse("conference:start", args=["CRS1"]))
    rows = course_attendance(course_roles["course"].pk)
    assert [(r["user__username"], r["meetings"]) for r in rows] == [("teacher", 1)]
