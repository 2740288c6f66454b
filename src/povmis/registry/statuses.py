"""Storing a review's statuses (agricultural average living standard, low-income worker) beside its classes.

Written whenever a review's results are stored or amended (the registry's signals): the rules in force on
the review's date, evaluated by the core over the review's answers in one pass, the holders written in
one bulk insert. A status recognised on application is kept when the review is stored again: a decision
stands until another. The status never touches the household's class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl
from django.db import transaction

from povmis.bulk import insert_frame
from povmis.core.statuses import StatusRule, evaluate, holders, rules_in_force
from povmis.core.statuses.evaluate import SCHEMA, TYPES
from povmis.registry.cycle_data import asked_standard, cycle_frames
from povmis.registry.models import ClassificationRun, Household, ReviewCycle, Status


def judged_on(year: int) -> dt.date:
    """A review's statuses are judged on the last day of its year, like its list and its entitlements."""
    return dt.date(year, 12, 31)


def review_inputs(
    cycle: ReviewCycle, rules: Sequence[StatusRule], codes: Sequence[str] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The review's (households, members) with every input the rules read; one the survey does not ask is null."""
    households, members = cycle_frames(cycle.pk, asked_standard(cycle), codes)
    return _with_inputs(households, rules, "household"), _with_inputs(members, rules, "member")


def _with_inputs(frame: pl.DataFrame, rules: Sequence[StatusRule], table: str) -> pl.DataFrame:
    wanted = {i.id: TYPES[i.type] for rule in rules for i in rule.inputs.get(table, ())}
    if table == "household":
        wanted.pop("persons", None)  # counted from the members when the survey does not give it
    return frame.with_columns(
        pl.lit(None, dtype).alias(name) for name, dtype in wanted.items() if name not in frame.columns
    )


def answerable(cycle: ReviewCycle, rules: Sequence[StatusRule]) -> list[StatusRule]:
    """The rules whose income the review's survey asks: any other gives no holder (its band is unknown for all).

    So a review whose survey asks neither the 12 months' income nor a worker's own income (the 2022-2025
    questionnaire) loads nothing more when its results are stored.
    """
    standard = asked_standard(cycle)
    asked = {q.id for q in (*standard.questionnaire.household, *standard.questionnaire.member)}
    return [rule for rule in rules if (rule.income_column or rule.per_person_month_of) in asked]


def store_statuses(cycle: ReviewCycle, codes: Sequence[str] | None = None) -> int:
    """(Re)write the review's holders from its answers, of every household or of ``codes``; answer how many."""
    on = judged_on(cycle.year)
    rules = answerable(cycle, rules_in_force(on))
    found = pl.DataFrame(schema=SCHEMA)
    households = pl.DataFrame(schema={"household_id": pl.String, "household_pk": pl.Int64})
    if rules:
        households, members = review_inputs(cycle, rules, codes)
        found = holders(evaluate(households, members, rules, on))
    rows = found.join(households.select("household_id", "household_pk"), on="household_id").select(
        cycle_id=pl.lit(cycle.pk, dtype=pl.Int64),
        household_id=pl.col("household_pk"),
        member_code=pl.col("member_id").fill_null(""),
        status="status",
        rule="rule",
        rule_hash="rule_hash",
        income_per_person_month="income_per_person_month",
        source=pl.lit(Status.Source.REVIEW.value),
        application_id=pl.lit(None, dtype=pl.Int64),
        held_from=pl.lit(on),
    )
    with transaction.atomic():
        stored = Status.objects.filter(cycle=cycle)
        if codes is not None:
            stored = stored.filter(household__code__in=list(codes))
        stored.filter(source=Status.Source.REVIEW).delete()
        decided = pl.DataFrame(
            list(stored.values_list("household_id", "member_code", "status")),
            schema={"household_id": pl.Int64, "member_code": pl.String, "status": pl.String},
            orient="row",
        )
        return insert_frame(Status, rows.join(decided, on=["household_id", "member_code", "status"], how="anti"))


def on_results_stored(sender: Any, *, run: ClassificationRun, **kwargs: Any) -> None:
    store_statuses(run.cycle)


def on_results_amended(sender: Any, *, run: ClassificationRun, households: Sequence[int], **kwargs: Any) -> None:
    codes = list(Household.objects.filter(pk__in=households).values_list("code", flat=True))
    store_statuses(run.cycle, codes)
