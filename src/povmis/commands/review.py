"""`povmis review`: the annual review (rà soát) from the command line, through the same services as the pages.

Every command that changes something acts as a named user (`--user`): that user's role decides
whether it may, and the audit log and the procedure's paper trail record the name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click
import polars as pl
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from povmis.commands.django import acting_user, setup_django
from povmis.core.schema import StandardError
from povmis.core.validate import InputError
from povmis.tables import TableError, write_table

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from povmis.registry.models import ReviewCycle
    from povmis.registry.services import ImportEffect

T = TypeVar("T")
USER = click.option(
    "--user", "username", required=True, metavar="NAME", help="The account to act as (its role decides; audited)."
)
YEAR = click.option("--year", type=int, required=True, help="The review cycle's year.")
# Issues printed on the terminal; all of them go to --report.
SHOWN_ISSUES = 30
REPORT_COLUMNS = ["file", "row", "column", "value", "severity", "message_vi", "message_en", "household_id"]


@click.group()
def review() -> None:
    """The annual review: import survey files, classify, move communes through the procedure, close."""


def run(action: Callable[[], T]) -> T:
    """Call a service; its refusals and the file's problems become a message and exit status 1."""
    from povmis.errors import ServiceError  # noqa: PLC0415  # needs Django set up first

    try:
        return action()
    except (ServiceError, InputError, StandardError, TableError) as error:
        raise click.ClickException(str(error)) from error


def get_cycle(year: int) -> ReviewCycle:
    setup_django()
    from povmis.registry.models import ReviewCycle  # noqa: PLC0415  # needs Django set up first

    try:
        return ReviewCycle.objects.get(year=year)
    except ReviewCycle.DoesNotExist:
        raise click.ClickException(
            f"there is no {year} review; open it with: povmis review open --year {year}"
        ) from None


