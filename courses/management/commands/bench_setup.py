"""Data for `make bench`: a learner in a course with every tool, and a signed-in session."""

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand
from django.db import transaction

from courses.models import Course, DescriptionSection, Enrollment


class Command(BaseCommand):
    help = "Create (idempotently) the benchmark's course and learner; print a session cookie."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        learner, created = User.objects.get_or_create(
            username="bench-learner", defaults={"email": "bench@example.org"}
        )
        if created:
            learner.set_unusable_password()
            learner.save()
        course, _ = Course.objects.get_or_create(
            code="BENCH", defaults={"title": "Benchmark course", "visibility": "members"}
        )
        Enrollment.objects.get_or_create(user=learner, course=course, defaults={"role": "learner"})
        for i in range(40):  # a course with a crowd, so the page's cost is not that of an empty one
            user, _ = User.objects.get_or_create(username=f"bench-{i}")
            Enrollment.objects.get_or_create(user=user, course=course)
        DescriptionSection.objects.get_or_create(
            course=course,
            kind="description",
            defaults={"title": "Description", "content": "<p>Bench</p>"},
        )
        session = SessionStore()
        session[SESSION_KEY] = str(learner.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = learner.get_session_auth_hash()
        session.create()
        self.stdout.write(f"{session.session_key} {course.code}")
