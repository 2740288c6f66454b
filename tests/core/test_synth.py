"""The synthetic province: the real classifier finds the published rates in it, year after year."""

from __future__ import annotations

import doctest
import importlib

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from povmis.core.classify import classify
from povmis.core.standard import Standard, load_standard
from povmis.core.synth.calibration import SYNTH_YEARS, year_targets
from povmis.core.synth.province import SyntheticProvince, SyntheticYear
from povmis.core.synth.reorganisation import new_commune_of, unit_table
from povmis.core.transitions import label_transitions
from povmis.registry.samples import HOUSEHOLD, MEMBER

SIZE = 30_000
SEED = 11
PUBLISHED = {2021: (0.1279, 0.2674), 2024: (0.0638, 0.1371)}
EXPECTED_2025 = 0.0208
HALF_A_TENTH_OF_A_POINT = 0.0005


@pytest.fixture(scope="module")
def standard() -> Standard:
    return load_standard("vn-2022-2025")


@pytest.fixture(scope="module")
def province(standard: Standard) -> SyntheticProvince:
    return SyntheticProvince(seed=SEED, standard=standard, households=SIZE)


@pytest.fixture(scope="module")
def years(province: SyntheticProvince) -> dict[int, SyntheticYear]:
    return {year: province.year(year) for year in SYNTH_YEARS}


@pytest.fixture(scope="module")
def classes(years: dict[int, SyntheticYear], standard: Standard) -> pl.DataFrame:
    """household_id, year, ethnic_minority and the class the real classifier gives, for every year."""
    frames = []
    for year, data in years.items():
        result = classify(data.households, data.members, standard, reasons=False)
        assert result.issues.is_empty()
        frames.append(
            result.households.select(
                "household_id", pl.lit(year).alias("year"), "ethnic_minority", pl.col("class").cast(pl.String)
            )
        )
    return pl.concat(frames)


def _rates(classes: pl.DataFrame, year: int) -> tuple[float, float]:
    of_year = classes.filter(pl.col("year") == year)
    minority = of_year.filter(pl.col("ethnic_minority"))
    return (of_year["class"] == "poor").mean() or 0.0, (minority["class"] == "poor").mean() or 0.0


@pytest.mark.parametrize("year", [2021, 2024])
def test_the_classifier_finds_the_published_poverty_rates_within_five_hundredths_of_a_point(
    classes: pl.DataFrame, year: int
) -> None:
    rate, minority_rate = _rates(classes, year)

    assert abs(rate - PUBLISHED[year][0]) <= HALF_A_TENTH_OF_A_POINT
    assert abs(minority_rate - PUBLISHED[year][1]) <= HALF_A_TENTH_OF_A_POINT


def test_every_year_has_exactly_the_target_counts_of_each_class(classes: pl.DataFrame) -> None:
    targets = year_targets(SIZE)
    found = classes.group_by("year").agg(
        households=pl.len(),
        em_households=pl.col("ethnic_minority").sum(),
        poor=(pl.col("class") == "poor").sum(),
        em_poor=((pl.col("class") == "poor") & pl.col("ethnic_minority")).sum(),
        near_poor=(pl.col("class") == "near_poor").sum(),
        average=(pl.col("class") == "average").sum(),
    )
    expected = {
        t.year: (t.households, t.em_households, t.poor, t.em_poor, t.near_poor, t.average) for t in targets.values()
    }

    assert {row[0]: row[1:] for row in found.sort("year").rows()} == expected


def test_the_province_scaled_to_the_nation_keeps_the_published_rates() -> None:
    targets = year_targets(27_000_000)

    assert targets[2024].households == 27_000_000
    assert [round(targets[y].poor / targets[y].households, 6) for y in (2021, 2024)] == [0.1279, 0.0638]
    assert [round(targets[y].em_poor / targets[y].em_households, 6) for y in (2021, 2024)] == [0.2674, 0.1371]


def test_households_keep_their_id_across_years_while_a_few_leave_and_new_ones_arrive(classes: pl.DataFrame) -> None:
    first = set(classes.filter(pl.col("year") == 2021)["household_id"])
    last = set(classes.filter(pl.col("year") == 2024)["household_id"])

    assert 0 < len(first - last) < 0.02 * len(first)
    assert len(last - first) == len(last) - len(first & last) > 0.05 * len(last)


def test_poverty_moves_between_years_escapes_newcomers_and_fall_backs(classes: pl.DataFrame) -> None:
    transitions = label_transitions(classes, 2024)["transition"].value_counts()
    counts = dict(transitions.iter_rows())
    movements = ["stayed_poor", "escaped_poverty", "poor_to_near_poor", "newly_poor", "fell_back_into_poverty"]

    assert [name for name in movements if counts.get(name, 0) < 20] == []


def test_the_files_have_the_columns_the_registry_import_reads(years: dict[int, SyntheticYear]) -> None:
    data = years[2024]

    assert [c for c in [*HOUSEHOLD, "ethnic_minority"] if c not in data.households.columns] == []
    assert [c for c in MEMBER if c not in data.members.columns] == []


