"""The engine with the course's own tools: kinds, picker, prerequisites on scores, tests that
report their outcome, items learners cannot open, settings, copy, export, report."""

import csv
import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from assessments import services as quiz_services
from assessments.models import Quiz
from assessments.tests.factories import QuizFactory, make_question
from documents import services as document_services
from learnpaths import selectors, sequencing, services
from learnpaths.models import ItemProgress, LearningPath, PathAttempt, PathItem, Status
from learnpaths.tests.factories import build_path

pytestmark = pytest.mark.django_db
CODE = "CRS1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name, *args):
    return reverse(f"learnpaths:{name}", args=[CODE, *args])


def post(**fields):
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        data[key] = value
    return data


@pytest.fixture
def tools(course_roles):
    """A course with a folder, a PDF in it, a web page, a hidden page, a published test of
    one question (2 points) and an unpublished one."""
    course, teacher = course_roles["course"], course_roles["teacher"]
    folder = document_services.folder_create(
        course=course, parent=None, name="Week 1", user=teacher
    )
    pdf = document_services.file_upload(
        course=course,
        parent=folder,
        upload=SimpleUploadedFile("syllabus.pdf", PDF, content_type="application/pdf"),
        user=teacher,
    )
    page = document_services.page_create(
        course=course, parent=None, name="Welcome", content="<p>Hello</p>", user=teacher
    )
    hidden = document_services.page_create(
        course=course, parent=None, name="Answers", content="<p>Secret</p>", user=teacher
    )
    hidden.visible = False
    hidden.save(update_fields=["visible"])
    quiz = QuizFactory(course=course, title="Check", pass_mark=50)
    question = make_question(
        course,
        "unique",
        quiz=quiz,
        answers=[{"text": "Yes", "correct": True, "score": 2}, {"text": "No", "score": 0}],
    )
    draft = QuizFactory(course=course, title="Draft", published=False)
    return {
        "pdf": pdf,
        "page": page,
        "hidden": hidden,
        "quiz": quiz,
        "question": question,
        "draft": draft,
        "folder": folder,
    }


def take_test(quiz, question, learner, *, right: bool):
    attempt = quiz_services.attempt_start(quiz=quiz, user=learner)
    answer = question.answers.get(correct=right)
    quiz_services.attempt_save(
        attempt=attempt,
        data=post(**{f"q{question.pk}-choice": str(answer.pk)}),
        question_ids=[question.pk],
    )
    return quiz_services.attempt_submit(attempt=attempt)


# --- Prerequisites on scores: exact decimals, >= --------------------------------------------


@pytest.mark.parametrize(
    ("score", "maximum", "minimum", "opens"),
    [
        ("50", None, "50", True),  # equal: opens
        ("49.99", None, "50", False),  # one step below
        ("50.01", None, "50", True),  # one step above
        ("1", "2", "50", True),  # 50 % of 2 points exactly
        ("0.99", "2", "49.50", True),  # 49.5 % of 2 points: equal
        ("0.98", "2", "49.50", False),  # 49 %: below
        ("1", "3", "33.33", True),  # 33.333... % >= 33.33
        ("1", "3", "33.34", False),  # 33.333... % < 33.34: no rounding lets it through
    ],
)
def test_score_prerequisite_compares_exact_decimals(score, maximum, minimum, opens):
    # The sequencing rule the path becomes (satisfied by measure, learnpaths.sequencing)
    # decides as score * 100 >= minimum * maximum in exact decimals did.
    path = LearningPath(pk=1, title="P")
    first = PathItem(pk=1, path=path, kind="text", rank=1)
    second = PathItem(
        pk=2, path=path, kind="text", rank=2, prerequisite_id=1,
        prerequisite_min_score=Decimal(minimum),
    )  # fmt: skip
    tree = sequencing.path_tree(path, [first, second], launchable_kinds={"text"}, visible_only=True)

    def locked(row):
        return sequencing.PathSequencing(tree, {1: row} if row else {}).locked(2)

    row = ItemProgress(
        status=Status.PASSED,
        score=Decimal(score),
        score_max=Decimal(maximum) if maximum else None,
    )
    assert locked(row) is not opens
    assert locked(ItemProgress(status=Status.COMPLETED))  # no score: not reached
    assert locked(None)


