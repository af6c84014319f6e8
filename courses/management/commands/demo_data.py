"""Load demonstration accounts and courses. Safe to run again: it only adds what is missing.

Each tool may fill a new demo course through a `demo.py` module with `load(course=, teacher=)`;
they are found by name, so courses never imports a tool.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from courses.models import Category, Course, DescriptionSection, Enrollment

DEMO_PASSWORD = "demo-pass-2026"
DEMO_USERS = [
    # username, first name, last name, platform role, staff
    ("admin", "Ada", "Admin", "learner", True),
    ("teacher", "Théo", "Teacher", "teacher", False),
    ("tutor", "Tina", "Tutor", "learner", False),
    ("learner", "Léa", "Learner", "learner", False),
    ("learner2", "Luis", "Learner", "learner", False),
]
DEMO_COURSES = [
    ("MATH101", "Algebra for beginners", "sciences", "open_platform", "en"),
    ("PHYS201", "Mechanics", "sciences", "members", "en"),
    ("FRA100", "Français langue étrangère", "languages", "open_world", "fr"),
    ("HIST300", "History seminar (closed)", "humanities", "closed", "en"),
]


class Command(BaseCommand):
    help = "Create demo accounts and courses (idempotent) and print how to sign in."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        users = {}
        for username, first, last, role, staff in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@example.org",
                    "first_name": first,
                    "last_name": last,
                    "platform_role": role,
                    "is_staff": staff,
                    "is_superuser": staff,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users[username] = user

        sciences, _ = Category.objects.get_or_create(code="sciences", defaults={"name": "Sciences"})
        categories = {
            "sciences": sciences,
            "languages": Category.objects.get_or_create(
                code="languages", defaults={"name": "Languages"}
            )[0],
            "humanities": Category.objects.get_or_create(
                code="humanities", defaults={"name": "Humanities"}
            )[0],
        }
        Category.objects.get_or_create(
            code="mathematics", defaults={"name": "Mathematics", "parent": sciences}
        )
        for code, title, category, visibility, language in DEMO_COURSES:
            course, created = Course.objects.get_or_create(
                code=code,
                defaults={
                    "title": title,
                    "category": categories[category],
                    "visibility": visibility,
                    "language": language,
                    "self_unenrollment": True,
                    "description": f"A demonstration course: {title}.",
                },
            )
            if not created:
                continue
            Enrollment.objects.create(user=users["teacher"], course=course, role="teacher")
            Enrollment.objects.create(user=users["tutor"], course=course, role="tutor")
            Enrollment.objects.create(user=users["learner"], course=course, role="learner")
            DescriptionSection.objects.create(
                course=course,
                kind="description",
                title="Description",
                position=0,
                content=f"<p>Welcome to <strong>{title}</strong>.</p>",
            )
            DescriptionSection.objects.create(
                course=course,
                kind="objectives",
                title="Objectives",
                position=1,
                content="<ul><li>Understand the basics</li><li>Practise every week</li></ul>",
            )
            for config in apps.get_app_configs():
                if find_spec(f"{config.name}.demo") is not None:
                    demo = import_module(f"{config.name}.demo")
                    demo.load(course=course, teacher=users["teacher"])

        # PLATFORM_URL is the address served: `make run` sets it from HOST and PORT.
        address = f"{settings.PLATFORM_URL}/"
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Sign in at {address}"))
        self.stdout.write(f"  password for every demo account: {DEMO_PASSWORD}")
        roles = {
            "admin": "platform administrator",
            "teacher": "teacher of the demo courses",
            "tutor": "tutor in the demo courses",
            "learner": "learner in the demo courses",
            "learner2": "learner, enrolled nowhere yet",
        }
        for username, label in roles.items():
            self.stdout.write(f"  {username:<10} {label}")
