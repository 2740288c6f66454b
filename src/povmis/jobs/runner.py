"""Running a job in the worker: claim it, report its progress and heartbeat, store its result or error.

The work itself runs in its own transaction(s) (an import lands whole or not at all); the job's row is
written beside it on another connection, so its progress is visible while the work's transaction is
still open, and a worker killed with ``kill -9`` leaves the work rolled back and the row "running"
with a heartbeat that stops: :attr:`Job.worker_lost` then shows it as failed, to be run again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, connection, connections
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from povmis.core.validate import InputError
from povmis.errors import ServiceError
from povmis.jobs.files import JobFile, store
from povmis.jobs.models import Job, JobAttempt, close_lost_attempts, stale_seconds

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 5.0
Report = Callable[[str, int], None]


def run_job(job_id: int) -> None:
    """The queue's entry point: do job ``job_id`` unless another worker holds it (or it is done).

    A task may say whether an earlier attempt's work landed although its worker died before it could
    say so (``task.landed(**arguments)``: the result, or None): the attempt after a lost one then
    finishes done with that result instead of doing the work again or failing on it.
    """
    attempt = _claim(job_id)
    if attempt is None:
        return
    after_lost = JobAttempt.objects.filter(job_id=job_id, number=attempt - 1, outcome=JobAttempt.Outcome.LOST).exists()
    job = Job.objects.get(pk=job_id)
    task = import_string(job.task)
    reporter = _Reporter(job_id)
    reporter.start()
    try:
        landed = getattr(task, "landed", None)
        result = landed(**job.arguments) if landed is not None and after_lost else None
        if result is None:
            result = task(report=reporter.report, **job.arguments)
        if isinstance(result, JobFile):  # an export: its bytes beside the job, its name in the result
            result = store(job_id, result)
    except (ServiceError, InputError) as error:  # refusals and bad files: the user's message, no traceback
        reporter.stop()
        _finish(job_id, Job.Status.FAILED, error=error)
    except Exception as error:
        reporter.stop()
        log.exception("job %s failed", job_id)
        _finish(job_id, Job.Status.FAILED, error=error)
    else:
        reporter.stop()
        _finish(job_id, Job.Status.DONE, result=result)


def _claim(job_id: int) -> int | None:
    """Mark the job running, if it is queued or was running on a worker that died (one UPDATE: one winner);
    the attempt's number, or None when another worker holds the job."""
    lost = Q(status=Job.Status.RUNNING, heartbeat_at__lt=timezone.now() - dt.timedelta(seconds=stale_seconds()))
    waiting = Q(status__in=[Job.Status.QUEUED, Job.Status.FAILED]) | lost
    claimed = Job.objects.filter(waiting, pk=job_id).update(
        status=Job.Status.RUNNING, heartbeat_at=Now(), error="", error_message="", error_values={}, percent=0, step="",
        finished_at=None, attempts=F("attempts") + 1,
    )  # fmt: skip
    if not claimed:
        return None
    close_lost_attempts(job_id)
    number = Job.objects.values_list("attempts", flat=True).get(pk=job_id)
    JobAttempt.objects.create(job_id=job_id, number=number)
    return int(number)


def _finish(job_id: int, status: str, *, result: Any = None, error: Exception | None = None) -> None:
    message = error_fields(error)
    Job.objects.filter(pk=job_id).update(
        status=status, result=result, finished_at=Now(), heartbeat_at=Now(), **message,
        **({"percent": 100} if status == Job.Status.DONE else {}),
    )  # fmt: skip
    JobAttempt.objects.filter(job_id=job_id, finished_at__isnull=True).update(
        outcome=status, finished_at=Now(), **message
    )


def error_fields(error: Exception | None) -> dict[str, Any]:
    """An error as stored: English text, and a refusal's message before translation with its values."""
    if error is None:
        return {"error": "", "error_message": "", "error_values": {}}
    if isinstance(error, ServiceError):
        with translation.override(None):  # no language: the message as written, its msgid
            message = str(error.message)
        values = {key: value if isinstance(value, int | float | str | bool) else str(value)
                  for key, value in error.values.items()}  # fmt: skip
        return {"error": str(error), "error_message": message, "error_values": values}
    english = str(error) if isinstance(error, InputError) else f"{type(error).__name__}: {error}"
    return {"error": english, "error_message": "", "error_values": {}}


class _Reporter:
    """Writes the latest step and a heartbeat from a thread of its own, hence on a connection of its own.

    On SQLite a write waits while the work holds the database's write lock; the step is kept and written
    once the lock is free, and the heartbeat resumes (the stale limit is longer than a province's commit).
    """

    def __init__(self, job_id: int) -> None:
        # Run inside a caller's transaction (a test, a synchronous caller), the job's row is that
        # transaction's to write: another connection would neither see it nor get past its lock.
        self.inline = connection.in_atomic_block
        self.job_id = job_id
        self.latest: tuple[str, int] | None = None
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=f"job-{job_id}-reporter", daemon=True)

    def start(self) -> None:
        if not self.inline:
            self.thread.start()

    def report(self, step: str, percent: int) -> None:
        with self.lock:
            self.latest = (step, percent)
        if self.inline:
            self._write()

    def stop(self) -> None:
        self.stopping.set()
        if not self.inline:
            self.thread.join()
        self._write()  # the last step, so a failed job shows where it stopped

    def _loop(self) -> None:
        beat = 0.0
        try:
            while not self.stopping.wait(timeout=0.5):
                beat += 0.5
                if self.latest is not None or beat >= HEARTBEAT_SECONDS:
                    self._write()
                    beat = 0.0
        finally:
            connections.close_all()

    def _write(self) -> None:
        with self.lock:
            latest, self.latest = self.latest, None
        fields: dict[str, Any] = {"heartbeat_at": Now()}
        if latest is not None:
            fields.update(step=latest[0][:200], percent=max(0, min(100, latest[1])))
        try:
            Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(**fields)
        except DatabaseError:
            log.warning("job %s: progress not written (database busy), trying again", self.job_id)
            with self.lock:
                self.latest = self.latest or latest
