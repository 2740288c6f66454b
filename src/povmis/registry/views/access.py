"""What the pages ask of the user's role, on top of :mod:`povmis.accounts.scoping` (which filters rows)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from povmis.accounts.models import RoleKind
from povmis.accounts.scoping import Access, AnyUser, area_path, role_kind
from povmis.accounts.scoping import signed_in as signed_in  # noqa: PLC0414  # re-exported for the pages
from povmis.registry.classification import CLASSIFIERS
from povmis.registry.models import CommuneReview, ReviewCycle
from povmis.registry.stages import STEP_TAKER, next_stage
from povmis.units.models import AdminUnit


def require(request: HttpRequest, access: Access) -> str:
    """The user's area for ``access``; a role that may not act at all is refused before anything runs."""
    area = area_path(request.user, access)
    if area is None:
        raise PermissionDenied(_("your role does not allow this"))
    return area


def within(user: AnyUser, unit: AdminUnit, access: Access) -> bool:
    """Whether ``unit`` lies in the user's area for ``access``, without a query (the area is memoised)."""
    area = area_path(user, access)
    return area is not None and unit.path.startswith(area)


def may_advance(user: AnyUser, review: CommuneReview) -> bool:
    """Whether to offer the "advance" button; :func:`advance_stage` decides again when it is pressed."""
    target = next_stage(review)
    if target is None or review.cycle.is_closed or not within(user, review.commune, Access.APPROVE):
        return False
    return role_kind(user) in {STEP_TAKER[target], RoleKind.ADMINISTRATOR}


def may_classify(user: AnyUser, cycle: ReviewCycle) -> bool:
    """Whether to offer the "classify" button; :func:`classify_cycle` decides again when it is pressed."""
    return not cycle.is_closed and role_kind(user) in CLASSIFIERS
