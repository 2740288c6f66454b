"""`povmis demo`: the whole synthetic province in the browser, from nothing, in one command.

Generates Đắk Lắk (`povmis synth`), loads its units, runs the 2021-2026 reviews through the services
(open, import, classify, approve every commune, close; 2025 and 2026 on the communes after the 1 July
2025 reorganisation, and the 2026 review under vn-2027-2030 too, beside its official results), creates
one account per role, prints the rates beside the published ones and the logins, then serves the web app.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from povmis.commands.django import setup_django
from povmis.commands.synth import synth
from povmis.core.synth.calibration import (
    EXPECTED_POOR_RATE,
    PUBLISHED_EM_POOR_RATE,
    PUBLISHED_POOR_RATE,
    SYNTH_YEARS,
)

if TYPE_CHECKING:
    from povmis.commands.demo_pipeline import Timings

STANDARD = "vn-2022-2025"
# The end-2026 review is classified under the 2027-2030 standard too, to show who the change moves.
NEXT_STANDARD = "vn-2027-2030"
YEARS = SYNTH_YEARS
# The review whose round the demo commune holds in full: minutes, posting, complaints, decision.
ROUND_YEAR = YEARS[-2]
HOST = "127.0.0.1"


@click.command()
@click.option("--households", type=click.IntRange(min=1_000), help="Households in 2024 (default: Đắk Lắk's 539,718).")
@click.option("--seed", type=int, default=1, show_default=True, help="The synthetic province's seed.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port of the web app (on 127.0.0.1).")
@click.option("--no-serve", is_flag=True, help="Set everything up, print the logins, but do not start the web app.")
@click.option("--reset", is_flag=True, help="Delete whatever the database holds and build the demo again.")
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-output/province"),
    show_default=True,
    help="Folder for the generated survey files.",
)
@click.pass_context
def demo(
    ctx: click.Context, households: int | None, seed: int, port: int, no_serve: bool, reset: bool, data: Path
) -> None:
    """Build the demo province in the database (SQLite unless DATABASE_URL says otherwise) and serve it.

    Running it again on a finished demo only starts the web app; a database holding anything else is
    left alone unless --reset is given.
    """
    # The demo's own settings: debugging on, plain HTTP on 127.0.0.1, a known key (settings.py).
    os.environ["POVMIS_DEMO"] = "1"
    setup_django()
    from povmis.commands import demo_pipeline as pipeline  # noqa: PLC0415  # needs Django set up first

    console = Console()
    pipeline.migrate()
    state = pipeline.database_state(list(YEARS))
    if reset and state != "empty":
        console.print("Deleting the existing database…")
        pipeline.reset_database()
        state = "empty"
    if state == "partial":
        raise click.ClickException(
            "the database already holds data that is not a finished demo; run `povmis demo --reset` to delete it "
            "and start again, or point DATABASE_URL at another database"
        )
    if state == "empty":
        timings = pipeline.Timings()
        with timings.stage("generate"):
            ctx.invoke(synth, seed=seed, out=data, households=households, years=(), standard_name=STANDARD, quiet=False)
        practice = _build(data, timings, seed)
        _print_timings(console, timings)
        _print_support(console, data, seed)
        # soft_wrap: a long path stays on one line, to be copied whole
        console.print(f"Survey files to try the import page with, as the commune cadre: {practice}/", soft_wrap=True)
    else:
        console.print("The demo is already set up in this database (use --reset to build it again).")
    _print_rates(console)
    _print_logins(console, port, pipeline.account_rows(), pipeline.PASSWORD)
    if not no_serve:
        from django.core.management import call_command  # noqa: PLC0415  # needs Django set up first

        call_command("runserver", f"{HOST}:{port}", use_reloader=False)


def _build(data: Path, timings: Timings, seed: int) -> Path:
    from povmis.commands import (  # noqa: PLC0415 -- needs Django set up first
        demo_applications,
        demo_programme,
        demo_round,
        demo_statuses,
        demo_support,
    )
    from povmis.commands import demo_pipeline as pipeline  # noqa: PLC0415  # needs Django set up first
    from povmis.monitoring.risk import score_risk  # noqa: PLC0415  # needs Django set up first
    from povmis.registry.models import ReviewCycle  # noqa: PLC0415  # needs Django set up first
    from povmis.registry.services import close_cycle  # noqa: PLC0415  # needs Django set up first

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("loading the administrative units", total=len(YEARS) + 2)
        admin = pipeline.administrator()
        with timings.stage("units"):
            pipeline.load_geography(data, admin)
        progress.advance(task)
        for year in YEARS:

            def say(message: str, year: int = year) -> None:
                progress.update(task, description=f"{year} review: {message}")

            last = year == YEARS[-1]
            # The 2025 review stays open until the demo commune (known from the 2026 review) has had its round.
            pipeline.run_review(
                year,
                data / str(year),
                admin=admin,
                standard_id=STANDARD,
                close=year < ROUND_YEAR,
                say=say,
                timings=timings,
                further=(NEXT_STANDARD,) if last else (),
            )
            progress.advance(task)
        # Each review year's deliveries, once every review is classified (docs/synth.md has their faults).
        progress.update(task, description=f"recording the deliveries {YEARS[0]}-{YEARS[-1]}")
        with timings.stage("deliveries"):
            demo_support.load_deliveries(data, YEARS, seed, admin.pk)
        progress.update(task, description="creating one account per role")
        with timings.stage("accounts"):
            pipeline.create_accounts(YEARS[-1])
            practice = pipeline.write_practice_files(data, YEARS[-1])
        progress.update(task, description=f"{ROUND_YEAR} review: the demo commune's round")
        with timings.stage("the commune's round"):
            demo_round.build_round(ROUND_YEAR, admin)
            pipeline.approve_all(ReviewCycle.objects.get(year=ROUND_YEAR), admin)
            close_cycle(ReviewCycle.objects.get(year=ROUND_YEAR), user=admin)
        with timings.stage("applications"):
            demo_applications.build_applications(YEARS[-1])
        with timings.stage("statuses"):
            demo_statuses.build_statuses(YEARS[-1])
        with timings.stage("programme"):
            demo_programme.build_programme(admin, pipeline.PASSWORD)
        # The last review stays open: every commune's list is approved except the demo cadre's, which
        # waits at the survey stage for the cadre to take it through the procedure in the browser.
        progress.update(task, description=f"{YEARS[-1]} review: approving the other communes' lists")
        with timings.stage("approve and close"):
            pipeline.approve_all_but_the_demo_commune(YEARS[-1], admin)
        # The fall-back risk of the last review's households, learnt from the years before it.
        progress.update(task, description="learning the risk of falling back into poverty")
        with timings.stage("risk"):
            score_risk()
        progress.advance(task)
    return practice


def _print_timings(console: Console, timings: Timings) -> None:
    table = Table(title="Where the time went")
    table.add_column("stage")
    table.add_column("seconds", justify="right")
    for stage, seconds in timings.seconds.items():
        table.add_row(stage, f"{seconds:,.1f}")
    table.add_row("total", f"{sum(timings.seconds.values()):,.1f}", style="bold")
    console.print(table)


def _print_support(console: Console, data: Path, seed: int) -> None:
    """The last year's deliveries as the reconciliation finds them (docs/synth.md has the injected rates)."""
    from povmis.commands.demo_support import reconcile_year  # noqa: PLC0415 -- needs Django set up first

    figures = reconcile_year(data, YEARS[-1], seed).as_dict()
    counts = ("entitled", "delivered", "missed", "ineligible", "twice", "unmatched")
    table = Table(title=f"Support in {YEARS[-1]}, reconciled from the recorded deliveries")
    table.add_column("policy")
    for header in counts:
        table.add_column(header, justify="right")
    for policy, figure in [*figures["policies"].items(), ("total", figures["total"])]:
        table.add_row(policy, *(f"{figure[key]:,}" for key in counts))
    console.print(table)


