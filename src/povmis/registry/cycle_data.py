"""Loading a cycle's answers from the database into Polars frames, without one ORM object per row."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from django.db import connection

from povmis.bulk import fetch_frame, key_table
from povmis.core.asked import asking_too
from povmis.core.standard import Standard, load_standard
from povmis.registry import answers
from povmis.registry.models import (
    ClassificationRun,
    Household,
    HouseholdResult,
    HouseholdSurvey,
    MemberSurvey,
    ReviewCycle,
)
from povmis.units.models import AdminUnit

H = Household._meta.db_table
U = AdminUnit._meta.db_table
S = HouseholdSurvey._meta.db_table
M = MemberSurvey._meta.db_table
R = HouseholdResult._meta.db_table

STORED_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "household_pk": pl.Int64(),
    "commune_code": pl.String(),
    "village_code": pl.String(),
    "head_name": pl.String(),
    "commune_path": pl.String(),
    "survey_pk": pl.Int64(),
    "fingerprint": pl.String(),
    "answers": pl.String(),
}


def stored_households(codes: Sequence[str] | pl.Series, cycle_id: int) -> pl.DataFrame:
    """The households with these codes as stored: place, head and (if any) this cycle's survey."""
    with key_table(pl.Series(codes, dtype=pl.String)) as keys:
        sql = (
            # S608: only our own table and column names are formatted in; every value is a bound parameter.
            f"SELECT h.code, h.id, c.code, v.code, h.head_name, c.path, s.id, s.fingerprint, s.answers "  # noqa: S608
            f"FROM {keys} k JOIN {H} h ON h.code = k.key JOIN {U} c ON c.id = h.commune_id "
            f"LEFT JOIN {U} v ON v.id = h.village_id "
            f"LEFT JOIN {S} s ON s.household_id = h.id AND s.cycle_id = %s"
        )
        return fetch_frame(sql, [cycle_id], STORED_SCHEMA)


def household_pks(codes: pl.Series) -> pl.DataFrame:
    """household_id → household_pk for the registered households among ``codes`` (ids only, no answers)."""
    with key_table(codes.cast(pl.String)) as keys:
        sql = f"SELECT h.code, h.id FROM {keys} k JOIN {H} h ON h.code = k.key"  # noqa: S608  # table names only
        return fetch_frame(sql, [], {"household_id": pl.String(), "household_pk": pl.Int64()})


def survey_pks(cycle_id: int, households: pl.Series) -> pl.DataFrame:
    """household_pk → survey_pk of these households' surveys in the cycle."""
    with key_table(households.cast(pl.Int64)) as keys:
        sql = (
            f"SELECT s.household_id, s.id FROM {keys} k "  # noqa: S608  # table names only; the cycle is a parameter
            f"JOIN {S} s ON s.household_id = k.key WHERE s.cycle_id = %s"
        )
        return fetch_frame(sql, [cycle_id], {"household_pk": pl.Int64(), "survey_pk": pl.Int64()})


MEMBER_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "member_id": pl.String(),
    "national_id": pl.String(),
    "answers": pl.String(),
}


def stored_members(survey_pks: Sequence[int] | pl.Series) -> pl.DataFrame:
    with key_table(pl.Series(survey_pks, dtype=pl.Int64)) as keys:
        sql = (
            # S608: only our own table and column names are formatted in; every value is a bound parameter.
            f"SELECT h.code, m.member_code, m.national_id, m.answers FROM {keys} k "  # noqa: S608
            f"JOIN {M} m ON m.survey_id = k.key JOIN {S} s ON s.id = m.survey_id "
            f"JOIN {H} h ON h.id = s.household_id"
        )
        return fetch_frame(sql, [], MEMBER_SCHEMA)


