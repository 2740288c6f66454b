"""Corrections and appeals across households: the list to review, and the decision on one."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from povmis.api.pagination import Pages
from povmis.api.schemas import Detail
from povmis.api.security import caller
from povmis.registry import queries
from povmis.registry.api.schemas import ChangeDecisionIn, ChangeOut
from povmis.registry.models import ChangeRequest
from povmis.registry.services import decide_change

router = Router(tags=["changes"])


@router.get("/changes", response=list[ChangeOut])
@paginate(Pages)
def list_changes(
    request: HttpRequest, status: str | None = None, cycle: int | None = None, household: str | None = None
) -> QuerySet[ChangeRequest]:
    """Proposed, approved and rejected changes in your area, newest first."""
    return queries.change_requests(caller(request), status=status, year=cycle, household_code=household)


@router.post("/changes/{change_id}/decision", response={200: ChangeOut, 400: Detail, 403: Detail, 404: Detail})
def decide(request: HttpRequest, change_id: int, payload: ChangeDecisionIn) -> ChangeRequest:
    """Approve (the answer changes and is audited) or reject a proposal; not one's own."""
    user = caller(request)
    decide_change(queries.change_request(user, change_id), user=user, approve=payload.approve, note=payload.note)
    return queries.change_request(user, change_id)
