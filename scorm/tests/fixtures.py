"""Where the shared SCORM/AICC fixtures are: ../shared beside the repository, or LMS_SHARED_DIR."""

import os
import zipfile
from pathlib import Path

from django.conf import settings


def shared_dir() -> Path:
    if os.environ.get("LMS_SHARED_DIR"):
        return Path(os.environ["LMS_SHARED_DIR"])
    return Path(settings.BASE_DIR).parent / "shared"


def scorm_fixtures() -> Path:
    path = shared_dir() / "fixtures" / "scorm"
    if not path.is_dir():
        raise RuntimeError(
            f"SCORM fixtures not found at {path}: set LMS_SHARED_DIR (e.g. /work/shared)."
        )
    return path


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, prefix + file.relative_to(folder).as_posix())
    return target


def zip_entries(target: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return target
