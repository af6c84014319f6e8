from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.archives import UnsafeArchive
from courses.models import Course
from scorm.importer import package_import
from scorm.manifest import PackageError


class Command(BaseCommand):
    help = "Import a SCORM 1.2, SCORM 2004 or AICC package (zip) as a new learning path."

    def add_arguments(self, parser):
        parser.add_argument("course_code")
        parser.add_argument("package", type=Path)
        parser.add_argument("--title", default="")
        parser.add_argument(
            "--organization", default="", help="Identifier of a non-default organization."
        )

    def handle(self, *args, course_code, package, title, organization, **options):
        course = Course.objects.filter(code=course_code).first()
        if course is None:
            raise CommandError(f"No course has the code {course_code!r}.")
        if not package.is_file():
            raise CommandError(f"{package} is not a file.")
        try:
            path = package_import(
                course=course,
                user=None,
                archive_path=package,
                title=title,
                original_name=package.name,
                organization=organization,
            )
        except (PackageError, UnsafeArchive) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.title!r} as learning path {path.pk} ({path.items.count()} items)."
            )
        )
