"""Survey imports: upload a file, see its effect (a dry run unless ``commit``), list what was committed."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from povmis.accounts.scoping import Access, area_path
from povmis.api.pagination import Pages
from povmis.api.schemas import Detail
from povmis.api.security import caller
from povmis.core.validate import InputError
from povmis.errors import PermissionDenied
from povmis.registry import queries
from povmis.registry.api.schemas import ImportEffect, ImportItem
from povmis.registry.models import ImportBatch
from povmis.registry.services import import_survey
from povmis.registry.survey_import import SurveyFile, check_size, read_csv_pair, read_workbook

router = Router(tags=["imports"])
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@router.post("/imports", response={200: ImportEffect, 400: Detail, 403: Detail, 404: Detail, 413: Detail})
def upload(
    request: HttpRequest,
    year: Form[int],
    households: File[UploadedFile],
    members: File[UploadedFile | None] = None,
    commit: Form[bool] = False,
) -> dict[str, Any]:
    """Check a survey (a households CSV with its members CSV, or one XLSX) against the ``year`` review.

    Nothing is written unless ``commit`` is true; a committed import lands whole or not at all. A
    file over the upload limits (POVMIS_UPLOAD_MAX_BYTES, POVMIS_UPLOAD_MAX_ROWS) is refused with
    413 before it is read.
    """
    user = caller(request)
    queries.cycle(user, year)  # an unknown year, or no role at all: not found
    if area_path(user, Access.EDIT) is None:  # before the limits: a reader learns nothing of them
        raise PermissionDenied("your role cannot import survey answers")  # the service's own refusal
    for upload in (households, members):
        if upload is not None:
            try:
                check_size(upload.size or 0, upload.name or "upload", upload=True)
            except InputError as error:
                raise HttpError(413, str(error)) from None
    effect = import_survey(_survey(households, members), year=year, user=user, commit=commit)
    return {
        "year": effect.year,
        "files": effect.files,
        "sha256": effect.sha256,
        "committed": effect.committed,
        "batch_id": effect.batch_id,
        "counts": effect.counts,
        "issues": effect.issues.to_dicts(),
        "changes": effect.changes.to_dicts(),
    }


def _survey(households: UploadedFile, members: UploadedFile | None) -> SurveyFile:
    name = households.name or "households.csv"
    if name.lower().endswith(WORKBOOK_SUFFIXES):
        return read_workbook(households.read(), name, upload=True)
    if members is None:
        raise HttpError(400, _("A CSV upload needs the members file too (field 'members')."))
    return read_csv_pair(households.read(), name, members.read(), members.name or "members.csv", upload=True)


@router.get("/imports", response=list[ImportItem])
@paginate(Pages)
def list_imports(request: HttpRequest, cycle: int | None = None) -> QuerySet[ImportBatch]:
    """Committed imports of your area, newest first."""
    return queries.imports(caller(request), cycle)
