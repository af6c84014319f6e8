from django.http import Http404

from core.models import Job


def get_job_for_user(user, job_id: int) -> Job:
    """The job, if this user started it or administers the platform; 404 alike otherwise."""
    job = Job.objects.select_related("course", "user").filter(pk=job_id).first()
    if job is None or not (user.is_staff or job.user_id == user.pk):
        raise Http404
    return job
