"""The work list's section of households at high risk of falling back into poverty, in the user's area."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from povmis.accounts.scoping import Access, AnyUser, area_path
from povmis.monitoring.risk import RiskFilter, latest_scoring, risk_count, risk_list
from povmis.monitoring.risk_views import risk_address, with_reasons
from povmis.registry.views.work import SHOWN, Item, Section


def households_at_risk(user: AnyUser) -> Section | None:
    """The households of the user's area in the province's top decile of risk, highest first."""
    area = area_path(user, Access.READ)
    scoring = latest_scoring()
    if area is None or scoring is None:
        return None
    wanted = RiskFilter(area, high_only=True)
    total = risk_count(scoring, wanted)
    if not total:
        return None
    rows = with_reasons(scoring, risk_list(scoring, wanted, SHOWN))
    items = [
        Item(
            text=f"{row['household_id']} · {row['head_name']}" if row["head_name"] else row["household_id"],
            url=reverse("household-detail", args=[row["household_id"]]),
            detail=_("risk %(risk)s%%: %(reasons)s") % {"risk": round(row["risk"] * 100), "reasons": row["reasons"]},
        )
        for row in rows.iter_rows(named=True)
    ]
    title = gettext_lazy("Households at high risk of falling back into poverty")
    return Section("risk", title, total, items, risk_address("", high=True))
