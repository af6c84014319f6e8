"""Back up a course that uses every content tool, restore it, compare (issue #16)."""

import dataclasses
import json
import zipfile

import pytest
from django.conf import settings

from backups import api
from backups.api import ConflictPolicy
from backups.models import Backup
from backups.services import (
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    NewCourse,
    backup_create,
    backup_restore,
    backup_write,
    course_copy,
    summary_text,
    whole_course_selection,
)
from backups.tests.content import fill_course, snapshot, start_of_time
from core.jobs import job_create
from courses.caching import course_version
from courses.models import Course, Enrollment
from courses.tests.factories import CourseFactory, EnrollmentFactory
from documents.models import Document
from documents.tests.factories import PDF_BYTES
from forums.models import Thread
from learnpaths.models import LearningPath
from scorm.models import Package
from surveys.models import Question as SurveyQuestion
from wiki.models import WikiPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(course_roles, tmp_path, settings):
    settings.LMS_SHARED_DIR = "/work/shared"
    course = course_roles["course"]
    fill_course(course, course_roles["teacher"], tmp_path, learner=course_roles["learner"])
    return course


def _backup_file(course, user, tmp_path, selection=None):
    target = tmp_path / "backup.zip"
    backup_write(course=course, selection=selection or whole_course_selection(), destination=target)
    return target


def test_round_trip_into_a_new_course_gives_the_same_content(full, course_roles, tmp_path):
    teacher = course_roles["teacher"]
    before = snapshot(full)
    archive = _backup_file(full, teacher, tmp_path)
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read(MANIFEST))
    assert manifest["format_version"] == FORMAT_VERSION
    assert set(manifest["tools"]) >= {
        "documents",
        "assessments",
        "learnpaths",
        "scorm",
        "links",
        "announcements",
        "glossary",
        "wiki",
        "forums",
        "gradebook",
        "description",
        "agenda",
        *NEW_TOOLS,
    }
    # Content only: no learner's thread, post, work, answer, mark, member or article.
    text = json.dumps(manifest)
    learners_data = ("A learner's thread", "A learner's reply", "A learner's essay", "Day 1")
    # An attendance mark ("present") and a survey answer ("option_id") stay out too.
    for learners in (*learners_data, '"present"', '"option_id"'):
        assert learners not in text, learners

    copy, summary = backup_restore(
        archive_path=archive,
        course=NewCourse(code="COPY1", title="Copy"),
        user=teacher,
        conflict_policy=ConflictPolicy.SKIP,
    )
    after = snapshot(copy)
    for key in before:
        assert after[key] == before[key], key
    # The snapshot compared something: the course is not empty.
    assert len(after["documents"]) == 5 and len(after["wiki_history"]) == 2
    assert after["packages"]["Golf Explained - Run-time Basic Calls"][2]
    assert Enrollment.objects.filter(course=copy, user=teacher, role="teacher").exists()
    _assert_forums_came_back(copy, after, teacher)
    # The page's link into the old course now leads into the new one.
    page = Document.objects.get(course=copy, name="Welcome")
    assert f"/courses/{copy.code}/wiki/" in page.content
    assert summary["documents"]["documents"] == 5
    _assert_new_tools_came_back(full, copy, after, summary, teacher)


