from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.models import Enrollment
from courses.tests.factories import EnrollmentFactory
from gradebook import services
from gradebook.grid import gradebook_grid
from gradebook.models import Certificate, Evaluation, GradebookSettings


def learner(course, username):
    return EnrollmentFactory(
        course=course, role=Enrollment.Role.LEARNER, user__username=username
    ).user


@pytest.fixture
def nested(course_roles):
    """Exams 60 % (a test 50 %, Orals 50 %: oral 1 25 %, oral 2 75 %), Coursework 40 % (a
    learning path 30 %, homework 70 %); two learners with hand-computed totals."""
    from assessments.models import Attempt
    from assessments.tests.factories import QuizFactory
    from learnpaths.models import PathAttempt
    from learnpaths.tests.factories import LearningPathFactory

    course = course_roles["course"]
    a, b = course_roles["learner"], learner(course, "bea")
    quiz = QuizFactory(course=course)
    Attempt.objects.create(
        quiz=quiz,
        user=a,
        state=Attempt.State.GRADED,
        score=15,
        max_score=20,
        submitted_at=timezone.now(),
    )
    path = LearningPathFactory(course=course)
    PathAttempt.objects.create(path=path, user=a, score_sum=8, max_score_sum=10)

    exams = services.category_create(course=course, name="Exams", weight=Decimal(60))
    orals = services.category_create(course=course, name="Orals", weight=Decimal(50), parent=exams)
    work = services.category_create(course=course, name="Coursework", weight=Decimal(40))
    services.evaluation_create(
        course=course, name="Test", category=exams, weight=Decimal(50), link=f"test:{quiz.pk}"
    )
    oral1 = services.evaluation_create(
        course=course, name="Oral 1", category=orals, weight=Decimal(25), max_score=Decimal(20)
    )
    oral2 = services.evaluation_create(
        course=course, name="Oral 2", category=orals, weight=Decimal(75), max_score=Decimal(10)
    )
    services.evaluation_create(
        course=course,
        name="Path",
        category=work,
        weight=Decimal(30),
        link=f"learnpath:{path.pk}",
    )
    homework = services.evaluation_create(
        course=course, name="Homework", category=work, weight=Decimal(70), max_score=Decimal(20)
    )
    services.marks_save(evaluation=oral1, marks={a.pk: Decimal(12), b.pk: Decimal(20)})
    services.marks_save(evaluation=oral2, marks={a.pk: Decimal(9)})
    services.marks_save(evaluation=homework, marks={a.pk: Decimal(14), b.pk: Decimal(20)})
    return {"course": course, "a": a, "b": b, "exams": exams, "orals": orals, "work": work}


def test_weighted_totals_of_nested_categories(nested):
    grid = gradebook_grid(nested["course"])
    a, b = nested["a"], nested["b"]
    # A: orals (25x60 + 75x90)/100 = 82.5; exams (50x75 + 50x82.5)/100 = 78.75;
    # coursework (30x80 + 70x70)/100 = 73; total (60x78.75 + 40x73)/100 = 76.45.
    assert grid.category_totals[(nested["orals"].pk, a.pk)] == Decimal("82.5")
    assert grid.category_totals[(nested["exams"].pk, a.pk)] == Decimal("78.75")
    assert grid.category_totals[(nested["work"].pk, a.pk)] == Decimal("73")
    assert grid.totals[a.pk] == Decimal("76.45")
    # B: missing results count 0: orals 25, exams 12.5, coursework 70, total 35.5.
    assert grid.totals[b.pk] == Decimal("35.5")
    assert grid.unbalanced() == []


def test_pass_mark_is_compared_exactly_and_minimums_count(nested):
    course, a = nested["course"], nested["a"]
    GradebookSettings.objects.create(course=course, pass_mark=Decimal("76.45"))
    assert gradebook_grid(course).passed[a.pk] is True
    GradebookSettings.objects.filter(course=course).update(pass_mark=Decimal("76.46"))
    assert gradebook_grid(course).passed[a.pk] is False
    GradebookSettings.objects.filter(course=course).update(pass_mark=Decimal(50))
    Evaluation.objects.filter(name="Homework").update(min_score=Decimal("70.01"))
    grid = gradebook_grid(course)
    assert grid.passed[a.pk] is False and [e.name for e in grid.below_minimum[a.pk]] == ["Homework"]


