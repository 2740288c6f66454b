"""Classifying a round under a further standard, beside its official results, and reading it back.

The round's answers are read once, in bulk, decoded for its own standard and for the questions only
the further standard asks, and handed to core/comparison.py: one vectorised pass under each standard.
The results are written in bulk (COPY on PostgreSQL) to their own table; the official run, its
results and every figure built on them are left as they were.
"""

from __future__ import annotations

import json

import polars as pl
from django.contrib.auth.models import User
from django.db import transaction

from povmis.accounts.scoping import role_kind
from povmis.bulk import fetch_frame, insert_frame
from povmis.core.comparison import RECLASSIFIED, WHY, compare_standards
from povmis.core.standard import Standard, load_standard
from povmis.errors import PermissionDenied, ServiceError
from povmis.registry import answers
from povmis.registry.classification import CLASSIFIERS
from povmis.registry.cycle_data import StandardChangedError, like_prefix
from povmis.registry.cycle_lock import lock_cycle
from povmis.registry.models import Household, HouseholdSurvey, MemberSurvey, ReviewCycle, StandardResult, StandardRun
from povmis.registry.survey_import import Progress
from povmis.units.models import AdminUnit

H = Household._meta.db_table
U = AdminUnit._meta.db_table
S = HouseholdSurvey._meta.db_table
M = MemberSurvey._meta.db_table
SR = StandardResult._meta.db_table


def classify_cycle_under(
    cycle: ReviewCycle, standard_id: str, *, user: User | None, progress: Progress | None = None
) -> StandardRun:
    """Classify the round under ``standard_id`` and store it beside the official results (replacing an earlier run).

    A closed round may be classified under another standard too: nothing official changes.
    """
    say = progress or (lambda _message: None)
    if user is not None and role_kind(user) not in CLASSIFIERS:
        raise PermissionDenied("only the province or an administrator classifies a review cycle")
    if standard_id == cycle.standard_id:
        raise ServiceError(
            f"{standard_id} is the {cycle.year} review's own standard: classify it with `povmis review classify`"
        )
    official, further = load_standard(cycle.standard_id), load_standard(standard_id)
    with transaction.atomic():
        cycle = lock_cycle(cycle.pk)
        say("loading answers")
        households, members = round_answers(cycle.pk, official, further)
        say(f"classifying {households.height} households under both standards")
        keys = households.select("household_id", "household_pk")
        comparison = compare_standards(households.drop("household_pk"), members, official, further)
        del households, members
        say("storing results")
        StandardRun.objects.filter(cycle=cycle, standard_id=further.id).delete()
        run = StandardRun.objects.create(
            cycle=cycle,
            standard_id=further.id,
            standard_hash=further.content_hash,
            official_standard_id=official.id,
            official_standard_hash=official.content_hash,
            not_assessed=json.dumps(list(comparison.not_assessed)),
            ran_by=user,
            household_count=comparison.households.height,
        )
        frame = comparison.households.join(keys, on="household_id", how="left")
        insert_frame(StandardResult, _rows(frame, further, run))
    say("done")
    return run


