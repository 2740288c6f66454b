"""`povmis application`: the regular (monthly) review on application, through the same functions as the pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from povmis.commands.django import setup_django
from povmis.tables import TableError, write_table


@click.group()
def application() -> None:
    """The regular review: the monthly report to the province and the list in force on a date."""


@application.command("monthly-report")
@click.option("--month", required=True, metavar="YYYY-MM", help="The month whose decisions are reported.")
@click.option("--unit", "code", metavar="CODE", help="A province, district or commune code (default: everything).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the table (CSV, XLSX or Parquet).")
def monthly_report(month: str, code: str | None, output: Path | None) -> None:
    """The month's decisions per commune: new poor and near-poor, escapes, average living standard, refusals."""
    setup_django()
    from povmis.errors import ServiceError  # noqa: PLC0415  # imports Django: keeps the CLI's start-up free of it
    from povmis.registry import monthly_report as reports  # noqa: PLC0415  # needs Django set up first

    try:
        found = reports.report(None, *reports.parse_month(month))
    except ServiceError as error:
        raise click.ClickException(str(error)) from error
    rows = found.rows if code is None else found.rows.filter(found.rows["commune_code"].is_in(_communes(code)))
    click.echo(f"Regular review, decisions of {found.year}-{found.month:02d}, due {found.due.isoformat()}")
    for row in rows.iter_rows(named=True):
        counts = ", ".join(
            f"{name} {value}" for name, value in row.items() if name not in ("commune_code", "commune_name")
        )
        click.echo(f"  {row['commune_code']} {row['commune_name']}: {counts}")
    if not rows.height:
        click.echo("  no decision")
    if output is not None:
        try:
            write_table(rows, output)
        except TableError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"written to {output}")


def _communes(code: str) -> list[str]:
    from povmis.units.models import AdminUnit, Level  # noqa: PLC0415  # needs Django set up first

    try:
        unit = AdminUnit.objects.get(code=code)
    except AdminUnit.DoesNotExist as error:
        raise click.ClickException(f"no unit with code {code}: see `povmis units`") from error
    communes = AdminUnit.objects.filter(path__startswith=unit.path, level=Level.COMMUNE)
    return list(communes.values_list("code", flat=True))


@application.command("in-force")
@click.option("--as-of", "day", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="The date, YYYY-MM-DD.")
@click.option("--unit", "code", metavar="CODE", help="A province, district or commune code (default: everything).")
def in_force(day: dt.datetime, code: str | None) -> None:
    """How many households of each class are on the list in force on a date (the monthly decisions included)."""
    setup_django()
    from povmis.registry.list_in_force import classes_as_of  # noqa: PLC0415  # needs Django set up first
    from povmis.units.models import AdminUnit  # noqa: PLC0415  # needs Django set up first

    try:
        area = "" if code is None else AdminUnit.objects.get(code=code).path
    except AdminUnit.DoesNotExist as error:
        raise click.ClickException(f"no unit with code {code}: see `povmis units`") from error
    counts = classes_as_of(day.date(), area).group_by("class").len().sort("class", nulls_last=True)
    click.echo(f"List in force on {day.date().isoformat()}")
    for name, households in counts.iter_rows():
        click.echo(f"  {name or 'unclassified'}: {households:,}")
