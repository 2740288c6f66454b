"""Saved what-if scenarios: save, list, re-open, compare and delete, for the pages and the API alike.

A scenario is the what-if page's query under a name. It is visible to every user whose area covers
the saver's area (the saver's district and province see a commune's scenario; another commune does
not), and only its owner deletes it. Comparing two runs each one's what-if as the page does.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.db.models.functions import Substr
from django.http import QueryDict
from django.utils.translation import gettext as _

from povmis.accounts.scoping import EVERYWHERE, Access, AnyUser, area_path
from povmis.errors import PermissionDenied, ServiceError
from povmis.monitoring.focus import focus_of
from povmis.monitoring.models import SavedScenario
from povmis.monitoring.whatif_views import FIELDS, VariantForm, outcome
from povmis.registry.models import ReviewCycle
from povmis.units.models import AdminUnit

KEPT = ("unit", "year", "standard", "other", *FIELDS)
NAME_LENGTH = 120


def _area(user: AnyUser) -> str:
    area = area_path(user, Access.READ)
    if area is None:
        raise PermissionDenied(_("your account has no role"))
    return area


def visible_scenarios(user: AnyUser) -> QuerySet[SavedScenario]:
    """The scenarios whose saver's area lies inside the user's (none for an account without a role)."""
    area = area_path(user, Access.READ)
    if area is None:
        return SavedScenario.objects.none()
    found = SavedScenario.objects.select_related("owner")
    if area == EVERYWHERE:
        return found
    # The scenario's area starts with the user's: compared in the database, whatever its LIKE escaping.
    return found.annotate(prefix=Substr("area", 1, len(area))).filter(prefix=area)


def scenario_for(user: AnyUser, pk: int) -> SavedScenario:
    """One visible scenario; ``SavedScenario.DoesNotExist`` for one the user may not see, as for none."""
    return visible_scenarios(user).get(pk=pk)


def save_scenario(user: User, name: str, query: QueryDict) -> SavedScenario:
    """Save the what-if of ``query`` (the page's form) as ``name``, for the saver's unit (or the one named)."""
    name = name.strip()
    if not name or len(name) > NAME_LENGTH:
        raise ServiceError(_("give the scenario a name of at most %(n)s characters") % {"n": NAME_LENGTH})
    area = _area(user)
    focus = focus_of(user, query.get("unit"))  # a unit outside the area is a 404, as on the page
    form = VariantForm.from_query(query)
    if form.year is None or not ReviewCycle.objects.filter(year=form.year).exists():
        raise ServiceError(_("no review round for that year"))
    kept = QueryDict(mutable=True)
    for key in KEPT:
        value = str(query.get(key) or "")
        if value:
            kept[key] = value
    if focus.code:
        kept["unit"] = focus.code
    return SavedScenario.objects.create(
        name=name, owner=user, area=area, year=form.year,
        standard=form.standard, query=kept.urlencode(),
    )  # fmt: skip


def delete_scenario(user: AnyUser, pk: int) -> None:
    """Delete the user's own scenario; another's that they may see is refused, one they may not is not found."""
    scenario = scenario_for(user, pk)
    if scenario.owner_id != user.pk:
        raise PermissionDenied(_("only the person who saved a scenario deletes it"))
    scenario.delete()


def scenario_json(scenario: SavedScenario) -> dict[str, Any]:
    query = QueryDict(scenario.query)
    unit = AdminUnit.objects.filter(code=query.get("unit", "")).values_list("name", flat=True).first()
    return {
        "id": scenario.pk, "name": scenario.name, "owner": scenario.owner.get_username(), "year": scenario.year,
        "standard": scenario.standard or None, "unit": query.get("unit") or None, "unit_name": unit,
        "settings": VariantForm.from_query(query).settings(), "query": scenario.query,
        "saved_at": scenario.saved_at.isoformat(),
    }  # fmt: skip


def compared(user: AnyUser, scenario: SavedScenario) -> dict[str, Any]:
    """The scenario's what-if for ``user`` (its unit lies in the user's area): households, changed and cost."""
    query = QueryDict(scenario.query)
    focus = focus_of(user, query.get("unit"))
    found = outcome(VariantForm.from_query(query), focus.path)
    if "error" in found:
        return {**scenario_json(scenario), "error": found["error"]}
    result = found["result"]
    return {
        **scenario_json(scenario), "households": result["households"], "changed": result["changed"],
        "cost": result.get("cost"),
    }  # fmt: skip