def round_answers(cycle_id: int, official: Standard, further: Standard) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The round's (households, members), decoded for its standard plus the further standard's own questions."""
    hh_schema: dict[str, pl.DataType] = {
        "household_id": pl.String(),
        "household_pk": pl.Int64(),
        "answers": pl.String(),
    }
    mm_schema: dict[str, pl.DataType] = {"household_id": pl.String(), "member_id": pl.String(), "answers": pl.String()}
    households = fetch_frame(
        f"SELECT h.code, h.id, s.answers FROM {S} s JOIN {H} h ON h.id = s.household_id "  # noqa: S608  # table names from model metadata, values as parameters
        "WHERE s.cycle_id = %s",
        [cycle_id],
        hh_schema,
    ).sort("household_id")
    members = fetch_frame(
        f"SELECT h.code, m.member_code, m.answers FROM {M} m JOIN {S} s ON s.id = m.survey_id "  # noqa: S608  # table names from model metadata, values as parameters
        f"JOIN {H} h ON h.id = s.household_id WHERE s.cycle_id = %s",
        [cycle_id],
        mm_schema,
    ).sort("household_id", "member_id")
    return (
        answers.decode_with_other(households, official, further, "household"),
        answers.decode_with_other(members, official, further, "member"),
    )


def _json_list(column: str) -> pl.Expr:
    items = pl.col(column)
    return pl.when(items.list.len() == 0).then(pl.lit("[]")).otherwise(pl.format('["{}"]', items.list.join('", "')))


def _rows(frame: pl.DataFrame, standard: Standard, run: StandardRun) -> pl.DataFrame:
    bits = [
        pl.col(f"new_{ind.flag}").cast(pl.Boolean).fill_null(value=False).cast(pl.Int64) * (1 << bit)
        for bit, ind in enumerate(standard.indicators)
        if f"new_{ind.flag}" in frame.columns  # an indicator the round could not assess is not deprived
    ]
    return frame.select(
        pl.lit(run.pk).alias("run_id"),
        pl.col("household_pk").alias("household_id"),
        pl.col("new_class").cast(pl.String).fill_null("").alias("household_class"),
        pl.col("old_class").cast(pl.String).fill_null("").alias("official_class"),
        pl.col("new_class_rule").cast(pl.String).fill_null("").alias("class_rule"),
        pl.col("new_deprivation_count").fill_null(0).cast(pl.Int64).alias("deprivation_count"),
        (pl.sum_horizontal(bits) if bits else pl.lit(0, pl.Int64)).alias("deprived_mask"),
        pl.col("transition"),
        *[pl.col(f"why_{name}").fill_null(value=False) for name in WHY],
        _json_list("gained").alias("gained"),
        _json_list("lost").alias("lost"),
    )


RESULT_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "household_pk": pl.Int64(),
    "unit_path": pl.String(),
    "commune_code": pl.String(),
    "commune_name": pl.String(),
    "official_class": pl.String(),
    "class": pl.String(),
    "transition": pl.String(),
    **{f"why_{name}": pl.Boolean() for name in WHY},
    "gained": pl.String(),
    "lost": pl.String(),
}


def standard_results(run: StandardRun, area: str = "") -> pl.DataFrame:
    """The read model of a further run: each household inside ``area`` (a unit path) with both classes and why.

    Columns: household_id, household_pk, unit_path (the commune's path), commune_code, commune_name,
    official_class, class (null when unclassified), transition, the why_* codes, gained and lost (lists
    of indicator ids) and standard_id. The standard is checked against the hash the run stored.
    """
    standard = load_standard(run.standard_id)
    if standard.content_hash != run.standard_hash:
        raise StandardChangedError(
            f"standard {run.standard_id} has changed since the {run.cycle.year} review was classified under it "
            f"(stored hash {run.standard_hash[:12]}, file {standard.content_hash[:12]}): "
            "restore the file or re-classify"
        )
    why = ", ".join(f"r.why_{name}" for name in WHY)
    sql = (
        f"SELECT h.code, h.id, c.path, c.code, c.name, r.official_class, r.household_class, r.transition, "  # noqa: S608  # table names from model metadata, values as parameters
        f"{why}, r.gained, r.lost FROM {SR} r JOIN {H} h ON h.id = r.household_id "
        f"JOIN {U} c ON c.id = h.commune_id WHERE r.run_id = %s AND c.path LIKE %s ESCAPE '\\'"
    )
    frame = fetch_frame(sql, [run.pk, like_prefix(area)], RESULT_SCHEMA)
    return frame.sort("household_id").with_columns(
        pl.col("official_class", "class").replace("", None),
        pl.col("gained", "lost").str.json_decode(pl.List(pl.String)),
        pl.lit(standard.id).alias("standard_id"),
    )


__all__ = ["RECLASSIFIED", "classify_cycle_under", "round_answers", "standard_results"]
