"""A valid sample household and member in the import layout, for the demo, the docs' examples and tests.

Each row is text, as read from a file; callers change one answer to make a case.
"""

from __future__ import annotations

import polars as pl

from povmis.registry.survey_import import SurveyFile, read_csv_pair

HOUSEHOLD: dict[str, str] = {
    "household_id": "H1",
    "commune_code": "24121",
    "village_code": "24121-01",
    "head_name": "Y Nguyễn",
    "area": "rural",
    "income_per_capita": "1200000",
    "housing_area_m2": "30",
    "wall_durable": "1",
    "column_durable": "1",
    "roof_durable": "1",
    "water_source": "piped",
    "latrine": "septic",
    "uses_telecom": "1",
    "has_tv": "1",
    "has_radio": "0",
    "has_computer": "0",
    "has_phone": "1",
}
MEMBER: dict[str, str] = {
    "household_id": "H1",
    "member_id": "1",
    "national_id": "",
    "age": "40",
    "health_insurance": "1",
    "malnourished": "",
    "in_school": "",
    "education_level": "upper_secondary",
    "labour_status": "stable",
}


def household(**changes: str) -> dict[str, str]:
    return {**HOUSEHOLD, **changes}


def member(**changes: str) -> dict[str, str]:
    return {**MEMBER, **changes}


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    return pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String)).write_csv().encode()


def survey(households: list[dict[str, str]], members: list[dict[str, str]]) -> SurveyFile:
    return read_csv_pair(csv_bytes(households), "households.csv", csv_bytes(members), "members.csv")
