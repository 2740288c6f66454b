"""Three classified reviews (2022-2024) of 300 households, for the fall-back risk's tests.

Tân Lợi (C1) has R001-R200, Ea Kly (C3) S001-S100. Each household's income drifts from round to
round by a seeded random factor around its own level, so some households not poor in one round are
poor in the next; a household below the line that lacks water, a latrine and telecom is poor, one
below the line without them near-poor. Seeded: the same history on every run and database.
"""

from __future__ import annotations

import random

from povmis.registry.models import ReviewCycle
from povmis.registry.samples import household, member, survey
from povmis.registry.services import classify_cycle, import_survey, open_cycle

YEARS = (2022, 2023, 2024)
LACKING = {"latrine": "simple_pit", "uses_telecom": "0", "water_source": "unprotected_well"}


def _codes() -> list[tuple[str, dict[str, str]]]:
    c3 = {"commune_code": "24400", "village_code": ""}
    return [(f"R{i:03}", {}) for i in range(1, 201)] + [(f"S{i:03}", c3) for i in range(1, 101)]


def _answers() -> dict[int, dict[str, dict[str, str]]]:
    draw = random.Random(12)
    by_year: dict[int, dict[str, dict[str, str]]] = {year: {} for year in YEARS}
    for code, place in _codes():
        level = draw.uniform(1_100_000, 3_400_000)
        lacking = draw.random() < 0.5
        for year in YEARS:
            income = int(level * draw.uniform(0.7, 1.3))
            answers = {**place, "income_per_capita": str(income), "head_name": f"Chủ hộ {code}"}
            by_year[year][code] = {**answers, **(LACKING if lacking else {})}
    return by_year


def build_history(world) -> None:
    """Open, import and classify the three reviews (the world's 2024 cycle is the last)."""
    admin = world.personas["admin"]
    answers = _answers()
    for year in YEARS:
        cycle = ReviewCycle.objects.filter(year=year).first() or open_cycle(
            year, user=admin, standard_id="vn-2022-2025"
        )
        rows = [household(household_id=code, **answers[year][code]) for code, _place in _codes()]
        members = [member(household_id=code) for code, _place in _codes()]
        effect = import_survey(survey(rows, members), year=year, user=admin, commit=True)
        assert effect.counts["rejected"] == 0, effect
        classify_cycle(cycle, user=admin)