def _assert_forums_came_back(copy, after, teacher):
    """The teacher's thread came back with the teacher's posts (the reply to a learner's post
    now answers the opening post), its attachment, counters, and what points at it."""
    from forums.models import Forum, Post

    assert after["forum_threads"] == [
        ("Questions", "Introduce yourself", "True", "False", "True", "20.00")
    ]
    assert list(Thread.objects.filter(forum__course=copy).values_list("title", flat=True)) == [
        "Introduce yourself"
    ]
    posts = {p.content: p for p in Post.objects.filter(thread__forum__course=copy)}
    assert set(posts) == {"<p>Say who you are</p>", "<p>Welcome!</p>"}
    assert posts["<p>Welcome!</p>"].parent == posts["<p>Say who you are</p>"]
    assert {p.author for p in posts.values()} == {teacher}
    assert after["forum_files"] == [("<p>Say who you are</p>", "rules.pdf", PDF_BYTES)]
    thread = Thread.objects.get(forum__course=copy)
    assert thread.post_count == 2 and thread.last_post_at == max(
        p.created_at for p in posts.values()
    )
    forum = Forum.objects.get(course=copy, title="Questions")
    assert (forum.thread_count, forum.post_count) == (1, 2)
    path = after["paths"]["Start here"][2]
    assert ("forum_thread", "Say hello", "Introduce yourself") in {(i[2], i[3], i[6]) for i in path}
    evaluations = {row[2]: row[3] for row in after["gradebook"][2]}
    assert evaluations["forum_thread"] == "Introduce yourself"


NEW_TOOLS = ("assignments", "surveys", "attendance", "journal", "projects", "groups")


def _assert_new_tools_came_back(full, copy, after, summary, teacher):
    """The tools added to backups later (issue #16 follow-up): their content is there, their
    learners' results are not, and what points at them was re-pointed at the copies."""
    from assignments.models import Assignment, Submission
    from attendance.models import Record
    from gradebook.models import Evaluation
    from groups.models import Membership
    from projects.models import Article, ProjectMember
    from surveys.models import Participation, Response

    assert after["assignment_files"] == [("Essay", "brief.pdf", PDF_BYTES)]
    assert f"/courses/{copy.code}/wiki/" in Assignment.objects.get(course=copy).instructions
    assert len(after["survey_questions"]) == 2 and len(after["survey_options"]) == 2
    # The condition points at the copy's own "Yes", not the original's.
    conditioned = SurveyQuestion.objects.get(survey__course=copy, condition_option__isnull=False)
    assert conditioned.condition_option.question.survey.course == copy
    assert len(after["attendance"]) == 2
    assert sorted(row[-1] for row in after["journal"]) == [
        "",
        "Lectures 2027-03-01T09:00:00+00:00",
    ]
    assert after["projects"] and len(after["groups"]) == 2
    assert after["agenda_groups"] == [("Lab session", "Lab A")]
    path = after["paths"]["Start here"][2]
    assert ("assignment", "Hand in", "Essay") in {(i[2], i[3], i[6]) for i in path}
    assert ("survey", "Your view", "Feedback") in {(i[2], i[3], i[6]) for i in path}
    evaluations = {row[2]: row[3] for row in after["gradebook"][2]}
    assert evaluations["assignment"] == "Essay" and evaluations["attendance"] == "Lectures"
    assert evaluations["survey"] == "Feedback" and summary["gradebook"]["left_out"] == 0
    # Learners' results stayed behind; the person restoring manages the projects.
    for model, lookup in [
        (Submission, "assignment__course"),
        (Response, "survey__course"),
        (Participation, "survey__course"),
        (Record, "session__sheet__course"),
        (Article, "project__course"),
    ]:
        assert not model.objects.filter(**{lookup: copy}).exists(), model
        assert model.objects.filter(**{lookup: full}).exists(), model  # the test could fail
    # Who belongs and who things are addressed to came back, to the same accounts.
    learner = Enrollment.objects.get(course=full, role="learner").user
    assert set(Membership.objects.filter(group__course=copy).values_list("user", "role")) == {
        (teacher.pk, "tutor"),
        (learner.pk, "member"),
    }
    assert set(ProjectMember.objects.filter(project__course=copy).values_list("user", "role")) == {
        (teacher.pk, "manager"),
        (learner.pk, "member"),
    }
    assert after["recipients"] == [
        ("announcement", "For you", learner.username),
        ("event", "Tutorial", learner.username),
    ]
    assert summary["announcements"]["recipients"] == 1 and summary["agenda"]["recipients"] == 1
    assert Evaluation.objects.filter(course=copy).count() == 6


