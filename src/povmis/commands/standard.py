"""`povmis standard`: the standards PovMIS knows, their rules, and the survey layout each needs."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from povmis.core.documentation import questionnaire_markdown
from povmis.core.schema import StandardError
from povmis.core.standard import Standard, available_standards, load_standard


@click.group()
def standard() -> None:
    """List, check and document poverty standards (files under standards/)."""


@standard.command("list")
def list_standards() -> None:
    """The standards available, with their periods and content hashes."""
    table = Table()
    for header in ("id", "name", "from", "to", "hash"):
        table.add_column(header)
    for name in available_standards():
        loaded = _load(name)
        table.add_row(
            loaded.id,
            loaded.name["en"],
            str(loaded.effective_from),
            str(loaded.effective_to or ""),
            loaded.content_hash[:12],
        )
    Console(width=120).print(table)


@standard.command("check")
@click.argument("name_or_path")
def check(name_or_path: str) -> None:
    """Load NAME_OR_PATH and report the first problem, naming its key."""
    loaded = _load(name_or_path)
    click.echo(f"{loaded.id}: valid ({len(loaded.indicators)} indicators, hash {loaded.content_hash[:12]})")


@standard.command("questionnaire")
@click.argument("name_or_path")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the Markdown here.")
def questionnaire(name_or_path: str, output: Path | None) -> None:
    """The survey layout (columns, codes, ranges) and the rules of NAME_OR_PATH, as Markdown."""
    text = questionnaire_markdown(_load(name_or_path))
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@standard.command("xlsform")
@click.option("--standard", "name_or_path", default="vn-2022-2025", show_default=True, help="Standard id or path.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The .xlsx to write."
)
def xlsform(name_or_path: str, output: Path) -> None:
    """The household survey form for ODK Collect / KoboToolbox (XLSForm), generated from the standard."""
    from povmis.registry.xlsform import FormError, write_xlsform  # noqa: PLC0415  # the spreadsheet writer

    try:
        write_xlsform(_load(name_or_path), output)
    except FormError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"written: {output}")


def _load(name_or_path: str) -> Standard:
    try:
        return load_standard(name_or_path)
    except StandardError as error:
        raise click.ClickException(str(error)) from error
