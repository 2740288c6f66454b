"""The what-if page: a past round and a variant as a form, and who would change class and why.

A GET form (it changes nothing), scoped like every dashboard page: the figures count only the
households of the caller's area, and a unit outside it is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
from povmis.monitoring.focus import focus_of
from povmis.monitoring.whatif import round_whatif, whatif_json
from povmis.registry.models import ReviewCycle

SHOWN_HOUSEHOLDS = 100
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

    @classmethod
    def from_query(cls, query: QueryDict) -> VariantForm:
        year = query.get("year", "")
        if year and not year.isdigit():
            raise Http404("no review round for that year")
        values = {name: query.get(name, "").strip() for name in FIELDS}
        return cls(int(year) if year else None, query.get("standard", ""), values, query.get("other", ""))

    def settings(self) -> list[str]:
        typed = [f"{name}={value}" for name, value in self.values.items() if value]
        return typed + [line.strip() for line in self.other.splitlines() if line.strip()]


@login_required
@require_GET
def whatif(request: HttpRequest) -> HttpResponse:
    focus = focus_of(request.user, request.GET.get("unit"))
    form = VariantForm.from_query(request.GET)
    context: dict[str, Any] = {
        "focus": focus,
        "form": form,
        "years": list(ReviewCycle.objects.order_by("year").values_list("year", flat=True)),
        "standards": available_standards(),
        "fields": [(name, label, form.values[name]) for name, label in FIELDS.items()],
    }
    if form.year is not None:
        try:
            changes = parse_settings(form.settings())
            result, cycle = round_whatif(form.year, focus.path, form.standard or None, changes)
        except ReviewCycle.DoesNotExist as error:
            raise Http404("no review round for that year") from error
        except StandardError as error:
            context["error"] = str(error)
        else:
            changed = result.comparison.changed.sort("commune_name", "household_id").head(SHOWN_HOUSEHOLDS)
            document = whatif_json(result, cycle)
            why = [(WHY_LABELS[name], count) for name, count in document["why"].items()]
            context |= {"result": document, "why": why, "changed": _changed_rows(changed.to_dicts()),
                        "cost": _cost_rows(document["cost"])}  # fmt: skip
    return render(request, "monitoring/whatif.html", context, status=400 if "error" in context else 200)


def _cost_rows(cost: dict[str, int] | None) -> list[tuple[dict[str, str] | None, int]]:
    """(the policy's names, amount) for each policy that changes, then (None, the total)."""
    if not cost or list(cost) == ["total"]:  # no policy changes
        return []
    names = {policy.id: policy.name for policy in load_policies()}
    return [(names.get(policy, {"vi": policy, "en": policy}), amount) for policy, amount in cost.items()
            if policy != "total"] + [(None, cost["total"])]  # fmt: skip


def _changed_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "why": [WHY_LABELS[name] for name in WHY_LABELS if row[f"why_{name}"]]} for row in rows]
