"""Small-cell suppression: small counts hidden, and never recoverable from one total minus the others."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from povmis.core.figures.suppression import suppress

# The area (""), two districts (D1 with three communes, D2 with one), as a unit table's rows.
PARENTS = {"D1": "", "D2": "", "A": "D1", "B": "D1", "C": "D1", "E": "D2"}


def units(poor: list[int], near_poor: list[int] | None = None) -> pl.DataFrame:
    """Rows "", D1, D2, A, B, C, E; each parent's count is the sum of its children's."""
    a, b, c, e = poor
    values = {"code": ["", "D1", "D2", "A", "B", "C", "E"], "poor": [a + b + c + e, a + b + c, e, a, b, c, e]}
    if near_poor is not None:
        na, nb, nc, ne = near_poor
        values["near_poor"] = [na + nb + nc + ne, na + nb + nc, ne, na, nb, nc, ne]
        values["both"] = [p + n for p, n in zip(values["poor"], values["near_poor"], strict=True)]
    return pl.DataFrame(values)


def test_counts_of_one_to_four_are_hidden_and_zero_and_five_are_kept():
    table = pl.DataFrame({"code": ["A", "B", "C", "D"], "poor": [0, 1, 4, 5]})
    assert suppress(table, ["poor"], minimum=5)["poor"].to_list() == [0, None, None, 5]


def test_a_hidden_commune_hides_its_smallest_sibling_so_the_district_minus_the_others_tells_nothing():
    hidden = suppress(units([2, 9, 7, 30]), ["poor"], minimum=5, parents=PARENTS)
    assert dict(zip(hidden["code"], hidden["poor"], strict=True)) == {
        "": 48, "D1": 18, "D2": 30, "A": None, "B": 9, "C": None, "E": 30,
    }  # fmt: skip


def test_an_only_child_hidden_hides_its_parent_then_a_sibling_of_the_parent_and_a_commune_under_it():
    hidden = suppress(units([10, 9, 7, 3]), ["poor"], minimum=5, parents=PARENTS)
    # E (3) is D2's only commune, so D2 equals it; hiding D2 leaves the area's total minus D1: D1 goes
    # too, and D1 hidden alone would be A + B + C: its smallest commune, C, goes with it.
    assert dict(zip(hidden["code"], hidden["poor"], strict=True)) == {
        "": 29, "D1": None, "D2": None, "A": 10, "B": 9, "C": None, "E": None,
    }  # fmt: skip


def test_a_hidden_count_in_a_row_sum_hides_another_cell_of_that_sum_and_its_rates():
    table = pl.DataFrame({"code": ["A"], "poor": [3], "near_poor": [12], "both": [15], "rate": [3 / 40]})
    hidden = suppress(table, ["poor", "near_poor", "both"], minimum=5, sums=[("both", ["poor", "near_poor"])],
                      follows={"rate": ["poor"]})  # fmt: skip
    assert hidden.row(0) == ("A", None, None, 15, None)


def test_a_minimum_below_two_publishes_exact_counts():
    table = units([1, 2, 3, 4])
    assert suppress(table, ["poor"], minimum=0, parents=PARENTS).equals(table)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=4, max_size=4), st.lists(st.integers(0, 12), min_size=4, max_size=4))
def test_no_relation_is_left_with_exactly_one_hidden_cell_among_non_zero_others(poor, near_poor):
    table = units(poor, near_poor)
    columns = ["poor", "near_poor", "both"]
    hidden = suppress(table, columns, minimum=5, sums=[("both", ["poor", "near_poor"])], parents=PARENTS)
    gone = {(row, c) for c in columns for row in range(table.height) if hidden[c][row] is None}
    assert all((row, c) in gone for c in columns for row in range(table.height) if 0 < table[c][row] < 5)
    row_of = {code: row for row, code in enumerate(table["code"])}
    relations = [[(row, "both"), (row, "poor"), (row, "near_poor")] for row in range(table.height)]
    for parent in {*PARENTS.values()}:
        kids = [row_of[code] for code, p in PARENTS.items() if p == parent]
        relations += [[(row_of[parent], c), *((kid, c) for kid in kids)] for c in columns]
    for relation in relations:
        hidden_here = [cell for cell in relation if cell in gone]
        others = [table[c][row] for row, c in relation if (row, c) not in gone]
        assert len(hidden_here) != 1 or sum(others) == 0, relation
