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
from django.utils import timezone
from django.utils.module_loading import import_string

from povmis.core.validate import InputError
from povmis.errors import ServiceError
from povmis.jobs.files import JobFile, store
from povmis.jobs.models import Job, stale_seconds

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 5.0
Report = Callable[[str, int], None]


def run_job(job_id: int) -> None:
    """The queue's entry point: do job ``job_id`` unless another worker holds it (or it is done)."""
    if not _claim(job_id):
        return
    job = Job.objects.get(pk=job_id)
    reporter = _Reporter(job_id)
    reporter.start()
    try:
        result = import_string(job.task)(report=reporter.report, **job.arguments)
        if isinstance(result, JobFile):  # an export: its bytes beside the job, its name in the result
            result = store(job_id, result)
    except (ServiceError, InputError) as error:  # refusals and bad files: the user's message, no traceback
        reporter.stop()
        _finish(job_id, Job.Status.FAILED, error=str(error))
    except Exception as error:
        reporter.stop()
        log.exception("job %s failed", job_id)
        _finish(job_id, Job.Status.FAILED, error=f"{type(error).__name__}: {error}")
    else:
        reporter.stop()
        _finish(job_id, Job.Status.DONE, result=result)


def _claim(job_id: int) -> bool:
    """Mark the job running, if it is queued or was running on a worker that died (one UPDATE: one winner)."""
    lost = Q(status=Job.Status.RUNNING, heartbeat_at__lt=timezone.now() - dt.timedelta(seconds=stale_seconds()))
    waiting = Q(status__in=[Job.Status.QUEUED, Job.Status.FAILED]) | lost
    claimed = Job.objects.filter(waiting, pk=job_id).update(
        status=Job.Status.RUNNING, heartbeat_at=Now(), error="", percent=0, step="", finished_at=None
    )
    if claimed:
        Job.objects.filter(pk=job_id).update(attempts=F("attempts") + 1)
    return bool(claimed)


def _finish(job_id: int, status: str, *, result: Any = None, error: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        status=status, result=result, error=error, finished_at=Now(), heartbeat_at=Now(),
        **({"percent": 100} if status == Job.Status.DONE else {}),
    )  # fmt: skip


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
