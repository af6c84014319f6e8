"""Import benchmark for `make bench`: a SCORM package of about 100 MB must import in < 10 s.

bench/run.py (or anyone) calls ``bench_import()``; it builds the package from the golf
fixture plus incompressible media files, imports it into a throw-away course, and returns
the seconds the import took.
"""

import os
import tempfile
import time
import zipfile
from pathlib import Path


def build_package(target: Path, size_mb: int = 100) -> Path:
    from scorm.tests.fixtures import scorm_fixtures

    source = scorm_fixtures() / "golf-scorm12" / "RuntimeBasicCalls_SCORM12"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(source.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(source).as_posix())
        for index in range(size_mb // 5):  # videos do not compress: store them
            archive.writestr(
                zipfile.ZipInfo(f"media/video-{index:02d}.mp4"),
                os.urandom(5 * 1024 * 1024),
                compress_type=zipfile.ZIP_STORED,
            )
    return target


def bench_import(size_mb: int = 100) -> float:
    from django.db import transaction

    from courses.models import Course
    from scorm.importer import package_import

    with tempfile.TemporaryDirectory() as folder:
        archive = build_package(Path(folder) / "big.zip", size_mb)
        with transaction.atomic():
            course = Course.objects.create(code="BENCH-SCORM", title="Bench")
            started = time.perf_counter()
            path = package_import(course=course, user=None, archive_path=archive)
            elapsed = time.perf_counter() - started
            root = path.package.root
            transaction.set_rollback(True)
        from core.archives import remove_tree

        remove_tree(root)
    return elapsed