def test_min_score_is_a_percentage(course_roles):
    path = build_path(course_roles["course"], 2)
    first, second = path.items.order_by("rank")
    with pytest.raises(services.ValidationError):
        services.item_update(
            item=second,
            title="x",
            visible=True,
            prerequisite=first,
            prerequisite_min_score=Decimal("100.01"),
        )


# --- Tests report their outcome; "test at least 50 %" opens the last item --------------------


def test_test_item_is_done_only_when_graded_and_its_score_gates_the_next(
    course_roles, client_for, tools
):
    course, learner = course_roles["course"], course_roles["learner"]
    path = services.path_create(course=course, user=course_roles["teacher"], title="P")
    test_item = services.item_add(path=path, kind="test", title="", target_id=tools["quiz"].pk)
    last = services.item_add(path=path, kind="document", title="End", target_id=tools["page"].pk)
    services.item_update(
        item=last,
        title=last.title,
        visible=True,
        prerequisite=test_item,
        prerequisite_min_score=Decimal(50),
    )
    client = client_for(learner)
    page = client.get(url("play_item", path.pk, test_item.pk))
    assert page.status_code == 200
    assert reverse("assessments:start", args=[CODE, tools["quiz"].pk]) in page.content.decode()
    row = ItemProgress.objects.get(item=test_item)
    assert row.status == Status.INCOMPLETE  # opened, not done: nothing submitted yet
    assert client.get(url("next", path.pk, test_item.pk)).url == url(
        "play_item", path.pk, test_item.pk
    )  # locked
    take_test(tools["quiz"], tools["question"], learner, right=False)
    row.refresh_from_db()
    assert row.status == Status.FAILED and row.score == 0 and row.score_max == 2
    assert client.get(url("play_item", path.pk, last.pk)).url == url("index")  # still locked
    take_test(tools["quiz"], tools["question"], learner, right=True)
    row.refresh_from_db()
    assert row.status == Status.PASSED and row.score == 2
    assert client.get(url("next", path.pk, test_item.pk)).url == url("play_item", path.pk, last.pk)
    side = client.get(url("toc", path.pk, test_item.pk)).content.decode()
    assert "100 %" in side  # the test's score shows on the item and in the path's score
    attempt = PathAttempt.objects.get(user=learner)
    assert selectors.score_percent(attempt) == Decimal("100.00")


# --- Items learners cannot open ---------------------------------------------------------------


def test_hidden_document_and_teacher_page_are_marked_refused_and_never_ticked(
    course_roles, client_for, tools
):
    course = course_roles["course"]
    path = services.path_create(course=course, user=None, title="P")
    teacher = client_for(course_roles["teacher"])
    teacher.post(url("item_add", path.pk), {"kind": "document", "target": tools["hidden"].pk})
    teacher.post(url("item_add", path.pk), {"kind": "test", "target": tools["draft"].pk})
    hidden_item = path.items.get(kind="document")
    # A teachers' page typed as an address is refused outright.
    response = teacher.post(
        url("item_add", path.pk),
        {"kind": "link", "url": f"/courses/{CODE}/learnpaths/{path.pk}/report/", "title": "R"},
        follow=True,
    )
    assert "Learners cannot open this page" in response.content.decode()
    assert path.items.count() == 2
    builder = teacher.get(url("builder", path.pk) + "?kind=section").content.decode()
    assert builder.count('class="badge text-bg-warning lp-closed"') == 2
    assert "2 items are marked" in builder
    picker = teacher.get(url("builder", path.pk) + "?kind=document").content.decode()
    assert "Answers" in picker and "Learners cannot open this" in picker
    learner = client_for(course_roles["learner"])
    page = learner.get(url("play_item", path.pk, hidden_item.pk)).content.decode()
    assert "This item cannot be opened at the moment" in page
    assert 'id="lp-content"' not in page  # no frame answering 403
    assert not ItemProgress.objects.filter(item=hidden_item).exists()
    attempt = PathAttempt.objects.get(user=course_roles["learner"])
    assert attempt.done_count == 0
    # Shown in its tool, the same item opens and is ticked.
    tools["hidden"].visible = True
    tools["hidden"].save(update_fields=["visible"])
    learner.get(url("play_item", path.pk, hidden_item.pk))
    assert ItemProgress.objects.get(item=hidden_item).status == Status.COMPLETED


