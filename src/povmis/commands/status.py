"""`povmis status`: the status rules, and who holds each status on a date, on files (docs/statuses.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import polars as pl
from rich.console import Console
from rich.table import Table

from povmis.commands.support import DAY, FILE
from povmis.core.schema import StandardError
from povmis.core.statuses import evaluate, rules_in_force, status_rules
from povmis.core.statuses.evaluate import MissingInputError
from povmis.core.statuses.inputs import StatusInputError, status_table
from povmis.tables import TableError, read_table, write_table


@click.group()
def status() -> None:
    """Statuses beside the class: agricultural households of average living standard, low-income workers."""


@status.command("rules")
def list_rules() -> None:
    """List the status rules: period, band, confidence and legal source, with each file's content hash."""
    table = Table("rule", "status", "level", "from", "to", "on", "band (VND/person/month)", "conf.", "source")
    for rule in status_rules():
        band = ", ".join(
            f"{area} {rule.above.get(area, 0):,}-{rule.at_or_below[area]:,}" if rule.above else
            f"{area} ≤ {rule.at_or_below[area]:,}" for area in rule.at_or_below
        )  # fmt: skip
        table.add_row(rule.id, rule.status, rule.level, str(rule.effective_from), str(rule.effective_to or ""),
                      "yes" if rule.enabled else "off", band, rule.income_confidence, rule.legal_reference)  # fmt: skip
    Console(width=200).print(table)


@status.command("evaluate")
@click.argument("households", type=FILE)
@click.option("--members", type=FILE, help="Members table (needed for the low-income worker, a member's status).")
@click.option("--on", "on", type=DAY, required=True, help="The date the statuses are judged on.")
@click.option("-o", "--output", type=FILE, required=True, help="Where to write them: .csv, .parquet or .xlsx.")
def evaluate_command(households: Path, members: Path | None, on: dt.date, output: Path) -> None:
    """Write whether each household and member holds each status in force ON a date (docs/statuses.md)."""
    try:
        rules = rules_in_force(on)
        household_frame = status_table(read_table(households), rules, "household", str(households))
        member_frame = None if members is None else status_table(read_table(members), rules, "member", str(members))
        result = evaluate(household_frame, member_frame, rules, on)
        write_table(result, output)
    except (StatusInputError, TableError, MissingInputError, StandardError) as error:
        raise click.ClickException(str(error)) from error
    if not rules:
        click.echo(f"no status rule is in force on {on}", err=True)
    if member_frame is None and any(rule.level == "member" for rule in rules):
        click.echo("no --members: member statuses not judged (low_income_worker)", err=True)
    counted = (
        result.group_by("status")
        .agg(held=pl.col("holds").fill_null(value=False).sum(), unknown=pl.col("holds").is_null().sum(), rows=pl.len())
        .sort("status")
    )
    summary = "; ".join(f"{s}: {h} of {n} held, {u} unknown" for s, h, u, n in counted.select(
        "status", "held", "unknown", "rows").rows())  # fmt: skip
    click.echo(f"{result.height} rows on {on} written to {output} ({summary or 'none'})")
