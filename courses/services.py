import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.csv_reader import CsvFileError, read_csv
from core.html import sanitize_html
from courses.caching import course_touch, courses_touch
from courses.models import (
    Course,
    CourseSession,
    CourseTool,
    DescriptionSection,
    Enrollment,
    SessionCourse,
    SessionLearner,
)
from courses.tools import get_tool

User = get_user_model()


class EnrollmentError(Exception):
    """A refusal to show the person as it is (already translated)."""


# --- Courses ----------------------------------------------------------------------------------


@transaction.atomic
def course_create(*, creator, code: str, title: str, **fields) -> Course:
    """Create a course with its creator as its first teacher."""
    course = Course(code=code.strip().upper(), title=title.strip(), **fields)
    course.full_clean()
    course.save()
    Enrollment.objects.create(user=creator, course=course, role=Enrollment.Role.TEACHER)
    return course


@transaction.atomic
def course_update(*, course: Course, **fields) -> Course:
    for name, value in fields.items():
        setattr(course, name, value)
    course.full_clean()
    course.save()
    return course


def course_tool_set(
    *, course: Course, tool_key: str, enabled: bool | None = None, visible: bool | None = None
) -> CourseTool:
    tool = get_tool(tool_key)
    if tool is None:
        raise ValueError(f"Unknown tool {tool_key!r}")
    if tool.teachers_only:
        raise EnrollmentError(_("This tool cannot be switched off."))
    row, _created = CourseTool.objects.get_or_create(course=course, tool_key=tool_key)
    if enabled is not None:
        row.enabled = enabled
    if visible is not None:
        row.visible = visible
    row.save()
    return row


def description_section_save(
    *, course: Course, kind: str, title: str, content: str, section: DescriptionSection | None
) -> DescriptionSection:
    if section is None:
        position = DescriptionSection.objects.filter(course=course).count()
        section = DescriptionSection(course=course, kind=kind, position=position)
    section.title = title.strip() or str(DescriptionSection.Kind(kind).label)
    section.content = sanitize_html(content)
    section.full_clean()
    section.save()
    return section


# --- Enrolment --------------------------------------------------------------------------------


def enrollment_self_enroll(*, user, course: Course, key: str = "") -> Enrollment:
    """Enrol a user who asked to join; a second click answers with the same enrolment."""
    existing = Enrollment.objects.filter(user=user, course=course).first()
    if existing:
        return existing
    if not course.takes_self_enrollment:
        raise EnrollmentError(_("This course does not accept self-enrolment."))
    if course.enrollment_key and not secrets.compare_digest(
        key.strip().encode(), course.enrollment_key.encode()
    ):
        raise EnrollmentError(_("The enrolment key is not correct."))
    try:
        with transaction.atomic():
            return Enrollment.objects.create(user=user, course=course, role=Enrollment.Role.LEARNER)
    except IntegrityError:  # the same request twice at once
        return Enrollment.objects.get(user=user, course=course)


def enrollment_self_unenroll(*, user, course: Course) -> None:
    enrollment = Enrollment.objects.filter(user=user, course=course).first()
    if enrollment is None:
        return
    if enrollment.role != Enrollment.Role.LEARNER or not course.self_unenrollment:
        raise EnrollmentError(_("You cannot leave this course yourself; ask its teacher."))
    enrollment.delete()


def enrollment_add(*, course: Course, user, role: str) -> tuple[Enrollment, bool]:
    if role not in Enrollment.Role.values:
        raise EnrollmentError(_("Unknown role: %(role)s.") % {"role": role})
    try:
        with transaction.atomic():
            enrollment, created = Enrollment.objects.get_or_create(
                user=user, course=course, defaults={"role": role}
            )
    except IntegrityError:
        enrollment, created = Enrollment.objects.get(user=user, course=course), False
    return enrollment, created


def _ensure_not_from_a_session(enrollment: Enrollment) -> None:
    """A session's learner comes and goes with the session (its page), not course by course."""
    if enrollment.session_id is not None:
        raise EnrollmentError(
            _("%(user)s follows this course in the session %(session)s; change it there.")
            % {"user": enrollment.user.username, "session": enrollment.session.name}
        )


