"""What course pages cache, and when it stops being true.

Every cached piece of a course page is keyed by the course's version, ``Course.updated_at``: it
comes with the course row the permission check loads anyway, so reading it costs nothing, and it
is right with any cache backend (Redis shared by every process, or each process's own memory;
with Redis, the "versioned" cache is both: core.cache.LocalFirstCache).
``course_touch`` moves it forward; it is called (signals in ``courses/signals.py``, and by hand
after bulk writes that send none) whenever something a cached piece shows changes: the course's
own settings (``save()`` already does it), its tool switches, its enrolments, its category.

Keys also carry the viewer's role and language (fragments) and a signature of the tool
registry, so a deployment that adds or renames a tool does not serve yesterday's grid.
"""

import hashlib

from django.core.cache import caches
from django.utils import timezone

from courses.models import Course

# Long enough to matter, short enough that a translation fixed without a restart shows up.
FRAGMENT_SECONDS = 3600


def course_touch(course_id: int) -> None:
    """Invalidate every cached piece of the course (its version moves on). One UPDATE."""
    Course.objects.filter(pk=course_id).update(updated_at=timezone.now())


def touch_instance_course(sender, instance, **kwargs) -> None:
    """A post_save / post_delete receiver for a model with a ``course_id`` whose rows a cached
    piece shows: the course's version moves on (not for loaddata's raw saves)."""
    if not kwargs.get("raw"):
        course_touch(instance.course_id)


def courses_touch(course_ids) -> None:
    Course.objects.filter(pk__in=list(course_ids)).update(updated_at=timezone.now())


def course_version(course: Course) -> str:
    """The course's cache version, e.g. "1764500000123456" (microseconds of updated_at)."""
    stamp = course.updated_at
    return str(int(stamp.timestamp() * 1_000_000)) if stamp else "0"


_MISSING = object()


def course_cached(course: Course, name: str, compute):
    """``compute()`` (any picklable value, None and False included) kept per course version
    under ``name``: for a small fact a course page reads on every view and whose writes move the
    version on (a signal of the app that owns it calling ``course_touch``)."""
    key = f"course:{course.pk}:{course_version(course)}:{name}"
    cache = caches["versioned"]
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value


_SIGNATURE: list[str] = []


def tools_signature() -> str:
    """A short digest of the registered tools (keys, addresses, icons, order): fixed per
    deployment, different when the code adds, moves or renames a tool."""
    if not _SIGNATURE:
        from courses.tools import all_tools

        text = "|".join(
            f"{t.key}:{t.url_name}:{t.icon}:{t.position}:{t.teachers_only}:{t.name}"
            for t in all_tools()
        )
        _SIGNATURE.append(hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:10])
    return _SIGNATURE[0]


def cached_tool_states(course: Course, compute):
    """``compute(course)`` (the course's tool switches), kept per course version: what is
    cached is (key, enabled, visible) triples; the tools come from this process's registry."""
    from courses.tools import CourseToolState, get_tool

    switches = course_cached(
        course,
        f"{tools_signature()}:tools",
        lambda: [(s.key, s.enabled, s.visible) for s in compute(course)],
    )
    return [
        CourseToolState(tool=get_tool(k), enabled=enabled, visible=visible)
        for k, enabled, visible in switches
    ]
