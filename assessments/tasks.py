from celery import shared_task


@shared_task
def close_expired_attempts_task() -> int:
    """Periodic: close and grade attempts whose time ran out, even if the learner never returns."""
    from assessments.services import close_expired_attempts

    return close_expired_attempts()