@transaction.atomic
def enrollment_set_role(*, enrollment: Enrollment, role: str) -> Enrollment:
    if role not in Enrollment.Role.values:
        raise EnrollmentError(_("Unknown role: %(role)s.") % {"role": role})
    if role != enrollment.role:
        _ensure_not_from_a_session(enrollment)
    _ensure_a_teacher_remains(enrollment, new_role=role)
    enrollment.role = role
    enrollment.save(update_fields=["role"])
    return enrollment


@transaction.atomic
def enrollment_remove(*, enrollment: Enrollment) -> None:
    _ensure_not_from_a_session(enrollment)
    _ensure_a_teacher_remains(enrollment, new_role=None)
    enrollment.delete()


def _ensure_a_teacher_remains(enrollment: Enrollment, *, new_role: str | None) -> None:
    if enrollment.role != Enrollment.Role.TEACHER or new_role == Enrollment.Role.TEACHER:
        return
    # Lock the course's teacher rows so two managers cannot demote each other at once.
    teachers = list(
        Enrollment.objects.select_for_update()
        .filter(course_id=enrollment.course_id, role=Enrollment.Role.TEACHER)
        .values_list("pk", flat=True)
    )
    if teachers == [enrollment.pk]:
        raise EnrollmentError(_("A course keeps at least one teacher."))


# --- CSV bulk enrolment -----------------------------------------------------------------------

BULK_COLUMNS = ("username", "email", "first_name", "last_name", "role", "official_code")
BULK_REQUIRED_COLUMNS = ("username",)
_ROLE_ALIASES = {
    "teacher": Enrollment.Role.TEACHER,
    "enseignant": Enrollment.Role.TEACHER,
    "tutor": Enrollment.Role.TUTOR,
    "tuteur": Enrollment.Role.TUTOR,
    "learner": Enrollment.Role.LEARNER,
    "student": Enrollment.Role.LEARNER,
    "apprenant": Enrollment.Role.LEARNER,
    "": Enrollment.Role.LEARNER,
}


class BulkEnrollFileError(Exception):
    """The file as a whole cannot be read; nothing was done."""


@dataclass
class BulkRow:
    line: int
    username: str
    email: str
    first_name: str
    last_name: str
    role: str
    official_code: str


@dataclass
class BulkPlan:
    rows: list[BulkRow] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)


def bulk_enroll_read(text: str) -> list[dict]:
    """Parse CSV text into dicts keyed by the known columns; refuse a file that is not one.

    Read by core.csv_reader without line breaks inside fields (a name never holds one): a
    broken row, such as a quote left open, is a dict {"_line": n, "_error": reason} and the rows
    after it are read as usual. Every data line gives exactly one dict.
    """
    try:
        table = read_csv(text, multiline=False)
    except CsvFileError as error:
        raise BulkEnrollFileError(str(error)) from error
    if not table.rows or table.rows[0].line != min(
        [row.line for row in table.rows] + [error.line for error in table.errors]
    ):
        raise BulkEnrollFileError(
            _("The first line must name the columns. Known columns: %(known)s.")
            % {"known": ", ".join(BULK_COLUMNS)}
        )
    header = [column.lower() for column in table.rows[0].cells]
    missing = [column for column in BULK_REQUIRED_COLUMNS if column not in header]
    if missing:
        raise BulkEnrollFileError(
            _(
                "The first line must name the columns; missing: %(columns)s. Known columns: "
                "%(known)s."
            )
            % {"columns": ", ".join(missing), "known": ", ".join(BULK_COLUMNS)}
        )
    records = [{"_line": error.line, "_error": error.reason} for error in table.errors]
    for row in table.rows[1:]:
        record = dict(zip(header, row.cells, strict=True))
        record["_line"] = row.line
        records.append(record)
    if not records:
        raise BulkEnrollFileError(_("The file has a header but no rows."))
    return sorted(records, key=lambda record: record["_line"])


