"""Opening and closing a review from its pages, through the same services as `povmis review open|close`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from povmis.accounts.models import RoleKind
from povmis.accounts.scoping import AnyUser, role_kind
from povmis.core.standard import available_standards
from povmis.errors import PermissionDenied, ServiceError
from povmis.registry import queries
from povmis.registry.models import ReviewCycle, Stage
from povmis.registry.services import close_cycle, open_cycle
from povmis.registry.views.access import signed_in

# Who opens and closes a review (the services decide again; this only offers the forms).
OPENERS = {RoleKind.PROVINCE_OFFICER, RoleKind.ADMINISTRATOR}


def may_open_or_close(user: AnyUser) -> bool:
    return role_kind(user) in OPENERS


@login_required
@require_POST
def open_review(request: HttpRequest) -> HttpResponse:
    year, standard = request.POST.get("year", ""), request.POST.get("standard", "")
    if not year.isdigit() or not 2000 <= int(year) <= 2100:
        messages.error(request, _("Give the review's year, e.g. 2026."))
        return redirect("cycle-list")
    if standard not in available_standards():
        messages.error(request, _("Choose one of the standards listed."))
        return redirect("cycle-list")
    try:
        cycle = open_cycle(int(year), user=signed_in(request), standard_id=standard)
    except PermissionDenied:
        messages.error(request, _("Only the province or an administrator opens a review."))
        return redirect("cycle-list")
    except ServiceError:
        messages.error(request, _("A %(year)s review already exists.") % {"year": year})
        return redirect("cycle-list")
    messages.success(
        request, _("The %(year)s review is open under %(standard)s.") % {"year": year, "standard": standard}
    )
    return redirect("cycle-progress", year=cycle.year)


@login_required
@require_POST
def close_review(request: HttpRequest, year: int) -> HttpResponse:
    try:
        cycle = queries.cycle(request.user, year)
    except ReviewCycle.DoesNotExist:
        raise Http404("no such review") from None
    pending = cycle.communes.exclude(stage=Stage.PROVINCE_APPROVED).count()
    try:
        close_cycle(cycle, user=signed_in(request))
    except PermissionDenied:
        messages.error(request, _("Only the province or an administrator closes a review."))
    except ServiceError:
        if cycle.is_closed:
            messages.error(request, _("The %(year)s review is already closed.") % {"year": year})
        else:
            messages.error(
                request,
                _("The review stays open: %(pending)s commune(s) are not yet approved by the province.")
                % {"pending": pending},
            )
    else:
        messages.success(request, _("The %(year)s review is closed: it can no longer be changed.") % {"year": year})
    return redirect("cycle-progress", year=year)
