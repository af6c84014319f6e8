"""A cartridge as other platforms write it (IMS CC 1.3, QTI 1.2 CC profile), bad cartridges,
and the import and export pages (job, report, permissions)."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Quiz
from backups.cartridge import import_cartridge
from backups.interop import InteropError
from core.models import Job
from courses.tests.factories import CourseFactory
from documents.models import Document
from documents.tests.factories import png_bytes
from forums.models import Forum
from links.models import Link

pytestmark = pytest.mark.django_db

CP = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"


def meta(profile, weighting="1"):
    return f"""<itemmetadata><qtimetadata>
  <qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>{profile}</fieldentry>
  </qtimetadatafield>
  <qtimetadatafield><fieldlabel>cc_weighting</fieldlabel><fieldentry>{weighting}</fieldentry>
  </qtimetadatafield></qtimetadata></itemmetadata>"""


def choices(ident, cardinality, labels):
    rows = "".join(
        f"""<response_label ident="{key}"><material>
<mattext texttype="text/html">{text}</mattext></material></response_label>"""
        for key, text in labels
    )
    return f"""<response_lid ident="{ident}" rcardinality="{cardinality}">
<render_choice>{rows}</render_choice></response_lid>"""


def statement(html):
    return f'<material><mattext texttype="text/html">{html}</mattext></material>'


OUTCOMES = """<outcomes><decvar varname="SCORE" vartype="Decimal" minvalue="0"
maxvalue="100"/></outcomes>"""

ASSESSMENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="{QTI}">
 <assessment ident="quiz1" title="Week 1 check">
  <qtimetadata>
   <qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.exam.v0p1</fieldentry>
   </qtimetadatafield>
   <qtimetadatafield><fieldlabel>qmd_assessmenttype</fieldlabel>
   <fieldentry>Examination</fieldentry></qtimetadatafield>
   <qtimetadatafield><fieldlabel>qmd_timelimit</fieldlabel><fieldentry>15</fieldentry>
   </qtimetadatafield>
   <qtimetadatafield><fieldlabel>cc_maxattempts</fieldlabel><fieldentry>unlimited</fieldentry>
   </qtimetadatafield>
  </qtimetadata>
  <section ident="root_section">
   <item ident="q1" title="Largest planet">
    {meta("cc.multiple_choice.v0p1", "2")}
    <presentation>{statement("&lt;p&gt;Which planet is the largest?&lt;/p&gt;")}
     {choices("response1", "Single", [("a", "Mars"), ("b", "Jupiter"), ("c", "Venus")])}
    </presentation>
    <resprocessing>{OUTCOMES}
     <respcondition continue="Yes"><conditionvar><varequal respident="response1">a</varequal>
     </conditionvar><displayfeedback feedbacktype="Response" linkrefid="a_fb"/></respcondition>
     <respcondition continue="No"><conditionvar><varequal respident="response1">b</varequal>
     </conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition>
    </resprocessing>
    <itemfeedback ident="a_fb"><flow_mat><material>
     <mattext texttype="text/plain">Mars is small &amp; red.</mattext></material></flow_mat>
    </itemfeedback>
   </item>
   <item ident="q2" title="Gas giants">
    {meta("cc.multiple_response.v0p1", "3")}
    <presentation>{statement("Pick the gas giants.")}
     {choices("response1", "Multiple", [("a", "Saturn"), ("b", "Earth"), ("c", "Jupiter")])}
    </presentation>
    <resprocessing>{OUTCOMES}
     <respcondition continue="No"><conditionvar><and>
      <varequal respident="response1">a</varequal>
      <not><varequal respident="response1">b</varequal></not>
      <varequal respident="response1">c</varequal>
     </and></conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition>
    </resprocessing>
   </item>
   <item ident="q3" title="Pluto">
    {meta("cc.true_false.v0p1")}
    <presentation>{statement("Pluto is a planet.")}
     {choices("response1", "Single", [("t", "True"), ("f", "False")])}
    </presentation>
    <resprocessing>{OUTCOMES}
     <respcondition continue="No"><conditionvar><varequal respident="response1">f</varequal>
     </conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition>
    </resprocessing>
   </item>
   <item ident="q4" title="Red planet">
    {meta("cc.fib.v0p1")}
    <presentation>{statement("&lt;p&gt;Name the red planet.&lt;/p&gt;")}
     <response_str ident="response1" rcardinality="Single"><render_fib/></response_str>
    </presentation>
    <resprocessing>{OUTCOMES}
     <respcondition continue="No"><conditionvar>
      <varequal respident="response1" case="No">Mars</varequal>
      <varequal respident="response1" case="No">planet Mars</varequal>
     </conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition>
    </resprocessing>
   </item>
   <item ident="q5" title="Why explore">
    {meta("cc.essay.v0p1", "5")}
    <presentation>{statement("Why explore space?")}
     <response_str ident="response1" rcardinality="Single"><render_fib rows="10"/></response_str>
    </presentation>
    <resprocessing>{OUTCOMES}</resprocessing>
   </item>
   <item ident="q6" title="Moons">
    {meta("cc.pattern_match.v0p1")}
    <presentation>{statement("Name a moon.")}
     <response_str ident="response1" rcardinality="Single"><render_fib/></response_str>
    </presentation>
   </item>
  </section>
 </assessment>
</questestinterop>"""


