"""The synthetic province after 2024: on the communes of the 1 July 2025 reorganisation, and in 2026
with the answers the 2027-2030 standard asks (digital services, domestic waste, monthly social benefits).

The class each household is drawn to is still the 2022-2025 standard's; the new answers are drawn
from it (a poor household is likelier to dump its waste or use no digital service) and change no class
under the 2022-2025 standard, which does not ask them. The shares are assumptions (docs/synth.md).

>>> frame = pl.DataFrame({"commune_code": ["64302"], "district_code": ["643"], "village_code": ["6430201"]})
>>> on_new_communes(frame).rows()
[('66001', None, None)]
"""

from __future__ import annotations

import polars as pl

from povmis.core.synth.draws import choose, uniform
from povmis.core.synth.population import NEAR_POOR, POOR
from povmis.core.synth.reorganisation import new_commune_of

# The first year whose review asks the 2027-2030 standard's questions too (the end-2026 review).
NEW_QUESTIONS_FROM = 2026
NEW_HOUSEHOLD_COLUMNS = ["uses_digital_services", "waste_disposal"]
NEW_MEMBER_COLUMNS = ["monthly_social_benefit"]
# Assumed shares: a member uses a digital service (online public services, e-payments), by class.
DIGITAL_SERVICES = {POOR: 0.45, NEAR_POOR: 0.60}
DIGITAL_SERVICES_OTHERS = 0.85
# How a household handles its domestic waste, by class (dumped or burned in the open is deprived).
WASTE_POOR = {"collected": 20, "composted": 15, "buried_or_burned_safely": 20, "dumped": 25, "burned_in_open": 20}
WASTE_NEAR_POOR = {"collected": 30, "composted": 15, "buried_or_burned_safely": 20, "dumped": 18, "burned_in_open": 17}
WASTE_OTHERS = {"collected": 55, "composted": 12, "buried_or_burned_safely": 18, "dumped": 8, "burned_in_open": 7}
# Members of 16 or more with a monthly social benefit (the elderly from 75, the disabled).
BENEFIT_FROM_75, BENEFIT_UNDER_75 = 0.60, 0.02


def on_new_communes(households: pl.DataFrame) -> pl.DataFrame:
    """The households' communes after the reorganisation; no district, and no village (theirs belong to the
    former communes, which the registry keeps as history)."""
    new = new_commune_of().select(pl.col("code").alias("commune_code"), "new_code")
    return (
        households.join(new, on="commune_code", how="left", maintain_order="left")
        .with_columns(
            pl.col("new_code").fill_null(pl.col("commune_code")).alias("commune_code"),
            pl.lit(None, pl.String).alias("district_code"),
            pl.lit(None, pl.String).alias("village_code"),
        )
        .drop("new_code")
    )


def new_household_answers(seed: int, year: int) -> dict[str, pl.Expr]:
    """uses_digital_services and waste_disposal, from the household's class (``class``) and ``lacks_telecom``."""
    household_class = pl.col("class")
    share = (
        pl.when(household_class == POOR)
        .then(DIGITAL_SERVICES[POOR])
        .when(household_class == NEAR_POOR)
        .then(DIGITAL_SERVICES[NEAR_POOR])
        .otherwise(DIGITAL_SERVICES_OTHERS)
    )
    digital = ~pl.col("lacks_telecom") & (uniform(pl.col("hh"), seed, f"digital services {year}") < share)
    u = uniform(pl.col("hh"), seed, f"waste {year}")
    waste = (
        pl.when(household_class == POOR)
        .then(choose(u, WASTE_POOR))
        .when(household_class == NEAR_POOR)
        .then(choose(u, WASTE_NEAR_POOR))
        .otherwise(choose(u, WASTE_OTHERS))
    )
    return {"uses_digital_services": digital.cast(pl.Int8), "waste_disposal": waste}


def new_member_answers(seed: int, year: int) -> dict[str, pl.Expr]:
    """monthly_social_benefit for members of 16 or more (null below: the question is not asked)."""
    age = pl.col("age")
    u = uniform(pl.col("hh") * 100 + pl.col("index"), seed, f"social benefit {year}")
    receives = pl.when(age >= 75).then(u < BENEFIT_FROM_75).otherwise(u < BENEFIT_UNDER_75)
    return {"monthly_social_benefit": pl.when(age >= 16).then(receives.cast(pl.Int8))}
