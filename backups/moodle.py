"""Moodle course backups (.mbz): import (written next)."""


def import_moodle(*, course, upload, user=None):
    raise NotImplementedError
