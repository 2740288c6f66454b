"""`povmis forecast`: every unit's rates projected to the end of the year, and the targets it will miss."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from povmis.commands.django import setup_django


@click.command()
@click.option("--year", required=True, type=click.IntRange(1, 9998), help="The year whose end is forecast.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="The day of the forecast (default today).")
@click.option("--unit", "code", metavar="CODE", help="A province, district or commune code (default: everything).")
@click.option("--json", "as_json", is_flag=True, help="Print the forecast as one JSON document.")
def forecast(year: int, as_of: dt.datetime | None, code: str | None, as_json: bool) -> None:
    """The end-of-year rates of every unit from the last review, the year's changes so far and past years'
    trend, each with its 90% interval; then the units that will miss a target of the year's programme."""
    setup_django()
    from django.utils import timezone  # noqa: PLC0415  # needs Django set up first

    from povmis.accounts.scoping import EVERYWHERE  # noqa: PLC0415  # needs Django set up first
    from povmis.monitoring.focus import focus_in  # noqa: PLC0415  # needs Django set up first
    from povmis.monitoring.forecasts import unit_forecasts  # noqa: PLC0415  # needs Django set up first
    from povmis.units.models import AdminUnit  # noqa: PLC0415  # needs Django set up first

    try:
        focus = focus_in(EVERYWHERE, code)
    except AdminUnit.DoesNotExist as error:
        raise click.ClickException(f"no unit with code {code}: see `povmis units`") from error
    document = unit_forecasts(focus, year, as_of.date() if as_of else timezone.localdate())
    if not any(unit["rates"] for unit in document["units"]):
        raise click.ClickException(f"no classified review before {year} to forecast from")
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _print(document)


def _print(document: dict[str, Any]) -> None:
    def percent(value: float | None) -> str:
        return "–" if value is None else f"{value:.2%}"

    click.echo(f"forecast for the end of {document['year']}, as of {document['as_of']} "
               f"({document['elapsed']:.0%} of the year passed); poverty rate, 90% interval")  # fmt: skip
    for unit in document["units"]:
        rate = unit["rates"].get("poverty_rate")
        if rate:
            click.echo(
                f"  {unit['code']} {unit['name']} ({unit['level']}): {percent(rate['start_rate'])} in "
                f"{rate['start_year']} → {percent(rate['projected'])} [{percent(rate['low'])}, {percent(rate['high'])}]"
            )
    click.echo(f"will miss a target: {len(document['warnings'])}")
    for row in document["warnings"]:
        click.echo(
            f"  {row['code']} {row['name']}: {row['target']} needs {row['needed']:.2%} off {row['rate']} this year, "
            f"forecast {row['reduction']:.2%}"
        )
