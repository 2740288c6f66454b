"""A past review round's answers, read-only, for a what-if: one area's households and members as frames.

Only the surveys are read; the round's official results (HouseholdResult) are never read or written,
so a what-if can neither change nor be confused with them.
"""

from __future__ import annotations

import polars as pl

from povmis.bulk import fetch_frame
from povmis.core.standard import Standard
from povmis.registry import answers
from povmis.registry.models import Household, HouseholdSurvey, MemberSurvey
from povmis.units.models import AdminUnit

H = Household._meta.db_table
U = AdminUnit._meta.db_table
S = HouseholdSurvey._meta.db_table
M = MemberSurvey._meta.db_table

HOUSEHOLD_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "commune": pl.String(),
    "commune_name": pl.String(),
    "ethnic_minority": pl.Boolean(),
    "answers": pl.String(),
}
MEMBER_SCHEMA: dict[str, pl.DataType] = {"household_id": pl.String(), "member_id": pl.String(), "answers": pl.String()}


def round_frames(cycle_id: int, area: str, base: Standard, variant: Standard) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The (households, members) of the round under ``area`` (a unit path, "" for everywhere).

    Answers are decoded for the round's standard and for the questions only the variant asks; a
    question nobody answered in the round is left out, so the what-if reports its indicators as not
    assessed instead of marking every household as unanswered.
    """
    # The area is a bound parameter; the rest is table names of ours.
    where = "s.cycle_id = %s AND c.path LIKE %s"
    households = fetch_frame(
        f"SELECT h.code, c.code, c.name, h.ethnic_minority, s.answers FROM {S} s "  # noqa: S608
        f"JOIN {H} h ON h.id = s.household_id JOIN {U} c ON c.id = h.commune_id WHERE {where}",
        [cycle_id, f"{area}%"],
        HOUSEHOLD_SCHEMA,
    )
    members = fetch_frame(
        # S608: only our own table and column names are formatted in; every value is a bound parameter.
        f"SELECT h.code, m.member_code, m.answers FROM {M} m JOIN {S} s ON s.id = m.survey_id "  # noqa: S608
        f"JOIN {H} h ON h.id = s.household_id JOIN {U} c ON c.id = h.commune_id WHERE {where}",
        [cycle_id, f"{area}%"],
        MEMBER_SCHEMA,
    )
    # In household order, as the core's ordered path expects (see registry/cycle_data.py).
    households = households.sort("household_id")
    members = members.sort("household_id", "member_id")
    return (
        answers.decode_with_other(households, base, variant, "household"),
        answers.decode_with_other(members, base, variant, "member"),
    )
