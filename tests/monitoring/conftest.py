"""Two small classified reviews (2023, 2024) in Tân Lợi (C1) and Ea Kly (C3), computed by hand in the tests.

| household | commune | ethnic minority | 2023 | 2024 |
|---|---|---|---|---|
| A1 | C1 | yes | poor | poor (stayed poor) |
| A2 | C1 | no | poor | not poor (escaped poverty) |
| A3 | C1 | no | near-poor | near-poor (stayed near-poor) |
| A4 | C1 | not recorded | not poor | not poor |
| B1 | C3 | yes | poor | near-poor (poor to near-poor) |
| B2 | C3 | no | not poor | not poor |

The poor lack water, a latrine and telecom (three deprivations), nothing else.
"""

from __future__ import annotations

import datetime as dt

import pytest

from povmis.registry import applications
from povmis.registry.models import Application, Household, ReviewCycle
from povmis.registry.samples import household, member, survey
from povmis.registry.services import classify_cycle, import_survey, open_cycle

POOR = {"latrine": "simple_pit", "uses_telecom": "0", "water_source": "unprotected_well"}
NEAR_POOR: dict[str, str] = {}
NOT_POOR = {"income_per_capita": "3000000"}
C3 = {"commune_code": "24400", "village_code": ""}
HOUSEHOLDS = {
    # code: (place, ethnic minority, 2023 answers, 2024 answers)
    "A1": ({}, "1", POOR, POOR),
    "A2": ({}, "0", POOR, NOT_POOR),
    "A3": ({}, "0", NEAR_POOR, NEAR_POOR),
    "A4": ({}, "", NOT_POOR, NOT_POOR),
    "B1": (C3, "1", POOR, NEAR_POOR),
    "B2": (C3, "0", NOT_POOR, NOT_POOR),
}


def _import(world, year: int) -> None:
    for cadre, codes in (("cadre", ["A1", "A2", "A3", "A4"]), ("other_cadre", ["B1", "B2"])):
        rows = [
            household(household_id=code, ethnic_minority=HOUSEHOLDS[code][1], **HOUSEHOLDS[code][0],
                      **HOUSEHOLDS[code][2 if year == 2023 else 3])
            for code in codes
        ]  # fmt: skip
        members = [member(household_id=code) for code in codes]
        effect = import_survey(survey(rows, members), year=year, user=world.personas[cadre], commit=True)
        assert effect.counts["rejected"] == 0, effect


@pytest.fixture
def classified(world):
    """The world with both reviews imported and classified by the province."""
    province = world.personas["province"]
    earlier = open_cycle(2023, user=province, standard_id="vn-2022-2025")
    _import(world, 2023)
    classify_cycle(earlier, user=province)
    _import(world, 2024)
    classify_cycle(ReviewCycle.objects.get(year=2024), user=province)
    return world


@pytest.fixture
def a4_recognised_poor(classified):
    """A4 of Tân Lợi (not poor in 2024) applies after a bad harvest and is recognised poor on 20 March 2025."""
    poorer = survey(
        [household(household_id="A4", income_per_capita="900000", water_source="surface_water",
                   latrine="open_defecation")],
        [member(household_id="A4", health_insurance="0")],
    )  # fmt: skip
    import_survey(poorer, year=2024, user=classified.personas["admin"], commit=True)
    cadre = classified.personas["cadre"]
    application = applications.file_application(
        Household.objects.get(code="A4"), user=cadre, request="poor_or_near_poor", channel="in_person",
        filed_on=dt.date(2025, 3, 2), reason="lost the coffee harvest",
    )  # fmt: skip
    applications.assess(application, user=cadre)
    applications.record_step(application, user=cadre, step=Application.Step.VILLAGE_MEETING)
    applications.record_step(application, user=cadre, step=Application.Step.POSTED)
    applications.decide(application, user=cadre, recognise=True, decided_on=dt.date(2025, 3, 20))
    return classified
