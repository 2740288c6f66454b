"""`povmis risk score`: learn the fall-back risk from the registry's past reviews and store every household's."""

from __future__ import annotations

import json

import click

from povmis.commands.django import setup_django


@click.group()
def risk() -> None:
    """The risk that a household not poor now is poor at the next review."""


@risk.command()
@click.option("--year", type=click.IntRange(1, 9998), help="The round to score (default: the latest classified).")
@click.option("--json", "as_json", is_flag=True, help="Print the stored scoring's record as JSON.")
def score(year: int | None, as_json: bool) -> None:
    """Train on every transition up to the round, test on the last one, score and explain its not-poor
    households, and store the result (the pages, the workbook and the API read it)."""
    setup_django()
    from povmis.errors import ServiceError  # noqa: PLC0415  # imports Django: keeps the CLI's start-up free of it
    from povmis.monitoring.risk import score_risk, scoring_json  # noqa: PLC0415  # needs Django set up first

    try:
        scoring = score_risk(year)
    except ServiceError as error:
        raise click.ClickException(str(error)) from error
    record = scoring_json(scoring)
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    tested = record["backtest"]
    click.echo(
        f"scored {scoring.households:,} households not poor in {scoring.year}, trained on rounds "
        f"{scoring.trained_from}-{scoring.trained_to}"
    )
    if tested:
        click.echo(
            f"backtest on {tested['year']}: AUC {tested['auc']:.3f} (income margin alone {tested['baseline_auc']:.3f})"
        )
    else:
        click.echo("backtest: too few reviews to test on a past one")
    click.echo(f"high risk (top decile): risk of at least {scoring.high_risk_from:.1%}")