def _print_rates(console: Console) -> None:
    """The reviews' rates from the database, beside the figures the province published."""
    from povmis.reports.official import yearly_rates  # noqa: PLC0415  # needs Django set up first

    table = Table(title="Poverty rates from the database (published figures in brackets)")
    for header in ("review", "households", "poor", "poverty rate", "near-poor", "EM poverty rate"):
        table.add_column(header, justify="right")
    for row in yearly_rates("").iter_rows(named=True):
        year = row["year"]
        published = f" ({PUBLISHED_POOR_RATE[year]:.2%})" if year in PUBLISHED_POOR_RATE else ""
        if year in EXPECTED_POOR_RATE:
            published = f" ({EXPECTED_POOR_RATE[year]:.2%} expected)"
        published_em = f" ({PUBLISHED_EM_POOR_RATE[year]:.2%})" if year in PUBLISHED_EM_POOR_RATE else ""
        table.add_row(
            str(year),
            f"{row['households']:,}",
            f"{row['poor']:,}",
            f"{row['poverty_rate']:.2%}{published}" if row["poverty_rate"] is not None else "—",
            f"{row['near_poor']:,}",
            f"{row['em_poverty_rate']:.2%}{published_em}" if row["em_poverty_rate"] is not None else "—",
        )
    console.print(table)


def _print_logins(console: Console, port: int, accounts: list[tuple[str, str, str]], password: str) -> None:
    table = Table(title=f"PovMIS demo: http://{HOST}:{port}/  (password for every account: {password})")
    for header in ("role", "username", "area"):
        table.add_column(header)
    for row in accounts:
        table.add_row(*row)
    console.print(table)
