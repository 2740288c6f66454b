"""`povmis figures`: a unit's figures for one review, the same function the pages and the API call."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from povmis.commands.django import setup_django


@click.command()
@click.option("--year", type=int, help="The review year (a classified review).")
@click.option(
    "--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Instead of a review: the list in force on this day (YYYY-MM-DD), the monthly decisions included.",
)  # fmt: skip
@click.option("--unit", "code", metavar="CODE", help="A province, district or commune code (default: everything).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON document.")
def figures(year: int | None, as_of: dt.datetime | None, code: str | None, as_json: bool) -> None:
    """Households, classified, poor and near-poor, their rates (fractions of the classified) and flows."""
    if (year is None) == (as_of is None):
        raise click.UsageError("give either --year or --as-of")
    setup_django()
    from povmis.accounts.scoping import EVERYWHERE  # noqa: PLC0415  # needs Django set up first
    from povmis.monitoring.data import years  # noqa: PLC0415  # needs Django set up first
    from povmis.monitoring.figures import unit_figures  # noqa: PLC0415  # needs Django set up first
    from povmis.monitoring.focus import focus_in  # noqa: PLC0415  # needs Django set up first
    from povmis.units.models import AdminUnit  # noqa: PLC0415  # needs Django set up first

    if as_of is not None:
        _print_as_of(_as_of(code, as_of.date()), as_json)
        return
    if year not in years():
        raise click.ClickException(
            f"no classified review for {year} (classified: {', '.join(map(str, years())) or 'none'})"
        )
    try:
        focus = focus_in(EVERYWHERE, code)
    except AdminUnit.DoesNotExist as error:
        raise click.ClickException(f"no unit with code {code}: see `povmis units`") from error
    result = unit_figures(focus, year)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    _print(result)


def _print(result: dict[str, object]) -> None:
    rate = "{:.2%}".format
    click.echo(f"{result['unit'] or 'all units'}, {result['year']} review")
    for name in ("households", "classified", "unclassified", "poor", "near_poor"):
        click.echo(f"  {name}: {result[name]:,}")
    for name in ("poverty_rate", "near_poverty_rate", "poor_near_rate"):
        value = result[name]
        click.echo(f"  {name}: {'–' if value is None else rate(value)}")
    flows = result["flows"]
    assert isinstance(flows, dict)  # narrows the type for mypy: unit_figures builds a dict
    for side, values in flows.items():
        click.echo(f"  flows of {side}: " + ", ".join(f"{k} {v:,}" for k, v in values.items()))


def _as_of(code: str | None, day: dt.date) -> dict[str, Any]:
    from povmis.accounts.scoping import EVERYWHERE  # noqa: PLC0415  # needs Django set up first
    from povmis.monitoring.figures import figures_as_of  # noqa: PLC0415  # needs Django set up first
    from povmis.monitoring.focus import focus_in  # noqa: PLC0415  # needs Django set up first
    from povmis.units.models import AdminUnit  # noqa: PLC0415  # needs Django set up first

    try:
        return figures_as_of(focus_in(EVERYWHERE, code), day)
    except AdminUnit.DoesNotExist as error:
        raise click.ClickException(f"no unit with code {code}: see `povmis units`") from error
    except LookupError as error:
        raise click.ClickException(str(error)) from error


def _print_as_of(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result['unit'] or 'all units'}, the list in force on {result['as_of']} ({result['review']} review)")
    for name in ("households", "classified", "unclassified", "poor", "near_poor"):
        click.echo(f"  {name}: {result[name]:,}")
    for name in ("poverty_rate", "near_poverty_rate", "multidimensional_poverty_rate"):
        value = result[name]
        click.echo(f"  {name}: {'–' if value is None else f'{value:.2%}'}")
