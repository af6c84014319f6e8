"""Writes of the gradebook: structure, typed marks, CSV import, settings, certificates."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.csv_reader import CsvFileError, read_csv
from core.html import sanitize_html
from core.numbers import number_shown, percent_shown
from courses.models import Course, Enrollment
from gradebook.changes import grades_changed
from gradebook.grid import Grid, gradebook_grid
from gradebook.models import (
    DEFAULT_CERTIFICATE,
    OFFLINE,
    Category,
    Certificate,
    Evaluation,
    GradebookSettings,
    Mark,
    ScaleLevel,
)
from gradebook.sources import get_grade_source


class GradebookError(ValueError):
    """A change the gradebook refuses; the message is for the teacher."""


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


# --- Settings and scale ----------------------------------------------------------------------


@transaction.atomic
def settings_save(
    *,
    course: Course,
    pass_mark: Decimal,
    use_scale: bool,
    certificates_enabled: bool,
    certificate_template: str,
) -> GradebookSettings:
    if not Decimal(0) <= pass_mark <= Decimal(100):
        raise GradebookError(_("The pass mark is a percentage between 0 and 100."))
    found, _created = GradebookSettings.objects.get_or_create(course=course)
    found.pass_mark, found.use_scale = pass_mark, use_scale
    found.certificates_enabled = certificates_enabled
    found.certificate_template = sanitize_html(certificate_template)
    found.save()
    grades_changed(course_id=course.pk)  # a lower pass mark, certificates switched on
    return found


def parse_scale(text: str) -> list[tuple[Decimal, str]]:
    """Lines "<minimum percent> <label>" ("90 A", "50 Pass") -> [(90, "A"), ...], highest
    first; raises GradebookError naming the line that cannot be read."""
    levels = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        head, _sep, label = line.partition(" ")
        try:
            minimum = Decimal(head.replace(",", ".").rstrip("%"))
        except InvalidOperation:
            minimum = None
        if minimum is None or not label.strip() or not Decimal(0) <= minimum <= Decimal(100):
            raise GradebookError(
                _("Line %(line)d: write a percentage between 0 and 100, then the label.")
                % {"line": number}
            )
        levels[minimum] = label.strip()[:60]
    return sorted(levels.items(), reverse=True)


@transaction.atomic
def scale_set(*, course: Course, levels: list[tuple[Decimal, str]]) -> None:
    ScaleLevel.objects.filter(course=course).delete()
    ScaleLevel.objects.bulk_create(
        [ScaleLevel(course=course, min_percent=m, label=label) for m, label in levels]
    )


# --- Categories and evaluations ---------------------------------------------------------------


def _check_parent(course: Course, parent: Category | None, category: Category | None = None):
    if parent is None:
        return
    if parent.course_id != course.pk:
        raise GradebookError(_("The parent category belongs to another course."))
    node = parent
    while node is not None:
        if category is not None and node.pk == category.pk:
            raise GradebookError(_("A category cannot be placed inside itself."))
        node = node.parent


HUNDRED = Decimal(100)


def level_weights(
    course: Course, *, exclude_category: int | None = None, exclude_evaluation: int | None = None
) -> dict:
    """{parent category id, or None for the top level: sum of the weights (%) of the categories
    and evaluations at that level}, leaving out one category or evaluation (the one being
    edited); two queries. Levels with nothing in them are absent (sum 0)."""
    from django.db.models import Sum

    sums: dict = {}
    categories = Category.objects.filter(course=course).exclude(pk=exclude_category).order_by()
    for parent_id, total in categories.values_list("parent_id").annotate(total=Sum("weight")):
        sums[parent_id] = sums.get(parent_id, Decimal(0)) + total
    evaluations = Evaluation.objects.filter(course=course).exclude(pk=exclude_evaluation)
    for category_id, total in (
        evaluations.order_by().values_list("category_id").annotate(total=Sum("weight"))
    ):
        sums[category_id] = sums.get(category_id, Decimal(0)) + total
    return sums


def remaining_weight(
    course: Course,
    level: Category | None,
    *,
    exclude_category: int | None = None,
    exclude_evaluation: int | None = None,
) -> Decimal:
    """What a new category or evaluation at ``level`` (a category, None: the top level) should
    weigh by default: 100 % minus the weights already there, never below 0. Two queries."""
    sums = level_weights(
        course, exclude_category=exclude_category, exclude_evaluation=exclude_evaluation
    )
    return max(Decimal(0), HUNDRED - sums.get(level.pk if level else None, Decimal(0)))


def level_warning(course: Course, level: Category | None) -> str:
    """A sentence for the teacher when the weights at ``level`` do not add up to 100 %, else
    ""; two queries."""
    total = level_weights(course).get(level.pk if level else None, Decimal(0))
    if total == HUNDRED:
        return ""
    values = {"total": number_shown(total), "name": level.name if level else ""}
    if level is None:
        return _("The weights of the top level add up to %(total)s %%, not 100 %%.") % values
    return _("The weights inside “%(name)s” add up to %(total)s %%, not 100 %%.") % values


@transaction.atomic
def category_create(
    *, course: Course, name: str, weight: Decimal | None = None, parent: Category | None = None
) -> Category:
    """A category in ``parent`` (None: the top level); without a weight it takes what remains
    at that level (``remaining_weight``). Raises GradebookError."""
    _check_parent(course, parent)
    if weight is None:
        weight = remaining_weight(course, parent)
    position = _next_position(Category.objects.filter(course=course, parent=parent))
    grades_changed(course_id=course.pk)
    return Category.objects.create(
        course=course, parent=parent, name=name, weight=weight, position=position
    )


@transaction.atomic
def category_update(
    *, category: Category, name: str, weight: Decimal, parent: Category | None = None
) -> Category:
    _check_parent(category.course, parent, category)
    category.name, category.weight, category.parent = name, weight, parent
    category.save()
    grades_changed(course_id=category.course_id)
    return category


@transaction.atomic
def category_delete(*, category: Category) -> None:
    grades_changed(course_id=category.course_id)
    category.delete()


def link_choices(course: Course) -> list[tuple[str, list[tuple[str, str]]]]:
    """What an evaluation may be linked to, grouped by source: [(label, [("key:id", title)])]."""
    from gradebook.sources import grade_sources

    groups = [(str(_("Offline")), [(OFFLINE, str(_("Offline: marks typed or imported")))])]
    for source in grade_sources():
        items = [(f"{source.key}:{pk}", title) for pk, title in source.items(course)]
        if items:
            groups.append((str(source.label), items))
    return groups


def parse_link(course: Course, value: str) -> tuple[str, int | None]:
    if value == OFFLINE:
        return OFFLINE, None
    key, _sep, raw = value.partition(":")
    source = get_grade_source(key)
    if source is None or not raw.isdigit():
        raise GradebookError(_("Choose what this evaluation is linked to."))
    if int(raw) not in {pk for pk, _title in source.items(course)}:
        raise GradebookError(_("That item is not in this course."))
    return key, int(raw)


@transaction.atomic
def evaluation_create(
    *,
    course: Course,
    name: str,
    category: Category | None,
    weight: Decimal | None = None,
    link: str = OFFLINE,
    max_score: Decimal = Decimal(20),
    min_score: Decimal | None = None,
    visible: bool = True,
) -> Evaluation:
    """An evaluation in ``category`` (None: the top level); ``link`` is "offline" or
    "<source key>:<item id>" from ``link_choices``; without a weight it takes what remains at
    that level (``remaining_weight``). Raises GradebookError."""
    _check_parent(course, category)
    if weight is None:
        weight = remaining_weight(course, category)
    source, item_id = parse_link(course, link)
    position = _next_position(Evaluation.objects.filter(course=course, category=category))
    grades_changed(course_id=course.pk)
    return Evaluation.objects.create(
        course=course,
        category=category,
        name=name,
        weight=weight,
        source=source,
        item_id=item_id,
        max_score=max_score,
        min_score=min_score,
        visible=visible,
        position=position,
    )


@transaction.atomic
def evaluation_update(
    *,
    evaluation: Evaluation,
    name: str,
    category: Category | None,
    weight: Decimal,
    link: str = OFFLINE,
    max_score: Decimal = Decimal(20),
    min_score: Decimal | None = None,
    visible: bool = True,
) -> Evaluation:
    _check_parent(evaluation.course, category)
    source, item_id = parse_link(evaluation.course, link)
    if evaluation.source == OFFLINE and source != OFFLINE:
        evaluation.marks.all().delete()
    evaluation.name, evaluation.category, evaluation.weight = name, category, weight
    evaluation.source, evaluation.item_id = source, item_id
    evaluation.max_score, evaluation.min_score, evaluation.visible = max_score, min_score, visible
    evaluation.save()
    grades_changed(course_id=evaluation.course_id)
    return evaluation


@transaction.atomic
def evaluation_delete(*, evaluation: Evaluation) -> None:
    grades_changed(course_id=evaluation.course_id)
    evaluation.delete()


# --- Typed marks and CSV import ---------------------------------------------------------------


def _learners(course: Course) -> dict:
    return {
        e.user.username.lower(): e.user
        for e in Enrollment.objects.filter(
            course=course, role=Enrollment.Role.LEARNER
        ).select_related("user")
    }


@transaction.atomic
def marks_save(*, evaluation: Evaluation, marks: dict) -> int:
    """{user id: Decimal or None}: set (None: remove) the typed marks of an offline evaluation,
    in three queries whatever their number. Raises GradebookError for a mark out of 0..max."""
    if evaluation.source != OFFLINE:
        raise GradebookError(_("The marks of a linked evaluation come from its tool."))
    for score in marks.values():
        if score is not None and not Decimal(0) <= score <= evaluation.max_score:
            raise GradebookError(
                _("A mark must be between 0 and %(max)s.")
                % {"max": number_shown(evaluation.max_score)}
            )
    Mark.objects.filter(
        evaluation=evaluation, user_id__in=[u for u, s in marks.items() if s is None]
    ).delete()
    given = {u: s for u, s in marks.items() if s is not None}
    Mark.objects.filter(evaluation=evaluation, user_id__in=list(given)).delete()
    Mark.objects.bulk_create(
        [Mark(evaluation=evaluation, user_id=u, score=s) for u, s in given.items()]
    )
    # Certificates for those who now pass, in one task once this commits.
    grades_changed(
        course_id=evaluation.course_id, user_ids=list(marks), source=OFFLINE, item_id=evaluation.pk
    )
    return len(given)


@dataclass(frozen=True)
class ImportRow:
    line: int
    username: str
    reason: str  # empty: imported


@transaction.atomic
def marks_import_csv(*, evaluation: Evaluation, data: bytes, learners=None) -> list[ImportRow]:
    """Import "username,score" lines (a header line is skipped) into an offline evaluation.
    Every line gets a row in the report: imported (reason "") or why not. Lines that are
    refused change nothing; the good ones are saved. ``learners``: the users whose marks may
    be set (a coach's session's learners); default every learner of the course."""
    if learners is None:
        learners = _learners(evaluation.course)
    else:
        learners = {user.username.lower(): user for user in learners}
    report, marks = [], {}
    # The platform's one CSV reader: separator, encodings and broken lines (core/csv_reader).
    try:
        table = read_csv(data, multiline=False)
    except CsvFileError as error:
        return [ImportRow(0, "", str(error))]
    report.extend(ImportRow(error.line, "", error.reason) for error in table.errors)
    for csv_row in table.rows:
        number, row = csv_row.line, csv_row.cells
        username = row[0].strip()
        raw = row[1].strip().replace(",", ".") if len(row) > 1 else ""
        if number == 1 and username.lower() in {"username", "user", "login", "identifiant"}:
            continue
        user = learners.get(username.lower())
        reason = ""
        try:
            score = Decimal(raw) if raw else None
        except InvalidOperation:
            score, reason = None, _("“%(value)s” is not a number.") % {"value": raw}
        if not reason and user is None:
            reason = _("No learner of this course has this username.")
        elif not reason and score is None:
            reason = _("No mark on this line.")
        elif not reason and not Decimal(0) <= score <= evaluation.max_score:
            reason = _("A mark must be between 0 and %(max)s.") % {
                "max": number_shown(evaluation.max_score)
            }
        if not reason:
            marks[user.pk] = score
        report.append(ImportRow(number, username, reason))
    if marks:
        marks_save(evaluation=evaluation, marks=marks)
    return report


# --- Certificates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueResult:
    issued: list[Certificate]  # new this time
    total: int  # certificates of the course now
    passing: int  # learners who pass


@transaction.atomic
def certificates_issue(*, course: Course, grid: Grid | None = None) -> IssueResult:
    """Issue a certificate to every learner of the grid who passes and has none yet; a fixed
    number of queries (the grid's, one read of the existing certificates, one bulk insert).
    Nothing is issued when the course's certificates are off."""
    grid = grid or gradebook_grid(course)
    passing = [u for u in grid.learners if grid.passed.get(u.pk)]
    if not grid.settings.certificates_enabled or grid.settings.pk is None:
        return IssueResult(issued=[], total=0, passing=len(passing))
    existing = set(Certificate.objects.filter(course=course).values_list("user_id", flat=True))
    now = timezone.now()
    # ignore_conflicts: a learner's two changes checked by two workers at once issue once (the
    # one-per-learner constraint); the code of the first is kept.
    new = [
        Certificate(course=course, user=user, score=grid.totals[user.pk], issued_at=now)
        for user in passing
        if user.pk not in existing
    ]
    Certificate.objects.bulk_create(new, ignore_conflicts=True)
    return IssueResult(issued=new, total=len(existing) + len(new), passing=len(passing))


def certificates_issue_for(*, course_id: int, user_ids: list[int] | None) -> IssueResult | None:
    """Issue the certificates due to ``user_ids`` (None: every learner) of course ``course_id``
    after their results changed (gradebook.changes). Reads the settings first and stops there
    when the course issues no certificates (one query); otherwise the grid of those learners
    only, their certificates and one bulk insert: a fixed number of queries whatever their
    number. Ids that are not learners of the course are ignored. Returns None when nothing was
    checked."""
    found = GradebookSettings.objects.filter(course_id=course_id, certificates_enabled=True)
    settings = found.select_related("course").first()
    if settings is None:
        return None
    course = settings.course
    users = None
    if user_ids is not None:
        users = [
            e.user
            for e in Enrollment.objects.filter(
                course=course, role=Enrollment.Role.LEARNER, user_id__in=list(user_ids)
            ).select_related("user")
        ]
        if not users:
            return None
    return certificates_issue(course=course, grid=gradebook_grid(course, users=users))


def certificate_html(certificate: Certificate, settings: GradebookSettings) -> str:
    """The certificate's HTML page with its placeholders filled (values escaped)."""
    from django.conf import settings as django_settings
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import formats
    from django.utils.html import escape

    url = django_settings.PLATFORM_URL + reverse(
        "certificate_verify", kwargs={"code": certificate.code}
    )
    values = {
        "learner_name": certificate.user.display_name,
        "course": certificate.course.title,
        "score": percent_shown(certificate.score),
        "date": formats.date_format(timezone.localtime(certificate.issued_at), "DATE_FORMAT"),
        "code": certificate.code,
        "verification_url": url,
    }
    body = sanitize_html(settings.certificate_template or DEFAULT_CERTIFICATE)
    for key, value in values.items():
        body = body.replace("{" + key + "}", escape(value))
    return render_to_string(
        "gradebook/certificate_pdf.html",
        {"body": body, "language": certificate.course.language or django_settings.LANGUAGE_CODE},
    )


@transaction.atomic
def certificate_generate(*, certificate: Certificate, settings: GradebookSettings) -> bytes:
    """Render the certificate's PDF (WeasyPrint) with the course's current template and store
    it; the code, score and date never change. Returns the PDF's bytes."""
    from django.core.files.base import ContentFile
    from weasyprint import HTML

    pdf = HTML(string=certificate_html(certificate, settings)).write_pdf()
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
    certificate.generated_at = timezone.now()
    certificate.save(update_fields=["pdf", "generated_at"])
    return pdf


def certificate_pdf(*, certificate: Certificate, settings: GradebookSettings) -> bytes:
    if certificate.pdf:
        try:
            with certificate.pdf.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass
    return certificate_generate(certificate=certificate, settings=settings)
