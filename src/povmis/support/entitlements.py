"""Storing a classified review's entitlements: the core's vectorised evaluator, then one bulk insert.

Written whenever a review's results are stored (the registry's ``results_stored`` signal, support.counts), or by
`povmis support store-entitlements` for a review classified before; a page only reads them. Storing
again replaces the review's rows, so the rows always come from the latest run and today's policy files
(whose content hashes they record).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from django.db import transaction

from povmis.bulk import insert_frame
from povmis.core.policies.entitlements import entitlements
from povmis.core.policies.policy import Policy, load_policies
from povmis.registry.models import ClassificationRun, ReviewCycle
from povmis.support.models import Entitlement
from povmis.support.subjects import Subjects, member_code, review_subjects

PROVINCE_TOP_UPS: str | None = None  # the province's top-up layer (a folder under policies/top-ups/), if any


def review_policies() -> tuple[Policy, ...]:
    return load_policies(None, PROVINCE_TOP_UPS)


def entitlement_rows(subjects: Subjects, policies: tuple[Policy, ...], cycle_id: int) -> pl.DataFrame:
    """The core's entitlements of the review, in the table's columns (household by its key)."""
    found = entitlements(subjects.households, subjects.members, policies, subjects.on)
    keys = subjects.households.select("household_id", household_pk="household_pk")
    return found.join(keys, on="household_id", how="inner").select(
        cycle_id=pl.lit(cycle_id, dtype=pl.Int64),
        household_id=pl.col("household_pk"),
        member_code=member_code(pl.col("household_id"), pl.col("member_id")).fill_null(""),
        policy="policy",
        policy_hash="policy_hash",
        rule="rule",
        share="share",
        amount_vnd="amount_vnd",
        computed_on="on",
    )


def store_entitlements(year: int, subjects: Subjects | None = None) -> int:
    """(Re)compute and store the ``year`` review's entitlements; returns how many rows were written.

    ``subjects``: the whole review's, when the caller has them already (they are read otherwise).
    """
    cycle = ReviewCycle.objects.filter(year=year).first()
    if cycle is None or not ClassificationRun.objects.filter(cycle=cycle).exists():
        raise ClassificationRun.DoesNotExist(f"the {year} review has not been classified")
    rows = entitlement_rows(subjects or review_subjects(year), review_policies(), cycle.pk)
    with transaction.atomic():
        Entitlement.objects.filter(cycle=cycle).delete()
        return insert_frame(Entitlement, rows)


def store_commune_entitlements(year: int, cycle_id: int, paths: Sequence[str]) -> None:
    """Judge again only the communes at ``paths`` (an approved correction), replacing their rows."""
    policies = review_policies()
    with transaction.atomic():
        for path in paths:
            rows = entitlement_rows(review_subjects(year, path), policies, cycle_id)
            Entitlement.objects.filter(cycle_id=cycle_id, household__commune__path=path).delete()
            insert_frame(Entitlement, rows)