def test_packages_are_files_of_their_own(full, course_roles, tmp_path):
    archive = _backup_file(full, course_roles["teacher"], tmp_path)
    copy, _summary = backup_restore(
        archive_path=archive,
        course=NewCourse(code="COPY2", title="Copy"),
        user=course_roles["teacher"],
        conflict_policy=ConflictPolicy.SKIP,
    )
    old = Package.objects.get(path__course=full)
    new = Package.objects.get(path__course=copy)
    assert new.folder != old.folder
    assert (settings.MEDIA_ROOT / "scorm" / new.folder).is_dir()
    # The restored package does not share the original's files: deleting one keeps the other.
    assert new.file_count == old.file_count > 0


def test_a_restore_failing_half_way_leaves_the_course_unchanged(
    full, course_roles, tmp_path, monkeypatch
):
    teacher = course_roles["teacher"]
    archive = _backup_file(full, teacher, tmp_path)
    target = CourseFactory(code="TARGET")
    EnrollmentFactory(course=target, user=teacher, role=Enrollment.Role.TEACHER)
    WikiPage.objects.create(course=target, title="Home", key="home", content="<p>mine</p>")
    before = snapshot(target)
    media_before = sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())

    # Documents, tests, links... are restored, then the wiki fails.
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    wiki = api.get_provider("wiki")
    monkeypatch.setitem(api._PROVIDERS, "wiki", dataclasses.replace(wiki, restore=broken))
    assert [p.key for p in api.providers()].index("wiki") > [p.key for p in api.providers()].index(
        "documents"
    )
    with pytest.raises(RuntimeError):
        backup_restore(
            archive_path=archive,
            course=target,
            user=teacher,
            conflict_policy=ConflictPolicy.OVERWRITE,
        )
    assert snapshot(target) == before
    # The files written before the fault were removed too.
    assert sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == media_before

    # Into a new course: no course is left behind.
    with pytest.raises(RuntimeError):
        backup_restore(
            archive_path=archive,
            course=NewCourse(code="NEWONE", title="New"),
            user=teacher,
            conflict_policy=ConflictPolicy.SKIP,
        )
    assert not Course.objects.filter(code="NEWONE").exists()


@pytest.mark.parametrize(
    ("policy", "titles"),
    [
        (ConflictPolicy.SKIP, ["Start here"]),
        (ConflictPolicy.RENAME, ["Start here", "Start here (2)"]),
        (ConflictPolicy.OVERWRITE, ["Start here"]),
    ],
)
def test_conflict_policies_into_an_existing_course(full, course_roles, tmp_path, policy, titles):
    teacher = course_roles["teacher"]
    archive = _backup_file(full, teacher, tmp_path, selection={"learnpaths": None, "wiki": None})
    target = CourseFactory(code="OTHER")
    own = LearningPath.objects.create(course=target, title="Start here", description="mine")
    page = WikiPage.objects.create(course=target, title="Home", key="home", content="<p>mine</p>")
    backup_restore(archive_path=archive, course=target, user=teacher, conflict_policy=policy)
    assert sorted(
        LearningPath.objects.filter(course=target).values_list("title", flat=True)
    ) == sorted(titles + ["Golf Explained - Run-time Basic Calls"])
    kept = LearningPath.objects.filter(pk=own.pk).exists()
    assert kept == (policy != ConflictPolicy.OVERWRITE)
    home = WikiPage.objects.get(course=target, key="home")
    if policy == ConflictPolicy.OVERWRITE:
        assert home.content == "<p>v2</p>" and home.revisions.count() == 2
    else:
        assert home.pk == page.pk and home.content == "<p>mine</p>"
    if policy == ConflictPolicy.RENAME:
        assert WikiPage.objects.filter(course=target, key="home-2", title="Home (2)").exists()


