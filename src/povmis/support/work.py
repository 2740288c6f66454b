"""The commune cadre's work list: households entitled and not yet supported, by policy (a home-page section)."""

from __future__ import annotations

import polars as pl
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from povmis.accounts.models import RoleKind
from povmis.accounts.scoping import AnyUser, role_kind
from povmis.registry.views.work import SHOWN, Item, Section
from povmis.support import queries
from povmis.support.names import policy_names
from povmis.web.templatetags.povmis_web import number


def not_yet_supported(user: AnyUser) -> Section | None:
    """Per policy, how many of the commune's entitled were missed in the latest classified review's year."""
    # The reconciliation reads the whole area: a commune's is quick, a province's is the overview page's.
    if role_kind(user) != RoleKind.COMMUNE_CADRE:
        return None
    year = queries.latest_year(user)
    found = queries.reconciliation(user, year) if year is not None else None
    if found is None:
        return None
    missed = found.result.missed.group_by("policy").agg(households=pl.col("household_id").n_unique())
    names = policy_names()
    rows = sorted(missed.iter_rows(), key=lambda row: (-row[1], row[0]))
    items = [
        Item(
            text=names.get(policy, policy),
            url=reverse("support:missed", args=[policy]) + f"?year={year}",
            detail=_("%(count)s households, %(year)s") % {"count": number(count), "year": year},
        )
        for policy, count in rows[:SHOWN]
    ]
    total = found.result.missed["household_id"].n_unique()
    title = gettext_lazy("Households entitled and not yet supported")
    return Section("support-missed", title, total, items, reverse("support:overview") + f"?year={year}")
