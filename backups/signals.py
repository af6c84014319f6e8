from django.db import transaction
from django.db.models.signals import post_delete


def _remove_file(sender, instance, **kwargs):
    path = instance.path
    # Only once the deletion is committed: a rolled-back delete keeps its file.
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


def connect() -> None:
    from backups.models import Backup

    post_delete.connect(_remove_file, sender=Backup, dispatch_uid="backups_backup_file")