def members_with_national_ids(
    cycle_id: int, national_ids: Sequence[str] | pl.Series, households: Sequence[str] | pl.Series
) -> pl.DataFrame:
    """Members of this cycle, in households other than ``households``, who carry one of these ID numbers.

    The households of the file being imported are left out: their stored members are what the file
    replaces, so only an ID held by a household the file does not touch is a conflict with the registry.
    Each holder comes with its commune's path, so the check can tell one the user may read from one
    it must not name.
    """
    schema: dict[str, pl.DataType] = {
        "stored_household_id": pl.String(),
        "national_id": pl.String(),
        "stored_commune_path": pl.String(),
    }
    with (
        key_table(pl.Series(national_ids, dtype=pl.String)) as ids,
        key_table(pl.Series(households, dtype=pl.String)) as replaced,
    ):
        if connection.vendor == "sqlite":
            # SQLite runs the NOT EXISTS below once per matching member, scanning the file's household
            # codes each time: re-importing 100,000 stored households took 17 minutes. Indexed: 10 s
            # (10,000: 3 s, from 48). PostgreSQL plans it as a hashed anti-join of its own.
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE INDEX {replaced[:-1]}_key" ON {replaced} (key)')
        sql = (
            # S608: only our own table and column names are formatted in; every value is a bound parameter.
            f"SELECT h.code, m.national_id, c.path FROM {ids} k JOIN {M} m ON m.national_id = k.key "  # noqa: S608
            f"JOIN {S} s ON s.id = m.survey_id JOIN {H} h ON h.id = s.household_id JOIN {U} c ON c.id = h.commune_id "
            f"WHERE s.cycle_id = %s AND m.national_id <> '' "
            f"AND NOT EXISTS (SELECT 1 FROM {replaced} r WHERE r.key = h.code)"
        )
        return fetch_frame(sql, [cycle_id], schema)


