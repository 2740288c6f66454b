"""FGT poverty measures and the Gini coefficient against published worked examples."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from povmis.core.measures import IncomeMeasures, InvalidValueError, gini, income_poverty

REFERENCE = Path(__file__).parent.parent / "data" / "reference"
LINE = 125.0  # the Handbook's ch. 4 poverty line for countries A, B and C


def distribution(name: str) -> pl.DataFrame:
    frame = pl.read_csv(REFERENCE / "wb-handbook-ch4-fgt-distributions.csv")
    return frame.filter(pl.col("distribution") == name)


def rounded(measures: IncomeMeasures, digits: int = 9) -> tuple[float, float, float]:
    return round(measures.fgt0, digits), round(measures.fgt1, digits), round(measures.fgt2, digits)


def test_handbook_country_a_has_half_its_people_poor() -> None:
    """Haughton & Khandker, Handbook on Poverty and Inequality (World Bank 2009), ch. 4: country A
    (100, 100, 150, 150) against a line of 125 has a headcount of 0.5 (also asserted by
    PovertyAndInequalityMeasures.jl, test/runtests.jl, "WB Chapter 4 - Poverty")."""
    assert income_poverty(distribution("A"), "expenditure", LINE).total.fgt0 == 0.5


def test_handbook_country_b_has_the_same_headcount_but_a_gap_of_one_in_250() -> None:
    """Same source: country B (124, 124, 150, 150) has headcount 0.5 and poverty gap 1/250."""
    result = income_poverty(distribution("B"), "expenditure", LINE).total

    assert (result.fgt0, round(result.fgt1, 12)) == (0.5, round(1 / 250, 12))


def test_handbook_country_c_fgt0_fgt1_fgt2() -> None:
    """Country C (100, 110, 150, 160), line 125: FGT0 = 0.5, FGT1 = 0.08, FGT2 = 0.0136, as in the
    Handbook's ch. 4 tables and PovertyAndInequalityMeasures.jl (foster_greer_thorndyke, alpha
    0, 1 and 2)."""
    assert rounded(income_poverty(distribution("C"), "expenditure", LINE).total) == (0.5, 0.08, 0.0136)


def test_handbook_weighted_copies_give_the_unweighted_results() -> None:
    """PovertyAndInequalityMeasures.jl: country_a_2 (A as 2 rows of weight 2) must equal country A,
    and country_e (C with every row weighted 10,000) must equal country C."""
    a_2 = income_poverty(distribution("A_2"), "expenditure", LINE, sampling_weight="weight").total
    c_10000 = income_poverty(distribution("C_10000"), "expenditure", LINE, sampling_weight="weight").total

    # A's gap and severity are hand-derived: 2 x (25/125) / 4 = 0.1 and 2 x 0.2^2 / 4 = 0.02.
    assert (rounded(a_2), rounded(c_10000)) == ((0.5, 0.1, 0.02), (0.5, 0.08, 0.0136))


def test_subgroups_reproduce_each_country_of_the_handbook() -> None:
    """Countries A, B and C as subgroups of one file; each equals its figures above (published, or
    hand-derived from the FGT definition: B's severity is 2 x (1/125)^2 / 4 = 0.000032)."""
    frame = pl.concat([distribution(name) for name in ("A", "B", "C")])

    result = income_poverty(frame, "expenditure", LINE, by="distribution")

    assert {name: rounded(m) for name, m in (result.groups or {}).items()} == {
        "A": (0.5, 0.1, 0.02),
        "B": (0.5, 0.004, 0.000032),
        "C": (0.5, 0.08, 0.0136),
    }


def test_an_income_on_the_line_is_poor_only_under_the_at_or_below_rule() -> None:
    """Viet Nam's standards count a household at the line as poor; the Handbook counts only those
    below it. Country A against a line of 100: nobody is below, half are at it (hand-derived)."""
    frame = distribution("A")

    below = income_poverty(frame, "expenditure", 100).total
    at_or_below = income_poverty(frame, "expenditure", 100, at_or_below=True).total

    assert (rounded(below), rounded(at_or_below)) == ((0.0, 0.0, 0.0), (0.5, 0.0, 0.0))


@pytest.mark.parametrize("variant", ["c1", "c3", "c4"])
def test_handbook_table_6_3_gini_is_0_327(variant: str) -> None:
    """Handbook ch. 6, Table 6.3: the Gini of (10, 15, 20, 25, 40, 20, 30, 35, 45, 90) is 0.3272727
    (PovertyAndInequalityMeasures.jl, "WB Chapter 6 - Inequality"); the same incomes weighted 10,000
    (c3) or 2 (c4) must give the same value."""
    frame = pl.read_csv(REFERENCE / "wb-handbook-ch6-inequality-incomes.csv").filter(pl.col("variant") == variant)

    assert round(gini(frame, "income", sampling_weight="weight"), 7) == 0.3272727


def test_r_ineq_gini_of_the_six_apode_income_vectors() -> None:
    """The apode project's expected_inequality_R_ineq.csv: R `ineq::Gini` of each vector y1-y6."""
    incomes = pl.read_csv(REFERENCE / "apode-income-r-ineq-stata-poverty-income.csv")
    expected = pl.read_csv(REFERENCE / "apode-income-r-ineq-stata-poverty-expected_inequality_R_ineq.csv")

    computed = [round(gini(incomes, column), 12) for column in incomes.columns]

    assert computed == [round(value, 12) for value in expected["gini"]]


def test_stata_poverty_headcount_gap_and_fgt2_of_the_apode_income_vectors() -> None:
    """The apode project's expected_poverty_stata.csv: Stata `poverty y, all` (Van Kerm, SSC),
    which by default sets the line at half the median and counts incomes strictly below it
    (poverty.ado: `_pctile p(50)`, `var < Z`), reporting headcount, gap and FGT(2) in percent.
    Stata stores the imported incomes as single-precision floats, so agreement is to about 1e-7.
    y4 is left out: its median, hence its line, is 0, and a line must be positive here."""
    incomes = pl.read_csv(REFERENCE / "apode-income-r-ineq-stata-poverty-income.csv")
    # The file pads its numbers with spaces ("25, 12.1"), so they are read as text and converted.
    expected = (
        pl.read_csv(REFERENCE / "apode-income-r-ineq-stata-poverty-expected_poverty_stata.csv")
        .rename(lambda name: name.strip())
        .select(pl.all().cast(pl.String).str.strip_chars().cast(pl.Float64))
    )

    for position, column in enumerate(incomes.columns):
        if column == "y4":
            continue
        line = incomes[column].median() / 2
        result = income_poverty(incomes, column, line).total
        published = expected.row(position, named=True)
        assert (100 * result.fgt0, 100 * result.fgt1, 100 * result.fgt2) == pytest.approx(
            (published["headcount"], published["gap"], published["fgt2"]), rel=1e-6, abs=1e-9
        ), column


def test_laeken_weighted_gini_of_eusilc_is_26_48_percent() -> None:
    """laeken's documentation gives gini("eqIncome", weights = "rb050", data = eusilc) as 26.48
    (percent, shown to two decimals); this is laeken's giniCoeff formula, read from R/gini.R."""
    frame = pl.read_csv(REFERENCE / "eusilc-laeken.csv")

    assert 100 * gini(frame, "eqIncome", sampling_weight="rb050") == pytest.approx(26.48, abs=0.01)


def test_equal_incomes_have_no_inequality_even_when_all_are_zero() -> None:
    assert (gini(pl.DataFrame({"y": [5, 5]}), "y"), gini(pl.DataFrame({"y": [0, 0]}), "y")) == (0.0, 0.0)


def test_a_poverty_line_must_be_positive() -> None:
    with pytest.raises(ValueError, match="greater than 0"):
        income_poverty(pl.DataFrame({"y": [1.0]}), "y", 0)


def test_an_income_that_is_not_a_number_names_its_row() -> None:
    frame = pl.DataFrame({"y": ["10", "n/a", "12"]})

    with pytest.raises(InvalidValueError) as raised:
        income_poverty(frame, "y", 11)

    assert (raised.value.column, raised.value.row, raised.value.value) == ("y", 1, "n/a")


def test_json_form_has_the_documented_keys() -> None:
    """Country C again (published FGTs above); its Gini is hand-derived from the textbook formula:
    G = 2 x (1x100 + 2x110 + 3x150 + 4x160) / (4 x 520) - 5/4 = 2820/2080 - 1.25 = 11/104."""
    frame = distribution("C").with_columns(pl.lit("all").alias("group"))

    assert income_poverty(frame, "expenditure", LINE, by="group").to_dict() == {
        "line": 125.0,
        "at_or_below": False,
        "fgt0": 0.5,
        "fgt1": 0.08,
        "fgt2": 0.0136,
        "gini": round(11 / 104, 12),
        "groups": {"all": {"fgt0": 0.5, "fgt1": 0.08, "fgt2": 0.0136, "gini": round(11 / 104, 12)}},
    }
