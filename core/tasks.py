from celery import shared_task

from core.jobs import jobs_expire_stale


@shared_task
def expire_stale_jobs_task() -> int:
    """Running jobs whose worker went silent end as failed (and their files are removed)."""
    return jobs_expire_stale()
