"""The synthetic province, year by year: the frames `povmis classify` reads, for one chunk at a time.

>>> from povmis.core.standard import load_standard
>>> province = SyntheticProvince(seed=7, households=2_000, standard=load_standard("vn-2022-2025"))
>>> year = province.year(2024)
>>> year.households.height, year.households["household_id"].is_unique().all()
(2000, True)
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from povmis.core.standard import Standard
from povmis.core.synth.calibration import YEARS, YearTarget, year_targets
from povmis.core.synth.deprivations import choose_deprivations, composition
from povmis.core.synth.household_answers import dwelling, income
from povmis.core.synth.later_years import (
    NEW_HOUSEHOLD_COLUMNS,
    NEW_MEMBER_COLUMNS,
    NEW_QUESTIONS_FROM,
    new_household_answers,
    new_member_answers,
    on_new_communes,
)
from povmis.core.synth.member_answers import member_answers
from povmis.core.synth.members import PROVINCE_CODES, group_counts, member_universe, with_national_ids
from povmis.core.synth.names import head_name
from povmis.core.synth.population import classify_targets, household_universe
from povmis.core.synth.units import REORGANISED_ON, village_profile

HOUSEHOLD_COLUMNS = [
    "household_id", "district_code", "commune_code", "village_code", "ethnic_minority", "head_name", "area",
    "income_per_capita", "housing_area_m2", "wall_durable", "column_durable", "roof_durable", "water_source",
    "latrine", "uses_telecom", "has_tv", "has_radio", "has_computer", "has_phone",
]  # fmt: skip
MEMBER_COLUMNS = [
    "household_id", "member_id", "national_id", "relation", "sex", "age", "health_insurance", "malnourished",
    "in_school", "education_level", "labour_status",
]  # fmt: skip
# The real province's households at the end of 2024 (calibration.year_targets()).
PROVINCE_SIZE = 539_718
# Above this many households a year is produced district by district, to bound memory.
CHUNK_ABOVE = 2_000_000


@dataclass(frozen=True)
class SyntheticYear:
    """One year (or one chunk of a year) of the register: households and their members."""

    year: int
    households: pl.DataFrame
    members: pl.DataFrame


class SyntheticProvince:
    """A seeded synthetic Đắk Lắk with `households` households at the end of 2024 (default: the real count)."""

    def __init__(
        self, seed: int, standard: Standard, households: int | None = None, chunk_above: int = CHUNK_ABOVE
    ) -> None:
        _require_answerable(standard)
        self.seed = seed
        self.chunk_above = chunk_above
        self.targets: dict[int, YearTarget] = year_targets(households)
        # One Đắk Lắk's worth of households per province of birth (see members.PROVINCE_CODES).
        self.home_provinces = min(len(PROVINCE_CODES), math.ceil(self.targets[YEARS[-1]].households / PROVINCE_SIZE))
        self.poverty_line = standard.line("poverty").values
        self.ceiling = standard.line("average_upper").values

    @cached_property
    def villages(self) -> pl.DataFrame:
        return village_profile()

    @cached_property
    def universe(self) -> pl.DataFrame:
        """Every household of any year, with its target class per year (never written out)."""
        frame = household_universe(self.seed, self.targets, self.villages)
        places = self.villages.select("village_code", "commune_code", "district_code", "area")
        # Sorted once here, every frame derived from it comes out in household_id order.
        return (
            classify_targets(frame, self.seed, self.targets)
            .join(places, on="village_code", how="left", maintain_order="left")
            .sort("household_id")
        )

    def chunks(self) -> list[list[str]]:
        """District codes per chunk: the whole province at once unless it is large."""
        districts = sorted(self.villages["district_code"].unique().to_list())
        if self.targets[YEARS[-1]].households <= self.chunk_above:
            return [districts]
        return [[code] for code in districts]

    @cached_property
    def id_offsets(self) -> list[pl.DataFrame]:
        """Per chunk, how many people of each citizen-ID group the chunks before it hold."""
        offsets, seen = [], pl.DataFrame(schema={"id_group": pl.String, "count": pl.Int64})
        for districts in self.chunks():
            offsets.append(seen.rename({"count": "id_offset"}))
            counts = group_counts(member_universe(self._households_of(districts), self.seed, self.home_provinces))
            seen = pl.concat([seen, counts]).group_by("id_group").agg(pl.col("count").sum())
        return offsets

    def _households_of(self, districts: Sequence[str]) -> pl.DataFrame:
        return self.universe.filter(pl.col("district_code").is_in(list(districts)))

    def year(self, year: int) -> SyntheticYear:
        """The whole province for one year (in memory: use `year_chunks` for very large provinces)."""
        parts = list(self.year_chunks(year))
        return SyntheticYear(year, pl.concat([p.households for p in parts]), pl.concat([p.members for p in parts]))

    def year_chunks(self, year: int) -> Iterator[SyntheticYear]:
        for districts, offsets in zip(self.chunks(), self.id_offsets, strict=True):
            yield self._generate(year, districts, offsets)

    def _generate(self, year: int, districts: Sequence[str], offsets: pl.DataFrame) -> SyntheticYear:
        universe = self._households_of(districts)
        people = with_national_ids(member_universe(universe, self.seed, self.home_provinces), offsets, self.seed)
        households = universe.filter(pl.col(f"class_{year}").is_not_null()).rename(
            {f"class_{year}": "class", f"standing_{year}": "standing"}
        )
        members = people.filter((pl.col("birth_year") <= year) & (pl.col("left") > year)).with_columns(
            age=year - pl.col("birth_year")
        )
        members = members.join(households.select("hh"), on="hh", how="semi")
        households = choose_deprivations(
            households.join(composition(members), on="hh", how="left", maintain_order="left"), self.seed
        )
        lacks = households.select("hh", "household_id", pl.col("^lacks_.*$"))
        members = member_answers(members.join(lacks, on="hh", how="left", maintain_order="left"), self.seed, year)
        heads = people.filter(pl.col("index") == 0).select("hh", "head_male")
        households = households.join(heads, on="hh", how="left", maintain_order="left").with_columns(
            ethnic_minority=pl.col("em"),
            head_name=head_name(self.seed),
            income_per_capita=income(self.poverty_line, self.ceiling),
            **dwelling(self.seed),
        )
        if year >= NEW_QUESTIONS_FROM:
            households = households.with_columns(**new_household_answers(self.seed, year))
            members = members.with_columns(**new_member_answers(self.seed, year))
        households, members = _households_out(households, year), _members_out(members, year)
        if year >= REORGANISED_ON.year:  # an end-of-year review: after 1 July, on the new communes
            households = on_new_communes(households)
        return SyntheticYear(year, households, members)


def _require_answerable(standard: Standard) -> None:
    """The answers are drawn for the 2022-2025 questionnaire; refuse a standard that asks for others."""
    asked = [q.id for q in (*standard.questionnaire.household, *standard.questionnaire.member)]
    missing = [question for question in asked if question not in {*HOUSEHOLD_COLUMNS, *MEMBER_COLUMNS}]
    if missing:
        raise ValueError(f"{standard.id}: the synthetic province cannot answer {', '.join(missing)}")


def _households_out(households: pl.DataFrame, year: int) -> pl.DataFrame:
    return households.select(HOUSEHOLD_COLUMNS + (NEW_HOUSEHOLD_COLUMNS if year >= NEW_QUESTIONS_FROM else []))


def _members_out(members: pl.DataFrame, year: int) -> pl.DataFrame:
    return members.with_columns(
        member_id=pl.concat_str("household_id", pl.lit("-"), (pl.col("index") + 1).cast(pl.String).str.zfill(2)),
        relation=pl.col("role"),
        sex=pl.when(pl.col("male")).then(pl.lit("male")).otherwise(pl.lit("female")),
        age=pl.col("age").cast(pl.Int16),
    ).select(MEMBER_COLUMNS + (NEW_MEMBER_COLUMNS if year >= NEW_QUESTIONS_FROM else []))
