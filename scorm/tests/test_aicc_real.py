"""AICC courses as they are found: legacy encodings, every CMI001 field, session time."""

import pytest

from learnpaths.models import ItemProgress, PathAttempt
from scorm import aicc, services
from scorm.importer import package_import
from scorm.tests.fixtures import zip_entries

pytestmark = pytest.mark.django_db

CRS = (
    "[Course]\r\nCourse_Creator=Example\r\nCourse_ID=OT-1\r\nCourse_System=HTML\r\n"
    "Course_Title={title}\r\nLevel=1\r\nMax_Fields_CST=2\r\nTotal_AUs=1\r\nTotal_Blocks=0\r\n"
    "Version=3.4\r\n[Course_Behavior]\r\nMax_Normal=1\r\nMastery_Score=70\r\n"
    "[Course_Description]\r\n{description}\r\n"
)
AU = (
    '"System_ID","Type","Command_Line","File_Name","Max_Score","Mastery_Score",'
    '"Max_Time_Allowed","Time_Limit_Action","System_Vendor","Core_Vendor"\r\n'
    '"A1","lesson","-fast","lesson.html",100,{mastery},"00:30:00","E,M","","level=3;mode=x"\r\n'
)
DES = '"System_ID","Title","Description"\r\n"A1","{unit}","{unit}"\r\n'
CST = '"Block","Member"\r\n"root","A1"\r\n'


def course_zip(tmp_path, *, encoding="utf-8", title="Course", unit="Unit", mastery="80"):
    files = {
        "course.crs": CRS.format(title=title, description=title).encode(encoding),
        "course.au": AU.format(mastery=mastery).encode(encoding),
        "course.des": DES.format(unit=unit).encode(encoding),
        "course.cst": CST.encode(encoding),
        "lesson.html": b"<p>x</p>",
    }
    return zip_entries(tmp_path / "aicc.zip", files)


@pytest.mark.parametrize(
    "encoding, title, unit",
    [
        ("cp1251", "Охрана труда", "Первая помощь"),
        ("cp1250", "Szkolenie BHP: zażółć gęślą jaźń", "Pierwsza pomoc – zasady"),
        ("cp1252", "Sécurité au travail – à la leçon", "Première étape"),
        ("cp1253", "Ασφάλεια στην εργασία", "Πρώτες βοήθειες"),
        ("utf-8", "Охрана труда", "Première étape"),
    ],
)
def test_legacy_encodings_are_detected(course, tmp_path, encoding, title, unit):
    path = package_import(
        course=course,
        user=None,
        archive_path=course_zip(tmp_path, encoding=encoding, title=title, unit=unit),
    )
    assert path.title == title
    assert path.items.get().title == unit


def test_the_lone_cp1251_title_of_the_issue():
    crs = "[Course]\r\nCourse_Title=Охрана труда\r\n".encode("cp1251")
    assert aicc.detect_encoding(crs) == "cp1251"
    assert aicc.parse_ini(aicc.decode(crs))["course"]["course_title"] == "Охрана труда"


@pytest.fixture
def unit_session(course_roles, tmp_path):
    path = package_import(
        course=course_roles["course"], user=None, archive_path=course_zip(tmp_path)
    )
    unit = path.items.get()
    attempt = PathAttempt.objects.create(path=path, user=course_roles["learner"])
    return unit, attempt, services.aicc_session_start(attempt=attempt, item=unit)


def _put(session, core: str, lesson: str = "") -> str:
    data = f"[Core]\r\n{core}\r\n[Core_Lesson]\r\n{lesson}\r\n"
    return services.hacp_handle(command="PutParam", session_id=session.session_id, aicc_data=data)


def test_get_param_carries_every_cmi001_group_with_initial_values(unit_session, course_roles):
    unit, attempt, session = unit_session
    reply = services.hacp_handle(command="GetParam", session_id=session.session_id, aicc_data="")
    sections = aicc.parse_ini(reply.split("aicc_data=", 1)[1])
    core = sections["core"]
    assert core["lesson_status"] == "not attempted, ab-initio"
    assert core["lesson_location"] == "" and core["score"] == "" and core["time"] == "00:00:00"
    assert core["credit"] == "C" and core["lesson_mode"] == "normal"
    assert sections["core_lesson"]["__text__"] == ""
    assert sections["core_vendor"]["__text__"] == "level=3;mode=x"
    assert sections["evaluation"]["course_id"] == "OT-1"
    student = sections["student_data"]
    assert (
        student["mastery_score"],
        student["max_time_allowed"],
        student["time_limit_action"],
    ) == (
        "80",
        "00:30:00",
        "E,M",
    )
    # Once the unit has reported, the next launch resumes from it.
    _put(session, "Lesson_Status=incomplete\r\nLesson_Location=p4\r\nTime=00:01:00", "state=1")
    services.hacp_handle(command="ExitAU", session_id=session.session_id, aicc_data="")
    second = services.aicc_session_start(attempt=attempt, item=unit)
    reply = services.hacp_handle(command="GetParam", session_id=second.session_id, aicc_data="")
    sections = aicc.parse_ini(reply.split("aicc_data=", 1)[1])
    assert sections["core"]["lesson_status"] == "incomplete, resume"
    assert sections["core"]["lesson_location"] == "p4" and sections["core"]["time"] == "00:01:00"
    assert sections["core_lesson"]["__text__"] == "state=1"


def test_the_last_time_of_a_session_replaces_the_earlier_ones(unit_session):
    """PutParam 00:10:00 then 00:12:00 in one session: 720 s, not 1,320."""
    unit, attempt, session = unit_session
    _put(session, "Lesson_Status=incomplete\r\nTime=00:10:00")
    _put(session, "Lesson_Status=incomplete\r\nTime=00:12:00")
    assert ItemProgress.objects.get(item=unit).seconds == 720
    attempt.refresh_from_db()
    assert attempt.seconds == 720
    # A PutParam without Time adds nothing; the next session counts from zero again.
    _put(session, "Lesson_Status=incomplete")
    services.hacp_handle(command="ExitAU", session_id=session.session_id, aicc_data="")
    second = services.aicc_session_start(attempt=attempt, item=unit)
    _put(second, "Lesson_Status=incomplete\r\nTime=00:05:00")
    assert ItemProgress.objects.get(item=unit).seconds == 1020


@pytest.mark.parametrize("score, status", [("79", "failed"), ("80", "passed"), ("81", "passed")])
def test_aicc_mastery_score_boundary(unit_session, score, status):
    unit, _attempt, session = unit_session
    _put(session, f"Lesson_Status=completed\r\nScore={score}")
    assert ItemProgress.objects.get(item=unit).status == status
