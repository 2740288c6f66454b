"""Plan and payment files through the services: XLSX like CSV, and nothing written when a row is bad."""

from __future__ import annotations

import io
from typing import Any

import polars as pl
import pytest

from povmis.programme import services
from povmis.programme.models import PlanDecision
from tests.programme.conftest import PLAN_HEADER, PLANS, csv


def xlsx(header: str, rows: list[str]) -> bytes:
    frame = pl.DataFrame([row.split(",") for row in rows], schema=header.split(","), orient="row")
    buffer = io.BytesIO()
    frame.write_excel(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_plan_workbook_imports_like_its_csv(world: Any) -> None:
    result = services.import_plans(xlsx(PLAN_HEADER, PLANS), "plans.xlsx", by=world.personas["admin"], commit=True)
    assert (result.rows, result.new, result.issues.height, result.committed) == (4, 4, 0, True)
    assert sorted(PlanDecision.objects.values_list("amount_vnd", flat=True)) == [
        -100_000_000, 400_000_000, 600_000_000, 1_000_000_000,
    ]  # fmt: skip


@pytest.mark.django_db
def test_one_bad_plan_row_keeps_the_whole_file_out(world: Any) -> None:
    rows = [*PLANS, PLANS[0].replace(",4,4.1,", ",4,4.9,").replace("12/QĐ", "13/QĐ")]
    result = services.import_plans(csv(PLAN_HEADER, rows), "plans.csv", by=world.personas["admin"], commit=True)
    assert result.issues.select("row", "column", "value").rows() == [(6, "sub_project", "4.9")]
    assert result.committed is False
    assert PlanDecision.objects.count() == 0


@pytest.mark.django_db
def test_a_province_officer_cannot_plan_for_a_unit_outside_the_registry(world: Any) -> None:
    rows = [PLANS[0].replace(",643,", ",999,")]
    result = services.import_plans(csv(PLAN_HEADER, rows), "plans.csv", by=world.personas["province"], commit=True)
    assert result.issues.select("row", "column", "value").rows() == [(2, "unit", "999")]
