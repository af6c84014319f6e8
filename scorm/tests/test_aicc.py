from decimal import Decimal

import pytest

from scorm import aicc
from scorm.manifest import PackageError
from scorm.tests.fixtures import scorm_fixtures

AICC = scorm_fixtures() / "aicc"


def load(folder: str) -> aicc.AiccCourse:
    files = {}
    for file in (AICC / folder).iterdir():
        extension = file.suffix.lower().lstrip(".")
        if extension in aicc.EXTENSIONS:
            files[extension] = file.read_bytes()
    return aicc.parse_course(files)


def test_real_hacp_package():
    course = load("package")
    assert course.title == "UniversitySite AICC Testing Tool" or course.title
    units = list(course.walk())
    assert len(units) == 1
    assert units[0].file_name == "default.htm"
    assert units[0].system_id == "A1"


def test_complex_course_with_blocks_prerequisites_and_objectives():
    course = load("complex")
    assert course.title == "Complex AICC Course"
    assert course.description == "Complex course for parsing tests"
    units = {unit.system_id: unit for unit in course.walk()}
    assert set(units) >= {"A1", "A2", "A3"}
    assert units["A1"].title == "Intro AU"
    assert units["A1"].mastery_score == Decimal(80)
    assert units["A3"].mastery_score == Decimal(75)
    assert units["A2"].mastery_score is None
    assert units["A1"].max_time_allowed == "00:20:00"
    assert units["A3"].time_limit_action == "E,E"
    # The .pre file: A2 requires A1, A3 requires A1 and A2.
    assert "A1" in units["A2"].prerequisites
    assert "A2" in units["A3"].prerequisites
    assert [o["objective_id"] for o in course.objectives][:1] == ["OBJ-INTRO"]


def test_pre_and_ort_without_content():
    course = load("pre-ort")
    assert list(course.walk())
    assert any(unit.prerequisites for unit in course.walk())


def test_multiline_description_and_external_launch():
    course = load("multiline-description")
    assert "\n" in course.description
    unit = next(course.walk())
    assert unit.file_name.startswith("http")


def test_keys_are_case_insensitive_and_fields_quoted():
    files = {
        "crs": b'[COURSE]\r\nCOURSE_TITLE=Mixed, "case"\r\ncourse_id=X\r\n',
        "au": (
            b'"SYSTEM_ID","Type","File_Name","Mastery_Score"\r\n"a1","lesson","a, b.html","70"\r\n'
        ),
        "des": b'"System_Id","Title","Description"\r\n"A1","Unit, one","D"\r\n',
        "cst": b'"Block","Member"\r\n"root","A1"\r\n',
    }
    course = aicc.parse_course(files)
    assert course.title == 'Mixed, "case"'
    unit = next(course.walk())
    assert unit.title == "Unit, one"
    assert unit.file_name == "a, b.html"
    assert unit.mastery_score == Decimal(70)


def test_missing_descriptor_files_are_refused():
    with pytest.raises(PackageError, match=r"\.cst"):
        aicc.parse_course({"crs": b"[Course]", "au": b"", "des": b""})


def test_hacp_values():
    assert aicc.parse_status("passed") == "passed"
    assert aicc.parse_status("P") == "passed"
    assert aicc.parse_status("incomplete, suspend") == "incomplete"
    assert aicc.parse_status("c,l") == "completed"
    assert aicc.parse_status("weird") is None
    assert aicc.parse_score("85,100,0") == Decimal(85)
    assert aicc.parse_time("01:02:03") == 3723
    assert aicc.parse_time("00:00:05.50") == 5
    assert aicc.parse_time("garbage") == 0
    assert aicc.format_time(3723) == "01:02:03"
    sections = aicc.parse_ini(
        "[CORE]\r\nLesson_Status=passed\r\n[Core_Lesson]\r\nfree text=1\r\nmore\r\n"
    )
    assert sections["core"]["lesson_status"] == "passed"
    assert sections["core_lesson"]["__text__"] == "free text=1\nmore"
