from django.db import transaction
from django.db.models.signals import post_delete

from core.archives import remove_tree


def _remove_files(sender, instance, **kwargs):
    root = instance.root
    # Only once the deletion is committed: a rolled-back delete keeps its files.
    transaction.on_commit(lambda: remove_tree(root))


def connect() -> None:
    from scorm.models import Package

    post_delete.connect(_remove_files, sender=Package, dispatch_uid="scorm_package_files")
