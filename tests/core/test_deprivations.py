"""A result's deprivations as bits: written by the classifier's flags, read back as the standard's ids."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from povmis.core.deprivations import deprived_ids, deprived_json, deprived_list, indicator_bit
from povmis.core.standard import load_standard

STANDARD = load_standard("vn-2022-2025")
IDS = [ind.id for ind in STANDARD.indicators]


def test_no_bit_is_no_deprivation():
    assert deprived_ids(0, STANDARD) == []


def test_each_indicator_has_its_own_bit_in_the_standards_order():
    assert [indicator_bit(i, STANDARD) for i in IDS] == [1 << n for n in range(len(IDS))]


def test_an_indicator_the_standard_does_not_have_has_no_bit():
    with pytest.raises(KeyError):
        indicator_bit("information_assets_2030", STANDARD)


@given(st.sets(st.sampled_from(IDS)))
def test_a_set_of_deprivations_comes_back_from_its_mask(chosen):
    mask = sum(indicator_bit(i, STANDARD) for i in chosen)
    expected = [i for i in IDS if i in chosen]
    frame = pl.DataFrame({"mask": [mask]}).select(
        deprived_list(pl.col("mask"), STANDARD).alias("ids"), deprived_json(pl.col("mask"), STANDARD).alias("json")
    )
    assert (deprived_ids(mask, STANDARD), frame["ids"].to_list(), frame["json"].to_list()) == (
        expected,
        [expected],
        ["[" + ", ".join(f'"{i}"' for i in expected) + "]"],
    )