def manifest(resources: str, items: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="cctd0015" xmlns="{CP}"
  xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion>
  <lomimscc:lom><lomimscc:general><lomimscc:title>
   <lomimscc:string language="en">Astronomy</lomimscc:string>
  </lomimscc:title></lomimscc:general></lomimscc:lom>
 </metadata>
 <organizations><organization identifier="O_1" structure="rooted-hierarchy">
  <item identifier="root"><item identifier="M_1"><title>Module 1</title>{items}</item></item>
 </organization></organizations>
 <resources>{resources}</resources>
</manifest>"""


def cartridge(**overrides) -> bytes:
    resources = """
  <resource identifier="R_page" type="webcontent" href="wiki_content/introduction.html">
   <file href="wiki_content/introduction.html"/></resource>
  <resource identifier="R_logo" type="webcontent" href="web_resources/images/logo.png">
   <file href="web_resources/images/logo.png"/></resource>
  <resource identifier="R_notes" type="webcontent" href="web_resources/notes/week%201.txt">
   <file href="web_resources/notes/week%201.txt"/></resource>
  <resource identifier="R_exe" type="webcontent" href="web_resources/tools/setup.exe">
   <file href="web_resources/tools/setup.exe"/></resource>
  <resource identifier="R_gone" type="webcontent" href="web_resources/gone.pdf">
   <file href="web_resources/gone.pdf"/></resource>
  <resource identifier="R_link" type="imswl_xmlv1p3"><file href="R_link/weblink.xml"/></resource>
  <resource identifier="R_bad" type="imswl_xmlv1p3"><file href="R_bad/weblink.xml"/></resource>
  <resource identifier="R_topic" type="imsdt_xmlv1p3"><file href="R_topic/topic.xml"/></resource>
  <resource identifier="R_quiz" type="imsqti_xmlv1p2/imscc_xmlv1p3/assessment">
   <file href="R_quiz/assessment.xml"/></resource>
  <resource identifier="R_lti" type="imsbasiclti_xmlv1p3"><file href="R_lti/lti.xml"/></resource>
"""
    items = "".join(
        f'<item identifier="I_{ref}" identifierref="{ref}"><title>{title}</title></item>'
        for ref, title in [
            ("R_page", "Introduction"),
            ("R_link", "NASA"),
            ("R_bad", "Bad link"),
            ("R_topic", "Introduce yourself"),
            ("R_quiz", "Week 1 check"),
            ("R_lti", "Planetarium tool"),
        ]
    )
    entries = {
        "imsmanifest.xml": manifest(resources, items),
        "wiki_content/introduction.html": """<html><head><title>Introduction</title></head>
<body><h2>Welcome</h2><p><img src="$IMS-CC-FILEBASE$/images/logo.png" alt="Logo"></p>
<p><a href="../web_resources/notes/week%201.txt">Notes</a></p></body></html>""",
        "web_resources/images/logo.png": png_bytes(),
        "web_resources/notes/week 1.txt": b"Observe the moon.",
        "web_resources/tools/setup.exe": b"MZ\x90\x00" + b"\x00" * 200,
        "R_link/weblink.xml": """<?xml version="1.0" encoding="UTF-8"?>
<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3">
 <title>NASA</title><url href="https://www.nasa.gov/" target="_blank"/></webLink>""",
        "R_bad/weblink.xml": """<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3">
 <title>Bad link</title><url href="javascript:alert(1)"/></webLink>""",
        "R_topic/topic.xml": """<?xml version="1.0" encoding="UTF-8"?>
<topic xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3">
 <title>Introduce yourself</title>
 <text texttype="text/html">&lt;p&gt;Say hello.&lt;/p&gt;</text></topic>""",
        "R_quiz/assessment.xml": ASSESSMENT,
        "R_lti/lti.xml": "<cartridge_basiclti_link/>",
    }
    entries.update(overrides)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            if content is not None:
                archive.writestr(name, content)
    return buffer.getvalue()


def test_a_cc_13_cartridge_from_another_platform_imports():
    course = CourseFactory()
    report = import_cartridge(course=course, upload=io.BytesIO(cartridge()))
    assert report.source == "Common Cartridge 1.3.0"

    documents = {d.name: d for d in Document.objects.filter(course=course)}
    assert sorted(documents) == ["Introduction", "images", "logo.png", "notes", "week 1.txt"]
    assert documents["logo.png"].parent == documents["images"]
    page = documents["Introduction"]
    assert page.kind == "page" and page.parent is None
    assert f"/documents/{documents['logo.png'].pk}/" in page.content
    assert f"/documents/{documents['week 1.txt'].pk}/" in page.content

    assert list(Link.objects.filter(course=course).values_list("title", "url")) == [
        ("NASA", "https://www.nasa.gov/")
    ]
    assert list(Forum.objects.filter(course=course).values_list("title", "description")) == [
        ("Introduce yourself", "<p>Say hello.</p>")
    ]
    quiz = Quiz.objects.get(course=course)
    assert (quiz.title, quiz.time_limit, quiz.max_attempts) == ("Week 1 check", 15, 0)
    rows = [
        (
            r.question.type,
            r.question.title,
            r.question.score,
            r.question.config,
            [(a.text, a.correct, a.score, a.feedback) for a in r.question.answers.all()],
        )
        for r in quiz.quiz_questions.select_related("question").order_by("position")
    ]
    d = Decimal
    assert rows == [
        (
            "unique",
            "Largest planet",
            d("2"),
            {},
            [
                ("Mars", False, d("0"), "Mars is small &amp; red."),
                ("Jupiter", True, d("2"), ""),
                ("Venus", False, d("0"), ""),
            ],
        ),
        (
            "multiple_exact",
            "Gas giants",
            d("3"),
            {},
            [
                ("Saturn", True, d("0"), ""),
                ("Earth", False, d("0"), ""),
                ("Jupiter", True, d("0"), ""),
            ],
        ),
        ("unique", "Pluto", d("1"), {}, [("True", False, d("0"), ""), ("False", True, d("1"), "")]),
        (
            "blanks",
            "Red planet",
            d("1"),
            {"text": "[Mars|planet Mars]", "case_sensitive": False},
            [],
        ),
        ("free", "Why explore", d("5"), {}, []),
    ]
    skipped = {row["title"]: row["reason"] for row in report.skipped}
    assert skipped == {
        "setup.exe": skipped["setup.exe"],
        "web_resources/gone.pdf": "The file is missing from the archive.",
        "Bad link": "not a web address (http or https): javascript:alert(1)",
        "Week 1 check › Moons": "Pattern-match questions are not supported.",
        "Planetarium tool": "External tools (LTI) are not imported.",
    }
    assert "setup.exe" in skipped["setup.exe"] or "not accepted" in skipped["setup.exe"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 broken", "not a valid zip archive"),
        (cartridge(**{"imsmanifest.xml": None}), "has no imsmanifest.xml"),
        (cartridge(**{"imsmanifest.xml": "<manifest><resources>"}), "not well-formed XML"),
        (cartridge(**{"imsmanifest.xml": "<moodle_backup/>"}), "not an IMS manifest"),
        (cartridge(**{"/etc/passwd": "x"}), "absolute path"),
    ],
)
def test_bad_cartridges_are_refused_and_change_nothing(data, message):
    course = CourseFactory()
    with pytest.raises(InteropError, match=message):
        import_cartridge(course=course, upload=io.BytesIO(data))
    assert not Document.objects.filter(course=course).exists()


def test_a_broken_item_file_is_reported_not_fatal():
    course = CourseFactory()
    report = import_cartridge(
        course=course, upload=io.BytesIO(cartridge(**{"R_topic/topic.xml": "<topic><title>"}))
    )
    reasons = {row["title"]: row["reason"] for row in report.skipped}
    assert "not well-formed XML" in reasons["Introduce yourself"]
    assert report.count("test") == 1


# --- Pages -----------------------------------------------------------------------------------


def test_teacher_imports_a_cartridge_and_reads_the_report(
    course_roles, client_for, django_capture_on_commit_callbacks
):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    url = reverse("backups:interop", kwargs={"code": course.code})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"format": "cc", "cc-archive": SimpleUploadedFile("astronomy.imscc", cartridge())},
        )
    job = Job.objects.get(course=course, kind="cc_import")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "backups:interop_job", kwargs={"code": course.code, "job_id": job.pk}
    )
    assert job.state == "done" and job.result["source"] == "Common Cartridge 1.3.0"
    assert job.message == "11 items imported, 5 skipped."
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Pattern-match questions are not supported." in body
    assert "External tools (LTI) are not imported." in body
    assert "Week 1 check" in body
    assert Quiz.objects.filter(course=course).count() == 1
    # The index lists the import.
    assert "astronomy.imscc" in client.get(url).content.decode()


def test_a_refused_archive_shows_on_the_form(course_roles, client_for):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    url = reverse("backups:interop", kwargs={"code": course.code})
    wrong = client.post(
        url, {"format": "moodle", "moodle-archive": SimpleUploadedFile("x.pdf", b"%PDF")}
    )
    assert "Choose a file ending in .mbz, .zip." in wrong.content.decode()
    not_zip = client.post(
        url, {"format": "cc", "cc-archive": SimpleUploadedFile("x.imscc", b"hello")}
    )
    assert "This file is not a valid zip archive." in not_zip.content.decode()
    assert not Job.objects.filter(course=course).exists()


def test_a_failed_import_says_why(course_roles, client_for, django_capture_on_commit_callbacks):
    course = course_roles["course"]
    client = client_for(course_roles["teacher"])
    url = reverse("backups:interop", kwargs={"code": course.code})
    data = cartridge(**{"imsmanifest.xml": None, "manifest.xml": "<manifest/>"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"format": "cc", "cc-archive": SimpleUploadedFile("a.imscc", data)}
        )
    job = Job.objects.get(course=course)
    assert job.state == "failed"
    assert "has no imsmanifest.xml" in client.get(response["Location"]).content.decode()


def test_export_downloads_a_cartridge(course_roles, client_for):
    course = course_roles["course"]
    Link.objects.create(course=course, title="NASA", url="https://www.nasa.gov/")
    response = client_for(course_roles["teacher"]).get(
        reverse("backups:cartridge_export", kwargs={"code": course.code})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{course.code}.imscc"'
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "imsmanifest.xml" in names and "weblinks/link1.xml" in names


def test_only_teachers_reach_the_pages_and_jobs_stay_in_their_course(course_roles, client_for):
    course = course_roles["course"]
    other = CourseFactory(code="OTHER")
    foreign = Job.objects.create(kind="cc_import", course=other, user=course_roles["admin"])
    own = Job.objects.create(kind="cc_import", course=course, user=course_roles["teacher"])
    learner = client_for(course_roles["learner"])
    teacher = client_for(course_roles["teacher"])
    for name, kwargs in [
        ("backups:interop", {}),
        ("backups:cartridge_export", {}),
        ("backups:interop_job", {"job_id": own.pk}),
    ]:
        url = reverse(name, kwargs={"code": course.code, **kwargs})
        assert learner.get(url).status_code == 403
        assert teacher.get(url).status_code == 200
    forged = reverse("backups:interop_job", kwargs={"code": course.code, "job_id": foreign.pk})
    assert teacher.get(forged).status_code == 404


def test_the_report_page_polls_while_the_job_runs(course_roles, client_for):
    course = course_roles["course"]
    job = Job.objects.create(kind="moodle_import", course=course, user=course_roles["teacher"])
    url = reverse("backups:interop_job", kwargs={"code": course.code, "job_id": job.pk})
    partial = client_for(course_roles["teacher"]).get(url, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert 'hx-trigger="every 1s"' in body and "<html" not in body


def test_pages_take_a_bounded_number_of_queries(
    course_roles, client_for, django_assert_max_num_queries
):
    course = course_roles["course"]
    teacher = course_roles["teacher"]
    client = client_for(teacher)
    url = reverse("backups:interop", kwargs={"code": course.code})
    report = {
        "source": "Moodle 4.1",
        "imported": {"page": ["A"] * 50, "file": ["B"] * 50},
        "skipped": [{"kind": "activity", "title": "L", "reason": "Labels..."}] * 50,
    }
    jobs = []
    for size in (2, 30):
        while len(jobs) < size:
            jobs.append(
                Job.objects.create(
                    kind="moodle_import", course=course, user=teacher, state="done", result=report
                )
            )
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
        job_url = reverse(
            "backups:interop_job", kwargs={"code": course.code, "job_id": jobs[-1].pk}
        )
        with django_assert_max_num_queries(6):
            assert client.get(job_url).status_code == 200


def test_a_french_teacher_reads_the_report_in_french(
    course_roles, client_for, django_capture_on_commit_callbacks
):
    course = course_roles["course"]
    teacher = course_roles["teacher"]
    teacher.language = "fr"
    teacher.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(teacher).post(
            reverse("backups:interop", kwargs={"code": course.code}),
            {"format": "cc", "cc-archive": SimpleUploadedFile("a.imscc", cartridge())},
        )
    job = Job.objects.get(course=course)
    assert job.message == "11 éléments importés, 5 laissés de côté."
    reasons = {row["title"]: row["reason"] for row in job.result["skipped"]}
    assert reasons["Planetarium tool"] == "Les outils externes (LTI) ne sont pas importés."


def test_a_cartridge_failing_half_way_leaves_the_course_unchanged(monkeypatch, settings):
    from backups import cartridge as module

    course = CourseFactory()

    def broken(**kwargs):
        raise RuntimeError("injected fault")

    monkeypatch.setattr(module.forums_api, "import_forums", broken)
    with pytest.raises(RuntimeError):
        import_cartridge(course=course, upload=io.BytesIO(cartridge()))
    assert not Document.objects.filter(course=course).exists()
    assert not Quiz.objects.filter(course=course).exists()
    assert not Link.objects.filter(course=course).exists()
    stored = settings.MEDIA_ROOT / "documents" / str(course.pk)
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))
