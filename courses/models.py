from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

course_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]{1,39}$",
    _(
        "Use 2 to 40 capital letters, digits, hyphens or underscores, starting with a letter or "
        "digit."
    ),
)


class Category(models.Model):
    """A node of the course catalogue's tree."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # {"fr": "Mathématiques"}: the name in the platform's other languages; ``name`` is the
    # name in the default language (settings.LANGUAGE_CODE) and in any language left out.
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        """The name in the active language (the viewer's), else the default name."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return (self.names or {}).get(language, "").strip() or self.name


class Course(models.Model):
    class Visibility(models.TextChoices):
        OPEN_WORLD = "open_world", _("Open to the world")
        OPEN_PLATFORM = "open_platform", _("Open to registered users")
        MEMBERS = "members", _("Members only")
        CLOSED = "closed", _("Closed")

    code = models.CharField(
        _("code"), max_length=40, unique=True, validators=[course_code_validator]
    )
    title = models.CharField(_("title"), max_length=250)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    description = models.TextField(_("short description"), blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.OPEN_PLATFORM,
        db_index=True,
    )
    self_enrollment = models.BooleanField(
        _("self-enrolment open"),
        default=True,
        help_text=_(
            "Registered users may enrol themselves from the catalogue; only open courses take "
            "self-enrolment."
        ),
    )
    self_unenrollment = models.BooleanField(
        _("self-unenrolment allowed"),
        default=False,
        help_text=_("Learners may leave the course on their own."),
    )
    use_course_language = models.BooleanField(
        _("pages in the course's language"),
        default=False,
        help_text=_(
            "Inside the course, menus and buttons are shown in the course's language whatever "
            "language each person chose."
        ),
    )
    enrollment_key = models.CharField(
        _("enrolment key"),
        max_length=100,
        blank=True,
        help_text=_("When set, learners must type it to enrol themselves."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]
        indexes = [models.Index(fields=["title"], name="course_title_idx")]

    def __str__(self):
        return f"{self.title} ({self.code})"

    @property
    def in_catalogue(self) -> bool:
        return self.visibility != self.Visibility.CLOSED

    @property
    def takes_self_enrollment(self) -> bool:
        """Only open courses take self-enrolment: a members-only or closed course is joined
        through its teachers, whatever its self-enrolment switch says."""
        return self.self_enrollment and self.visibility in {
            self.Visibility.OPEN_WORLD,
            self.Visibility.OPEN_PLATFORM,
        }

    @property
    def cache_version(self) -> str:
        """What cached pieces of this course's pages are keyed by (courses/caching.py)."""
        from courses.caching import course_version, tools_signature

        return f"{course_version(self)}-{tools_signature()}"


class Enrollment(models.Model):
    class Role(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        TUTOR = "tutor", _("Tutor")
        LEARNER = "learner", _("Learner")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrollments"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=Role.choices, default=Role.LEARNER, db_index=True
    )
    created_at = models.DateTimeField(_("enrolled on"), auto_now_add=True)
    # The session through which a learner follows the course (None: enrolled in the course
    # itself). One enrolment per person and course, so a learner's results in a course belong
    # to one session at most: two sessions of a course never share a learner's data.
    session = models.ForeignKey(
        "CourseSession",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="enrollments",
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrollment_unique_member")
        ]

    def __str__(self):
        return f"{self.user} – {self.course.code} ({self.get_role_display()})"

    @property
    def closed_to_member(self) -> bool:
        """The teacher closed the course, which shuts this member out (learners)."""
        return self.course.visibility == Course.Visibility.CLOSED and self.role == self.Role.LEARNER


class CourseTool(models.Model):
    """A course's switch for one registered tool; a tool without a row uses its defaults."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="tools"
    )
    tool_key = models.CharField(_("tool"), max_length=40)
    enabled = models.BooleanField(_("enabled"), default=True)
    visible = models.BooleanField(
        _("visible to learners"),
        default=True,
        help_text=_("Hidden tools stay available to teachers and tutors."),
    )

    class Meta:
        verbose_name = _("course tool")
        verbose_name_plural = _("course tools")
        constraints = [
            models.UniqueConstraint(fields=["course", "tool_key"], name="coursetool_unique_key")
        ]

    def __str__(self):
        return f"{self.course.code}: {self.tool_key}"


class DescriptionSection(models.Model):
    """Chamilo's course description: fixed sections, plus any number of custom ones."""

    class Kind(models.TextChoices):
        DESCRIPTION = "description", _("Description")
        OBJECTIVES = "objectives", _("Objectives")
        TOPICS = "topics", _("Topics")
        METHODOLOGY = "methodology", _("Methodology")
        MATERIAL = "material", _("Course material")
        HUMAN_RESOURCES = "human_resources", _("Human and technical resources")
        ASSESSMENT = "assessment", _("Assessment")
        CUSTOM = "custom", _("Other section")

    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="description_sections",
    )
    kind = models.CharField(_("section"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("course description section")
        verbose_name_plural = _("course description sections")
        ordering = ["course", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "kind"],
                condition=~models.Q(kind="custom"),
                name="description_one_section_per_kind",
            )
        ]

    def __str__(self):
        return f"{self.course.code}: {self.title}"


class CourseSession(models.Model):
    """Chamilo's session: a dated edition of one or more courses with its own learners.

    Its learners follow each of its courses through an ``Enrollment`` carrying the session, so
    every tool sees them as the course's learners and reports can be narrowed to one session
    (``courses.sessions``). Coaches get the tutor's rights in the session's courses.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    general_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("general coach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coached_sessions",
    )
    courses = models.ManyToManyField(
        Course, through="SessionCourse", related_name="sessions", verbose_name=_("courses")
    )
    learners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="SessionLearner",
        related_name="learning_sessions",
        verbose_name=_("learners"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="session_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name

    def is_open_on(self, day) -> bool:
        """Learners may enter the session's courses from its first to its last day."""
        return self.starts_on <= day <= self.ends_on


class SessionCourse(models.Model):
    """A course of a session, with the coach who follows the session's learners in it."""

    session = models.ForeignKey(
        CourseSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="session_courses",
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="session_links"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("course coach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coached_session_courses",
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("course of a session")
        verbose_name_plural = _("courses of sessions")
        ordering = ["session", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "course"], name="session_course_unique")
        ]

    def __str__(self):
        return f"{self.session}: {self.course.code}"


class SessionLearner(models.Model):
    """A learner of a session (they follow every course of it)."""

    session = models.ForeignKey(
        CourseSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="session_memberships",
    )
    created_at = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        verbose_name = _("learner of a session")
        verbose_name_plural = _("learners of sessions")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="session_learner_unique")
        ]

    def __str__(self):
        return f"{self.session}: {self.user}"
