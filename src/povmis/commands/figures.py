"""`povmis figures`: a unit's figures for one review, the same function the pages and the API call."""

from __future__ import annotations

import json

import click

from povmis.commands.django import setup_django


@click.command()
@click.option("--year", required=True, type=int, help="The review year (a classified review).")
@click.option("--unit", "code", metavar="CODE", help="A province, district or commune code (default: everything).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON document.")
def figures(year: int, code: str | None, as_json: bool) -> None:
    """Households, classified, poor and near-poor, their rates (fractions of the classified) and flows."""
    setup_django()
    from povmis.accounts.scoping import EVERYWHERE  # noqa: PLC0415  # needs Django set up first
    from povmis.monitoring.data import years  # noqa: PLC0415  # needs Django set up first
    from povmis.monitoring.figures import unit_figures  # noqa: PLC0415  # needs Django set up first
    from povmis.monitoring.focus import focus_in  # noqa: PLC0415
    from povmis.registry.models import AdminUnit  # noqa: PLC0415

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