def test_chosen_items_only(full, course_roles, tmp_path):
    teacher = course_roles["teacher"]
    week = Document.objects.get(course=full, name="Week 1")
    archive = _backup_file(
        full, teacher, tmp_path, selection={"documents": [week.pk], "glossary": None}
    )
    copy, _summary = backup_restore(
        archive_path=archive,
        course=NewCourse(code="PART", title="Part"),
        user=teacher,
        conflict_policy=ConflictPolicy.SKIP,
    )
    names = sorted(Document.objects.filter(course=copy).values_list("name", flat=True))
    assert names == ["Slides", "Week 1", "Welcome", "intro.pdf"]
    assert not LearningPath.objects.filter(course=copy).exists()
    assert copy.glossary_terms.count() == 2


def test_copy_into_another_course_directly(full, course_roles):
    teacher = course_roles["teacher"]
    target = CourseFactory(code="TWIN")
    version = course_version(target)
    summary = course_copy(
        source=full,
        target=target,
        user=teacher,
        selection=whole_course_selection(),
        conflict_policy=ConflictPolicy.RENAME,
    )
    assert summary["wiki"] == {"pages": 2, "revisions": 2}
    before, after = snapshot(full), snapshot(target)
    keys = ("documents", "answers", "paths", "glossary", "wiki_history", "forums", "gradebook")
    new = ("assignment_files", "surveys", "survey_questions", "attendance", "journal", "groups")
    for key in keys + new:
        assert after[key] == before[key], key
    assert summary["surveys"] == {"surveys": 1, "questions": 2, "options": 2}
    assert not Backup.objects.exists()  # no file was made
    # the bulk writes sent no signal: the restore moved the course's cache version itself
    target.refresh_from_db()
    assert course_version(target) != version


def _manifest_zip(path, manifest):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(MANIFEST, json.dumps(manifest))
    return path


V1_MANIFEST = {
    "format": "lms-course-backup",
    "format_version": 1,
    "course": {"code": "OLD"},
    "tools": {"glossary": {"terms": [{"id": 7, "term": "Quark", "definition": "<p>q</p>"}]}},
}


def test_a_hand_written_version_1_manifest_restores(course_roles, tmp_path):
    copy, _summary = backup_restore(
        archive_path=_manifest_zip(tmp_path / "v1.zip", V1_MANIFEST),
        course=NewCourse(code="FROMV1", title="Old"),
        user=course_roles["teacher"],
        conflict_policy=ConflictPolicy.SKIP,
    )
    assert list(copy.glossary_terms.values_list("term", "letter")) == [("Quark", "Q")]


def test_older_formats_go_through_each_step_and_newer_ones_are_refused(
    course_roles, tmp_path, monkeypatch
):
    """When the format becomes version 2, a version-1 backup is brought up by its step."""
    from backups import services

    def v1_to_v2(manifest):  # say version 2 calls glossary terms "entries"
        glossary = manifest["tools"]["glossary"]
        return {
            **manifest,
            "format_version": 2,
            "tools": {**manifest["tools"], "glossary": {"entries": glossary["terms"]}},
        }

    monkeypatch.setattr(services, "FORMAT_VERSION", 2)
    monkeypatch.setitem(services.MIGRATIONS, 1, v1_to_v2)
    upgraded = services.manifest_upgrade(json.loads(json.dumps(V1_MANIFEST)))
    assert upgraded["format_version"] == 2
    assert upgraded["tools"]["glossary"]["entries"][0]["term"] == "Quark"

    newer = _manifest_zip(tmp_path / "v3.zip", {**V1_MANIFEST, "format_version": 3})
    with pytest.raises(BackupError, match="newer version"):
        backup_restore(
            archive_path=newer,
            course=course_roles["course"],
            user=None,
            conflict_policy=ConflictPolicy.SKIP,
        )
    for version in (0, "1", None):
        broken = _manifest_zip(tmp_path / "bad.zip", {**V1_MANIFEST, "format_version": version})
        with pytest.raises(BackupError, match="not a course backup"):
            backup_restore(
                archive_path=broken,
                course=course_roles["course"],
                user=None,
                conflict_policy=ConflictPolicy.SKIP,
            )


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"../evil.txt": b"x", MANIFEST: b"{}"}, "leaving its folder"),
        ({"notes.txt": b"x"}, "no manifest"),
        ({MANIFEST: b"not json"}, "cannot be read"),
        ({MANIFEST: b'{"format": "other", "format_version": 1}'}, "not a course backup"),
    ],
)
def test_unsafe_or_foreign_archives_are_refused(course_roles, tmp_path, entries, message):
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    course = course_roles["course"]
    with pytest.raises(BackupError, match=message):
        backup_restore(
            archive_path=archive, course=course, user=None, conflict_policy=ConflictPolicy.SKIP
        )