def bulk_enroll_plan(records: list[dict]) -> BulkPlan:
    """Check every row against the rules and the database; nothing is written here."""
    plan = BulkPlan()
    usernames = {r.get("username", "") for r in records}
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    # E-mail addresses are compared as the accounts' constraint does: without case.
    emails = {r.get("email", "").lower() for r in records if r.get("email")}
    taken_emails = {
        email.lower(): username
        for email, username in User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values_list("email", "username")
    }
    first_line_of_email: dict[str, int] = {}
    seen: set[str] = set()
    validate_username = UnicodeUsernameValidator()

    def reject(record, reason):
        plan.rejected.append(
            {"line": record["_line"], "username": record.get("username", ""), "reason": reason}
        )

    for record in records:
        if "_error" in record:
            reject(record, record["_error"])
            continue
        username = record.get("username", "")
        email = record.get("email", "")
        role = _ROLE_ALIASES.get(record.get("role", "").lower())
        if not username:
            reject(record, _("The username is missing."))
            continue
        try:
            validate_username(username)
        except ValidationError:
            reject(record, _("The username may contain only letters, digits and @/./+/-/_."))
            continue
        if username in seen:
            reject(record, _("The username appears twice in the file."))
            continue
        if role is None:
            reject(
                record,
                _("Unknown role %(role)s (use teacher, tutor or learner).")
                % {"role": record.get("role")},
            )
            continue
        if username not in existing:
            if not email:
                reject(record, _("A new user needs an e-mail address."))
                continue
            try:
                validate_email(email)
            except ValidationError:
                reject(record, _("The e-mail address %(email)s is not valid.") % {"email": email})
                continue
            if email.lower() in first_line_of_email:
                reject(
                    record,
                    _("The e-mail address %(email)s is already on line %(line)d.")
                    % {"email": email, "line": first_line_of_email[email.lower()]},
                )
                continue
            if email.lower() in taken_emails:
                reject(
                    record,
                    _("The e-mail address %(email)s belongs to another user.") % {"email": email},
                )
                continue
            first_line_of_email[email.lower()] = record["_line"]
        seen.add(username)
        plan.rows.append(
            BulkRow(
                line=record["_line"],
                username=username,
                email=email,
                first_name=record.get("first_name", "")[:150],
                last_name=record.get("last_name", "")[:150],
                role=role,
                official_code=record.get("official_code", "")[:40],
            )
        )
    return plan


@transaction.atomic
def bulk_enroll_apply(*, course: Course, plan: BulkPlan) -> dict:
    """Create the missing users and enrol everyone, all or nothing."""
    usernames = [row.username for row in plan.rows]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    members = set(
        Enrollment.objects.filter(course=course, user__username__in=usernames).values_list(
            "user__username", flat=True
        )
    )
    created_users = enrolled = already = 0
    new_enrollments = []
    for row in plan.rows:
        user = users.get(row.username)
        if user is None:
            user = User(
                username=row.username,
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                official_code=row.official_code,
            )
            # A random password: the new user sets their own through "forgot password".
            user.set_password(secrets.token_urlsafe(24))
            user.save()
            created_users += 1
        if row.username in members:
            already += 1
            continue
        new_enrollments.append(Enrollment(user=user, course=course, role=row.role))
        enrolled += 1
    Enrollment.objects.bulk_create(new_enrollments)
    if new_enrollments:
        course_touch(course.pk)  # bulk_create sends no signal (courses/caching.py)
    return {"created_users": created_users, "enrolled": enrolled, "already_members": already}


def bulk_enroll_summary(*, enrolled: int, created: int, already: int, rejected: int) -> str:
    """One sentence per count, each in its plural form: enrolled + already + rejected = lines."""
    parts = [
        ngettext("%(n)d person enrolled", "%(n)d people enrolled", enrolled) % {"n": enrolled},
        ngettext("%(n)d account created", "%(n)d accounts created", created) % {"n": created},
        ngettext("%(n)d already a member", "%(n)d already members", already) % {"n": already},
        ngettext("%(n)d row rejected", "%(n)d rows rejected", rejected) % {"n": rejected},
    ]
    return "; ".join(parts) + "."


# --- Sessions ---------------------------------------------------------------------------------
# A session's learners follow each of its courses through an Enrollment carrying the session;
# the unique (user, course) enrolment is what keeps two sessions of a course from sharing a
# learner's results (docs/sessions.md).


class SessionError(Exception):
    """A session change refused, with the reason to show (already translated)."""


@transaction.atomic
def session_save(*, session: CourseSession | None = None, **fields) -> CourseSession:
    """Create a session (``session=None``) or change one; fields: name, description,
    starts_on, ends_on, general_coach. Raises ValidationError (dates in the wrong order, a
    name already taken)."""
    session = session or CourseSession()
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean()
    session.save()
    return session


