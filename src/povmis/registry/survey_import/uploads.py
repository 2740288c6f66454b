"""Survey uploads kept between the dry run and the commit, on the server, under a token in the session.

The files never travel back to the browser: the commit button sends only the token, and a token
counts only in the session that received it, so one user cannot commit (or read) another's upload.
"""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from povmis.core.validate import InputError
from povmis.registry.survey_import.effect import ImportEffect
from povmis.registry.survey_import.files import SurveyFile, read_csv_pair, read_workbook
from povmis.registry.survey_import.guards import check_size

SESSION_KEY = "povmis_imports"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
KEPT_SECONDS = 24 * 3600  # an upload nobody committed within a day is thrown away
KEPT_TOKENS = 20
# A request may carry two files of the upload limit each, and the form's few fields around them.
FORM_OVERHEAD = 1024 * 1024


def check_request(request: HttpRequest) -> None:
    """Refuse an upload over the limits from its declared length, before its body is read at all.

    Called after the role check: someone who may not import learns nothing, not even the limit.
    """
    declared = request.META.get("CONTENT_LENGTH") or "0"
    length = int(declared) if declared.isdigit() else 0
    limit = 2 * settings.POVMIS_UPLOAD_MAX_BYTES + FORM_OVERHEAD
    if length > limit:
        raise InputError(
            _("the upload is %(size)s bytes, more than the %(limit)s bytes a survey file may have; split it")
            % {"size": f"{length:,}", "limit": f"{settings.POVMIS_UPLOAD_MAX_BYTES:,}"}
        )


def check_files(*files: UploadedFile | None) -> None:
    """Each uploaded file within the size limit (Django has streamed it to disk, not into memory)."""
    for upload in files:
        if upload is not None:
            check_size(upload.size or 0, Path(upload.name or "upload").name, upload=True)


def root() -> Path:
    folder = Path(tempfile.gettempdir()) / "povmis-imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def new_token(request: HttpRequest) -> str:
    """A fresh upload slot for this session (issued with the form, so progress can be polled)."""
    token = secrets.token_urlsafe(24)
    tokens = [*request.session.get(SESSION_KEY, [])[-(KEPT_TOKENS - 1) :], token]
    request.session[SESSION_KEY] = tokens
    _sweep()
    return token


def folder(request: HttpRequest, token: str) -> Path:
    """The upload's folder; a token this session was not given is "not found"."""
    if token not in request.session.get(SESSION_KEY, []):
        raise Http404("no such upload")
    path = root() / token
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def save(path: Path, year: int, households: UploadedFile, members: UploadedFile | None) -> None:
    check_files(households, members)
    names = {"households": Path(households.name or "households.csv").name}
    _write(path / "households", households)
    if members is not None:
        names["members"] = Path(members.name or "members.csv").name
        _write(path / "members", members)
    (path / "upload.json").write_text(json.dumps({"year": year, "names": names}))


def _write(target: Path, upload: UploadedFile) -> None:
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def upload_info(path: Path) -> dict[str, Any]:
    if not (path / "upload.json").is_file():
        raise Http404("no such upload")
    info: dict[str, Any] = json.loads((path / "upload.json").read_text())
    return info


def survey(path: Path) -> SurveyFile:
    """Read the kept files again, exactly as the dry run read them."""
    names = upload_info(path)["names"]
    if names["households"].lower().endswith(WORKBOOK_SUFFIXES):
        return read_workbook((path / "households").read_bytes(), names["households"], upload=True)
    return read_csv_pair(
        (path / "households").read_bytes(),
        names["households"],
        (path / "members").read_bytes(),
        names["members"],
        upload=True,
    )


def save_effect(path: Path, effect: ImportEffect) -> None:
    (path / "effect.json").write_text(
        json.dumps(
            {
                "year": effect.year,
                "files": effect.files,
                "sha256": effect.sha256,
                "counts": effect.counts,
                "changes": effect.changes.to_dicts(),
                "issues": effect.issues.to_dicts(),
            },
            ensure_ascii=False,
        )
    )


def effect(path: Path) -> dict[str, Any]:
    if not (path / "effect.json").is_file():
        raise Http404("this upload has not been checked")
    loaded: dict[str, Any] = json.loads((path / "effect.json").read_text())
    return loaded


def discard(request: HttpRequest, token: str) -> None:
    shutil.rmtree(root() / token, ignore_errors=True)
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]


def _sweep() -> None:
    cutoff = time.time() - KEPT_SECONDS
    for path in root().iterdir():
        if path.is_dir() and path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True)
