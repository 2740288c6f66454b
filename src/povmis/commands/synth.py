"""`povmis synth`: write a seeded synthetic province, year by year, ready for `povmis classify`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import polars as pl
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from povmis.core.schema import StandardError
from povmis.core.standard import load_standard
from povmis.core.synth.boundaries import boundaries_geojson
from povmis.core.synth.calibration import SYNTH_YEARS, targets_frame
from povmis.core.synth.province import SyntheticProvince
from povmis.core.synth.reorganisation import succession_table, unit_table


@click.command()
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same province, byte for byte.")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Folder to write into.")
@click.option(
    "--households",
    type=click.IntRange(min=1_000),
    help="Households at the end of 2024 (default: Đắk Lắk's 539,718); e.g. 27000000 for the nation.",
)
@click.option(
    "--year",
    "years",
    type=click.Choice([str(year) for year in SYNTH_YEARS]),
    multiple=True,
    help="Only this year (repeatable); default: every year 2021-2026.",
)
@click.option(
    "--standard",
    "standard_name",
    default="vn-2022-2025",
    show_default=True,
    help="The standard whose income lines the answers are drawn against.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def synth(
    seed: int, out: Path, households: int | None, years: tuple[str, ...], standard_name: str, quiet: bool
) -> None:
    """Generate a synthetic Đắk Lắk whose classification gives the published poverty rates.

    Writes OUT/<year>/households.parquet and members.parquet for each year, OUT/units.csv,
    OUT/successions.csv, OUT/boundaries.geojson and OUT/figures.csv (the counts each year reproduces).
    """
    try:
        province = SyntheticProvince(seed=seed, standard=load_standard(standard_name), households=households)
    except (StandardError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    chosen = sorted(int(year) for year in years) or list(SYNTH_YEARS)
    console = Console(stderr=True, quiet=quiet)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("households", total=len(chosen) * len(province.chunks()) + 1)
        _write_units(out)
        progress.advance(task)
        for year in chosen:
            _write_year(province, year, out / str(year), progress, task)
    targets_frame(province.targets).filter(pl.col("year").is_in(chosen)).write_csv(out / "figures.csv")
    _print_summary(province, chosen, out)


def _write_units(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    units, successions = unit_table(), succession_table()
    units.write_csv(out / "units.csv")
    successions.write_csv(out / "successions.csv")
    geojson = boundaries_geojson(units, successions)
    (out / "boundaries.geojson").write_text(json.dumps(geojson, ensure_ascii=False), encoding="utf-8")


def _write_year(province: SyntheticProvince, year: int, folder: Path, progress: Progress, task: TaskID) -> None:
    """One file per table; a large province is written chunk by chunk, then streamed into one file."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = folder / ".parts"
    for index, chunk in enumerate(province.year_chunks(year)):
        progress.update(task, description=f"{year}: {chunk.households.height:,} households")
        if len(province.chunks()) == 1:
            chunk.households.write_parquet(folder / "households.parquet")
            chunk.members.write_parquet(folder / "members.parquet")
        else:
            parts.mkdir(exist_ok=True)
            chunk.households.write_parquet(parts / f"households-{index:03d}.parquet")
            chunk.members.write_parquet(parts / f"members-{index:03d}.parquet")
        progress.advance(task)
    if parts.exists():
        for table in ("households", "members"):
            pl.scan_parquet(sorted(parts.glob(f"{table}-*.parquet"))).sink_parquet(folder / f"{table}.parquet")
        shutil.rmtree(parts)


def _print_summary(province: SyntheticProvince, years: list[int], out: Path) -> None:
    table = Table(title=f"Synthetic Đắk Lắk, seed {province.seed}")
    for header in ("year", "households", "poor", "poverty rate", "EM households", "EM poverty rate"):
        table.add_column(header, justify="right")
    for year in years:
        target = province.targets[year]
        table.add_row(
            str(year),
            f"{target.households:,}",
            f"{target.poor:,}",
            f"{target.poor / target.households:.2%}",
            f"{target.em_households:,}",
            f"{target.em_poor / target.em_households:.2%}",
        )
    console = Console(width=100)
    console.print(table)
    console.print(f"written: {out}")
