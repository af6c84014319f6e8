from celery import shared_task

from tracking.services import hits_flush


@shared_task
def flush_hits_task() -> int:
    """Fold the shared (Redis) buffer into the daily rows; beat runs it every few seconds."""
    return hits_flush()
