"""The what-if page: a past round and a variant as a form, and who would change class and why.

A GET form (it changes nothing), scoped like every dashboard page: the figures count only the
households of the caller's area, and a unit outside it is a 404. A province's comparison can run in
the background instead (povmis.monitoring.whatif_jobs); the page then shows the job's stored result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from povmis.core.policies.policy import load_policies
from povmis.core.schema import StandardError
from povmis.core.standard import available_standards
from povmis.core.variants import parse_settings
from povmis.jobs.models import Job
from povmis.monitoring.focus import focus_of
from povmis.monitoring.whatif import round_whatif, whatif_json
from povmis.registry.models import ReviewCycle

SHOWN_HOUSEHOLDS = 100
WHATIF_TASK = "povmis.monitoring.whatif_jobs.compare"
# The form's own fields for the most asked changes; anything else goes in "other changes".
FIELDS: dict[str, Promise] = {
    "line.rural": _("Rural poverty line (VND/person/month)"),
    "line.urban": _("Urban poverty line (VND/person/month)"),
    "cutoff": _("Deprivations needed to be poor"),
}
WHY_LABELS: dict[str, Promise] = {
    "line": _("its income is on the other side of the new line"),
    "deprivations": _("it has a different number of deprivations"),
    "cutoff": _("the number of deprivations needed to be poor changed"),
    "classes": _("its class does not exist in the variant"),
}


@dataclass
class VariantForm:
    """The variant as typed in the form, and the changes it reads as."""

    year: int | None
    standard: str
    values: dict[str, str]
    other: str
    changes: dict[str, Any] = field(default_factory=dict)
    FIELD_NAMES: ClassVar[tuple[str, ...]] = tuple(FIELDS)

    @classmethod
    def from_query(cls, query: QueryDict) -> VariantForm:
        year = query.get("year", "")
        if year and not year.isdigit():
            raise Http404("no review round for that year")
        values = {name: (query.get(name) or "").strip() for name in FIELDS}
        return cls(int(year) if year else None, query.get("standard") or "", values, query.get("other") or "")

    def settings(self) -> list[str]:
        typed = [f"{name}={value}" for name, value in self.values.items() if value]
        return typed + [line.strip() for line in self.other.splitlines() if line.strip()]


@login_required
@require_GET
def whatif(request: HttpRequest) -> HttpResponse:
    """The comparison run here, or (``?job=``) the one a background job of this user ran and stored."""
    job = _finished_job(request) if request.GET.get("job") else None
    query = QueryDict(job.arguments["query"]) if job is not None else request.GET
    focus = focus_of(request.user, query.get("unit"))
    form = VariantForm.from_query(query)
    context: dict[str, Any] = {
        "focus": focus,
        "form": form,
        "years": list(ReviewCycle.objects.order_by("year").values_list("year", flat=True)),
        "standards": available_standards(),
        "fields": [(name, label, form.values[name]) for name, label in FIELDS.items()],
        "job": job,
        # What "save this scenario" keeps: the form's fields as they are now (never the CSRF token).
        "kept": [(name, query[name]) for name in ("unit", "year", "standard", "other", *FIELDS) if query.get(name)],
    }
    if job is not None:
        context |= _shown((job.result or {})["whatif"])
    elif form.year is not None:
        try:
            context |= _shown(outcome(form, focus.path))
        except ReviewCycle.DoesNotExist as error:
            raise Http404("no review round for that year") from error
    return render(request, "monitoring/whatif.html", context, status=400 if "error" in context else 200)


def outcome(form: VariantForm, area: str) -> dict[str, Any]:
    """The comparison as JSON (its document and its first changed households), or ``{"error": message}``."""
    assert form.year is not None
    try:
        changes = parse_settings(form.settings())
        result, cycle = round_whatif(form.year, area, form.standard or None, changes)
    except StandardError as error:
        return {"error": str(error)}
    changed = result.comparison.changed.sort("commune_name", "household_id").head(SHOWN_HOUSEHOLDS)
    return {"result": whatif_json(result, cycle), "changed": changed.to_dicts()}


def _shown(found: dict[str, Any]) -> dict[str, Any]:
    if "error" in found:
        return {"error": found["error"]}
    why = [(WHY_LABELS[name], count) for name, count in found["result"]["why"].items()]
    return {
        "result": found["result"], "why": why, "changed": _changed_rows(found["changed"]),
        "cost": _cost_rows(found["result"].get("cost")),
    }  # fmt: skip


def _finished_job(request: HttpRequest) -> Job:
    """This user's finished what-if job named by ``?job=``; anyone else's (or none) is not found."""
    number = request.GET.get("job", "")
    mine = Job.objects.filter(created_by=request.user.pk, task=WHATIF_TASK, status=Job.Status.DONE)
    job = mine.filter(pk=int(number)).first() if number.isdigit() else None
    if job is None:
        raise Http404("no such what-if")
    return job


def _cost_rows(cost: dict[str, int] | None) -> list[tuple[dict[str, str] | None, int]]:
    """(the policy's names, amount) for each policy that changes, then (None, the total)."""
    if not cost or list(cost) == ["total"]:  # no policy changes
        return []
    names = {policy.id: policy.name for policy in load_policies()}
    return [(names.get(policy, {"vi": policy, "en": policy}), amount) for policy, amount in cost.items()
            if policy != "total"] + [(None, cost["total"])]  # fmt: skip


def _changed_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "why": [WHY_LABELS[name] for name in WHY_LABELS if row[f"why_{name}"]]} for row in rows]
