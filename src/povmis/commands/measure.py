"""`povmis measure`: poverty measures of a survey file (CSV, Parquet or XLSX), as a table or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import click
import polars as pl
from rich.console import Console
from rich.table import Table

from povmis.core.measures import (
    InvalidValueError,
    MissingColumnError,
    alkire_foster,
    equal_weights,
    income_poverty,
)

READERS: dict[str, Callable[[Path], pl.DataFrame]] = {
    ".csv": pl.read_csv,
    ".parquet": pl.read_parquet,
    ".xlsx": pl.read_excel,
}
T = TypeVar("T")


class NumberOrFraction(click.ParamType):
    """A number such as 0.25 or a fraction such as 1/3, so that a cutoff of a third is exact."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        try:
            return float(Fraction(str(value).strip()))
        except (ValueError, ZeroDivisionError):
            self.fail(f"{value!r} is not a number such as 0.25 or 1/3", param, ctx)


INPUT = click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path))


@click.group()
def measure() -> None:
    """Poverty measures: multidimensional (Alkire-Foster) and income (FGT, Gini). See docs/measures.md."""


def read_frame(path: Path) -> pl.DataFrame:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise click.UsageError(
            f"{path.name}: cannot read {path.suffix or 'a file without extension'}; give a .csv, .parquet or .xlsx file"
        )
    try:
        frame = reader(path)
    except Exception as error:  # any reader failure is the file's problem, reported as such
        raise click.ClickException(f"{path.name}: cannot be read ({error})") from error
    return frame


def parse_indicators(specs: tuple[str, ...]) -> dict[str, float]:
    """COL or COL=WEIGHT, where WEIGHT may be a fraction such as 1/3; all weighted or none."""
    columns = [spec.partition("=")[0] for spec in specs]
    if len(set(columns)) != len(columns):
        raise click.BadParameter("an indicator is named twice", param_hint="--indicator")
    weighted = ["=" in spec for spec in specs]
    if not any(weighted):
        return equal_weights(columns)
    if not all(weighted):
        raise click.BadParameter(
            "give a weight to every indicator (COL=WEIGHT) or to none (equal weights)",
            param_hint="--indicator",
        )
    weights: dict[str, float] = {}
    for spec in specs:
        column, _, text = spec.partition("=")
        try:
            weights[column] = NumberOrFraction().convert(text, None, None)
        except click.BadParameter as error:
            raise click.BadParameter(error.message, param_hint="--indicator") from error
    return weights


def run_measure(path: Path, compute: Callable[[], T]) -> T:
    """Call the core and turn its input errors into messages that name the file and how to fix it."""
    try:
        return compute()
    except MissingColumnError as error:
        raise click.UsageError(
            f"{path.name} has no column {error.column!r}. Its columns are: {', '.join(error.columns)}. "
            "Check the spelling (names are case-sensitive) or add the column to the file."
        ) from error
    except InvalidValueError as error:
        raise click.ClickException(
            f"{path.name}, row {error.row + 2} (counting the header as row 1), column {error.column!r}: "
            f"{error.value!r} is not {error.expected}. Correct that cell and run the command again."
        ) from error
    except ValueError as error:
        raise click.UsageError(str(error)) from error


def echo_json(data: dict[str, Any]) -> None:
    click.echo(json.dumps(data, sort_keys=True, indent=2))


def _cell(value: float) -> str:
    return f"{value:.4f}"


@measure.command("mpi")
@INPUT
@click.option(
    "--indicator",
    "indicators",
    multiple=True,
    required=True,
    metavar="COL[=WEIGHT]",
    help="A 0/1 deprivation column and its weight (e.g. water=1/6); repeat for each.",
)
@click.option(
    "--k",
    "cutoff",
    type=NumberOrFraction(),
    required=True,
    help="Poverty cutoff: poor when the weighted deprivation score is at least K (0-1).",
)
@click.option("--by", metavar="COL", help="Decompose by this subgroup column.")
@click.option("--weight", "sampling_weight", metavar="COL", help="Sampling-weight column.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def mpi(
    input_path: Path,
    indicators: tuple[str, ...],
    cutoff: float,
    by: str | None,
    sampling_weight: str | None,
    *,
    as_json: bool,
) -> None:
    """Alkire-Foster H, A and M0 of INPUT. Without weights, indicators weigh equally (summing to 1)."""
    weights = parse_indicators(indicators)
    frame = read_frame(input_path)
    result = run_measure(
        input_path,
        lambda: alkire_foster(frame, weights, cutoff, by=by, sampling_weight=sampling_weight),
    )
    if as_json:
        echo_json(result.to_dict())
        return
    console = Console()
    summary = Table(title=f"Alkire-Foster measures of {input_path.name}, k = {cutoff:g}")
    for column in ("H (headcount ratio)", "A (intensity)", "M0 (adjusted headcount ratio)"):
        summary.add_column(column, justify="right")
    summary.add_row(_cell(result.headcount_ratio), _cell(result.intensity), _cell(result.adjusted_headcount_ratio))
    console.print(summary)
    table = Table(title="Indicators")
    for column in ("indicator", "weight", "uncensored headcount", "censored headcount", "contribution"):
        table.add_column(column, justify="left" if column == "indicator" else "right")
    for name, m in result.indicators.items():
        table.add_row(
            name,
            _cell(m.weight),
            _cell(m.uncensored_headcount),
            _cell(m.censored_headcount),
            _cell(m.contribution),
        )
    console.print(table)
    if result.groups is not None:
        groups = Table(title=f"By {by}")
        for column in (str(by), "population share", "H", "A", "M0", "contribution"):
            groups.add_column(column, justify="left" if column == by else "right")
        for name, g in result.groups.items():
            groups.add_row(
                name,
                _cell(g.population_share),
                _cell(g.headcount_ratio),
                _cell(g.intensity),
                _cell(g.adjusted_headcount_ratio),
                _cell(g.contribution),
            )
        console.print(groups)


@measure.command("fgt")
@INPUT
@click.option("--income", required=True, metavar="COL", help="Income or consumption per person.")
@click.option("--line", type=float, required=True, help="Poverty line, in the income column's unit.")
@click.option(
    "--at-or-below",
    is_flag=True,
    help="Count incomes equal to the line as poor (Viet Nam's rule); by default only below.",
)
@click.option("--by", metavar="COL", help="Also measure each subgroup of this column.")
@click.option("--weight", "sampling_weight", metavar="COL", help="Sampling-weight column.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def fgt(
    input_path: Path,
    income: str,
    line: float,
    by: str | None,
    sampling_weight: str | None,
    *,
    at_or_below: bool,
    as_json: bool,
) -> None:
    """FGT(0), FGT(1), FGT(2) against a poverty line, and the Gini coefficient, of INPUT."""
    frame = read_frame(input_path)
    result = run_measure(
        input_path,
        lambda: income_poverty(frame, income, line, at_or_below=at_or_below, by=by, sampling_weight=sampling_weight),
    )
    if as_json:
        echo_json(result.to_dict())
        return
    rule = "at or below" if at_or_below else "below"
    table = Table(title=f"Income poverty in {input_path.name}: poor = {rule} {line:g}")
    for column in ("population", "FGT0 (headcount)", "FGT1 (gap)", "FGT2 (severity)", "Gini"):
        table.add_column(column, justify="left" if column == "population" else "right")
    rows = [("all", result.total), *(result.groups or {}).items()]
    for name, m in rows:
        table.add_row(name, _cell(m.fgt0), _cell(m.fgt1), _cell(m.fgt2), _cell(m.gini))
    Console().print(table)