def test_citizen_ids_are_unique_in_the_province_and_follow_a_person_across_years(
    years: dict[int, SyntheticYear],
) -> None:
    ids = {year: data.members.select("member_id", "national_id") for year, data in years.items()}
    both = ids[2021].join(ids[2024], on="member_id", suffix="_2024")

    assert all(frame["national_id"].is_unique().all() for frame in ids.values())
    assert ids[2024]["national_id"].str.contains(r"^\d{12}$").all()
    assert both.height > 0.9 * ids[2021].height
    assert (both["national_id"] == both["national_id_2024"]).all()


def test_household_members_age_by_one_year_a_year(years: dict[int, SyntheticYear]) -> None:
    ages = (
        years[2021]
        .members.select("member_id", "age")
        .join(years[2022].members.select("member_id", "age"), on="member_id", suffix="_next")
    )

    assert (ages["age_next"] - ages["age"]).unique().to_list() == [1]


def test_the_same_seed_gives_the_same_province_and_another_seed_another(standard: Standard) -> None:
    def generate(seed: int) -> SyntheticYear:
        return SyntheticProvince(seed=seed, standard=standard, households=2_000).year(2023)

    first, again, other = generate(5), generate(5), generate(6)

    assert_frame_equal(first.households, again.households)
    assert_frame_equal(first.members, again.members)
    assert not first.households.equals(other.households)


def test_a_province_made_district_by_district_is_the_one_made_at_once_with_unique_citizen_ids(
    standard: Standard,
) -> None:
    at_once = SyntheticProvince(seed=3, standard=standard, households=3_000).year(2024)
    by_district = SyntheticProvince(seed=3, standard=standard, households=3_000, chunk_above=1_000)

    assert len(by_district.chunks()) == 15
    chunked = by_district.year(2024)
    assert_frame_equal(chunked.households, at_once.households)
    assert_frame_equal(chunked.members.drop("national_id"), at_once.members.drop("national_id"))
    assert chunked.members["national_id"].is_unique().all()


@pytest.mark.parametrize("module", ["calibration", "geometry", "boundaries", "reorganisation", "province"])
def test_docstring_examples_of_the_synthetic_province_run_as_written(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"povmis.core.synth.{module}"))

    assert result.failed == 0


def test_the_end_2025_rate_is_the_expected_one_and_the_ethnic_minorities_hold_80_percent_of_the_poor(
    classes: pl.DataFrame,
) -> None:
    rate, minority_rate = _rates(classes, 2025)
    year = classes.filter(pl.col("year") == 2025)
    poor = year.filter(pl.col("class") == "poor")
    assert abs(rate - EXPECTED_2025) <= HALF_A_TENTH_OF_A_POINT
    assert round(poor["ethnic_minority"].mean(), 2) == 0.80
    assert minority_rate < rate * 3


def test_the_2025_and_2026_reviews_are_on_the_communes_after_the_reorganisation(
    years: dict[int, SyntheticYear],
) -> None:
    new = set(unit_table().filter(pl.col("valid_from").is_not_null() & (pl.col("level") == "commune"))["code"])
    for year in (2025, 2026):
        households = years[year].households
        assert set(households["commune_code"]) <= new
        assert households.select(pl.col("district_code", "village_code").null_count()).row(0) == (
            households.height, households.height)  # fmt: skip
    before = years[2024].households.select("household_id", former="commune_code")
    after = years[2025].households.select("household_id", "commune_code")
    moved = before.join(after, on="household_id").join(
        new_commune_of().select(former="code", expected="new_code"), on="former"
    )
    assert (moved["commune_code"] == moved["expected"]).all()


def test_only_the_2026_review_answers_the_2027_standards_new_questions(years: dict[int, SyntheticYear]) -> None:
    new_household, new_member = ["uses_digital_services", "waste_disposal"], ["monthly_social_benefit"]
    assert [c for c in years[2025].households.columns if c in new_household] == []
    assert [c for c in years[2025].members.columns if c in new_member] == []
    assert years[2026].households.select(new_household).null_count().row(0) == (0, 0)
    members = years[2026].members
    assert (
        members.filter(pl.col("age") < 16)["monthly_social_benefit"].null_count()
        == members.filter(pl.col("age") < 16).height
    )
    assert members.filter(pl.col("age") >= 16)["monthly_social_benefit"].null_count() == 0


def test_the_2026_review_classifies_without_issues_under_the_2027_standard_with_more_households_poor(
    years: dict[int, SyntheticYear], standard: Standard
) -> None:
    data = years[2026]
    old = classify(data.households, data.members, standard, reasons=False).households
    result = classify(data.households, data.members, load_standard("vn-2027-2030"), reasons=False)
    assert result.issues.is_empty()
    poor_or_near = result.households["class"].is_in(["poor", "near_poor"]).sum()
    assert poor_or_near > old["class"].is_in(["poor", "near_poor"]).sum()