def test_a_zip_bomb_is_refused(course_roles, tmp_path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, b"{}")
        zf.writestr("files/documents/000001", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(BackupError, match="zip bomb"):
        backup_restore(
            archive_path=archive,
            course=course_roles["course"],
            user=None,
            conflict_policy=ConflictPolicy.SKIP,
        )


def test_backup_queries_are_bounded(course_roles, tmp_path, django_assert_max_num_queries):
    """Twice the content costs no more queries: providers read each model in bulk."""
    from assignments.models import Assignment
    from attendance.models import Session, Sheet
    from forums.models import Forum, Post
    from glossary.models import Term
    from groups.models import Group, GroupCategory
    from journal.models import Advance, Theme
    from links.models import Link
    from projects.models import Project, Task
    from surveys.models import Option, Survey

    course = course_roles["course"]
    teacher, learner = course_roles["teacher"], course_roles["learner"]

    def grow(n):
        for i in range(n):
            Link.objects.create(course=course, title=f"L{i}-{n}", url="https://example.org/")
            Term.objects.create(course=course, term=f"T{i}-{n}", definition="d")
            # The tools added later: each object and what hangs from it.
            Assignment.objects.create(course=course, title=f"A{i}-{n}")
            question = SurveyQuestion.objects.create(
                survey=Survey.objects.create(course=course, title=f"S{i}-{n}"), kind="yesno"
            )
            option = Option.objects.create(question=question, text="Yes")
            SurveyQuestion.objects.create(
                survey=question.survey, kind="open", condition_option=option
            )
            sheet = Sheet.objects.create(course=course, title=f"R{i}-{n}")
            date = Session.objects.create(sheet=sheet, starts_at=start_of_time())
            theme = Theme.objects.create(course=course, title=f"J{i}-{n}")
            Advance.objects.create(theme=theme, date=start_of_time(), attendance_date_id=date.pk)
            Task.objects.create(project=Project.objects.create(course=course, title=f"P{i}-{n}"))
            Group.objects.create(
                course=course,
                name=f"G{i}-{n}",
                category=GroupCategory.objects.create(course=course, name=f"C{i}-{n}"),
            )
            forum = Forum.objects.create(course=course, title=f"F{i}-{n}")
            thread = Thread.objects.create(
                forum=forum, author=teacher, title="t", last_post_at=start_of_time()
            )
            opening = Post.objects.create(thread=thread, author=teacher, content="<p>a</p>")
            Post.objects.create(thread=thread, author=learner, parent=opening, content="b")
            Post.objects.create(thread=thread, author=teacher, parent=opening, content="c")

    grow(5)
    with django_assert_max_num_queries(60) as small:
        backup_write(
            course=course, selection=whole_course_selection(), destination=tmp_path / "a.zip"
        )
    grow(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        backup_write(
            course=course, selection=whole_course_selection(), destination=tmp_path / "b.zip"
        )
    target = CourseFactory(code="BULK")
    with django_assert_max_num_queries(90) as restored:
        backup_restore(
            archive_path=tmp_path / "b.zip",
            course=target,
            user=None,
            conflict_policy=ConflictPolicy.SKIP,
        )
    assert Link.objects.filter(course=target).count() == 25
    assert Post.objects.filter(thread__forum__course=target).count() == 50
    assert (
        Advance.objects.filter(theme__course=target, attendance_date_id__isnull=False).count() == 25
    )
    assert len(restored.captured_queries) < 90
    print(
        f"backup: {len(small.captured_queries)} queries, restore: {len(restored.captured_queries)}"
    )


def test_backup_job_writes_one_whole_file(full, course_roles):
    job = job_create(kind="course_backup", user=course_roles["teacher"], course=full)
    backup = backup_create(job=job)
    assert backup.path.is_file() and backup.size == backup.path.stat().st_size
    assert not list(backup.path.parent.glob("*.part"))
    with zipfile.ZipFile(backup.path) as zf:
        assert zf.testzip() is None
    # Done again (a job taken back after its worker died): still one row, one file.
    again = backup_create(job=job)
    assert Backup.objects.filter(job=job).count() == 1 and again.pk == backup.pk
    assert [p.name for p in again.path.parent.iterdir()] == [again.name]


def test_evaluations_drawn_from_what_backups_leave_out_are_left_out(course_roles, tmp_path):
    from gradebook.models import Evaluation

    course = course_roles["course"]
    Evaluation.objects.create(course=course, name="Essay", source="assignment", item_id=4)
    Evaluation.objects.create(course=course, name="Oral")
    archive = _backup_file(course, None, tmp_path, selection={"gradebook": None})
    copy, summary = backup_restore(
        archive_path=archive,
        course=NewCourse(code="GB", title="GB"),
        user=course_roles["teacher"],
        conflict_policy=ConflictPolicy.SKIP,
    )
    assert list(Evaluation.objects.filter(course=copy).values_list("name", flat=True)) == ["Oral"]
    assert summary["gradebook"]["left_out"] == 1


def test_deleting_a_backup_removes_its_file(full, course_roles, django_capture_on_commit_callbacks):
    from backups.services import backup_delete

    job = job_create(kind="course_backup", user=course_roles["teacher"], course=full)
    backup = backup_create(job=job)
    with django_capture_on_commit_callbacks(execute=True):
        backup_delete(backup=backup)
    assert not backup.path.exists()


def test_a_forged_backup_cannot_bring_scripts_or_programs(course_roles, tmp_path):
    """A backup is an upload: its HTML is sanitised, its files checked like any file sent."""
    manifest = {
        "format": "lms-course-backup",
        "format_version": 1,
        "course": {"code": "EVIL"},
        "tools": {
            "wiki": {
                "pages": [
                    {
                        "id": 1,
                        "title": "Home",
                        "key": "home",
                        "revision": 1,
                        "content": '<p onclick="steal()">Hi</p><script>steal()</script>',
                    },
                ],
                "revisions": [],
            },
            "links": {
                "categories": [],
                "links": [
                    {"id": 1, "title": "Bad", "url": "javascript:steal()", "category_id": None},
                    {"id": 2, "title": "Good", "url": "https://example.org/", "category_id": None},
                ],
            },
            "documents": {
                "documents": [
                    {
                        "id": 1,
                        "parent_id": None,
                        "path": "/1/",
                        "kind": "file",
                        "name": "notes.pdf",
                        "file": "files/documents/000001",
                        "content_type": "application/pdf",
                    },
                    {
                        "id": 2,
                        "parent_id": None,
                        "path": "/2/",
                        "kind": "file",
                        "name": "ok.txt",
                        "file": "files/documents/000002",
                        "content_type": "text/html",
                    },
                ]
            },
        },
    }
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(MANIFEST, json.dumps(manifest))
        zf.writestr("files/documents/000001", b"MZ\x90\x00" + b"\0" * 200)  # a program
        zf.writestr("files/documents/000002", b"plain words")
    copy, summary = backup_restore(
        archive_path=archive,
        course=NewCourse(code="SAFE", title="Safe"),
        user=course_roles["teacher"],
        conflict_policy=ConflictPolicy.SKIP,
    )
    page = WikiPage.objects.get(course=copy)
    assert "script" not in page.content and "onclick" not in page.content
    assert "Hi" in page.content
    from links.models import Link

    assert list(Link.objects.filter(course=copy).values_list("title", flat=True)) == ["Good"]
    documents = Document.objects.filter(course=copy)
    assert list(documents.values_list("name", "content_type")) == [("ok.txt", "text/plain")]
    assert summary["refused_files"] == ["notes.pdf"]
    assert "left out: notes.pdf" in summary_text(summary)


def test_a_restore_over_the_disk_quota_is_refused_whole(full, course_roles, tmp_path):
    from documents.models import DocumentSettings

    archive = _backup_file(full, None, tmp_path, selection={"documents": None, "glossary": None})
    target = CourseFactory(code="SMALL")
    DocumentSettings.objects.create(course=target, quota_mb=0)
    with pytest.raises(BackupError, match="Not enough space"):
        backup_restore(
            archive_path=archive,
            course=target,
            user=course_roles["teacher"],
            conflict_policy=ConflictPolicy.SKIP,
        )
    assert not target.glossary_terms.exists() and not Document.objects.filter(course=target)


def test_conflicts_in_the_new_tools_follow_the_policy(full, course_roles, tmp_path):
    """Restored into a course that has its own "Essay", "Lab A", "Lectures": skip keeps the
    course's and re-points the path and journal at it; rename adds the backup's beside it."""
    from assignments.models import Assignment
    from attendance.models import Session, Sheet
    from groups.models import Group
    from journal.models import Advance

    teacher = course_roles["teacher"]
    chosen = {"assignments": None, "attendance": None, "journal": None, "groups": None}
    archive = _backup_file(full, teacher, tmp_path, selection={**chosen, "learnpaths": None})
    for policy, count in [(ConflictPolicy.SKIP, 1), (ConflictPolicy.RENAME, 2)]:
        target = CourseFactory(code=f"C{policy[:4]}")
        own = Assignment.objects.create(course=target, title="essay")
        sheet = Sheet.objects.create(course=target, title="Lectures")
        Session.objects.create(sheet=sheet, starts_at=start_of_time())
        Group.objects.create(course=target, name="Lab A")
        backup_restore(archive_path=archive, course=target, user=teacher, conflict_policy=policy)
        assert Assignment.objects.filter(course=target).count() == count
        # "Tutoring", the course's "Lab A", and with rename the backup's as "Lab A (2)".
        assert Group.objects.filter(course=target).count() == count + 1
        item = LearningPath.objects.get(course=target, title="Start here").items.get(
            kind="assignment"
        )
        if policy == ConflictPolicy.SKIP:
            assert item.target_id == own.pk
            # The kept sheet's dates are the course's own: the advance loses its date.
            assert not Advance.objects.filter(
                theme__course=target, attendance_date_id__isnull=False
            ).exists()
        else:
            assert Assignment.objects.filter(course=target, title="Essay (2)").exists()
            assert Group.objects.get(course=target, name="Lab A (2)").category.name == "Labs"
            assert item.target_id == Assignment.objects.get(course=target, title="Essay (2)").pk


def test_recycling_the_new_tools_lists_them_and_empties_them(
    full, course_roles, django_capture_on_commit_callbacks
):
    from assignments.models import Assignment, Attachment
    from backups.services import course_recycle, recycle_preview

    preview = {provider.key: lines for provider, lines in recycle_preview(full)}
    assert preview["assignments"] == [("Assignments, with the works handed in", 1)]
    assert preview["groups"] == [("Groups, with their members", 2), ("Group categories", 1)]
    for key in NEW_TOOLS:
        assert preview[key][0][1] >= 1, key
    stored = Attachment.objects.get(assignment__course=full).file
    with django_capture_on_commit_callbacks(execute=True):
        emptied = course_recycle(course=full, keys=set(NEW_TOOLS))
    assert set(emptied) == set(NEW_TOOLS)
    assert not any(key in NEW_TOOLS for key, _lines in recycle_preview(full))
    assert not Assignment.objects.filter(course=full).exists()
    assert not stored.storage.exists(stored.name)
    assert LearningPath.objects.filter(course=full).exists()  # not chosen: kept


def test_packages_count_against_the_disk_quota_of_the_course_restored_into(
    full, course_roles, tmp_path
):
    from documents.api import course_usage
    from documents.models import DocumentSettings

    archive = _backup_file(full, None, tmp_path, selection={"learnpaths": None})
    package = Package.objects.get(path__course=full)
    folders_before = set((settings.MEDIA_ROOT / "scorm").iterdir())
    target = CourseFactory(code="TINY")
    DocumentSettings.objects.create(course=target, quota_mb=0)
    with pytest.raises(BackupError, match="Not enough space"):
        backup_restore(
            archive_path=archive,
            course=target,
            user=course_roles["teacher"],
            conflict_policy=ConflictPolicy.SKIP,
        )
    assert not LearningPath.objects.filter(course=target).exists()
    assert set((settings.MEDIA_ROOT / "scorm").iterdir()) == folders_before  # nothing unpacked

    copy, _summary = backup_restore(
        archive_path=archive,
        course=NewCourse(code="ROOMY", title="Roomy"),
        user=course_roles["teacher"],
        conflict_policy=ConflictPolicy.SKIP,
    )
    restored = Package.objects.get(path__course=copy)
    files = settings.MEDIA_ROOT / "scorm" / restored.folder
    on_disk = sum(path.stat().st_size for path in files.rglob("*") if path.is_file())
    assert restored.size == on_disk > 0
    assert course_usage(copy) == on_disk
    assert package.size > 0


def test_people_without_an_account_here_are_left_out_and_counted(course_roles, tmp_path):
    """Chosen learners, group and project members are matched by username: someone with no
    account on the platform restored into is left out (counted), the others come back, and
    an announcement for chosen learners never becomes one for everybody."""
    from agenda.models import Event
    from announcements.models import Announcement
    from groups.models import Group, Membership

    course = course_roles["course"]
    teacher, learner = course_roles["teacher"], course_roles["learner"]
    leaving = EnrollmentFactory(course=course, role="learner", user__username="leaving").user
    chosen = Announcement.objects.create(
        course=course, author=teacher, title="Two of you", audience=Announcement.Audience.USERS
    )
    chosen.recipients.set([learner, leaving])
    event = Event.objects.create(
        course=course,
        kind=Event.Kind.COURSE,
        owner=teacher,
        title="Meeting",
        start=start_of_time(),
        audience=Event.Audience.USERS,
    )
    event.recipients.set([leaving])
    group = Group.objects.create(course=course, name="G")
    Membership.objects.create(group=group, user=leaving)
    Membership.objects.create(group=group, user=learner)
    archive = _backup_file(course, teacher, tmp_path)
    leaving.delete()

    copy, summary = backup_restore(
        archive_path=archive,
        course=NewCourse(code="AGAIN", title="Again"),
        user=teacher,
        conflict_policy=ConflictPolicy.SKIP,
    )
    restored = Announcement.objects.get(course=copy, title="Two of you")
    assert restored.audience == Announcement.Audience.USERS
    assert list(restored.recipients.all()) == [learner]
    restored_event = Event.objects.get(course=copy, title="Meeting")
    assert restored_event.audience == Event.Audience.USERS
    assert not restored_event.recipients.exists()
    assert list(Membership.objects.filter(group__course=copy).values_list("user", flat=True)) == [
        learner.pk
    ]
    assert summary["announcements"]["left_out"] == 1 and summary["agenda"]["left_out"] == 1
    assert summary["groups"]["left_out"] == 1
