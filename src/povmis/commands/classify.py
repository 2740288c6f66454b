"""`povmis classify`: classify a survey under a standard and write each household's class and reasons."""

from __future__ import annotations

from pathlib import Path

import click
import polars as pl
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from povmis.core.classify import Classification
from povmis.core.classify import classify as classify_households
from povmis.core.schema import StandardError
from povmis.core.standard import Standard, load_standard
from povmis.core.validate import InputError
from povmis.tables import TableError, read_table, write_table

STEPS = ("read", "classify", "write")


@click.command()
@click.argument("households", type=click.Path(path_type=Path))
@click.option("--members", type=click.Path(path_type=Path), help="Members table (CSV, Parquet or XLSX).")
@click.option(
    "--standard",
    "standard_name",
    default="vn-2022-2025",
    show_default=True,
    help="Standard id (a folder under standards/) or the path of a standard.yaml.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Where to write the classes: .csv, .parquet or .xlsx.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when any answer is missing or invalid.")
def classify(
    households: Path, members: Path | None, standard_name: str, output: Path, quiet: bool, strict: bool
) -> None:
    """Classify HOUSEHOLDS (and their --members) as poor, near-poor, average or not poor, with reasons.

    Answers that are missing or invalid are listed (file, row, column) and written next to the
    output as <output>-issues.csv; those households stay unclassified.
    """
    console = Console(stderr=True, quiet=quiet)
    try:
        standard = load_standard(standard_name)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("reading", total=len(STEPS))
            household_table = read_table(households)
            member_table = read_table(members) if members else None
            progress.update(task, advance=1, description="classifying")
            result = classify_households(household_table, member_table, standard)
            progress.update(task, advance=1, description="writing")
            write_table(result.households, output)
            issues_path = output.with_name(f"{output.stem}-issues.csv")
            if result.issues.height:
                write_table(_located(result.issues, households, members), issues_path)
            progress.update(task, advance=1, description="done")
    except (StandardError, InputError, TableError) as error:
        raise click.ClickException(str(error)) from error
    _print_summary(result, standard, output)
    if result.issues.height:
        _print_issues(result.issues, households, members, issues_path)
        if strict:
            raise SystemExit(1)


def _located(issues: pl.DataFrame, households: Path, members: Path | None) -> pl.DataFrame:
    """Name the file each issue comes from, so that a cadre can open it at the right row."""
    file = pl.when(pl.col("table") == "member").then(pl.lit(str(members))).otherwise(pl.lit(str(households)))
    return issues.select(file.alias("file"), pl.all())


def _print_summary(result: Classification, standard: Standard, output: Path) -> None:
    table = Table(title=f"{standard.name['en']} ({standard.id})")
    for header in ("class", "households", "share"):
        table.add_column(header, justify="left" if header == "class" else "right")
    for row in result.summary().iter_rows(named=True):
        name = row["class"] if row["class"] is not None else "unclassified"
        table.add_row(name, f"{row['households']:,}", f"{row['share']:.2%}")
    table.add_row("total", f"{result.households.height:,}", "100.00%", style="bold")
    out = Console(width=100)
    out.print(table)
    out.print(f"written: {output}")


def _print_issues(issues: pl.DataFrame, households: Path, members: Path | None, path: Path) -> None:
    err = Console(stderr=True, width=160)
    err.print(
        f"[bold red]{issues.height} problem(s) in the answers[/]; their households are unclassified. "
        f"All of them: {path}"
    )
    for row in _located(issues, households, members).head(20).iter_rows(named=True):
        err.print(
            f"{row['file']}: row {row['row']}, column {row['column']}: "
            f"{row['value']!r}: {row['message_en']} / {row['message_vi']}"
        )