def test_weights_not_adding_up_are_reported(nested, client_for, course_roles):
    Evaluation.objects.filter(name="Homework").update(weight=Decimal(60))
    grid = gradebook_grid(nested["course"])
    assert [n.category.name for n in grid.unbalanced()] == ["Coursework"]
    page = client_for(course_roles["teacher"]).get("/courses/CRS1/gradebook/").content.decode()
    assert "The weights inside “Coursework” add up to 90 %, not 100 %." in page
    assert 'data-testid="level-sum">inside: 90 %' in page


def test_scale_labels_and_learner_view(nested, client_for):
    course = nested["course"]
    GradebookSettings.objects.create(course=course, use_scale=True)
    services.scale_set(course=course, levels=services.parse_scale("75 Good\n0 Try again"))
    grid = gradebook_grid(course)
    assert grid.label(grid.totals[nested["a"].pk]) == "Good"
    assert grid.label(grid.totals[nested["b"].pk]) == "Try again"
    page = client_for(nested["b"]).get("/courses/CRS1/gradebook/").content.decode()
    assert "35.5 %" in page and "35.50" not in page and "Try again" in page and "76.45" not in page
    with pytest.raises(services.GradebookError):
        services.parse_scale("abc Good")


def test_csv_import_reports_each_line(course_roles):
    course = course_roles["course"]
    evaluation = services.evaluation_create(
        course=course, name="Quiz", category=None, weight=Decimal(100), max_score=Decimal(10)
    )
    data = b"username;mark\nlearner;7,5\nnobody;3\nlearner2;x\n"
    report = services.marks_import_csv(evaluation=evaluation, data=data)
    assert [(r.username, bool(r.reason)) for r in report] == [
        ("learner", False),
        ("nobody", True),
        ("learner2", True),
    ]
    grid = gradebook_grid(course)
    assert grid.cell(evaluation.pk, course_roles["learner"].pk).score == Decimal("7.5")


