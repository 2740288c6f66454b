"""Every change to the programme's money: plan decisions and payments, imported or recorded one at a time.

An import is checked whole first (the dry run shows its issues); with ``commit`` it lands in one
transaction or not at all, and importing the same file again changes nothing: a decision already
recorded on its line, or a payment whose voucher is already recorded, with the same values, is left
as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from povmis.accounts.models import RoleKind
from povmis.accounts.scoping import Access, AnyUser, area_path, owned_project, role_kind
from povmis.core.programmes.definition import available_programmes, load_programme
from povmis.core.programmes.files import PAYMENT_COLUMNS, PLAN_COLUMNS, TRANSFER_COLUMNS, typed
from povmis.core.programmes.indicators import load_indicators
from povmis.core.programmes.lines import LINE_KEY
from povmis.core.programmes.output_checks import check_outputs, repeated_outputs, typed_outputs
from povmis.core.programmes.payments import ROW, check_payments
from povmis.core.programmes.plan_checks import check_plans, row_issues
from povmis.core.programmes.succession import after_the_move
from povmis.core.programmes.transfers import TRANSFER_IN, check_transfers, transfer_decisions
from povmis.errors import PermissionDenied, ServiceError
from povmis.programme import queries
from povmis.programme.models import Output, Payment, PlanDecision, PlanLine
from povmis.programme.tables import read_text_table
from povmis.units.models import AdminUnit
from povmis.units.services import successors

# Who records capital plans, payments and outputs. Household data is not needed for any of them.
RECORDERS = {RoleKind.FINANCE_OFFICER, RoleKind.PROJECT_OWNER, RoleKind.PROVINCE_OFFICER, RoleKind.ADMINISTRATOR}


@dataclass(frozen=True)
class ImportResult:
    file: str
    rows: int
    new: int
    unchanged: int
    issues: pl.DataFrame
    committed: bool


def import_plans(content: bytes, name: str, *, by: User, commit: bool) -> ImportResult:
    """Check a capital plan file and, with ``commit`` and no issues, record its decisions."""
    _require_recorder(by)
    rows, issues = typed(read_text_table(content, name), PLAN_COLUMNS, name)
    programmes = {p: load_programme(p) for p in available_programmes()}
    clean = rows.join(issues.select(ROW), on=ROW, how="anti")
    units, unit_issues = _units(by, clean)
    moved = after_the_move(clean, successors(clean["unit"].unique().to_list()), "decided_on")
    issues = pl.concat([issues, check_plans(clean, programmes), unit_issues, _project_issues(by, clean), moved])
    issues = issues.sort(ROW, "column")
    known = queries.plans_frame(by).select(*LINE_KEY, "decision", "amount_vnd", "decided_on")
    fresh, repeat_issues = _fresh_decisions(clean, known)
    issues = pl.concat([issues, repeat_issues]).sort(ROW, "column")
    if commit and issues.is_empty():
        with transaction.atomic():
            _write_decisions(fresh, units, by)
    return ImportResult(
        name, rows.height, fresh.height, rows.height - fresh.height, issues, commit and issues.is_empty()
    )


def import_payments(content: bytes, name: str, *, by: User, commit: bool) -> ImportResult:
    """Check a payment file against the plan lines and, with ``commit`` and no issues, record it."""
    _require_recorder(by)
    rows, issues = typed(read_text_table(content, name), PAYMENT_COLUMNS, name)
    clean = rows.join(issues.select(ROW), on=ROW, how="anti")
    programme = {p: load_programme(p) for p in available_programmes()}
    deadline = next(iter(programme.values())).deadline  # every shipped programme has the budget law's deadline
    with transaction.atomic():
        plans, recorded = queries.plans_frame(by), queries.payments_frame(by)
        accepted, payment_issues = check_payments(plans, recorded, clean, deadline)
        moved = after_the_move(clean, successors(clean["unit"].unique().to_list()), "paid_on")
        payment_issues = pl.concat([payment_issues, moved])
        issues = pl.concat([issues, payment_issues, _taken(accepted, Payment, "voucher")]).sort(ROW, "column")
        if commit and issues.is_empty():
            _write_payments(accepted, by)
    repeated = clean.height - accepted.height - payment_issues.select(ROW).n_unique()
    return ImportResult(name, rows.height, accepted.height, repeated, issues, commit and issues.is_empty())


def import_transfers(content: bytes, name: str, *, by: User, commit: bool) -> ImportResult:
    """Check a transfer file (a dissolved unit's unspent capital moved to its successors) and, with ``commit``
    and no issues, record each decision on both lines."""
    _require_recorder(by)
    rows, issues = typed(read_text_table(content, name), TRANSFER_COLUMNS, name)
    clean = rows.join(issues.select(ROW), on=ROW, how="anti")
    units, unit_issues = _units(by, clean.with_columns(unit="to_unit"))
    with transaction.atomic():
        plans, payments = queries.plans_frame(by), queries.payments_frame(by)
        found = check_transfers(clean, plans, payments, successors(clean["from_unit"].unique().to_list()))
        issues = pl.concat([issues, found, unit_issues.with_columns(column=pl.lit("to_unit")),
                            _project_issues(by, clean)]).sort(ROW, "column")  # fmt: skip
        known = plans.select(*LINE_KEY, "decision", "amount_vnd", "decided_on")
        fresh, repeat_issues = _fresh_decisions(transfer_decisions(clean), known)
        issues = pl.concat([issues, repeat_issues]).sort(ROW, "column")
        if commit and issues.is_empty():
            dissolved = AdminUnit.objects.filter(code__in=clean["from_unit"].unique().to_list())
            units |= dict(dissolved.values_list("code", "id"))
            _write_decisions(fresh, units, by)
    new = clean.join(fresh.filter(pl.col("kind") == TRANSFER_IN).select(*LINE_KEY[:7], "decision", to_unit="unit"),
                     on=[*LINE_KEY[:7], "decision", "to_unit"], how="semi").height  # fmt: skip
    return ImportResult(name, rows.height, new, rows.height - new, issues, commit and issues.is_empty())


def import_outputs(content: bytes, name: str, *, by: User, commit: bool) -> ImportResult:
    """Check an output file (roads, water works, models, jobs) and, with ``commit`` and no issues, record it."""
    _require_recorder(by)
    rows, issues = typed_outputs(read_text_table(content, name), name)
    clean = rows.join(issues.select(ROW), on=ROW, how="anti")
    frameworks = {p: load_indicators(p) for p in available_programmes()}
    units, unit_issues = _units(by, clean)
    with transaction.atomic():
        fresh, repeat_issues = repeated_outputs(clean, queries.output_records(by))
        found = [issues, check_outputs(clean, frameworks), unit_issues, _project_issues(by, clean), repeat_issues,
                 _taken(fresh, Output, "reference")]  # fmt: skip
        issues = pl.concat(found).sort(ROW, "column")
        if commit and issues.is_empty():
            Output.objects.bulk_create(
                Output(programme=row["programme"], project=row["project"], indicator=row["indicator"],
                       unit_id=units[row["unit"]], period=row["period"], value=row["value"],
                       reference=row["reference"], recorded_by=by)
                for row in fresh.iter_rows(named=True)
            )  # fmt: skip
    return ImportResult(
        name, rows.height, fresh.height, rows.height - fresh.height, issues, commit and issues.is_empty()
    )


def record_payment(*, by: User, values: Mapping[str, object]) -> Payment:
    """Record one payment typed on the page or sent to the API, through the same checks as a file."""
    content = pl.DataFrame({column: [str(values.get(column, "") or "")] for column in PAYMENT_COLUMNS})
    result = import_payments(content.write_csv().encode(), "form", by=by, commit=True)
    if not result.issues.is_empty():
        first = result.issues.row(0, named=True)
        raise PaymentRefused(f"{first['column']}: {first['message_en']}", result.issues)
    return Payment.objects.get(voucher=str(values["voucher"]))


class PaymentRefused(ServiceError):  # noqa: N818  # a refusal, like the registry's CycleClosed
    """A payment that fails the checks; ``issues`` holds every problem found."""

    def __init__(self, message: str, issues: pl.DataFrame) -> None:
        super().__init__(message)
        self.issues = issues


def may_record(user: AnyUser) -> bool:
    return role_kind(user) in RECORDERS


def _require_recorder(user: User) -> None:
    if role_kind(user) not in RECORDERS:
        raise PermissionDenied(
            _("only a finance officer, a province officer or an administrator records capital plans and payments")
        )


def _taken(rows: pl.DataFrame, model: type[Payment] | type[Output], field: str) -> pl.DataFrame:
    """New rows whose voucher or reference is already used by a record outside the user's reach.

    Numbers are unique across the province; only the clash is said, nothing of the other record.
    """
    values = rows[field].to_list()
    used = set(model.objects.filter(**{f"{field}__in": values}).values_list(field, flat=True)) if values else set()
    return row_issues(
        rows.filter(pl.col(field).is_in(list(used))), field, "số này đã được dùng; dùng một số khác",
        "this number is already used by another record; give a new one",
    )  # fmt: skip


def _project_issues(user: User, rows: pl.DataFrame) -> pl.DataFrame:
    """For a project owner, the rows of another programme's or project's."""
    owned = owned_project(user)
    if owned is None:
        return row_issues(rows.head(0), "project", "", "")
    other = rows.filter((pl.col("programme") != owned[0]) | (pl.col("project") != owned[1]))
    return row_issues(
        other, "project", f"ngoài dự án của bạn ({owned[0]} dự án {owned[1]})",
        f"outside your project ({owned[0]} project {owned[1]}); only its lines, payments and outputs are yours",
    )  # fmt: skip


def _units(user: User, rows: pl.DataFrame) -> tuple[dict[str, int], pl.DataFrame]:
    """The spending units' ids by code, and the rows naming a unit that is unknown or outside the user's area."""
    area = area_path(user, Access.PROGRAMME)
    found = AdminUnit.objects.filter(code__in=rows["unit"].unique().to_list()).values_list("code", "id", "path")
    allowed = {code: pk for code, pk, path in found if area is not None and path.startswith(area)}
    bad = rows.filter(~pl.col("unit").is_in(list(allowed)))
    issues = row_issues(
        bad, "unit", "không có đơn vị hành chính có mã này trong địa bàn của bạn",
        "no administrative unit with this code in your area; use the registry's unit code",
    )  # fmt: skip
    return allowed, issues


def _fresh_decisions(rows: pl.DataFrame, known: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    keyed = [*LINE_KEY, "decision"]
    twice = rows.filter(pl.struct(keyed).is_duplicated())
    joined = rows.join(known.rename({"amount_vnd": "__amount", "decided_on": "__on"}), on=keyed, how="left")
    seen = pl.col("__amount").is_not_null()
    conflict = joined.filter(
        seen & ((pl.col("__amount") != pl.col("amount_vnd")) | (pl.col("__on") != pl.col("decided_on")))
    )
    issues = pl.concat([
        row_issues(twice, "decision", "quyết định này xuất hiện hai lần cho cùng một dòng",
                   "this decision appears twice for the same line; keep one row"),
        row_issues(conflict, "amount_vnd", "quyết định đã được ghi cho dòng này với số tiền hoặc ngày khác",
                   "this decision is already recorded on the line with another amount or date; "
                   "record a new amending decision instead"),
    ])  # fmt: skip
    return joined.filter(~seen).select(rows.columns), issues


def _write_decisions(rows: pl.DataFrame, units: dict[str, int], user: User) -> None:
    keys = rows.select(LINE_KEY).unique().to_dicts()
    lines = [
        PlanLine(**{**{k: v for k, v in key.items() if k != "unit"}, "unit_id": units[key["unit"]]}) for key in keys
    ]
    PlanLine.objects.bulk_create(lines, ignore_conflicts=True)  # the lines a file shares with the stored plan stay
    ids = _line_ids(rows.select(LINE_KEY).unique())
    PlanDecision.objects.bulk_create(
        PlanDecision(line_id=ids[_key(row)], amount_vnd=row["amount_vnd"], decision=row["decision"],
                     decided_on=row["decided_on"], recorded_by=user, **_transfer(row, ids))
        for row in rows.iter_rows(named=True)
    )  # fmt: skip


def _transfer(row: dict[str, object], ids: dict[tuple[object, ...], int]) -> dict[str, object]:
    """A transfer decision's kind and, on the successor's line, the line its capital comes from."""
    if "kind" not in row:
        return {}
    source = ids.get(_key({**row, "unit": row["from_unit"]})) if row["kind"] == TRANSFER_IN else None
    return {"kind": row["kind"], "transferred_from_id": source}


def _write_payments(rows: pl.DataFrame, user: User) -> None:
    ids = _line_ids(rows.select(LINE_KEY).unique())
    Payment.objects.bulk_create(
        (Payment(line_id=ids[_key(row)], paid_on=row["paid_on"], amount_vnd=row["amount_vnd"], voucher=row["voucher"],
                 recorded_by=user) for row in rows.iter_rows(named=True)),
        batch_size=2_000,
    )  # fmt: skip


def _key(row: dict[str, object]) -> tuple[object, ...]:
    return tuple(row[k] for k in LINE_KEY)


def _line_ids(keys: pl.DataFrame) -> dict[tuple[object, ...], int]:
    """Every line of the keys' plan years by key (a transfer's dissolved line among them)."""
    years = keys["plan_year"].unique().to_list()
    lines = PlanLine.objects.filter(plan_year__in=years).values_list(
        "programme", "project", "sub_project", "type", "source", "capital_year", "plan_year", "unit__code", "id"
    )
    return {tuple(line[:-1]): line[-1] for line in lines}