@contextmanager
def steps(total: int, *, quiet: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar that moves one step per message a service reports."""
    console = Console(stderr=True, quiet=quiet)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console, transient=True
    ) as progress:
        task = progress.add_task("starting", total=total)

        def say(message: str) -> None:
            if message == "done":
                progress.update(task, completed=total, description=message)
            else:
                progress.update(task, advance=1, description=message)

        yield say


@review.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--members", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="The member CSV.")
@YEAR
@USER
@click.option("--commit", is_flag=True, help="Land the import; without it nothing is written (a dry run).")
@click.option("--report", type=click.Path(path_type=Path), help="Write every issue to this .xlsx or .csv file.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def import_command(
    file: Path, members: Path | None, year: int, username: str, commit: bool, report: Path | None, quiet: bool
) -> None:
    """Check FILE (CSV with --members, or an XLSX workbook or form export) against a review; --commit lands it.

    Prints how many households are new, changed, unchanged or rejected, and every issue by file,
    row and column. A household with an error is rejected; warnings are for the reviewer to confirm.
    """
    from povmis.registry.services import import_survey  # noqa: PLC0415  # needs Django set up first
    from povmis.registry.survey_import import read_survey  # noqa: PLC0415  # needs Django set up first

    user = acting_user(username)
    get_cycle(year)
    survey = run(lambda: read_survey(file, members))
    with steps(4, quiet=quiet) as say:
        effect = run(lambda: import_survey(survey, year=year, user=user, commit=commit, progress=say))
    _print_effect(effect)
    if report:
        run(lambda: write_table(effect.issues.select(REPORT_COLUMNS), report))
        click.echo(f"issues written: {report}")


def _print_effect(effect: ImportEffect) -> None:
    out = Console(width=160)
    table = Table(title=f"Import into the {effect.year} review: {', '.join(effect.files)}")
    for header in ("new", "changed", "unchanged", "rejected"):
        table.add_column(header, justify="right")
    table.add_row(*(f"{effect.counts[name]:,}" for name in ("new", "changed", "unchanged", "rejected")))
    out.print(table)
    if effect.changes.height:
        out.print(f"{effect.changes.height:,} answer(s) differ from the stored ones in the changed households.")
    if effect.issues.height:
        issues = Table(title=f"{effect.issues.height:,} issue(s)")
        for header in ("file", "row", "column", "severity", "message"):
            issues.add_column(header, justify="right" if header == "row" else "left")
        for row in effect.issues.head(SHOWN_ISSUES).iter_rows(named=True):
            message = f"{row['value']!r}: {row['message_vi']} / {row['message_en']}"
            issues.add_row(row["file"], str(row["row"]), row["column"], row["severity"], message)
        out.print(issues)
        if effect.issues.height > SHOWN_ISSUES:
            out.print(f"… and {effect.issues.height - SHOWN_ISSUES:,} more: write them all with --report FILE.xlsx")
    if effect.committed:
        out.print(f"committed as import {effect.batch_id}")
    elif effect.counts["new"] or effect.counts["changed"]:
        out.print("dry run: nothing was written; run again with --commit to land it")
    else:
        out.print("nothing to write: every accepted household is already stored as it is in the file")


@review.command("classify")
@YEAR
@USER
@click.option(
    "--standard",
    "standard_id",
    metavar="ID",
    help="Also classify the review under this further standard, beside its official results (which stay as they are).",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def classify_command(year: int, username: str, standard_id: str | None, quiet: bool) -> None:
    """Classify every household of the review under its standard and store the classes with their reasons.

    With --standard, the review is classified under that standard too and stored beside the official
    results; the table shows each official class against the class under the further standard.
    """
    from povmis.registry.models import HouseholdResult  # noqa: PLC0415  # needs Django set up first
    from povmis.registry.services import classify_cycle  # noqa: PLC0415  # needs Django set up first

    user = acting_user(username)
    cycle = get_cycle(year)
    if standard_id is not None:
        _classify_under(cycle, standard_id, user, quiet=quiet)
        return
    with steps(4, quiet=quiet) as say:
        classification = run(lambda: classify_cycle(cycle, user=user, progress=say))
    classes = list(HouseholdResult.objects.filter(run=classification).values_list("household_class", flat=True))
    counts = pl.DataFrame({"class": classes}, schema={"class": pl.String}).group_by("class").len().sort("class")
    table = Table(title=f"The {year} review under {classification.standard_id} ({classification.standard_hash[:12]})")
    for header in ("class", "households", "share"):
        table.add_column(header, justify="left" if header == "class" else "right")
    total = max(len(classes), 1)
    for name, count in counts.iter_rows():
        table.add_row(name or "unclassified (invalid answers)", f"{count:,}", f"{count / total:.2%}")
    table.add_row("total", f"{len(classes):,}", "100.00%", style="bold")
    Console(width=120).print(table)


def _classify_under(cycle: ReviewCycle, standard_id: str, user: User | None, *, quiet: bool) -> None:
    from povmis.registry.services import classify_cycle_under  # noqa: PLC0415  # Django is set up by the command first
    from povmis.registry.standard_runs import standard_results  # noqa: PLC0415  # Django is set up by the command first

    with steps(4, quiet=quiet) as say:
        further = run(lambda: classify_cycle_under(cycle, standard_id, user=user, progress=say))
    results = standard_results(further)
    matrix = results.group_by("official_class", "class").len().sort("official_class", "class", nulls_last=True)
    title = (
        f"The {cycle.year} review under {further.standard_id} ({further.standard_hash[:12]}) beside the official "
        f"{further.official_standard_id} ({further.official_standard_hash[:12]})"
    )
    table = Table(title=title)
    for header in (f"class under {further.official_standard_id}", f"class under {further.standard_id}", "households"):
        table.add_column(header, justify="right" if header == "households" else "left")
    for official, new, count in matrix.iter_rows():
        table.add_row(official or "unclassified", new or "unclassified", f"{count:,}")
    moved = results.filter(pl.col("transition") == "reclassified_by_standard").height
    out = Console(width=160)
    out.print(table)
    out.print(f"{moved:,} of {results.height:,} households reclassified by the standard (not by any change in them)")
    if further.not_assessed != "[]":
        out.print(f"not assessed (no answers in the review, counted as not deprived): {further.not_assessed}")


@review.command("open")
@YEAR
@click.option("--standard", "standard_id", default="vn-2022-2025", show_default=True, help="The standard's id.")
@click.option(
    "--also-asks",
    "also_asks",
    metavar="ID",
    multiple=True,
    help="A further standard whose questions the survey asks too, to classify the review under it (repeatable).",
)
@USER
def open_command(year: int, standard_id: str, also_asks: tuple[str, ...], username: str) -> None:
    """Open the review of YEAR under a standard (the province or an administrator)."""
    from povmis.registry.services import open_cycle  # noqa: PLC0415  # needs Django set up first

    user = acting_user(username)
    cycle = run(lambda: open_cycle(year, user=user, standard_id=standard_id, also_asks=also_asks))
    further = f", also asking the questions of {', '.join(cycle.further_standard_ids)}" if cycle.also_asks else ""
    click.echo(f"opened the {cycle.year} review under {cycle.standard_id}{further}")


@review.command("advance")
@YEAR
@click.option("--commune", "commune_code", required=True, metavar="CODE", help="The commune's code.")
@click.option("--note", default="", help="A note for the procedure's record (the meeting's minutes number, say).")
@USER
def advance_command(year: int, commune_code: str, note: str, username: str) -> None:
    """Move a commune's list one step through the procedure (meeting, notice, appeals, approvals)."""
    from povmis.registry.models import CommuneReview  # noqa: PLC0415  # needs Django set up first
    from povmis.registry.services import advance_stage  # noqa: PLC0415  # needs Django set up first

    user = acting_user(username)
    cycle = get_cycle(year)
    try:
        commune_review = CommuneReview.objects.get(cycle=cycle, commune__code=commune_code)
    except CommuneReview.DoesNotExist:
        raise click.ClickException(
            f"commune {commune_code} has no list in the {year} review yet: import its survey first"
        ) from None
    before = commune_review.stage
    moved = run(lambda: advance_stage(commune_review, user=user, note=note))
    click.echo(f"commune {commune_code}: {before} → {moved.stage}")


@review.command("close")
@YEAR
@USER
def close_command(year: int, username: str) -> None:
    """Close the review once the province has approved every commune's list; it is read-only afterwards."""
    from povmis.registry.services import close_cycle  # noqa: PLC0415  # needs Django set up first

    user = acting_user(username)
    cycle = get_cycle(year)
    run(lambda: close_cycle(cycle, user=user))
    click.echo(f"closed the {year} review")