def test_a_hidden_tool_marks_its_items(course_roles, client_for, tools):
    from courses.models import CourseTool

    path = services.path_create(course=course_roles["course"], user=None, title="P")
    item = services.item_add(path=path, kind="document", title="", target_id=tools["page"].pk)
    CourseTool.objects.create(
        course=course_roles["course"], tool_key="documents", enabled=True, visible=False
    )
    page = client_for(course_roles["learner"]).get(url("play_item", path.pk, item.pk))
    assert "This item cannot be opened" in page.content.decode()
    assert not ItemProgress.objects.filter(item=item).exists()


def test_other_courses_objects_are_refused(course_roles, client_for):
    from courses.tests.factories import CourseFactory

    other = CourseFactory(code="OTHER")
    foreign = document_services.page_create(
        course=other, parent=None, name="Foreign", content="x", user=None
    )
    path = services.path_create(course=course_roles["course"], user=None, title="P")
    client = client_for(course_roles["teacher"])
    picker = client.get(url("builder", path.pk) + "?kind=document").content.decode()
    assert "Foreign" not in picker
    client.post(url("item_add", path.pk), {"kind": "document", "target": foreign.pk})
    assert not path.items.exists()


# --- The picker, creating on the spot ---------------------------------------------------------


def test_picker_searches_and_filters_by_folder(course_roles, client_for, tools):
    path = services.path_create(course=course_roles["course"], user=None, title="P")
    client = client_for(course_roles["teacher"])
    base = url("builder", path.pk) + "?kind=document"
    page = client.get(base).content.decode()
    assert "syllabus.pdf" in page and "Welcome" in page and "/Week 1" in page
    page = client.get(base + "&q=sylla").content.decode()
    assert "syllabus.pdf" in page and "Welcome" not in page
    page = client.get(base + "&group=/Week 1").content.decode()
    assert "syllabus.pdf" in page and ">Welcome" not in page
    client.post(url("item_add", path.pk), {"kind": "document", "target": tools["pdf"].pk})
    item = path.items.get()
    assert item.title == "syllabus.pdf" and item.target_id == tools["pdf"].pk


def test_a_page_and_a_test_are_created_on_the_spot(course_roles, client_for):
    path = services.path_create(course=course_roles["course"], user=None, title="P")
    client = client_for(course_roles["teacher"])
    client.post(
        url("item_create", path.pk),
        {"kind": "document", "title": "Intro page", "text": "<p>Hi</p><script>x</script>"},
    )
    client.post(url("item_create", path.pk), {"kind": "test", "title": "Quick check"})
    page_item, test_item = path.items.order_by("rank")
    assert page_item.kind == "document" and page_item.title == "Intro page"
    quiz = Quiz.objects.get(pk=test_item.target_id)
    assert quiz.title == "Quick check" and not quiz.published
    builder = client.get(url("builder", path.pk) + "?kind=section").content.decode()
    assert builder.count("lp-closed") == 1  # the new test is not published yet
    # Each item leads to its object's own editor: the new test's questions, the page.
    assert reverse("assessments:quiz", args=[CODE, quiz.pk]) in builder
    assert reverse("documents:detail", args=[CODE, page_item.target_id]) in builder
    assert builder.count("lp-open-tool") == 2


# --- Links: framed or a new tab ---------------------------------------------------------------


def test_link_that_refuses_framing_opens_in_a_new_tab_and_completes(
    course_roles, client_for, monkeypatch
):
    from links import api as links_api

    monkeypatch.setattr(links_api, "_frame_headers", lambda u: {"x-frame-options": "DENY"})
    path = services.path_create(course=course_roles["course"], user=None, title="P")
    item = services.item_add(path=path, kind="link", title="Site", url="https://example.org/x")
    client = client_for(course_roles["learner"])
    page = client.get(url("play_item", path.pk, item.pk)).content.decode()
    assert 'id="lp-open-tab"' in page and 'id="lp-content"' not in page
    assert ItemProgress.objects.get(item=item).status == Status.INCOMPLETE
    response = client.get(url("open", path.pk, item.pk))
    assert response.url == "https://example.org/x"
    assert ItemProgress.objects.get(item=item).status == Status.COMPLETED


