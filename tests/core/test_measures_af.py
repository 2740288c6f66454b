"""Alkire-Foster measures against published worked examples.

Where a publication gives no number for a case, the expected value is derived by hand in a comment
from the definitions in Alkire & Foster (2011), "Counting and multidimensional poverty
measurement", J. Public Economics 95: score c_i = sum_j w_j g_ij, poor if c_i >= k,
H = q/n, A = sum of the poor's scores / q, M0 = H x A.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from povmis.core.measures import (
    InvalidValueError,
    MissingColumnError,
    alkire_foster,
    equal_weights,
    nested_weights,
)

REFERENCE = Path(__file__).parent.parent / "data" / "reference"


def rounded(value: Any, digits: int) -> Any:
    """A result dictionary with every float rounded, so that whole results compare with ==."""
    if isinstance(value, dict):
        return {key: rounded(item, digits) for key, item in value.items()}
    if isinstance(value, float):
        return round(value, digits)
    return value


def test_mpindex_simple_profile_gives_h_one_half_a_three_quarters_m0_three_eighths() -> None:
    """mpindex's own test (yng-me/mpindex, tests/testthat/test-compute-mpi.R, "mpi computation is
    implemented correctly") publishes H = 0.5, A = 0.75, M0 = 0.375 for this profile at k = 1/2
    with four indicators of weight 1/4, and indicator contributions summing to 100 %."""
    frame = pl.read_csv(REFERENCE / "af-4x4-mpindex-simple-g0.csv")
    specs = pl.read_csv(REFERENCE / "af-4x4-mpindex-simple-indicators.csv")
    weights = dict(zip(specs["variable"], specs["weight"], strict=True))

    result = alkire_foster(frame, weights, k=1 / 2)

    assert (result.headcount_ratio, result.intensity, result.adjusted_headcount_ratio) == (0.5, 0.75, 0.375)
    assert sum(m.contribution for m in result.indicators.values()) == pytest.approx(1)


def test_mpindex_dimensions_of_two_indicators_split_their_weight_equally() -> None:
    """The mpindex indicator file gives dimensions A and B two indicators each, weighing 1/4."""
    specs = pl.read_csv(REFERENCE / "af-4x4-mpindex-simple-indicators.csv")
    dimensions = {
        dimension: (0.5, group["variable"].to_list())
        for (dimension,), group in specs.group_by("dimension", maintain_order=True)
    }

    assert nested_weights(dimensions) == dict(zip(specs["variable"], specs["weight"], strict=True))


def test_cran_mpi_vignette_bastia_group_at_three_of_eleven_deprivations() -> None:
    """The MPI package vignette (CRAN MPI 0.1.0, inst/doc/MPI_demo.html) runs
    AF_Seq(examplePovertydf, g = "Region", k = 3) with weight 1 per indicator, and prints for the
    group Bastia: total 2, poors 2, H = 1, A = 0.4090909, M0 = 0.4090909, and per indicator
    diCont, UncensoredHRatio and CensoredHRatio (below). Weight 1 of 11 with k = 3 is weight 1/11
    with k = 3/11 here."""
    frame = pl.read_csv(REFERENCE / "cran-MPI-examplepovertydf-examplePovertydf.csv")
    indicators = [c for c in frame.columns if c not in {"row", "Region"}]
    bastia = frame.filter(pl.col("Region") == "Bastia")

    result = alkire_foster(bastia, equal_weights(indicators), k=3 / 11)

    published = {  # indicator: (diCont, UncensoredHRatio, CensoredHRatio)
        "Access.to.health.care": (0.1111111, 0.5, 0.5),
        "Child.Mortality": (0.1111111, 0.5, 0.5),
        "Access.to.clean.source.of.water": (0.1111111, 0.5, 0.5),
        "Access.to.an.improve.sanatation": (0.2222222, 1.0, 1.0),
        "Electricity": (0.0, 0.0, 0.0),
        "Asset.ownership": (0.2222222, 1.0, 1.0),
        "Cooking.Fuel": (0.0, 0.0, 0.0),
        "Housing.Materials": (0.1111111, 0.5, 0.5),
        "School.lag": (0.0, 0.0, 0.0),
        "School.attendance": (0.1111111, 0.5, 0.5),
        "Years.of.education": (0.0, 0.0, 0.0),
    }
    summary = rounded(result.to_dict(), 7)
    assert (summary["H"], summary["A"], summary["M0"]) == (1.0, 0.4090909, 0.4090909)
    assert {
        name: (m["contribution"], m["uncensored_headcount"], m["censored_headcount"])
        for name, m in summary["indicators"].items()
    } == published


def test_cran_mpi_bastia_figures_reappear_as_the_bastia_subgroup_of_the_whole_file() -> None:
    """Same publication as above: the package computes each Region separately, which is what the
    subgroup decomposition reports; Bastia is 2 of the 30 people."""
    frame = pl.read_csv(REFERENCE / "cran-MPI-examplepovertydf-examplePovertydf.csv")
    indicators = [c for c in frame.columns if c not in {"row", "Region"}]

    groups = alkire_foster(frame, equal_weights(indicators), k=3 / 11, by="Region").to_dict()["groups"]

    bastia = rounded(groups["Bastia"], 7)
    assert (bastia["population_share"], bastia["H"], bastia["A"], bastia["M0"]) == (
        round(2 / 30, 7),
        1.0,
        0.4090909,
        0.4090909,
    )


def test_toy_matrix_decomposes_by_region_into_shares_that_add_back_to_the_total() -> None:
    """Hand-derived from the Alkire-Foster (2011) definitions, weights 1/4, k = 1/2.

    Scores: p1 2/4, p2 1/4, p3 3/4, p4 1/4, p5 2/4, so p1, p3, p5 are poor.
    Total: H = 3/5, A = (0.5 + 0.75 + 0.5)/3 = 7/12, M0 = 1.75/5 = 0.35.
    North (p1, p2): share 2/5, H = 1/2, A = 1/2, M0 = 1/4, contribution 0.4 x 0.25 / 0.35 = 2/7.
    South (p3-p5): share 3/5, H = 2/3, A = 1.25/2 = 5/8, M0 = 5/12, contribution 0.25/0.35 = 5/7.
    Uncensored headcounts: ind1 3/5, ind2 2/5, ind3 3/5, ind4 1/5. Censored (among p1, p3, p5):
    ind1 2/5, ind2 1/5, ind3 3/5, ind4 1/5; contributions 0.25 x those / 0.35 = 2/7, 1/7, 3/7, 1/7.
    """
    frame = pl.read_csv(REFERENCE / "af-toy-mpitbR-vignette-g0.csv")
    indicators = ["ind1", "ind2", "ind3", "ind4"]

    result = alkire_foster(frame, equal_weights(indicators), k=1 / 2, by="region")

    def indicator(uncensored: float, censored: float, contribution: float) -> dict[str, float]:
        return {
            "weight": 0.25,
            "uncensored_headcount": uncensored,
            "censored_headcount": censored,
            "contribution": contribution,
        }

    def group(share: float, h: float, a: float, m0: float, contribution: float) -> dict[str, float]:
        return {"population_share": share, "H": h, "A": a, "M0": m0, "contribution": contribution}

    assert rounded(result.to_dict(), 9) == rounded(
        {
            "k": 0.5,
            "H": 3 / 5,
            "A": 7 / 12,
            "M0": 0.35,
            "indicators": {
                "ind1": indicator(3 / 5, 2 / 5, 2 / 7),
                "ind2": indicator(2 / 5, 1 / 5, 1 / 7),
                "ind3": indicator(3 / 5, 3 / 5, 3 / 7),
                "ind4": indicator(1 / 5, 1 / 5, 1 / 7),
            },
            "groups": {
                "North": group(2 / 5, 1 / 2, 1 / 2, 1 / 4, 2 / 7),
                "South": group(3 / 5, 2 / 3, 5 / 8, 5 / 12, 5 / 7),
            },
        },
        9,
    )


def test_a_person_deprived_in_exactly_k_worth_of_weight_is_poor_despite_float_rounding() -> None:
    """Five of six indicators weighing 1/6 sum to 0.8333333333333333 in floating point, one unit
    in the last place below 5/6; the cutoff is met by definition (c_i >= k)."""
    indicators = [f"i{n}" for n in range(6)]
    frame = pl.DataFrame({name: [1 if n < 5 else 0] for n, name in enumerate(indicators)})

    result = alkire_foster(frame, equal_weights(indicators), k=5 / 6)

    assert result.headcount_ratio == 1.0


def test_sampling_weights_count_each_person_as_many_times_as_their_weight() -> None:
    """Hand-derived: weight 3 on the only poor person of two makes H = 3/4 (3 of 4 weighted people)."""
    frame = pl.DataFrame({"water": [1, 0], "school": [1, 0], "w": [3.0, 1.0]})

    result = alkire_foster(frame, equal_weights(["water", "school"]), k=1, sampling_weight="w")

    assert (result.headcount_ratio, result.intensity, result.adjusted_headcount_ratio) == (0.75, 1.0, 0.75)


def test_nobody_poor_gives_zero_measures_and_zero_contributions() -> None:
    frame = pl.DataFrame({"water": [0, 0], "school": [1, 0]})

    result = alkire_foster(frame, equal_weights(["water", "school"]), k=1)

    assert result.to_dict() == {
        "k": 1,
        "H": 0.0,
        "A": 0.0,
        "M0": 0.0,
        "indicators": {
            "water": {
                "weight": 0.5,
                "uncensored_headcount": 0.0,
                "censored_headcount": 0.0,
                "contribution": 0.0,
            },
            "school": {
                "weight": 0.5,
                "uncensored_headcount": 0.5,
                "censored_headcount": 0.0,
                "contribution": 0.0,
            },
        },
    }


def test_weights_that_do_not_sum_to_one_are_refused_rather_than_rescaled() -> None:
    frame = pl.DataFrame({"water": [1], "school": [0]})

    with pytest.raises(ValueError, match="sum to 0.9; they must sum to 1"):
        alkire_foster(frame, {"water": 0.5, "school": 0.4}, k=0.5)


def test_an_indicator_in_two_dimensions_is_refused() -> None:
    with pytest.raises(ValueError, match="'water' is listed in two dimensions"):
        nested_weights({"health": (0.5, ["water"]), "living": (0.5, ["water", "assets"])})


def test_a_value_other_than_0_or_1_names_its_column_and_row() -> None:
    frame = pl.DataFrame({"water": [0, 1, 1], "school": [0, 1, 2]})

    with pytest.raises(InvalidValueError) as raised:
        alkire_foster(frame, equal_weights(["water", "school"]), k=0.5)

    assert (raised.value.column, raised.value.row, raised.value.value) == ("school", 2, 2)


def test_a_blank_deprivation_is_an_error_not_a_zero() -> None:
    frame = pl.DataFrame({"water": [0, None], "school": [0, 1]})

    with pytest.raises(InvalidValueError) as raised:
        alkire_foster(frame, equal_weights(["water", "school"]), k=0.5)

    assert (raised.value.column, raised.value.row, raised.value.value) == ("water", 1, None)


def test_a_missing_column_is_named() -> None:
    frame = pl.DataFrame({"water": [0]})

    with pytest.raises(MissingColumnError) as raised:
        alkire_foster(frame, equal_weights(["water", "school"]), k=0.5)

    assert raised.value.column == "school"
