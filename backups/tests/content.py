"""A course that uses every content tool, and a snapshot of a course's content that ignores
ids, so that two courses can be compared after a backup and a restore."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from agenda.models import Event, EventAttachment, EventGroup
from announcements.models import Announcement, Attachment
from assessments.models import Answer, Question, QuestionCategory, Quiz, QuizQuestion
from assessments.tests.factories import make_question
from assignments.models import Assignment as Homework
from assignments.models import Attachment as HomeworkFile
from assignments.models import Submission
from attendance.models import Record, Session, Sheet
from core.html import sanitize_html
from courses.models import DescriptionSection, Enrollment
from documents.models import Document
from documents.tests.factories import PDF_BYTES, png_bytes
from forums.models import Forum, ForumCategory, Post, PostAttachment, Thread
from glossary.models import Term
from gradebook.models import Category, Evaluation, GradebookSettings, ScaleLevel
from groups.models import Group, GroupCategory, Membership
from journal.models import Advance, Theme
from learnpaths.models import LearningPath, PathItem
from learnpaths.services import path_renumber
from links.models import Link, LinkCategory
from projects.models import Article, Project, ProjectMember, Task
from scorm.importer import package_import
from scorm.models import Package
from scorm.tests.fixtures import scorm_fixtures, zip_folder
from surveys.models import Answer as SurveyAnswer
from surveys.models import Option, Participation, Response, Survey
from surveys.models import Question as SurveyQuestion
from wiki.models import Revision, WikiPage


def _document(course, *, parent=None, kind, name, data=b"", content="", content_type=""):
    document = Document(
        course=course,
        parent=parent,
        kind=kind,
        name=name,
        content=content,
        content_type=content_type,
        size=len(data) or len(content),
    )
    if data:
        document.file.save(name, ContentFile(data), save=False)
    document.save()
    prefix = parent.path if parent else "/"
    document.path = f"{prefix}{document.pk}/"
    Document.objects.filter(pk=document.pk).update(path=document.path)
    return document


def fill_course(course, user, tmp_path: Path, learner=None) -> dict:
    """Content in every tool backups cover; returns a few of the objects made. ``user`` is the
    teacher who writes it; ``learner`` (default: the same user) writes what learners write."""
    learner = learner or user
    week = _document(course, kind="folder", name="Week 1")
    slides = _document(course, parent=week, kind="folder", name="Slides")
    pdf = _document(
        course,
        parent=slides,
        kind="file",
        name="intro.pdf",
        data=PDF_BYTES,
        content_type="application/pdf",
    )
    _document(course, kind="file", name="diagram.png", data=png_bytes(), content_type="image/png")
    page = _document(
        course,
        parent=week,
        kind="page",
        name="Welcome",
        # Stored as the editor's services store it: sanitised.
        content=sanitize_html(f'<p>See <a href="/courses/{course.code}/wiki/">the wiki</a>.</p>'),
        content_type="text/html",
    )

    category = QuestionCategory.objects.create(course=course, name="Chapter 1")
    quiz = Quiz.objects.create(
        course=course, title="Final test", published=True, description="<p>Go</p>"
    )
    question = make_question(
        course,
        "single",
        answers=[
            {"text": "<p>Paris</p>", "correct": True, "score": 1, "feedback": "<p>Yes</p>"},
            {"text": "<p>Lyon</p>", "correct": False, "score": 0},
        ],
        title="Capital of France",
        quiz=quiz,
    )
    question.category = category
    question.image.save("map.png", ContentFile(png_bytes(color=(0, 0, 200))), save=True)
    make_question(
        course,
        "multiple",
        answers=[
            {"text": "<p>2</p>", "correct": True, "score": "0.5"},
            {"text": "<p>3</p>", "correct": True, "score": "0.5"},
            {"text": "<p>4</p>", "correct": False, "score": "-0.25"},
        ],
        title="Primes",
        quiz=quiz,
    )
    make_question(course, "open", title="In the bank only")

    links_category = LinkCategory.objects.create(course=course, title="Reading", position=1)
    link = Link.objects.create(
        course=course, category=links_category, title="Python", url="https://python.org/"
    )
    Link.objects.create(course=course, title="Django", url="https://djangoproject.com/", position=2)

    announcement = Announcement.objects.create(
        course=course, author=user, title="Welcome", content="<p>Hello all</p>"
    )
    attachment = Attachment(announcement=announcement, name="plan.pdf", size=len(PDF_BYTES))
    attachment.file.save("plan.pdf", ContentFile(PDF_BYTES), save=True)
    older = Announcement.objects.create(course=course, author=user, title="Before", content="x")
    Announcement.objects.filter(pk=older.pk).update(
        created_at=datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    )

    # Addressed to one chosen learner: restored to the same account (by username).
    chosen = Announcement.objects.create(
        course=course,
        author=user,
        title="For you",
        content="<p>Only you</p>",
        audience=Announcement.Audience.USERS,
    )
    chosen.recipients.set([learner])

    for term, definition in [("Électron", "<p>A particle</p>"), ("Atom", "<p>Small</p>")]:
        Term.objects.create(course=course, term=term, definition=definition)

    wiki = WikiPage.objects.create(
        course=course, title="Home", key="home", content="<p>v2</p>", revision=2
    )
    for number, content in [(1, "<p>v1</p>"), (2, "<p>v2</p>")]:
        revision = Revision.objects.create(
            page=wiki,
            number=number,
            title="Home",
            content=content,
            author=user,
            comment=f"edit {number}",
        )
        Revision.objects.filter(pk=revision.pk).update(
            created_at=datetime(2026, 2, number, 8, 0, tzinfo=UTC)
        )
    WikiPage.objects.create(course=course, title="Glossary notes", key="glossary-notes")

    forum_category = ForumCategory.objects.create(course=course, title="General", position=1)
    forum = Forum.objects.create(
        course=course, category=forum_category, title="Questions", moderated=True
    )
    thread = Thread.objects.create(
        forum=forum, author=learner, title="A learner's thread", last_post_at=start_of_time()
    )
    Post.objects.create(thread=thread, author=learner, content="<p>not in backups</p>")
    # The teacher's own thread: in backups with the teacher's posts, not the learners'.
    discussion = Thread.objects.create(
        forum=forum,
        author=user,
        title="Introduce yourself",
        pinned=True,
        graded=True,
        score_max=Decimal("20"),
        last_post_at=start_of_time(),
    )
    opening = Post.objects.create(thread=discussion, author=user, content="<p>Say who you are</p>")
    brief = PostAttachment(post=opening, name="rules.pdf", size=len(PDF_BYTES))
    brief.file.save("rules.pdf", ContentFile(PDF_BYTES), save=True)
    answer = Post.objects.create(
        thread=discussion, author=learner, parent=opening, content="<p>A learner's reply</p>"
    )
    Post.objects.create(thread=discussion, author=user, parent=answer, content="<p>Welcome!</p>")
    Forum.objects.create(course=course, title="Off topic")

    GradebookSettings.objects.create(course=course, pass_mark=Decimal("60"))
    top = Category.objects.create(course=course, name="Exams", weight=Decimal("70"))
    sub = Category.objects.create(course=course, parent=top, name="Written", weight=Decimal("50"))
    Evaluation.objects.create(
        course=course,
        category=sub,
        name="Final test",
        source="test",
        item_id=quiz.pk,
        max_score=Decimal("20"),
    )
    Evaluation.objects.create(course=course, category=top, name="Oral", max_score=Decimal("10"))
    ScaleLevel.objects.create(course=course, label="Good", min_percent=Decimal("75"))

    DescriptionSection.objects.create(
        course=course, kind="objectives", title="Objectives", content="<p>Learn</p>"
    )
    DescriptionSection.objects.create(
        course=course, kind="custom", title="Extra", content="<p>More</p>", position=1
    )

    start = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    event = Event.objects.create(
        course=course,
        kind=Event.Kind.COURSE,
        owner=user,
        title="Lecture",
        start=start,
        end=start + timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=4",
        timezone="Europe/Paris",
    )
    tutorial = Event.objects.create(
        course=course,
        kind=Event.Kind.COURSE,
        owner=user,
        title="Tutorial",
        start=start,
        audience=Event.Audience.USERS,
    )
    tutorial.recipients.set([learner])
    event_file = EventAttachment(event=event, name="room.png", size=10)
    event_file.file.save("room.png", ContentFile(png_bytes(color=(0, 200, 0))), save=True)

    homework = Homework.objects.create(
        course=course,
        title="Essay",
        instructions=sanitize_html(f'<p>Write <a href="/courses/{course.code}/wiki/">here</a></p>'),
        kind=Homework.Kind.EITHER,
        allowed_extensions="pdf odt",
        max_score=Decimal("15"),
        deadline=datetime(2027, 4, 1, 12, 0, tzinfo=UTC),
        end_date=datetime(2027, 4, 8, 12, 0, tzinfo=UTC),
    )
    homework_file = HomeworkFile(assignment=homework, name="brief.pdf", size=len(PDF_BYTES))
    homework_file.file.save("brief.pdf", ContentFile(PDF_BYTES), save=True)
    Submission.objects.create(
        assignment=homework,
        user=user,
        text="<p>A learner's essay</p>",
        submitted_at=start_of_time(),
        score=Decimal("12"),
    )

    survey = Survey.objects.create(
        course=course, title="Feedback", intro="<p>Tell us</p>", anonymous=False, published=True
    )
    liked = SurveyQuestion.objects.create(
        survey=survey, position=1, kind="yesno", text="<p>Did you like it?</p>", required=True
    )
    yes = Option.objects.create(question=liked, position=1, text="Yes")
    Option.objects.create(question=liked, position=2, text="No")
    SurveyQuestion.objects.create(
        survey=survey,
        position=2,
        kind="open",
        text="<p>What did you like?</p>",
        condition_option=yes,
    )
    response = Response.objects.create(survey=survey)
    SurveyAnswer.objects.create(response=response, question=liked, option=yes)
    Participation.objects.create(survey=survey, user=user)

    sheet = Sheet.objects.create(course=course, title="Lectures", description="Every Monday")
    monday = Session.objects.create(
        sheet=sheet, starts_at=datetime(2027, 3, 1, 9, 0, tzinfo=UTC), duration_minutes=120
    )
    Session.objects.create(sheet=sheet, starts_at=datetime(2027, 3, 8, 9, 0, tzinfo=UTC))
    Record.objects.create(session=monday, user=user, status="present")

    theme = Theme.objects.create(
        course=course, title="Atoms", objectives="Know them", methodology="Lectures"
    )
    Advance.objects.create(
        theme=theme,
        date=datetime(2027, 3, 1, 9, 0, tzinfo=UTC),
        duration_hours=Decimal("2"),
        content="Chapter 1",
        done=True,
        attendance_date_id=monday.pk,
    )
    Advance.objects.create(theme=theme, date=datetime(2027, 3, 8, 9, 0, tzinfo=UTC))

    project = Project.objects.create(
        course=course, title="Model rocket", description="<p>Build one</p>", created_by=user
    )
    ProjectMember.objects.create(project=project, user=user, role="manager")
    if learner != user:
        ProjectMember.objects.create(project=project, user=learner, role="member")
    Task.objects.create(project=project, title="Design", colour="#112233")
    Article.objects.create(project=project, author=user, title="Day 1", content="<p>mine</p>")

    groups_category = GroupCategory.objects.create(course=course, name="Labs", position=1)
    lab = Group.objects.create(
        course=course, category=groups_category, name="Lab A", max_members=4, wiki="public"
    )
    Group.objects.create(course=course, name="Tutoring", self_registration=True, chat="off")
    Membership.objects.create(group=lab, user=user, role="tutor")
    if learner != user:
        Membership.objects.create(group=lab, user=learner)
    lab_session = Event.objects.create(
        course=course,
        kind=Event.Kind.COURSE,
        owner=user,
        title="Lab session",
        start=start,
        audience=Event.Audience.GROUPS,
    )
    EventGroup.objects.create(event=lab_session, group_id=lab.pk)

    for source, item in [
        ("assignment", homework),
        ("attendance", sheet),
        ("survey", survey),
        ("forum_thread", discussion),
    ]:
        Evaluation.objects.create(
            course=course, category=top, name=item.title, source=source, item_id=item.pk
        )

    path = LearningPath.objects.create(course=course, title="Start here", created_by=user)
    section = PathItem.objects.create(path=path, kind="section", title="Part 1")
    first = PathItem.objects.create(
        path=path, parent=section, kind="document", title="Intro", target_id=pdf.pk
    )
    PathItem.objects.create(
        path=path,
        parent=section,
        kind="test",
        title="Check",
        target_id=quiz.pk,
        prerequisite=first,
    )
    PathItem.objects.create(path=path, kind="link", title="Read", target_id=link.pk)
    PathItem.objects.create(path=path, kind="wiki_page", title="Wiki", target_id=wiki.pk)
    PathItem.objects.create(path=path, kind="assignment", title="Hand in", target_id=homework.pk)
    PathItem.objects.create(path=path, kind="survey", title="Your view", target_id=survey.pk)
    PathItem.objects.create(
        path=path, kind="forum_thread", title="Say hello", target_id=discussion.pk
    )
    path_renumber(path)
    package_path = package_import(
        course=course,
        user=user,
        archive_path=zip_folder(
            scorm_fixtures() / "golf-scorm12" / "RuntimeBasicCalls_SCORM12", tmp_path / "golf.zip"
        ),
    )
    return {"pdf": pdf, "page": page, "quiz": quiz, "path": path, "package_path": package_path}


def start_of_time():
    return datetime(2026, 1, 1, tzinfo=UTC)


def _staff(course):
    return Enrollment.objects.filter(course=course, role__in=["teacher", "tutor"]).values("user")


def _rows(queryset, *fields):
    return sorted(tuple(str(value) for value in row) for row in queryset.values_list(*fields))


def _document_tree(course) -> list[tuple]:
    documents = {d.pk: d for d in Document.objects.filter(course=course)}

    def full(document):
        names = [documents[int(pk)].name for pk in document.path.strip("/").split("/")]
        return "/".join(names)

    tree = []
    for document in documents.values():
        data = document.file.read() if document.file else b""
        if document.file:
            document.file.close()
        tree.append((full(document), document.kind, document.content, data, document.visible))
    return sorted(tree)


def _package_files(package) -> dict[str, bytes]:
    root = settings.MEDIA_ROOT / "scorm" / package.folder
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def snapshot(course) -> dict:
    """The course's content, without ids, dates of creation or owners: what a restore must
    give back the same. Objects that point at others are described by the others' names."""
    code = course.code
    questions = Question.objects.filter(course=course)
    quiz_titles = dict(Quiz.objects.filter(course=course).values_list("pk", "title"))
    documents = dict(Document.objects.filter(course=course).values_list("pk", "name"))
    links = dict(Link.objects.filter(course=course).values_list("pk", "title"))
    pages = dict(WikiPage.objects.filter(course=course).values_list("pk", "title"))
    homework = dict(Homework.objects.filter(course=course).values_list("pk", "title"))
    surveys = dict(Survey.objects.filter(course=course).values_list("pk", "title"))
    sheets = dict(Sheet.objects.filter(course=course).values_list("pk", "title"))
    threads = dict(Thread.objects.filter(forum__course=course).values_list("pk", "title"))
    groups = dict(Group.objects.filter(course=course).values_list("pk", "name"))
    targets = {
        "document": documents,
        "test": quiz_titles,
        "link": links,
        "wiki_page": pages,
        "assignment": homework,
        "survey": surveys,
        "forum_thread": threads,
    }
    sources = {
        "test": quiz_titles,
        "assignment": homework,
        "attendance": sheets,
        "survey": surveys,
        "forum_thread": threads,
    }
    dates = {
        session.pk: f"{session.sheet.title} {session.starts_at.isoformat()}"
        for session in Session.objects.filter(sheet__course=course).select_related("sheet")
    }
    items = {}
    for path in LearningPath.objects.filter(course=course):
        tree = []
        by_id = {item.pk: item for item in path.items.all()}
        for item in path.items.order_by("rank"):
            tree.append(
                (
                    item.rank,
                    item.depth,
                    item.kind,
                    item.title,
                    by_id[item.parent_id].title if item.parent_id else "",
                    by_id[item.prerequisite_id].title if item.prerequisite_id else "",
                    targets.get(item.kind, {}).get(
                        item.target_id,
                        item.target_id if item.kind in ("sco", "asset", "au") else None,
                    ),
                    item.identifier,
                    item.launch,
                )
            )
        items[path.title] = (path.source, path.item_count, tree)
    packages = {
        package.path.title: (package.kind, package.identifier, _package_files(package))
        for package in Package.objects.filter(path__course=course).select_related("path")
    }
    answers = _rows(
        Answer.objects.filter(question__course=course),
        "question__title",
        "position",
        "text",
        "correct",
        "score",
        "feedback",
        "data",
    )
    question_images = sorted(
        (question.title, question.image.read() if question.image else b"") for question in questions
    )
    evaluations = []
    for evaluation in Evaluation.objects.filter(course=course).select_related("category"):
        target = sources.get(evaluation.source, {}).get(evaluation.item_id)
        evaluations.append(
            (
                evaluation.name,
                evaluation.category.name if evaluation.category else "",
                evaluation.source,
                str(target),
                str(evaluation.weight),
                str(evaluation.max_score),
            )
        )
    return {
        "documents": [
            tuple(
                value.replace(f"/courses/{code}/", "/courses/*/")
                if isinstance(value, str)
                else value
                for value in row
            )
            for row in _document_tree(course)
        ],
        "questions": _rows(
            questions, "title", "type", "statement", "score", "config", "category__name"
        ),
        "question_images": question_images,
        "answers": answers,
        "quizzes": _rows(Quiz.objects.filter(course=course), "title", "description", "published"),
        "quiz_questions": _rows(
            QuizQuestion.objects.filter(quiz__course=course),
            "quiz__title",
            "question__title",
            "position",
        ),
        "paths": items,
        "packages": packages,
        "links": _rows(
            Link.objects.filter(course=course), "title", "url", "category__title", "position"
        ),
        "link_categories": _rows(LinkCategory.objects.filter(course=course), "title", "position"),
        "announcements": _rows(
            Announcement.objects.filter(course=course), "title", "content", "created_at"
        ),
        "announcement_files": sorted(
            (a.name, a.file.read()) for a in Attachment.objects.filter(announcement__course=course)
        ),
        "glossary": _rows(
            Term.objects.filter(course=course),
            "term",
            "normalized",
            "sort_key",
            "letter",
            "definition",
        ),
        "wiki": _rows(
            WikiPage.objects.filter(course=course), "title", "key", "content", "revision"
        ),
        "wiki_history": _rows(
            Revision.objects.filter(page__course=course),
            "page__key",
            "number",
            "title",
            "content",
            "comment",
            "created_at",
        ),
        "forum_categories": _rows(ForumCategory.objects.filter(course=course), "title", "position"),
        "forums": _rows(
            Forum.objects.filter(course=course), "title", "category__title", "moderated", "visible"
        ),
        # What the course's staff wrote (learners' threads and posts never come back);
        # counters and replies are checked on their own (the snapshot's course may be filled
        # without the services that keep them).
        "forum_threads": _rows(
            Thread.objects.filter(forum__course=course, author__in=_staff(course)),
            "forum__title",
            "title",
            "pinned",
            "locked",
            "graded",
            "score_max",
        ),
        "forum_posts": _rows(
            Post.objects.filter(thread__forum__course=course, author__in=_staff(course)),
            "thread__title",
            "content",
            "status",
            "created_at",
        ),
        "forum_files": sorted(
            (a.post.content, a.name, a.file.read())
            for a in PostAttachment.objects.filter(post__thread__forum__course=course)
        ),
        "gradebook": (
            _rows(GradebookSettings.objects.filter(course=course), "pass_mark"),
            _rows(Category.objects.filter(course=course), "name", "parent__name", "weight"),
            sorted(evaluations),
            _rows(ScaleLevel.objects.filter(course=course), "label", "min_percent"),
        ),
        "description": _rows(
            DescriptionSection.objects.filter(course=course), "kind", "title", "content", "position"
        ),
        "agenda": _rows(
            Event.objects.filter(course=course),
            "title",
            "start",
            "end",
            "rrule",
            "timezone",
            "all_day",
        ),
        "assignments": [
            tuple(value.replace(f"/courses/{code}/", "/courses/*/") for value in row)
            for row in _rows(
                Homework.objects.filter(course=course),
                "title",
                "instructions",
                "kind",
                "allowed_extensions",
                "max_score",
                "deadline",
                "end_date",
                "visible",
            )
        ],
        "assignment_files": sorted(
            (a.assignment.title, a.name, a.file.read())
            for a in HomeworkFile.objects.filter(assignment__course=course)
        ),
        "surveys": _rows(
            Survey.objects.filter(course=course), "title", "intro", "anonymous", "published"
        ),
        "survey_questions": _rows(
            SurveyQuestion.objects.filter(survey__course=course),
            "survey__title",
            "position",
            "kind",
            "text",
            "required",
            "condition_option__text",
            "condition_option__question__text",
        ),
        "survey_options": _rows(
            Option.objects.filter(question__survey__course=course),
            "question__text",
            "position",
            "text",
        ),
        "attendance": _rows(
            Session.objects.filter(sheet__course=course),
            "sheet__title",
            "sheet__description",
            "starts_at",
            "duration_minutes",
        ),
        "journal": sorted(
            (
                advance.theme.title,
                advance.theme.objectives,
                advance.theme.methodology,
                str(advance.date),
                str(advance.duration_hours),
                advance.content,
                advance.done,
                dates.get(advance.attendance_date_id, ""),
            )
            for advance in Advance.objects.filter(theme__course=course).select_related("theme")
        ),
        "projects": _rows(
            Task.objects.filter(project__course=course),
            "project__title",
            "project__description",
            "title",
            "colour",
        ),
        "groups": _rows(
            Group.objects.filter(course=course),
            "name",
            "category__name",
            "max_members",
            "self_registration",
            "wiki",
            "chat",
        ),
        "agenda_groups": sorted(
            (link.event.title, groups.get(link.group_id))
            for link in EventGroup.objects.filter(event__course=course).select_related("event")
        ),
        # Who things are addressed to and who belongs: people by username.
        "recipients": sorted(
            [
                ("announcement", title, username)
                for title, username in Announcement.recipients.through.objects.filter(
                    announcement__course=course
                ).values_list("announcement__title", "user__username")
            ]
            + [
                ("event", title, username)
                for title, username in Event.recipients.through.objects.filter(
                    event__course=course
                ).values_list("event__title", "user__username")
            ]
        ),
        "members": sorted(
            [
                ("group", *row)
                for row in Membership.objects.filter(group__course=course).values_list(
                    "group__name", "user__username", "role"
                )
            ]
            + [
                ("project", *row)
                for row in ProjectMember.objects.filter(project__course=course).values_list(
                    "project__title", "user__username", "role"
                )
            ]
        ),
        "agenda_files": sorted(
            (a.name, a.file.read()) for a in EventAttachment.objects.filter(event__course=course)
        ),
    }