def test_link_that_allows_framing_is_framed(course_roles, client_for, monkeypatch):
    from links import api as links_api

    monkeypatch.setattr(links_api, "_frame_headers", lambda u: {"content-type": "text/html"})
    path = services.path_create(course=course_roles["course"], user=None, title="P")
    item = services.item_add(path=path, kind="link", title="Site", url="https://example.com/y")
    response = client_for(course_roles["learner"]).get(url("play_item", path.pk, item.pk))
    page = response.content.decode()
    assert 'src="https://example.com/y"' in page
    assert "https:" in response["Content-Security-Policy"].split("frame-src")[1].split(";")[0]
    assert ItemProgress.objects.get(item=item).status == Status.COMPLETED


# --- Bare pages inside the player's frame ----------------------------------------------------


def test_pages_in_the_frame_render_bare(course_roles, client_for, tools):
    client = client_for(course_roles["learner"])
    address = reverse("documents:detail", args=[CODE, tools["page"].pk])
    full = client.get(address).content.decode()
    bare = client.get(address, headers={"Sec-Fetch-Dest": "iframe"}).content.decode()
    assert 'class="navbar' in full and "footer-language" in full
    for chrome in ('class="navbar', "footer-language", 'class="breadcrumb', "course-tools-nav"):
        assert chrome not in bare, chrome
    assert "Hello" in bare
    start = reverse("assessments:start", args=[CODE, tools["quiz"].pk])
    assert 'class="navbar' not in client.get(start + "?embed=1").content.decode()


def test_no_way_out_of_an_item_inside_the_frame(course_roles, client_for, tools):
    """A framed page never offers a link away from its item (the tests list, my courses):
    the path's own Previous/Next lead on."""
    client = client_for(course_roles["learner"])
    denied = reverse("learnpaths:report", args=[CODE, 1])
    framed = {"headers": {"Sec-Fetch-Dest": "iframe"}}
    assert "Back to my courses" in client.get(denied).content.decode()
    refused = client.get(denied, **framed)
    assert refused.status_code == 403
    assert "Back to my courses" not in refused.content.decode()
    missing = client.get(f"/courses/{CODE}/nothing-here/", **framed)
    assert missing.status_code == 404 and "Back to my courses" not in missing.content.decode()


# --- Path settings: order, dates, attempts -----------------------------------------------------


def test_forced_order_opens_each_item_after_the_previous(course_roles, client_for):
    path = build_path(course_roles["course"], 3)
    services.path_update(path=path, forced_order=True)
    first, second, third = path.items.order_by("rank")
    client = client_for(course_roles["learner"])
    assert client.get(url("play_item", path.pk, third.pk)).url in (
        url("index"),
        url("play", path.pk),
    )
    client.get(url("play_item", path.pk, first.pk))
    assert client.get(url("next", path.pk, first.pk)).url == url("play_item", path.pk, second.pk)
    assert client.get(url("play_item", path.pk, second.pk)).status_code == 200


def test_availability_dates_close_the_player_to_learners(course_roles, client_for):
    path = build_path(course_roles["course"], 1)
    services.path_update(path=path, available_from=timezone.now() + timedelta(days=1))
    learner = client_for(course_roles["learner"])
    assert learner.get(url("play", path.pk)).url == url("index")
    assert client_for(course_roles["teacher"]).get(url("play", path.pk)).status_code == 302
    services.path_update(
        path=path,
        available_from=timezone.now() - timedelta(days=2),
        available_until=timezone.now() - timedelta(days=1),
    )
    response = learner.get(url("play", path.pk), follow=True)
    assert "This learning path is closed." in response.content.decode()


def test_maximum_attempts_and_history(course_roles, client_for):
    path = build_path(course_roles["course"], 2)
    services.path_update(path=path, max_attempts=2)
    client = client_for(course_roles["learner"])
    first = path.items.order_by("rank").first()
    client.get(url("play_item", path.pk, first.pk))
    client.post(url("restart", path.pk))
    assert PathAttempt.objects.filter(path=path).count() == 2
    page = client.get(url("play_item", path.pk, first.pk)).content.decode()
    assert "1 earlier attempt" in page and "Start a new attempt" not in page
    client.post(url("restart", path.pk))
    assert PathAttempt.objects.filter(path=path).count() == 2


def test_settings_form_saves_the_player_settings(course_roles, client_for):
    path = build_path(course_roles["course"], 1)
    response = client_for(course_roles["teacher"]).post(
        url("settings", path.pk),
        {
            "title": "T",
            "visible": "on",
            "order": "forced",
            "display": "fullscreen",
            "available_from": "2026-01-01T08:00",
            "available_until": "2026-12-31T18:00",
            "max_attempts": "3",
        },
    )
    assert response.status_code == 302
    path.refresh_from_db()
    assert path.forced_order and path.display == "fullscreen" and path.max_attempts == 3
    assert path.available_until > path.available_from