def _conflicts(*, session: CourseSession, course_ids, user_ids) -> dict[int, str]:
    """{user id: why they cannot follow one of ``course_ids`` in ``session``}."""
    reasons: dict[int, str] = {}
    for enrollment in (
        Enrollment.objects.filter(course_id__in=list(course_ids), user_id__in=list(user_ids))
        .exclude(session=session)
        .select_related("user", "course", "session")
        .order_by("pk")
    ):
        names = {
            "user": enrollment.user.username,
            "course": enrollment.course.code,
            "session": enrollment.session.name if enrollment.session else "",
            "role": enrollment.get_role_display().lower(),
        }
        if enrollment.session_id:
            reason = _("%(user)s already follows %(course)s in the session %(session)s.")
        elif enrollment.role == Enrollment.Role.LEARNER:
            reason = _("%(user)s already follows %(course)s outside any session.")
        else:
            reason = _("%(user)s is a %(role)s of %(course)s.")
        reasons.setdefault(enrollment.user_id, reason % names)
    return reasons


def _enrol_in_session(session: CourseSession, course_ids, user_ids) -> None:
    Enrollment.objects.bulk_create(
        [
            Enrollment(user_id=user_id, course_id=course_id, session=session)
            for course_id in course_ids
            for user_id in user_ids
        ]
    )
    courses_touch(course_ids)  # bulk_create sends no signal (courses/caching.py)


@transaction.atomic
def session_add_learners(*, session: CourseSession, users) -> tuple[int, list[str]]:
    """Make ``users`` learners of the session and of each of its courses.

    Returns (how many were added, the reasons the others were not): someone who already
    follows one of its courses (directly or in another session) or teaches it is left out;
    someone already in the session is counted neither way. A few queries whatever the number.
    """
    CourseSession.objects.select_for_update().filter(pk=session.pk).first()
    course_ids = list(session.session_courses.values_list("course_id", flat=True))
    already = set(session.memberships.values_list("user_id", flat=True))
    users = {user.pk: user for user in users if user.pk not in already}
    refused = _conflicts(session=session, course_ids=course_ids, user_ids=users)
    added = [user_id for user_id in users if user_id not in refused]
    SessionLearner.objects.bulk_create(
        [SessionLearner(session=session, user_id=user_id) for user_id in added]
    )
    _enrol_in_session(session, course_ids, added)
    return len(added), list(refused.values())


@transaction.atomic
def session_remove_learner(*, session: CourseSession, user) -> None:
    """The learner leaves the session and its courses; what they did stays recorded (their
    tools' rows are theirs), and comes back if they are added again."""
    for enrollment in Enrollment.objects.filter(session=session, user=user):
        enrollment.delete()  # one by one: the signal moves each course's cache version
    session.memberships.filter(user=user).delete()


def _check_coach(course: Course, coach) -> None:
    if (
        coach is not None
        and Enrollment.objects.filter(
            course=course, user=coach, role=Enrollment.Role.LEARNER
        ).exists()
    ):
        raise SessionError(
            _("%(user)s follows %(course)s as a learner and cannot coach it.")
            % {"user": coach.username, "course": course.code}
        )


@transaction.atomic
def session_add_course(*, session: CourseSession, course: Course, coach=None) -> SessionCourse:
    """Add a course to the session, enrolling its learners; all or nothing: when one of them
    already follows the course elsewhere, SessionError lists who and nothing changes."""
    CourseSession.objects.select_for_update().filter(pk=session.pk).first()
    if session.session_courses.filter(course=course).exists():
        raise SessionError(_("%(course)s is already in this session.") % {"course": course.code})
    _check_coach(course, coach)
    learner_ids = list(session.memberships.values_list("user_id", flat=True))
    refused = _conflicts(session=session, course_ids=[course.pk], user_ids=learner_ids)
    if refused:
        raise SessionError(" ".join(refused.values()))
    link = SessionCourse.objects.create(
        session=session, course=course, coach=coach, position=session.session_courses.count()
    )
    _enrol_in_session(session, [course.pk], learner_ids)
    return link


@transaction.atomic
def session_remove_course(*, link: SessionCourse) -> None:
    """The course leaves the session; the session's learners leave the course."""
    Enrollment.objects.filter(session_id=link.session_id, course_id=link.course_id).delete()
    course_touch(link.course_id)
    link.delete()


@transaction.atomic
def session_set_coach(*, link: SessionCourse, coach) -> SessionCourse:
    """Set (or, with None, clear) the coach of one course of the session."""
    _check_coach(link.course, coach)
    link.coach = coach
    link.save(update_fields=["coach"])
    return link
