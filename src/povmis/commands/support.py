"""`povmis support`: the policies, who is entitled to what on a date, and the reconciliation of deliveries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
import polars as pl
from rich.console import Console
from rich.table import Table

from povmis.commands.django import acting_user, setup_django
from povmis.core.policies.deliveries import delivery_table
from povmis.core.policies.entitlements import MissingColumnError, entitlements
from povmis.core.policies.inputs import SupportInputError, household_table, member_table
from povmis.core.policies.policy import Policy, PolicyError, load_policies
from povmis.core.policies.reconcile import COUNTS, Reconciliation, reconcile
from povmis.tables import TableError, read_table, write_table

FILE = click.Path(path_type=Path)


class Day(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD", param, ctx)


DAY = Day()


@click.group()
def support() -> None:
    """Support policies: entitlements on a date and the reconciliation of what was delivered."""


@support.command("policies")
@click.option("--policies", "directory", type=FILE, help="A policies folder (default: the project's policies/).")
@click.option("--province", help="Apply this province's top-ups (a folder under policies/top-ups/).")
def list_policies(directory: Path | None, province: str | None) -> None:
    """List the policies, their rules and periods, with each file's content hash."""
    table = Table("policy", "level", "rule", "from", "to", "benefit", "source")
    for policy in _policies(directory, province):
        for rule in policy.rules:
            benefit = rule.benefit
            text = ", ".join(
                part
                for part in (
                    f"{benefit.share:.0%}" if benefit.share is not None else "",
                    f"{benefit.amount_vnd:,} VND" if benefit.amount_vnd is not None else "",
                    f"{benefit.interest_ratio:.0%} of the poor rate" if benefit.interest_ratio is not None else "",
                )
                if part
            )
            table.add_row(
                policy.id,
                policy.level,
                rule.id,
                str(rule.effective_from),
                str(rule.effective_to or ""),
                text,
                rule.legal_reference,
            )
    Console(width=160).print(table)


@support.command("entitlements")
@click.argument("households", type=FILE)
@click.option("--members", type=FILE, help="Members table (needed for member-level policies).")
@click.option("--on", "on", type=DAY, required=True, help="The date the entitlements are judged on.")
@click.option("--policies", "directory", type=FILE, help="A policies folder (default: the project's policies/).")
@click.option("--province", help="Apply this province's top-ups (a folder under policies/top-ups/).")
@click.option("-o", "--output", type=FILE, required=True, help="Where to write them: .csv, .parquet or .xlsx.")
def entitlements_command(
    households: Path, members: Path | None, on: dt.date, directory: Path | None, province: str | None, output: Path
) -> None:
    """Write every household's and member's entitlements ON a date, with the rule and amount (docs/support.md)."""
    try:
        policies = _policies(directory, province)
        household_frame, member_frame = _read(households, members)
        result = entitlements(household_frame, member_frame, policies, on)
        write_table(result, output)
    except (SupportInputError, TableError, MissingColumnError) as error:
        raise click.ClickException(str(error)) from error
    if member_frame is None:
        skipped = [p.id for p in policies if p.level == "member"]
        click.echo(f"no --members: member-level policies not judged ({', '.join(skipped)})", err=True)
    by_policy = result.group_by("policy").len().sort("policy")
    summary = ", ".join(f"{policy} {n}" for policy, n in by_policy.rows())
    click.echo(f"{result.height} entitlements on {on} written to {output} ({summary or 'none'})")


