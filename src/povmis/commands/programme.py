"""`povmis programme`: capital plans, payments and the disbursement figures, through the programme's services.

Imports are dry runs unless ``--commit``; a file with any issue is refused whole and its issues
printed (row, column, value, message). ``disbursement --json`` prints the document of programme.md §4.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from povmis.commands.django import acting_user, setup_django
from povmis.core.programmes.disbursement import DimensionError
from povmis.core.programmes.lines import DIMENSIONS
from povmis.core.schema import StandardError
from povmis.core.validate import InputError

SHOWN_ISSUES = 30


@click.group()
def programme() -> None:
    """The programme's money and outputs: import capital plans, payments and outputs, and report disbursement."""


@programme.command("import")
@click.argument("kind", type=click.Choice(["plans", "payments", "outputs", "transfers"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--commit", is_flag=True, help="Record the file (without it, only check it: a dry run).")
@click.option("--user", "username", required=True, metavar="NAME", help="The account to act as (its role decides).")
def import_file(kind: str, file: Path, commit: bool, username: str) -> None:
    """Check a plan, payment, output or transfer file (CSV or XLSX) and, with --commit, record it in one transaction."""
    user = acting_user(username)
    from povmis.errors import ServiceError  # noqa: PLC0415  # needs Django set up first
    from povmis.programme import services  # noqa: PLC0415  # needs Django set up first

    action = {"plans": services.import_plans, "payments": services.import_payments,
              "outputs": services.import_outputs, "transfers": services.import_transfers}[kind]  # fmt: skip
    try:
        result = action(file.read_bytes(), file.name, by=user, commit=commit)
    except (ServiceError, InputError, StandardError) as error:
        raise click.ClickException(str(error)) from error
    for issue in result.issues.head(SHOWN_ISSUES).iter_rows(named=True):
        where = f"{result.file}, row {issue['row']}, column {issue['column']} ({issue['value']!r})"
        click.echo(f"{where}: {issue['message_en']}")
    if not result.issues.is_empty():
        raise click.ClickException(f"{result.file}: {result.issues.height} issue(s); nothing was recorded")
    verb = "recorded" if result.committed else "would record (dry run; add --commit)"
    click.echo(f"{result.file}: {result.rows} rows; {verb} {result.new} new, {result.unchanged} already recorded")


@programme.command()
@click.option("--on", "on", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Payments up to and including it.")
@click.option("--programme", "programme_id", default=None, help="One programme's id (default: all).")
@click.option("--by", "by", default="", help=f"Comma-separated dimensions among {', '.join(DIMENSIONS)}.")
@click.option("--user", "username", default=None, metavar="NAME", help="Whose area to report (default: everywhere).")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON document instead of a table.")
def disbursement(on: dt.datetime, programme_id: str | None, by: str, username: str | None, as_json: bool) -> None:
    """The disbursement rate on a date, with and without carried-over capital, summed along --by."""
    setup_django()
    from django.contrib.auth.models import User  # noqa: PLC0415 -- Django is set up once the command runs

    from povmis.programme import queries  # noqa: PLC0415 -- Django is set up once the command runs

    user = acting_user(username) if username else User(is_superuser=True, is_active=True)
    dimensions = [part.strip() for part in by.split(",") if part.strip()]
    try:
        report = queries.disbursement_report(user, on.date(), dimensions, programme_id)
    except DimensionError as error:
        raise click.BadParameter(str(error), param_hint="--by") from error
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    for group in [*report["groups"], {"total": True, **report["total"]}]:
        label = "total" if "total" in group else ", ".join(str(group[d]) for d in dimensions)
        if group.get("successors"):
            label += f" (ceased; its successors: {', '.join(group['successors'])})"
        rate = group["rate_with_carryover"]
        paid, allocated = group["disbursed_with_carryover_vnd"], group["allocated_with_carryover_vnd"]
        shown = "-" if rate is None else f"{rate:.2%}"
        click.echo(f"{label}: {paid:,} of {allocated:,} VND ({shown} with carry-over)")


@programme.command()
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="The period's first day.")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="The period's last day.")
@click.option("--programme", "programme_id", default="ntp-spr-2021-2025", show_default=True, help="The programme's id.")
@click.option("--user", "username", default=None, metavar="NAME", help="Whose reach to report (default: everywhere).")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON instead of a table.")
def outputs(start: dt.datetime, end: dt.datetime, programme_id: str, username: str | None, as_json: bool) -> None:
    """The outputs against their targets in a period: counted from the deliveries or the output records."""
    setup_django()
    from django.contrib.auth.models import User  # noqa: PLC0415 -- Django is set up once the command runs

    from povmis.programme import queries  # noqa: PLC0415 -- Django is set up once the command runs

    user = acting_user(username) if username else User(is_superuser=True, is_active=True)
    try:
        table = queries.outputs_table(user, programme_id, start.date(), end.date())
    except StandardError as error:
        raise click.BadParameter(str(error), param_hint="--programme") from error
    if as_json:
        click.echo(json.dumps(table.to_dicts(), ensure_ascii=False))
        return
    for row in table.iter_rows(named=True):
        value = "-" if row["value"] is None else f"{row['value']:,.2f}".rstrip("0").rstrip(".")
        target = "" if row["target"] is None else f" of {row['target']:,.0f} targeted"
        click.echo(f"{row['project']} {row['indicator']}: {value} {row['unit']}{target}")