def test_full_screen_display_hides_the_site_around_the_player(course_roles, client_for):
    path = build_path(course_roles["course"], 1)
    services.path_update(path=path, display=LearningPath.Display.FULLSCREEN)
    item = path.items.get()
    page = client_for(course_roles["learner"]).get(url("play_item", path.pk, item.pk))
    assert 'class="navbar' not in page.content.decode()


# --- Copy, export -----------------------------------------------------------------------------


def test_copy_keeps_tree_settings_and_prerequisites(course_roles, client_for):
    path = build_path(course_roles["course"], 3, sections=1)
    items = list(path.items.exclude(kind="section").order_by("rank"))
    services.item_update(
        item=items[2],
        title=items[2].title,
        visible=True,
        prerequisite=items[0],
        prerequisite_min_score=Decimal(50),
    )
    services.path_update(path=path, forced_order=True, max_attempts=2)
    client = client_for(course_roles["teacher"])
    response = client.post(url("copy", path.pk), {"title": "Copy"})
    copy = LearningPath.objects.get(title="Copy")
    assert response.url == url("builder", copy.pk)
    assert not copy.visible and copy.forced_order and copy.max_attempts == 2
    assert copy.item_count == path.item_count
    titles = list(copy.items.order_by("rank").values_list("title", "depth"))
    assert titles == list(path.items.order_by("rank").values_list("title", "depth"))
    copied = copy.items.get(title=items[2].title)
    assert copied.prerequisite.path_id == copy.pk
    assert copied.prerequisite.title == items[0].title
    assert copied.prerequisite_min_score == Decimal(50)


