"""`povmis whatif`: who would change class, and why, if a past round were classified under a variant.

Read-only: the round's answers are read, classified under its own standard and under the variant,
and compared; the official results are not touched. ``--households``/``--members`` run the same
comparison on survey files instead of a registry round.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
import polars as pl
from rich.console import Console
from rich.table import Table

from povmis.commands.django import setup_django
from povmis.core.policies.policy import load_policies
from povmis.core.schema import StandardError
from povmis.core.standard import load_standard
from povmis.core.validate import InputError, prepare_inputs
from povmis.core.variants import parse_settings
from povmis.core.whatif import WhatIf, what_if
from povmis.core.whatif_cost import load_premiums, support_cost
from povmis.tables import TableError, read_table


@click.command()
@click.option("--year", type=int, help="The review round (from the registry); or give --households.")
@click.option("--standard", "standard_id", help="The variant's standard or layer id (default: the round's own).")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE", help="A change, e.g. line.rural=2200000.")
@click.option("--unit", help="Only this unit's households (its code); default the whole registry.")
@click.option("--households", type=click.Path(exists=True, path_type=Path), help="A survey file instead of a round.")
@click.option("--members", type=click.Path(exists=True, path_type=Path), help="Its members file.")
@click.option("--base", default="vn-2022-2025", show_default=True, help="With --households: their standard.")
@click.option(
    "--on",
    "priced_on",
    type=click.DateTime(["%Y-%m-%d"]),
    help="With --households: the day whose support policies price the changes (default: the last day of this year).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def whatif(  # one option per part of the question
    year: int | None,
    standard_id: str | None,
    settings: tuple[str, ...],
    unit: str | None,
    households: Path | None,
    members: Path | None,
    base: str,
    priced_on: dt.datetime | None,
    as_json: bool,
) -> None:
    """Compare a round's classes under its standard with a variant: the old x new matrix and the reasons."""
    if (year is None) == (households is None):
        raise click.UsageError("give --year (a registry round) or --households (a survey file)")
    try:
        changes = parse_settings(settings)
        document = _from_round(year, unit, standard_id, changes) if year is not None else None
        if document is None:
            on = priced_on.date() if priced_on else dt.date(dt.date.today().year, 12, 31)  # noqa: DTZ011  # a day, no time
            result = _from_files(households, members, base, standard_id, changes, on)
            document = result.as_json({"area": "area"})
    except (StandardError, InputError, TableError) as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _print(document)


def _from_round(year: int | None, unit: str | None, standard_id: str | None, changes: dict[str, Any]) -> dict[str, Any]:
    setup_django()
    from povmis.monitoring.whatif import round_whatif, whatif_json  # noqa: PLC0415  # needs Django set up
    from povmis.registry.models import ReviewCycle  # noqa: PLC0415  # needs Django set up first
    from povmis.units.models import AdminUnit  # noqa: PLC0415  # needs Django set up first

    assert year is not None  # the caller checked
    area = ""
    if unit:
        try:
            area = AdminUnit.objects.get(code=unit).path
        except AdminUnit.DoesNotExist as error:
            raise click.ClickException(f"--unit {unit}: no such unit") from error
    try:
        result, cycle = round_whatif(year, area, standard_id, changes)
    except ReviewCycle.DoesNotExist as error:
        raise click.ClickException(f"--year {year}: no review round for that year") from error
    return whatif_json(result, cycle)


def _from_files(
    households: Path | None,
    members: Path | None,
    base: str,
    standard_id: str | None,
    changes: dict[str, Any],
    on: dt.date,
) -> WhatIf:
    """The comparison on survey files, priced under the support policies in force ``on``, as a round is.

    A file says nothing of its communes' status: a column ``extremely_difficult_commune`` is read if
    present, else that answer is unknown (and an unknown never entitles, as for a round).
    """
    assert households is not None  # the caller checked
    standard = load_standard(base)
    against = load_standard(standard_id) if standard_id else None
    household_table = read_table(households)
    member_table = read_table(members) if members else None
    # The members typed as the classifier reads them (ages as numbers), for the policies that judge members.
    typed = prepare_inputs(household_table, member_table, standard).members
    policies, premium = load_policies(), load_premiums().annual(on)

    def costing(households: pl.DataFrame) -> dict[str, int]:
        return support_cost(households, typed, policies, on, premium)

    return what_if(household_table, member_table, standard, changes, against=against, costing=costing)


def _print(document: dict[str, Any]) -> None:
    out = Console(width=120)
    out.print(f"{document['base']['id']} → {document['variant']['id']}")
    out.print(f"households: {document['households']:,}   changed class: {document['changed']:,}")
    classes = sorted({new for row in document["matrix"].values() for new in row})
    table = Table(title="old class (rows) x new class (columns)")
    table.add_column("")
    for name in classes:
        table.add_column(name, justify="right")
    for old, row in document["matrix"].items():
        table.add_row(old, *[f"{row.get(name, 0):,}" for name in classes])
    out.print(table)
    out.print("why (households that changed): " + ", ".join(f"{k} {v:,}" for k, v in document["why"].items()))
    if document["not_assessed"]:
        out.print(
            f"not assessed (not asked in this round, counted as not deprived): {', '.join(document['not_assessed'])}"
        )
    if document["cost"] is None:
        out.print("cost: not available (no registry round, so no support policies judged)")
    else:
        out.print("cost under the support policies (VND, new classes minus old): " + ", ".join(
            f"{policy} {amount:,}" for policy, amount in document["cost"].items()))  # fmt: skip
