"""Deliveries written in bulk and read back for the reconciliation: whole or nothing, and idempotent."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from povmis.core.policies.inputs import SupportInputError
from povmis.support.bulk import store_deliveries, stored_deliveries
from povmis.support.models import Delivery
from povmis.support.services import import_deliveries
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=False)

SCHEMA = {
    "household_id": pl.String, "national_id": pl.String, "member_id": pl.String, "policy": pl.String,
    "delivered_on": pl.Date, "amount_vnd": pl.Int64, "quantity": pl.Int64, "programme": pl.String,
    "project": pl.String, "agency": pl.String, "reference": pl.String,
}  # fmt: skip
HOUSE = (
    "H1",
    None,
    None,
    "housing",
    dt.date(2024, 3, 10),
    40_000_000,
    1,
    "ntp-spr-2021-2025",
    "5",
    "construction",
    "P5-1",
)
CARD = (
    "H3",
    "066100000101",
    "M1",
    "health_insurance",
    dt.date(2024, 1, 15),
    None,
    1,
    None,
    None,
    "social-insurance",
    "B-1",
)
LATE = ("H2", None, None, "credit", dt.date(2025, 2, 1), 50_000_000, 1, None, None, "vbsp", "V-1")


def deliveries(*rows: tuple[object, ...]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=SCHEMA, orient="row")


def test_deliveries_stored_in_bulk_are_read_back_as_the_reconciliation_reads_them(world: World) -> None:
    assert store_deliveries(deliveries(HOUSE, CARD, LATE), "demo", world.personas["admin"].pk) == 3
    read = stored_deliveries(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    ids = list(Delivery.objects.filter(delivered_on__year=2024).order_by("id").values_list("id", flat=True))
    expected = deliveries(HOUSE, CARD).select(pl.Series("row", ids, dtype=pl.Int64), *SCHEMA)
    assert_frame_equal(read, expected)


def test_storing_the_same_deliveries_again_adds_nothing_and_an_import_finds_them_present(world: World) -> None:
    store_deliveries(deliveries(HOUSE), "demo")
    assert store_deliveries(deliveries(HOUSE), "demo") == 0
    as_text = deliveries(HOUSE).with_columns(pl.all().cast(pl.String))
    result = import_deliveries(as_text, "list.csv", world.personas["admin"], dry_run=True)
    assert (result.created, result.already_present) == (0, 1)


def test_a_delivery_to_an_unknown_household_refuses_the_whole_frame_naming_its_row(world: World) -> None:
    unknown = ("H9", *HOUSE[1:-1], "P5-9")
    with pytest.raises(SupportInputError) as refused:
        store_deliveries(deliveries(HOUSE, unknown), "demo.csv")
    assert str(refused.value) == (
        "demo.csv: refused, nothing was written:\n"
        "demo.csv, row 3, column household_id: 'H9' — no household has this code"
    )
    assert not Delivery.objects.exists()


def test_an_empty_frame_stores_nothing_and_an_empty_period_reads_as_an_empty_frame(world: World) -> None:
    assert store_deliveries(deliveries(), "demo") == 0
    assert stored_deliveries(dt.date(2024, 1, 1), dt.date(2024, 12, 31)).height == 0
