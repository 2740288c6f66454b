"""A job: one piece of long work (an import, a classification, an export), its progress and its outcome.

The queue (django-q2) carries only the job's id; everything a page shows is here, in the database, so a
reload, another web process or a restarted server shows the same state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
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
    # The error in English (logs, the API); ``error_message`` is its text before translation and
    # ``error_values`` the values it is filled with, so a page shows it in its reader's language.
    error = models.TextField(blank=True)
    error_message = models.TextField(blank=True)
    error_values = models.JSONField(default=dict, blank=True)
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
            "error": shown_error(self.error_message, self.error_values, self.error)
            or (str(WORKER_STOPPED) if self.worker_lost else ""),
            "retryable": self.shown_status == self.Status.FAILED,
        }

    def history(self) -> list[dict[str, Any]]:
        """Every attempt, first to last: when it ran, how it ended and why, in the reader's language."""
        lost = self.worker_lost
        return [
            {"number": attempt.number, "started_at": attempt.started_at, "finished_at": attempt.finished_at,
             "outcome": JobAttempt.Outcome.LOST if lost and attempt.finished_at is None else attempt.outcome,
             "error": shown_error(attempt.error_message, attempt.error_values, attempt.error)
             or (str(WORKER_STOPPED) if lost and attempt.finished_at is None else "")}
            for attempt in self.attempt_set.order_by("number")
        ]  # fmt: skip


WORKER_STOPPED = _("The worker running this job stopped.")


class JobAttempt(models.Model):
    """One run of a job by a worker: a job run again after its worker died, or after a failure, has several."""

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        LOST = "lost", _("Its worker stopped")

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="attempt_set")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    error = models.TextField(blank=True)
    error_message = models.TextField(blank=True)
    error_values = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="one_attempt_per_number")]

    def __str__(self) -> str:
        return f"job {self.job_id} attempt {self.number} ({self.outcome})"


def shown_error(message: str, values: dict[str, Any], english: str) -> str:
    """A stored error in the active language: its message translated and filled; the English text otherwise."""
    if not message:
        return english
    text = gettext(message)
    try:
        return text % values if values else text
    except (KeyError, TypeError, ValueError):
        return english  # a translation that lost a placeholder must not hide the error


def stale_seconds() -> int:
    return int(getattr(settings, "POVMIS_JOB_STALE_SECONDS", 120))


def close_lost_attempts(job_id: int) -> None:
    """The attempts still open when a job is run again: their worker died without a word."""
    stopped = "The worker running this job stopped."  # WORKER_STOPPED's msgid, translated where shown
    JobAttempt.objects.filter(job_id=job_id, finished_at__isnull=True).update(
        outcome=JobAttempt.Outcome.LOST, finished_at=Now(), error=stopped, error_message=stopped
    )
