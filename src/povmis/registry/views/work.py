"""What waits for the signed-in user: the first page after sign-in.

The page is a list of sections, each given by a provider: a function of the user that answers a
:class:`Section` (or None when nothing of its kind waits). The review's own providers are here:
corrections to decide, communes waiting for the user's step, reviews answered since they were last
classified, the user's jobs that failed. Other apps add theirs with :func:`register` from their
``AppConfig.ready``, so this module never imports them.

Every provider reads through the user's scope (accounts.scoping): a section only ever counts what the
user may read, and a user of another commune sees none of this commune's work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from povmis.accounts.scoping import Access, AnyUser, area_path, scope
from povmis.core.standard import load_standard
from povmis.jobs.models import Job, stale_seconds
from povmis.registry import labels, queries
from povmis.registry.models import ChangeRequest, CommuneReview, HouseholdSurvey, ReviewCycle
from povmis.registry.stages import next_stage, stale_surveys
from povmis.registry.views.access import may_advance, may_classify
from povmis.registry.views.rules import labels_of

SHOWN = 10  # items listed per section; the section's link leads to the whole list


@dataclass(frozen=True)
class Item:
    text: str
    url: str
    detail: str = ""
    due: date | None = None
    urgent: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    total: int
    items: list[Item] = field(default_factory=list)
    more_url: str = ""


Provider = Callable[[AnyUser], Section | None]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a section to the page (usable as a decorator); registering twice is harmless."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def sections(user: AnyUser) -> list[Section]:
    """The sections with something waiting, in the order they were registered."""
    found = (provider(user) for provider in PROVIDERS)
    return [section for section in found if section is not None and section.total > 0]


@login_required
def home(request: HttpRequest) -> HttpResponse | HttpResponseRedirect:
    # A finance officer or a project owner reads no review: their work starts on the programme's page.
    if area_path(request.user, Access.READ) is None and area_path(request.user, Access.PROGRAMME) is not None:
        return redirect("programme:disbursement")
    return render(request, "web/work.html", {"sections": sections(request.user)})


# --- the review's own sections -----------------------------------------------------------------------


@register
def corrections_to_decide(user: AnyUser) -> Section | None:
    """Proposed corrections in the user's area that someone else proposed (nobody decides their own)."""
    waiting = (
        scope(user, ChangeRequest.objects.filter(status=ChangeRequest.Status.PROPOSED), Access.EDIT)
        .exclude(requested_by_id=user.pk)
        .filter(cycle__closed_at__isnull=True)
        .select_related("household", "requested_by")
        .order_by("requested_at", "pk")
    )
    total = waiting.count()
    if not total:
        return None
    items = []
    for request in waiting.select_related("cycle")[:SHOWN]:
        question = _question_names(request.cycle.standard_id, get_language()).get(request.field, request.field)
        items.append(
            Item(
                text=f"{request.household.code} · {question}",
                url=reverse("household-detail", args=[request.household.code]),
                detail=f"{request.requested_by.get_username()}: {request.old_value or '—'} → {request.proposed_value}",
            )
        )
    return Section("corrections", _("Corrections waiting for your decision"), total, items, reverse("household-list"))


@register
def communes_waiting_for_me(user: AnyUser) -> Section | None:
    """Communes of open reviews whose next step of the procedure is the user's to take."""
    reviews = (
        scope(user, CommuneReview.objects.filter(cycle__closed_at__isnull=True), Access.APPROVE)
        .select_related("cycle", "commune__parent")
        .order_by("cycle__year", "commune__code")
    )
    mine = [review for review in reviews if may_advance(user, review)]  # one row per commune, not household
    if not mine:
        return None
    items = [
        Item(
            text=f"{review.commune.name} ({review.cycle.year})",
            url=reverse("cycle-progress", args=[review.cycle.year]),
            detail=str(labels.STAGES.get(next_stage(review) or "", "")),
        )
        for review in mine[:SHOWN]
    ]
    more = reverse("cycle-progress", args=[mine[0].cycle.year])
    return Section("communes", _("Communes waiting for your step"), len(mine), items, more)


@register
def reviews_to_classify(user: AnyUser) -> Section | None:
    """Open reviews with households answered or corrected since the review was last classified."""
    items = []
    for cycle in queries.cycles(user).filter(closed_at__isnull=True).order_by("year"):
        if not may_classify(user, cycle):
            continue
        count = _answered_since_classified(user, cycle)
        if count:
            items.append(
                Item(text=str(cycle.year), url=reverse("cycle-progress", args=[cycle.year]), detail=str(count))
            )
    if not items:
        return None
    return Section("classify", _("Reviews answered since their last classification"), len(items), items)


@cache
def _question_names(standard_id: str, language: str) -> dict[str, str]:
    """The questions' names in ``language``, the request's (a key of the cache, so each has its own)."""
    return labels_of(load_standard(standard_id))


def _answered_since_classified(user: AnyUser, cycle: ReviewCycle) -> int:
    return stale_surveys(scope(user, HouseholdSurvey.objects.filter(cycle=cycle)), cycle).count()


@register
def my_failed_jobs(user: AnyUser) -> Section | None:
    """The user's own long jobs that failed, to read why and run again."""
    stale = timezone.now() - timedelta(seconds=stale_seconds())
    # As the job's page shows them: failed, or running on a worker that stopped; a retry that succeeded is done.
    shown_failed = Q(status=Job.Status.FAILED) | Q(status=Job.Status.RUNNING, heartbeat_at__lt=stale)
    failed = Job.objects.filter(shown_failed, created_by_id=user.pk).order_by("-created_at")
    total = failed.count()
    if not total:
        return None
    items = [
        Item(
            text=job.step or gettext("Background job"),
            url=reverse("job-detail", args=[job.pk]),
            detail=date_format(timezone.localtime(job.created_at), "SHORT_DATETIME_FORMAT")
            + (", " + gettext("attempt %(number)s") % {"number": job.attempts} if job.attempts > 1 else ""),
        )
        for job in failed[:SHOWN]
    ]
    return Section("jobs", _("Your jobs that failed"), total, items)