def test_scorm12_export_of_a_hand_built_path(course_roles, client_for, tools):
    from scorm.manifest import parse_manifest

    path = services.path_create(course=course_roles["course"], user=None, title="Built")
    for kind, target in (("document", "pdf"), ("document", "page"), ("test", "quiz")):
        services.item_add(path=path, kind=kind, title="", target_id=tools[target].pk)
    services.item_add(path=path, kind="link", title="Site", url="https://example.org/")
    services.item_add(path=path, kind="text", title="Note", text="<p>A note</p>")
    response = client_for(course_roles["teacher"]).get(
        reverse("learnpaths:scorm:export", args=[CODE, path.pk])
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    manifest = parse_manifest(archive.read("imsmanifest.xml"))
    assert manifest.version == "1.2" and len(list(manifest.walk())) == 5
    pdf_name = next(n for n in names if n.endswith("syllabus.pdf"))
    assert archive.read(pdf_name) == PDF
    page_name = next(n for n in names if n.endswith("Welcome.html"))
    assert b"Hello" in archive.read(page_name)
    for entry in manifest.walk():
        resource = manifest.resources[entry.identifierref]
        assert resource.href.partition("?")[0] in names
    tree = etree.fromstring(archive.read("imsmanifest.xml"))
    assert tree.find(".//{*}organization/{*}title").text == "Built"


# --- Query counts: player and builder at 10 and 300 items; the report at 500 learners --------


@pytest.mark.parametrize("size", [10, 300])
def test_player_and_builder_cost_the_same_at_10_and_300_items(
    size, course_roles, client_for, tools
):
    path = build_path(course_roles["course"], size, sections=3)
    # Items of the tools' kinds too: their marks cost one list per kind, not one per item.
    for index in range(size // 10):
        services.item_add(path=path, kind="document", title=f"D{index}", target_id=tools["page"].pk)
        services.item_add(path=path, kind="test", title=f"T{index}", target_id=tools["quiz"].pk)
    learner, teacher = client_for(course_roles["learner"]), client_for(course_roles["teacher"])
    items = list(path.items.exclude(kind="section").order_by("rank"))
    learner.get(url("play_item", path.pk, items[0].pk))
    counts = {}
    for name, client, address in (
        ("player", learner, url("play_item", path.pk, items[1].pk)),
        ("toc", learner, url("toc", path.pk, items[1].pk)),
        ("builder", teacher, url("builder", path.pk) + "?kind=document"),
    ):
        client.get(address)
        # The item open before has been open for a while: its time is recorded, at both sizes
        # (without this, whether a whole second passed would change the count).
        PathAttempt.objects.filter(path=path).update(
            opened_at=timezone.now() - timedelta(seconds=10)
        )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        counts[name] = len(captured)
    assert all(counts[key] <= QUERY_COUNTS[key] for key in QUERY_COUNTS), counts


# Upper bounds, the same at both sizes: a cached tool switch may save one query on a warm run.
QUERY_COUNTS = {"player": 19, "toc": 6, "builder": 8}


@pytest.mark.parametrize("learners", [20, 500])
def test_report_of_500_learners_by_30_items_is_bounded(learners, course_roles, client_for):
    from learnpaths.bench import build_report_data

    path = build_report_data(course=course_roles["course"], learners=learners, items=30)
    client = client_for(course_roles["teacher"])
    for address in (
        url("report", path.pk),
        url("report_csv", path.pk),
        url("report_xlsx", path.pk),
    ):
        client.get(address)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        assert response.status_code == 200
        assert len(captured) <= REPORT_MAX_QUERIES, (address, len(captured))
    rows = list(csv.reader(io.StringIO(client.get(url("report_csv", path.pk)).content.decode())))
    assert len(rows) == learners + 2  # header, the course's learner, the generated ones


REPORT_MAX_QUERIES = 12


def test_report_drill_down_and_exports(course_roles, client_for):
    path = build_path(course_roles["course"], 4)
    learner = course_roles["learner"]
    attempt = services.attempt_current(path=path, user=learner)
    first = path.items.order_by("rank").first()
    services.progress_record(
        attempt=attempt, item=first, status=Status.PASSED, score=8, score_max=10, add_seconds=65
    )
    client = client_for(course_roles["teacher"])
    page = client.get(url("report", path.pk)).content.decode()
    assert learner.get_full_name() in page and "25 %" in page and "80 %" in page
    detail = client.get(url("report_attempt", path.pk, attempt.pk)).content.decode()
    assert first.title in detail and "0:01:05" in detail
    rows = list(csv.reader(io.StringIO(client.get(url("report_csv", path.pk)).content.decode())))
    mine = next(row for row in rows if row[2] == learner.username)
    assert mine[5] == "25" and float(mine[6]) == 80 and mine[7] == "65"
    # A name a spreadsheet would run as a formula is written as text.
    learner.first_name = '=HYPERLINK("http://evil.example","x")'
    learner.save(update_fields=["first_name"])
    rows = list(csv.reader(io.StringIO(client.get(url("report_csv", path.pk)).content.decode())))
    mine = next(row for row in rows if row[2] == learner.username)
    assert mine[1] == "'" + learner.first_name
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get(url("report_xlsx", path.pk)).content))
    values = list(workbook.active.iter_rows(values_only=True))
    assert values[0][0] == "Last name" and any(row[2] == learner.username for row in values)


def test_reported_outcome_for_an_unused_target_changes_nothing(course_roles):
    from learnpaths.api import report_outcome

    count = report_outcome(
        kind="test", target_id=999, user=course_roles["learner"], course_id=1, status="passed"
    )
    assert count == 0 and not PathAttempt.objects.exists() and not PathItem.objects.exists()


@pytest.mark.parametrize(
    ("done", "expected"),
    [(0, "0 élément fait sur 6"), (1, "1 élément fait sur 6"), (3, "3 éléments faits sur 6")],
)
def test_french_counts_agree(done, expected):
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("fr"):
        text = ngettext(
            "%(counter)s item done out of %(total)s",
            "%(counter)s items done out of %(total)s",
            done,
        ) % {"counter": done, "total": 6}
    assert text == expected


def test_a_new_attempt_is_offered_once_the_current_one_holds_something(course_roles, client_for):
    path = build_path(course_roles["course"], 2)
    learner = course_roles["learner"]
    client = client_for(learner)
    first = path.items.order_by("rank").first()
    attempt = services.attempt_current(path=path, user=learner)  # begun, nothing done yet
    side = client.get(url("toc", path.pk, first.pk)).content.decode()
    assert "Start a new attempt" not in side
    PathAttempt.objects.filter(pk=attempt.pk).update(seconds=30)
    side = client.get(url("toc", path.pk, first.pk)).content.decode()
    assert "Start a new attempt (attempt 2)" in side
