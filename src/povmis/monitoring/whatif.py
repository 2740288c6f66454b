"""What-if on a past review round: the one data function behind the page, the API and ``povmis whatif``.

The round's answers are read for the caller's area only, classified under the round's standard and
under the variant by the core (core/whatif.py), and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import polars as pl

from povmis.accounts.scoping import EVERYWHERE
from povmis.core.policies.policy import load_policies
from povmis.core.standard import load_standard
from povmis.core.variants import variant
from povmis.core.whatif import Costing, WhatIf, what_if
from povmis.core.whatif_cost import load_premiums, support_cost
from povmis.monitoring.whatif_rounds import round_frames
from povmis.registry.models import ReviewCycle
from povmis.units.models import AdminUnit

# The breakdowns every rendering gives: name -> column of the what-if's households.
GROUPS = {"unit": "commune", "ethnicity": "ethnicity", "area": "area"}


def support_costing(cycle: ReviewCycle, members: pl.DataFrame) -> Costing:
    """The cost of the changed classes under the shipped support policies in force at the round's year end
    (core/whatif_cost.py): premiums, loans, houses and every other policy that pays a sum."""
    on = dt.date(cycle.year, 12, 31)
    policies, premium = load_policies(), load_premiums().annual(on)

    def costing(households: pl.DataFrame) -> dict[str, int]:
        return support_cost(_with_commune_status(households), members, policies, on, premium)

    return costing


def _with_commune_status(households: pl.DataFrame) -> pl.DataFrame:
    """Whether each household's commune is extremely disadvantaged, as the registry's units record it."""
    codes = households["commune"].unique().to_list()
    status = pl.DataFrame(
        list(AdminUnit.objects.filter(code__in=codes).values_list("code", "is_disadvantaged")),
        schema={"commune": pl.String, "extremely_difficult_commune": pl.Boolean},
        orient="row",
    )
    return households.join(status, on="commune", how="left")


def round_whatif(
    year: int, area: str = EVERYWHERE, standard_id: str | None = None, changes: Mapping[str, Any] | None = None
) -> tuple[WhatIf, ReviewCycle]:
    """``year``'s round under ``area`` (a unit path; "" is everywhere) against the variant.

    The variant is ``standard_id`` (another standard or a layer; the round's own when None) with
    ``changes`` applied. Raises ReviewCycle.DoesNotExist for a year without a round, StandardError for
    an unknown standard or a bad change (the message names the key).
    """
    cycle = ReviewCycle.objects.get(year=year)
    base = load_standard(cycle.standard_id)
    against = load_standard(standard_id) if standard_id else base
    target = variant(against, changes or {})  # checked before the round is read: a typo fails at once
    households, members = round_frames(cycle.pk, area, base, target)
    households = households.with_columns(_ethnicity())
    costing = support_costing(cycle, members)
    return what_if(households, members, base, changes, against=against, costing=costing), cycle


def whatif_json(result: WhatIf, cycle: ReviewCycle) -> dict[str, Any]:
    return {"year": cycle.year, **result.as_json(GROUPS)}


def _ethnicity() -> pl.Expr:
    minority = pl.col("ethnic_minority")
    return (
        pl.when(minority).then(pl.lit("minority")).when(~minority).then(pl.lit("majority")).otherwise(pl.lit("unknown"))
    ).alias("ethnicity")
