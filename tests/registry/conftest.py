"""Fixtures for the registry's tests."""

from __future__ import annotations

import pytest

from povmis.registry.samples import household, member, survey
from povmis.registry.survey_import import SurveyFile


@pytest.fixture
def three_households() -> SurveyFile:
    """H1 (two members, one a 12-year-old pupil) and H4 (one member), both in Tân Lợi."""
    return survey(
        [household(), household(household_id="H4", village_code="", head_name="Bà Hoa")],
        [member(), member(member_id="2", age="12", in_school="1", malnourished="0", education_level="",
                          labour_status=""), member(household_id="H4")],
    )  # fmt: skip
