"""Who the caller is and what area their role covers."""

from django.http import HttpRequest
from ninja import Router, Schema

from povmis.accounts.scoping import Access, area_path, role_kind
from povmis.api.security import caller

router = Router(tags=["accounts"])


class Me(Schema):
    username: str
    role: str | None
    # The unit path the role reads ("66/643/" for a district); "" for everywhere, null for nowhere.
    area: str | None
    may_edit: bool
    may_approve: bool


@router.get("/me", response=Me)
def me(request: HttpRequest) -> Me:
    user = caller(request)
    return Me(
        username=user.get_username(),
        role=role_kind(user),
        area=area_path(user),
        may_edit=area_path(user, Access.EDIT) is not None,
        may_approve=area_path(user, Access.APPROVE) is not None,
    )
