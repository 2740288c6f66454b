"""Loading a cycle's answers from the database into Polars frames, without one ORM object per row."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import polars as pl

from povmis.core.standard import Standard
from povmis.registry import answers
from povmis.registry.bulk import fetch_frame
from povmis.registry.models import AdminUnit, Household, HouseholdSurvey, MemberSurvey

# SQLite allows 32,766 parameters per statement; stay well below on every database.
CHUNK = 5_000

H = Household._meta.db_table
U = AdminUnit._meta.db_table
S = HouseholdSurvey._meta.db_table
M = MemberSurvey._meta.db_table

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


def chunks(values: Sequence[str | int], size: int = CHUNK) -> Iterator[list[str | int]]:
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


def stored_households(codes: Sequence[str], cycle_id: int) -> pl.DataFrame:
    """The households with these codes as stored: place, head and (if any) this cycle's survey."""
    parts = []
    for chunk in chunks(codes):
        sql = (
            f"SELECT h.code, h.id, c.code, v.code, h.head_name, c.path, s.id, s.fingerprint, s.answers "  # noqa: S608
            f"FROM {H} h JOIN {U} c ON c.id = h.commune_id LEFT JOIN {U} v ON v.id = h.village_id "
            f"LEFT JOIN {S} s ON s.household_id = h.id AND s.cycle_id = %s "
            f"WHERE h.code IN ({_marks(len(chunk))})"
        )
        parts.append(fetch_frame(sql, [cycle_id, *chunk], STORED_SCHEMA))
    return pl.concat(parts) if parts else pl.DataFrame(schema=STORED_SCHEMA)


MEMBER_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "member_id": pl.String(),
    "national_id": pl.String(),
    "answers": pl.String(),
}


def stored_members(survey_pks: Sequence[int]) -> pl.DataFrame:
    parts = []
    for chunk in chunks(survey_pks):
        sql = (
            f"SELECT h.code, m.member_code, m.national_id, m.answers FROM {M} m "  # noqa: S608
            f"JOIN {S} s ON s.id = m.survey_id JOIN {H} h ON h.id = s.household_id "
            f"WHERE m.survey_id IN ({_marks(len(chunk))})"
        )
        parts.append(fetch_frame(sql, list(chunk), MEMBER_SCHEMA))
    return pl.concat(parts) if parts else pl.DataFrame(schema=MEMBER_SCHEMA)


def members_with_national_ids(cycle_id: int, national_ids: Sequence[str]) -> pl.DataFrame:
    """Members of this cycle who carry one of these national ID numbers, with their household code."""
    schema: dict[str, pl.DataType] = {"stored_household_id": pl.String(), "national_id": pl.String()}
    parts = []
    for chunk in chunks(national_ids):
        sql = (
            f"SELECT h.code, m.national_id FROM {M} m JOIN {S} s ON s.id = m.survey_id "  # noqa: S608
            f"JOIN {H} h ON h.id = s.household_id WHERE s.cycle_id = %s AND m.national_id IN ({_marks(len(chunk))})"
        )
        parts.append(fetch_frame(sql, [cycle_id, *chunk], schema))
    return pl.concat(parts) if parts else pl.DataFrame(schema=schema)


def cycle_frames(
    cycle_id: int, standard: Standard, codes: Sequence[str] | None = None
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
        f"SELECT h.code, h.id, c.path, s.answers FROM {S} s JOIN {H} h ON h.id = s.household_id "  # noqa: S608
        f"JOIN {U} c ON c.id = h.commune_id WHERE s.cycle_id = %s"
    )
    base_m = (
        f"SELECT h.code, m.member_code, m.answers FROM {M} m JOIN {S} s ON s.id = m.survey_id "  # noqa: S608
        f"JOIN {H} h ON h.id = s.household_id WHERE s.cycle_id = %s"
    )
    if codes is None:
        households = fetch_frame(base_h, [cycle_id], hh_schema)
        members = fetch_frame(base_m, [cycle_id], mm_schema)
    else:
        h_parts, m_parts = [], []
        for chunk in chunks(codes):
            where = f" AND h.code IN ({_marks(len(chunk))})"
            h_parts.append(fetch_frame(base_h + where, [cycle_id, *chunk], hh_schema))
            m_parts.append(fetch_frame(base_m + where, [cycle_id, *chunk], mm_schema))
        households = pl.concat(h_parts) if h_parts else pl.DataFrame(schema=hh_schema)
        members = pl.concat(m_parts) if m_parts else pl.DataFrame(schema=mm_schema)
    return (
        answers.decode(households, "answers", standard, "household"),
        answers.decode(members, "answers", standard, "member"),
    )
