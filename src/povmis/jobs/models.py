"""A job: one piece of long work (an import, a classification, an export), its progress and its outcome.

The queue (django-q2) carries only the job's id; everything a page shows is here, in the database, so a
reload, another web process or a restarted server shows the same state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # The dotted path of the function that does the work, e.g. "povmis.registry.cycle_jobs.classify".
    task = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=200, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    # Written every few seconds by the worker running the job: a running job whose heartbeat stopped
    # had its worker killed (or its machine lost), and is shown as failed, to be run again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat")]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk} ({self.status})"

    @property
    def worker_lost(self) -> bool:
        """Running, but no heartbeat for longer than ``POVMIS_JOB_STALE_SECONDS``: its worker died."""
        if self.status != self.Status.RUNNING or self.heartbeat_at is None:
            return False
        return timezone.now() - self.heartbeat_at > dt.timedelta(seconds=stale_seconds())

    @property
    def shown_status(self) -> str:
        """The status a page shows: a job whose worker died is failed, never "running" at 45% for ever."""
        return self.Status.FAILED if self.worker_lost else self.status

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "status": self.shown_status,
            "step": self.step,
            "percent": 100 if self.shown_status == self.Status.DONE else self.percent,
            "result": self.result,
            "error": self.error or (gettext("The worker running this job stopped.") if self.worker_lost else ""),
            "retryable": self.shown_status == self.Status.FAILED,
        }


def stale_seconds() -> int:
    return int(getattr(settings, "POVMIS_JOB_STALE_SECONDS", 120))
