"""Two classified reviews of the small province (tests/conftest.py's world), made through the services.

Shared by the export tests and the browser tests.
"""

from __future__ import annotations

from povmis.registry.models import ReviewCycle
from povmis.registry.samples import household, member, survey
from povmis.registry.services import classify_cycle, import_survey, open_cycle

# Poor: income under the line and at least three deprivations (water, latrine, telecom, information, walls).
# Floor area stays the same across years: a jump would only add an import warning.
POOR = {
    "income_per_capita": "600000", "wall_durable": "0", "water_source": "surface_water",
    "latrine": "open_defecation", "uses_telecom": "0", "has_tv": "0", "has_phone": "0",
}  # fmt: skip
NEAR_POOR = {"income_per_capita": "1200000"}
NOT_POOR = {"income_per_capita": "5000000"}


ETHNIC_MINORITY = {"H2", "H3", "H4"}


def _row(code: str, commune: str, answers: dict[str, str]) -> dict[str, str]:
    village = "24121-01" if commune == "24121" else ""
    em = "1" if code in ETHNIC_MINORITY else "0"
    return household(
        household_id=code, commune_code=commune, village_code=village, head_name=f"Chủ hộ {code}",
        ethnic_minority=em, **answers,
    )  # fmt: skip


def _survey(rows: list[dict[str, str]]):
    members = [member(household_id=r["household_id"], member_id=f"{r['household_id']}-1") for r in rows]
    members += [member(household_id=r["household_id"], member_id=r["household_id"] + "-2", age="45") for r in rows[:2]]
    return survey(rows, members)


def review_two_years(world):
    """2023: H1 poor, H4 near-poor (Tân Lợi), H2 poor (Tân An), H3 not poor (Ea Kly); H2, H3, H4 ethnic minority.

    2024: H1 near-poor (escaped), H4 poor (from near-poor), H5 poor (new), H2 poor, H3 poor (new).
    """
    admin = world.personas["admin"]
    open_cycle(2023, user=admin, standard_id="vn-2022-2025")
    first = [_row("H1", "24121", POOR), _row("H4", "24121", NEAR_POOR), _row("H2", "24124", POOR),
             _row("H3", "24400", NOT_POOR)]  # fmt: skip
    import_survey(_survey(first), year=2023, user=admin, commit=True)
    classify_cycle(ReviewCycle.objects.get(year=2023), user=admin)
    second = [_row("H1", "24121", NEAR_POOR), _row("H4", "24121", POOR), _row("H5", "24121", POOR),
              _row("H2", "24124", POOR), _row("H3", "24400", POOR)]  # fmt: skip
    import_survey(_survey(second), year=2024, user=admin, commit=True)
    classify_cycle(world.cycle, user=admin)
    return world