def _grid_course(course, learners: int, evaluations: int, *, linked: bool = True):
    from assignments.services import submission_grade, submission_hand_in
    from assignments.tests.factories import AssignmentFactory

    users = [learner(course, f"l{learners}-{i}") for i in range(learners)]
    for index in range(evaluations):
        evaluation = services.evaluation_create(
            course=course, name=f"E{index}", category=None, weight=Decimal(1)
        )
        services.marks_save(evaluation=evaluation, marks={u.pk: Decimal(index % 20) for u in users})
        assignment = AssignmentFactory(course=course)
        services.evaluation_create(
            course=course,
            name=f"A{index}",
            category=None,
            weight=Decimal(1),
            link=f"assignment:{assignment.pk}",
        )
        for user in users[:3]:
            work = submission_hand_in(assignment=assignment, user=user, text="<p>x</p>")
            submission_grade(submission=work, grader=None, score=Decimal(10), notify=False)
    # Linked tests and learning paths, as many as the size: their sources answer for every
    # column at once, so they add no query per test or path either.
    from assessments.tests.factories import QuizFactory
    from learnpaths.tests.factories import build_path

    for index in range(evaluations // 5 if linked else 0):
        quiz = QuizFactory(course=course)
        services.evaluation_create(
            course=course,
            name=f"T{index}",
            category=None,
            weight=Decimal(1),
            link=f"test:{quiz.pk}",
        )
        path = build_path(course, 2)
        services.evaluation_create(
            course=course,
            name=f"P{index}",
            category=None,
            weight=Decimal(1),
            link=f"learnpath:{path.pk}",
        )


@pytest.mark.parametrize("learners,evaluations", [(5, 5), (50, 50)])
def test_grid_query_count_is_independent_of_size(
    course_roles, client_for, django_assert_num_queries, learners, evaluations
):
    course = course_roles["course"]
    _grid_course(course, learners, evaluations)
    # settings, categories, evaluations, learners, typed marks, scale, and per source:
    # assignments 1, tests 2 (the tests, their graded attempts), learning paths 1.
    with django_assert_num_queries(10):
        grid = gradebook_grid(course)
    assert len(grid.learners) == learners + 1
    assert len(grid.evaluations) == 2 * evaluations + 2 * (evaluations // 5)
    teacher = client_for(course_roles["teacher"])
    # The grid's 10 plus session, user, course, tools, and the course's sessions to choose from.
    with django_assert_num_queries(18):
        response = teacher.get("/courses/CRS1/gradebook/")
    assert response.status_code == 200
    # Narrowed to a course session (half the learners): the same count.
    from courses import services as course_services

    today = timezone.localdate()
    spring = course_services.session_save(name="Spring", starts_on=today, ends_on=today)
    course_services.session_add_course(session=spring, course=course)
    half = [u.pk for u in gradebook_grid(course).learners][::2]
    Enrollment.objects.filter(course=course, user_id__in=half).update(session=spring)
    # The session chosen is remembered in the visitor's session (its row saved); the same
    # count at both sizes.
    with django_assert_num_queries(17):
        narrowed = teacher.get("/courses/CRS1/gradebook/", {"session": spring.pk})
    assert [u.pk for u in narrowed.context["grid"].learners] == half
    response = teacher.get("/courses/CRS1/gradebook/", {"session": "all"})
    page = response.content.decode()
    # Every learner has a row with one cell per evaluation, a total and a result.
    body = page[page.index('data-testid="grid"') :]
    assert body.count("<tr data-learner=") == learners + 1
    row = body[body.index('<tr data-learner="l') :]
    row = row[: row.index("</tr>")]
    assert row.count("<td") == 2 * evaluations + 2 * (evaluations // 5) + 2


def test_grid_page_shows_scores_totals_and_escapes_names(nested, client_for, course_roles):
    from accounts.models import User

    User.objects.filter(pk=nested["b"].pk).update(first_name="<b>Bea</b>", last_name="&Co")
    GradebookSettings.objects.create(course=nested["course"], pass_mark=Decimal(50))
    page = client_for(course_roles["teacher"]).get("/courses/CRS1/gradebook/").content.decode()
    row_a = page[page.index('<tr data-learner="learner"') :]
    row_a = row_a[: row_a.index("</tr>")]
    # Columns depth first: oral 1 12 and oral 2 9 (offline: the maximum is in the header),
    # the test 15/20 (linked: its maximum in the cell), the path 80/100, homework 14; total
    # 76.45 %, passed.
    cells = row_a.split("<td")[1:]
    assert cells[0] == ">12</td>" and cells[1] == ">9</td>"
    assert cells[2] == '>15<small class="text-body-secondary">/20</small></td>'
    assert cells[3] == '>80<small class="text-body-secondary">/100</small></td>'
    assert "76.45 %" in cells[5] and "Passed" in cells[6]
    row_b = page[page.index('<tr data-learner="bea"') :]
    row_b = row_b[: row_b.index("</tr>")]
    assert "&lt;b&gt;Bea&lt;/b&gt;" in row_b and "<b>Bea" not in row_b
    assert "—" in row_b and "35.5 %" in row_b and "Not passed" in row_b
    assert "/10 · 75 %" in page  # oral 2's maximum and weight in its column's header


def test_grid_body_follows_the_active_language(nested):
    from django.utils import translation

    from gradebook.grid import grid_body_html

    grid = gradebook_grid(nested["course"])
    with translation.override("fr"):
        body = grid_body_html(grid)
    assert "76,45\u00a0%" in body and "<td>12</td>" in body and "Non réussi" in body
    assert "76.45" not in body and "35,5\u00a0%" in body and "35,50" not in body


def test_gradebook_grid_is_a_bench_page(course_roles, monkeypatch):
    from bench.pages import all_pages
    from gradebook import bench_pages

    page = next(p for p in all_pages() if p.name.startswith("gradebook grid"))
    assert page.who == "teacher" and "500 x 50" in page.name
    monkeypatch.setattr(bench_pages, "LEARNERS", 4)
    monkeypatch.setattr(bench_pages, "EVALUATIONS", 5)
    data = bench_pages.fixture(
        course=course_roles["course"], teacher=course_roles["teacher"], learners=[], data={}
    )
    again = bench_pages.fixture(
        course=course_roles["course"], teacher=course_roles["teacher"], learners=[], data={}
    )
    assert data == again  # idempotent: made once, reused
    path = page.path.format(**data)
    from courses.models import Course

    grid_course = Course.objects.get(code=data["gradebook_code"])
    grid = gradebook_grid(grid_course)
    assert len(grid.learners) == 4 and len(grid.evaluations) == 5
    from django.test import Client

    client = Client()
    client.force_login(course_roles["teacher"])
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("learners", [2, 30])
def test_issuing_certificates_never_queries_per_learner(
    course_roles, client_for, django_assert_num_queries, learners
):
    course = course_roles["course"]
    _grid_course(course, learners, 2)
    GradebookSettings.objects.create(course=course, pass_mark=Decimal(0), certificates_enabled=True)
    teacher = client_for(course_roles["teacher"])
    with django_assert_num_queries(20):
        response = teacher.post(
            "/courses/CRS1/gradebook/certificates/issue/", HTTP_HX_REQUEST="true"
        )
    assert Certificate.objects.filter(course=course).count() == learners + 1
    assert f"{learners + 1} new certificates issued" in response.content.decode()


def test_exports(nested, client_for, course_roles, django_capture_on_commit_callbacks):
    from core.models import Job

    teacher = client_for(course_roles["teacher"])
    csv_body = teacher.get("/courses/CRS1/gradebook/export/csv/").content.decode("utf-8-sig")
    assert "learner" in csv_body and "76.45" in csv_body and "35.5" in csv_body
    xlsx = teacher.get("/courses/CRS1/gradebook/export/xlsx/")
    assert xlsx.content[:2] == b"PK"
    assert teacher.get("/courses/CRS1/gradebook/export/odt/").status_code == 404
    # The PDF is a job (a large class takes longer than a request): progress, then download.
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post("/courses/CRS1/gradebook/export/pdf/")
    job = Job.objects.get(kind="gradebook_pdf")
    assert response.status_code == 302 and job.state == Job.State.DONE
    assert job.result["learners"] == 2
    assert job.result["download_url"] in teacher.get(f"/jobs/{job.pk}/status/").content.decode()
    pdf = b"".join(teacher.get(job.result["download_url"]).streaming_content)
    assert pdf[:5] == b"%PDF-"
    learner = client_for(nested["a"])
    assert learner.get("/courses/CRS1/gradebook/export/csv/").status_code == 403
    assert learner.post("/courses/CRS1/gradebook/export/pdf/").status_code == 403
    assert learner.get(job.result["download_url"]).status_code == 403
    # The same teacher, through another course of theirs: the job is not that course's.
    from courses.models import Enrollment
    from courses.tests.factories import CourseFactory, EnrollmentFactory

    other = CourseFactory(code="OTHER")
    EnrollmentFactory(course=other, user=course_roles["teacher"], role=Enrollment.Role.TEACHER)
    forged = job.result["download_url"].replace("/courses/CRS1/", "/courses/OTHER/")
    assert teacher.get(forged).status_code == 404
    assert learner.get(job.result["download_url"]).status_code == 403


def test_certificate_at_pass_mark_pdf_and_verification(
    nested, client_for, course_roles, tmp_path, django_assert_num_queries
):
    course, a, b = nested["course"], nested["a"], nested["b"]
    GradebookSettings.objects.create(
        course=course, pass_mark=Decimal("76.45"), certificates_enabled=True
    )
    teacher = client_for(course_roles["teacher"])
    response = teacher.post("/courses/CRS1/gradebook/certificates/issue/", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "1 new certificate issued" in page
    certificate = Certificate.objects.get(course=course)
    assert certificate.user == a and certificate.score == Decimal("76.45")
    assert not Certificate.objects.filter(user=b).exists()
    # Issuing again issues nothing new.
    assert services.certificates_issue(course=course).issued == []

    pdf = client_for(a).get(f"/courses/CRS1/gradebook/certificates/{certificate.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    (tmp_path / "certificate.pdf").write_bytes(pdf.content)
    html = services.certificate_html(certificate, GradebookSettings.objects.get(course=course))
    assert certificate.code in html and "Course one" in html and "76.45 %" in html
    assert (
        client_for(b).get(f"/courses/CRS1/gradebook/certificates/{certificate.pk}/pdf/").status_code
        == 404
    )

    code = certificate.code
    teacher.post(f"/courses/CRS1/gradebook/certificates/{certificate.pk}/regenerate/")
    certificate.refresh_from_db()
    assert certificate.code == code and certificate.generated_at is not None

    anonymous = client_for(None)
    found = anonymous.get(f"/certificates/verify/{code}/")
    assert found.status_code == 200 and "This certificate is authentic" in found.content.decode()
    assert anonymous.get("/certificates/verify/", {"code": code.lower()}).status_code == 200
    assert anonymous.get("/certificates/verify/NOPE/").status_code == 404


def test_learner_reaching_pass_mark_gets_certificate_on_their_page(nested, client_for):
    course = nested["course"]
    GradebookSettings.objects.create(
        course=course, pass_mark=Decimal(70), certificates_enabled=True
    )
    page = client_for(nested["a"]).get("/courses/CRS1/gradebook/").content.decode()
    assert "Download my certificate" in page
    assert Certificate.objects.filter(user=nested["a"]).count() == 1
    assert (
        "Download my certificate"
        not in client_for(nested["b"]).get("/courses/CRS1/gradebook/").content.decode()
    )


def test_certificates_zip_job(nested, client_for, course_roles, django_capture_on_commit_callbacks):
    import io
    import zipfile

    from core.models import Job

    course = nested["course"]
    GradebookSettings.objects.create(
        course=course, pass_mark=Decimal(30), certificates_enabled=True
    )
    services.certificates_issue(course=course)
    teacher = client_for(course_roles["teacher"])
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post("/courses/CRS1/gradebook/certificates/zip/")
    job = Job.objects.get(kind="certificates_zip")
    assert response.status_code == 302 and job.state == Job.State.DONE
    status = teacher.get(f"/jobs/{job.pk}/status/").content.decode()
    assert job.result["download_url"] in status
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(teacher.get(job.result["download_url"]).streaming_content))
    )
    assert len(archive.namelist()) == 2


def test_linked_item_of_another_course_is_refused(course_roles):
    from assessments.tests.factories import QuizFactory

    other = QuizFactory()
    with pytest.raises(services.GradebookError):
        services.evaluation_create(
            course=course_roles["course"],
            name="x",
            category=None,
            weight=Decimal(100),
            link=f"test:{other.pk}",
        )
    assert UserFactory  # the factory is importable for other tests of this module


def test_typing_marks_issues_certificates_at_once(
    course_roles, client_for, django_capture_on_commit_callbacks
):
    course, learner = course_roles["course"], course_roles["learner"]
    GradebookSettings.objects.create(
        course=course, pass_mark=Decimal(50), certificates_enabled=True
    )
    evaluation = services.evaluation_create(
        course=course, name="Oral", category=None, weight=Decimal(100), max_score=Decimal(20)
    )
    teacher = client_for(course_roles["teacher"])
    url = f"/courses/CRS1/gradebook/evaluations/{evaluation.pk}/marks/"
    with django_capture_on_commit_callbacks(execute=True):
        assert teacher.post(url, {f"mark-{learner.pk}": "9,5"}).status_code == 302
    assert not Certificate.objects.exists()  # 47.5 % is below the pass mark
    response = teacher.post(url, {f"mark-{learner.pk}": "25"})
    assert response.status_code == 400 and "between 0 and 20" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert teacher.post(url, {f"mark-{learner.pk}": "10"}).status_code == 302
    assert Certificate.objects.get().user == learner  # exactly 50 %: issued


def test_importing_marks_issues_certificates_at_once(
    course_roles, client_for, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    course, learner = course_roles["course"], course_roles["learner"]
    GradebookSettings.objects.create(
        course=course, pass_mark=Decimal(50), certificates_enabled=True
    )
    evaluation = services.evaluation_create(
        course=course, name="Oral", category=None, weight=Decimal(100), max_score=Decimal(20)
    )
    teacher = client_for(course_roles["teacher"])
    upload = SimpleUploadedFile("marks.csv", b"username,mark\nlearner,15\n", "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post(
            f"/courses/CRS1/gradebook/evaluations/{evaluation.pk}/marks/", {"file": upload}
        )
    assert response.status_code == 200
    assert Certificate.objects.get().user == learner


def test_hidden_evaluation_counts_but_is_not_listed_to_the_learner(nested, client_for):
    Evaluation.objects.filter(name="Homework").update(visible=False)
    page = client_for(nested["a"]).get("/courses/CRS1/gradebook/").content.decode()
    assert "76.45 %" in page  # the official total, with the hidden homework
    assert "Homework" not in page and "Oral 2" in page


@pytest.mark.parametrize("extra_learners", [0, 15])
def test_linked_tests_and_paths_cost_the_same_whatever_the_learners(
    nested, django_assert_num_queries, extra_learners
):
    course = nested["course"]
    for index in range(extra_learners):
        learner(course, f"extra{index}")
    # Settings, categories, evaluations, learners, typed marks, scale: 6; the linked test: 2
    # (assessments.api.learner_scores); the linked path: 1 (learnpaths.api.learner_results).
    with django_assert_num_queries(6 + 2 + 1):
        grid = gradebook_grid(course)
    assert len(grid.learners) == 2 + extra_learners


def test_pdf_export_cuts_wide_grids_into_tables_that_fit(course_roles, client_for):
    from gradebook import exports

    course = course_roles["course"]
    _grid_course(course, 2, 12, linked=False)  # 24 evaluations: tables of 10, 10 and 4
    grid = gradebook_grid(course)
    header, rows = exports.table(grid)
    blocks = exports.pdf_blocks(grid, header, rows)
    assert [(b["first"], b["last"]) for b in blocks] == [(1, 10), (11, 20), (21, 24)]
    texts = [[text for text, _numeric in b["header"]] for b in blocks]
    assert texts[0][:2] == texts[1][:2] == texts[2][:2] == ["Username", "Learner"]
    assert len(texts[0]) == len(texts[1]) == 12
    assert texts[2][-2:] == ["Total (%)", "Result"] and len(texts[2]) == 2 + 4 + 2
    assert "Total (%)" not in texts[0]
    # Every evaluation is in exactly one table, in order.
    assert [t for block in texts for t in block[2:] if t not in ("Total (%)", "Result")] == (
        header[2:-2]
    )
    numeric = [numeric for _text, numeric in blocks[2]["rows"][0]]
    assert numeric == [False, False, True, True, True, True, True, False]
    assert exports.to_pdf(grid, course)[:5] == b"%PDF-"


def test_typed_marks_keep_their_exact_decimals(course_roles):
    course = course_roles["course"]
    users = [course_roles["learner"]] + [learner(course, f"exact{i}") for i in range(4)]
    evaluation = services.evaluation_create(
        course=course, name="Big", category=None, weight=Decimal(100), max_score=Decimal("99999.99")
    )
    values = [
        Decimal("0.01"),
        Decimal("9.99"),
        Decimal("12345.67"),
        Decimal("99999.99"),
        Decimal("0.1"),
    ]
    services.marks_save(
        evaluation=evaluation, marks={u.pk: v for u, v in zip(users, values, strict=True)}
    )
    grid = gradebook_grid(course)
    for user, value in zip(users, values, strict=True):
        cell = grid.cell(evaluation.pk, user.pk)
        assert cell.score == value and cell.percent == value * 100 / Decimal("99999.99")
    assert grid.totals[users[3].pk] == 100


def test_weights_and_pass_mark_read_without_trailing_zeros(nested, client_for, course_roles):
    """As the structure's weights: 60 %, not 60.00 %, on the learner's page and the pass mark."""
    GradebookSettings.objects.create(course=nested["course"], pass_mark=Decimal(50))
    mine = client_for(nested["a"]).get("/courses/CRS1/gradebook/").content.decode()
    marks = mine[mine.index('data-testid="marks"') :]
    assert '<td class="text-end">60 %</td>' in marks and "60.00 %" not in marks
    assert '<td class="text-end">25 %</td>' in marks
    grid = client_for(course_roles["teacher"]).get("/courses/CRS1/gradebook/").content.decode()
    assert "Pass mark: 50 %." in grid and "50.00 %." not in grid
