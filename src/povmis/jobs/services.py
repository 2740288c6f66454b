"""Submitting a job to the queue and running a failed one again: the pages, the API and the CLI call these."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from povmis.errors import ServiceError
from povmis.jobs.models import Job, close_lost_attempts

RUNNER = "povmis.jobs.runner.run_job"


def submit(task: str, *, user: User | None, **arguments: Any) -> Job:
    """Record a job and queue it once the surrounding transaction (if any) has committed."""
    job = Job.objects.create(task=task, arguments=arguments, created_by=user)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def retry(job: Job, *, user: User) -> Job:
    """Queue a failed job again (its work rolled back with its worker); only its submitter or an administrator."""
    if job.created_by_id != user.pk and not user.is_superuser:
        raise ServiceError(_("only the person who started this job runs it again"))
    if job.shown_status != Job.Status.FAILED:
        raise ServiceError(_("only a failed job is run again"))
    close_lost_attempts(job.pk)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.QUEUED, step="", percent=0, error="", error_message="", error_values={}
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def _enqueue(job_id: int) -> None:
    from django_q.tasks import async_task  # noqa: PLC0415  # the queue's client loads its broker on first use

    async_task(RUNNER, job_id, task_name=f"povmis-job-{job_id}")