def cycle_frames(
    cycle_id: int, standard: Standard, codes: Sequence[str] | pl.Series | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A cycle's (households, members) answer frames, typed, ready for the core; optionally some households."""
    hh_schema: dict[str, pl.DataType] = {
        "household_id": pl.String(),
        "household_pk": pl.Int64(),
        "commune_path": pl.String(),
        "answers": pl.String(),
    }
    mm_schema: dict[str, pl.DataType] = {
        "household_id": pl.String(),
        "member_id": pl.String(),
        "answers": pl.String(),
    }
    base_h = (
        # S608: only our own table and column names are formatted in; every value is a bound parameter.
        f"SELECT h.code, h.id, c.path, s.answers FROM {S} s JOIN {H} h ON h.id = s.household_id "  # noqa: S608
        f"JOIN {U} c ON c.id = h.commune_id WHERE s.cycle_id = %s"
    )
    base_m = (
        # S608: only our own table and column names are formatted in; every value is a bound parameter.
        f"SELECT h.code, m.member_code, m.answers FROM {M} m JOIN {S} s ON s.id = m.survey_id "  # noqa: S608
        f"JOIN {H} h ON h.id = s.household_id WHERE s.cycle_id = %s"
    )
    if codes is None:
        return _decoded(base_h, [cycle_id], hh_schema, standard), _decoded(base_m, [cycle_id], mm_schema, standard)
    with key_table(pl.Series(codes, dtype=pl.String)) as keys:
        some = f" AND h.code IN (SELECT key FROM {keys})"  # noqa: S608  # a table name of ours
        return _decoded(base_h + some, [cycle_id], hh_schema, standard), _decoded(
            base_m + some, [cycle_id], mm_schema, standard
        )


def _decoded(sql: str, params: list[int], schema: dict[str, pl.DataType], standard: Standard) -> pl.DataFrame:
    """One table's answers read and decoded, its JSON text let go before the next table is read.

    Read both first, then decoded, a province's household and member texts would sit in memory beside
    the decoded frames while the classification's peak is set.
    """
    table = "member" if "member_id" in schema else "household"
    order = ["household_id", "member_id"] if table == "member" else ["household_id"]
    # Listed household by household (Polars' byte order, not the database's collation), the core takes
    # its sorted paths: no hashing of half a million household IDs.
    return answers.decode(fetch_frame(sql, params, schema).sort(order), "answers", standard, table)


def asked_standard(cycle: ReviewCycle) -> Standard:
    """The review's standard with the questions of the further standards its survey also asks (core/asked.py)."""
    return asking_too(load_standard(cycle.standard_id), [load_standard(other) for other in cycle.further_standard_ids])


class StandardChangedError(ValueError):
    """The standard file of a stored run no longer has the hash the run recorded."""


def like_prefix(path: str) -> str:
    """A LIKE pattern for "starts with ``path``", escaping LIKE's wildcards."""
    return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def review_results(year: int, area: str = "", *, verify: bool = True) -> pl.DataFrame:
    """The results read model: each household of the ``year`` review's latest run inside ``area``, typed.

    Columns: household_id, household_pk, commune_id, unit_path (the commune's path), class (an Enum of
    the standard's classes, null when unclassified), transition, one boolean column per indicator (from
    the stored bitmask), ethnic_minority (null: not recorded), area (rural/urban answer), persons and
    standard_id. The run's standard is loaded and checked against the hash the run stored, so the
    indicator columns are those the results were computed with.
    """
    run = ClassificationRun.objects.filter(cycle__year=year).order_by("-pk").first()
    if run is None:
        raise ClassificationRun.DoesNotExist(f"the {year} review has not been classified")
    standard = load_standard(run.standard_id)
    # ``verify`` False only for readers of the class alone, to whom the indicator bits do not matter.
    if verify and standard.content_hash != run.standard_hash:
        raise StandardChangedError(
            f"standard {run.standard_id} has changed since the {year} review was classified "
            f"(stored hash {run.standard_hash[:12]}, file {standard.content_hash[:12]}): "
            "restore the file or re-classify"
        )
    sql = (
        # S608: only our own table and column names are formatted in; every value is a bound parameter.
        f"SELECT h.code, h.id, h.commune_id, c.path, r.household_class, r.transition, r.deprived_mask, "  # noqa: S608
        f"h.ethnic_minority, {answer_sql('s.answers', 'area')}, (SELECT COUNT(*) FROM {M} m WHERE m.survey_id = s.id) "
        f"FROM {R} r JOIN {H} h ON h.id = r.household_id JOIN {U} c ON c.id = h.commune_id "
        f"LEFT JOIN {S} s ON s.household_id = h.id AND s.cycle_id = r.cycle_id "
        "WHERE r.run_id = %s AND c.path LIKE %s ESCAPE '\\'"
    )
    frame = fetch_frame(sql, [run.pk, like_prefix(area)], RESULT_SCHEMA)
    mask = pl.col("deprived_mask")
    return frame.select(
        "household_id", "household_pk", "commune_id", "unit_path",
        pl.col("class").replace("", None).cast(pl.Enum(standard.class_ids)),
        pl.col("transition").replace("", None),
        *[((mask & (1 << bit)) != 0).alias(ind.id) for bit, ind in enumerate(standard.indicators)],
        "ethnic_minority",
        "area",
        "persons",
        pl.lit(standard.id).alias("standard_id"),
    )  # fmt: skip


RESULT_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "household_pk": pl.Int64(),
    "commune_id": pl.Int64(),
    "unit_path": pl.String(),
    "class": pl.String(),
    "transition": pl.String(),
    "deprived_mask": pl.Int64(),
    "ethnic_minority": pl.Boolean(),
    "area": pl.String(),
    "persons": pl.Int64(),
}


def answer_sql(column: str, question: str) -> str:
    """SQL for one answer of a JSON answers column, as text (null when the row or the answer is missing).

    Read by the database: a province's answers would otherwise travel whole to Python for one field.
    ``question`` is a questionnaire id (letters, digits and underscores), never user input.
    """
    if not question.isidentifier():
        raise ValueError(f"not a question id: {question!r}")
    if connection.vendor == "postgresql":
        return f"(CAST({column} AS jsonb) ->> '{question}')"
    return f"CAST(json_extract({column}, '$.{question}') AS TEXT)"
