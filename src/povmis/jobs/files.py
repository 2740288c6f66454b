"""A job's file: an export the worker wrote, kept beside the job until its submitter downloads it.

A task that makes a file returns a :class:`JobFile`; the runner stores its bytes under the job's id
(whole or not at all: written to a partial name, then renamed) and keeps only its name in the result.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings


@dataclasses.dataclass(frozen=True)
class JobFile:
    """What an export task returns: the file's name as downloaded, its type and its bytes."""

    name: str
    content_type: str
    content: bytes
    summary: dict[str, Any] = dataclasses.field(default_factory=dict)


def root() -> Path:
    folder = Path(getattr(settings, "POVMIS_JOB_FILES", Path(tempfile.gettempdir()) / "povmis-job-files"))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def store(job_id: int, file: JobFile) -> dict[str, Any]:
    """Write ``file`` for job ``job_id`` and answer the job's result: the file's name, type and size."""
    folder = root() / str(job_id)
    shutil.rmtree(folder, ignore_errors=True)  # a retried job's earlier file
    folder.mkdir(mode=0o700)
    partial = folder / "content.partial"
    partial.write_bytes(file.content)
    partial.replace(folder / "content")
    return {**file.summary, "file": {"name": file.name, "content_type": file.content_type, "size": len(file.content)}}


def stored(job_id: int) -> Path | None:
    """The stored file of job ``job_id``, or None if it has none (or it was cleared)."""
    path = root() / str(job_id) / "content"
    return path if path.is_file() else None