@support.command("reconcile")
@click.argument("households", type=FILE)
@click.argument("deliveries", type=FILE)
@click.option("--members", type=FILE, help="Members table (needed for member-level policies).")
@click.option("--from", "start", type=DAY, required=True, help="First day of the period.")
@click.option("--to", "end", type=DAY, required=True, help="Last day of the period (entitlements are judged on it).")
@click.option("--policies", "directory", type=FILE, help="A policies folder (default: the project's policies/).")
@click.option("--province", help="Apply this province's top-ups (a folder under policies/top-ups/).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.option(
    "-o",
    "--output",
    type=FILE,
    help="Write the counts and the lists (missed, ineligible, twice, unmatched) to an .xlsx.",
)
def reconcile_command(
    households: Path,
    deliveries: Path,
    members: Path | None,
    start: dt.date,
    end: dt.date,
    directory: Path | None,
    province: str | None,
    as_json: bool,
    output: Path | None,
) -> None:
    """Count, per policy, the entitled, delivered, missed, ineligible, twice and unmatched (docs/support.md)."""
    if end < start:
        raise click.BadParameter("--to must not be before --from", param_hint="--to")
    if output is not None and output.suffix.lower() != ".xlsx":
        raise click.BadParameter("the lists are written as an .xlsx workbook", param_hint="-o")
    try:
        policies = _policies(directory, province)
        household_frame, member_frame = _read(households, members)
        delivery_frame = delivery_table(read_table(deliveries), str(deliveries), policies)
        result = reconcile(household_frame, member_frame, delivery_frame, policies, start, end)
    except (SupportInputError, TableError, MissingColumnError) as error:
        raise click.ClickException(str(error)) from error
    if output is not None:
        _workbook(result, output)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, sort_keys=True))
    else:
        _print(result)


def _policies(directory: Path | None, province: str | None) -> tuple[Policy, ...]:
    try:
        return load_policies(directory, province)
    except PolicyError as error:
        raise click.ClickException(str(error)) from error


def _read(households: Path, members: Path | None) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    household_frame = household_table(read_table(households), str(households))
    if members is None:
        return household_frame, None
    return household_frame, member_table(read_table(members), str(members), household_frame)


def _print(result: Reconciliation) -> None:
    figures = result.as_dict()
    table = Table("policy", *COUNTS, "coverage")
    for policy, counts in [*figures["policies"].items(), ("total", figures["total"])]:
        coverage = counts["coverage"]
        table.add_row(
            policy, *(f"{counts[key]:,}" for key in COUNTS), f"{coverage:.1%}" if coverage is not None else ""
        )
    Console(width=160).print(table)
    if result.outside_period:
        click.echo(f"{result.outside_period} delivery rows fall outside the period and were not counted", err=True)


def _workbook(result: Reconciliation, output: Path) -> None:
    """One sheet per list, so that an officer can filter the missed households by policy."""
    import xlsxwriter  # noqa: PLC0415 -- only this export needs it

    output.parent.mkdir(parents=True, exist_ok=True)
    with xlsxwriter.Workbook(output) as book:
        sheets = {
            "counts": result.counts,
            "missed": result.missed,
            "ineligible": result.ineligible,
            "twice": result.twice,
            "unmatched": result.unmatched,
        }
        for name, frame in sheets.items():
            frame.with_columns(pl.col(pl.Date).cast(pl.String)).write_excel(book, worksheet=name, autofit=True)


@support.command("import-deliveries")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", required=True, metavar="NAME", help="The account to act as (its area decides).")
@click.option("--commit", is_flag=True, help="Land the list; without it nothing is written (a dry run).")
def import_deliveries_command(file: Path, username: str, commit: bool) -> None:
    """Check a delivery list (CSV or XLSX, docs/support.md) against the registry; --commit lands it whole."""
    user = acting_user(username)
    from povmis.support.services import import_deliveries  # noqa: PLC0415 -- needs Django set up first

    try:
        result = import_deliveries(read_table(file), str(file), user, dry_run=not commit)
    except (SupportInputError, TableError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"{result.rows} rows: {result.created} new, {result.already_present} already stored, "
        f"{result.repeated_in_file} repeated in the file"
    )
    click.echo("committed" if commit else "dry run: nothing was written; run again with --commit to land it")


@support.command("store-entitlements")
@click.argument("year", type=int)
def store_entitlements_command(year: int) -> None:
    """(Re)compute and store the YEAR review's entitlements and reconciliation counts (for older reviews)."""
    setup_django()
    from django.core.exceptions import ObjectDoesNotExist  # noqa: PLC0415 -- needs Django set up first

    from povmis.registry.cycle_data import StandardChangedError  # noqa: PLC0415 -- as above
    from povmis.support.counts import store_review  # noqa: PLC0415 -- as above

    try:
        written = store_review(year)
    except (ObjectDoesNotExist, StandardChangedError, PolicyError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{written} entitlements of the {year} review stored, and its reconciliation counts")
