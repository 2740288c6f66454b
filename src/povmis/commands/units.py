"""`povmis units`: the administrative units (province, districts, communes, villages) and their successions."""

from __future__ import annotations

from pathlib import Path

import click

from povmis.commands.django import acting_user
from povmis.commands.review import run

CSV = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group()
def units() -> None:
    """Administrative units: load them from CSV, with the successions of a reorganisation."""


@units.command("load")
@click.argument("units_file", metavar="UNITS_CSV", type=CSV)
@click.option("--successions", type=CSV, help="CSV of predecessor_code, successor_code, kind, effective, share.")
@click.option("--user", "username", required=True, metavar="NAME", help="An administrator's account (audited).")
def load(units_file: Path, successions: Path | None, username: str) -> None:
    """Create or update units from UNITS_CSV (code, name, level, parent_code, is_urban, is_disadvantaged, ...)."""
    user = acting_user(username)
    from povmis.registry.services import load_successions, load_units  # noqa: PLC0415  # needs Django set up first

    count = run(lambda: load_units(units_file, user=user))
    click.echo(f"{count:,} unit(s) loaded from {units_file.name}")
    if successions:
        linked = run(lambda: load_successions(successions, user=user))
        click.echo(f"{linked:,} succession(s) loaded from {successions.name}")
