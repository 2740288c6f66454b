"""Documentation that must not drift from the code: the survey layout, and every command it shows.

Every `povmis ...` line in a code block of README.md or docs/*.md is run as a user runs it: a
process of the installed `.venv/bin/povmis`, from a fresh shell, on a small prepared province (one
SQLite file named by DATABASE_URL). A documented command that the CLI lacks, or that exits non-zero,
fails the test. Lines that are synopses (`[--commit]`, `INPUT`, `...`) are not runnable as they
stand: their command must resolve, and another documented line runs it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import click
import polars as pl
import pytest
import xlsxwriter

from povmis.cli import main
from povmis.core.documentation import questionnaire_markdown
from povmis.core.standard import load_standard

ROOT = Path(__file__).resolve().parents[1]
POVMIS = Path(sys.executable).with_name("povmis")
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMAND_LINE = re.compile(r"^\s*(?:\$ )?(?:\.venv/bin/)?povmis\s")
SUPPORT_FILES = Path(__file__).resolve().parent / "data" / "support"
STATUS_FILES = Path(__file__).resolve().parent / "data" / "statuses"
PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]*$|\[|\.\.\.")
HOUSEHOLDS = 1_000  # the synthetic province's size here: a few hundred households per commune at most
# What the documented line needs to run here, and why: the line itself stays as documented.
SMALLER = {
    # the whole province (540,000 households) or the nation would take minutes: the same command, smaller
    "synth": ["--households", str(HOUSEHOLDS), "--year", "2024", "--quiet"],
}
STEP_SECONDS = 300


def test_the_committed_survey_layout_is_the_one_the_standard_generates() -> None:
    committed = (ROOT / "docs" / "questionnaire.md").read_text(encoding="utf-8")
    assert committed == questionnaire_markdown(load_standard("vn-2022-2025")), (
        "regenerate with: povmis standard questionnaire vn-2022-2025 -o docs/questionnaire.md"
    )


def _commands(group: click.Group, prefix: str) -> list[str]:
    names = []
    for name, command in group.commands.items():
        if command.hidden:
            continue
        full = f"{prefix} {name}"
        names.append(full)
        if isinstance(command, click.Group):
            names.extend(_commands(command, full))
    return names


def test_every_command_is_documented_in_the_readme_or_docs() -> None:
    text = "".join(path.read_text(encoding="utf-8") for path in DOCUMENTS)
    assert [name for name in _commands(main, "povmis") if name not in text] == []


@dataclass(frozen=True)
class Documented:
    where: str  # file:line
    arguments: list[str]  # after `povmis`

    @property
    def synopsis(self) -> bool:
        return any(PLACEHOLDER.search(argument) for argument in self.arguments)

    def __str__(self) -> str:
        return f"{self.where}: povmis {shlex.join(self.arguments)}"


def documented_commands() -> list[Documented]:
    """Every `povmis ...` line of a code block, continuation lines joined, comments dropped."""
    found = []
    for path in DOCUMENTS:
        in_block, pending, start = False, "", 0
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip().startswith("```"):
                in_block = not in_block
                continue
            if not in_block:
                continue
            if pending:
                pending += " " + line.strip()
            elif COMMAND_LINE.match(line):
                pending, start = line.strip(), number
            else:
                continue
            if pending.endswith("\\"):
                pending = pending[:-1]
                continue
            words = shlex.split(pending.removeprefix("$ "), comments=True)
            found.append(Documented(f"{path.relative_to(ROOT)}:{start}", words[1:]))
            pending = ""
    return found


def command_path(arguments: list[str]) -> list[str] | None:
    """The command words of a documented line (`review import`), or None when the CLI has no such command."""
    group: click.Command = main
    path: list[str] = []
    context = click.Context(main)
    for word in arguments:
        if not isinstance(group, click.Group) or word.startswith("-"):
            break
        found = group.get_command(context, word)
        if found is None:
            return None if not path or isinstance(group, click.Group) else path
        path.append(word)
        group = found
    return path


def test_every_documented_command_exists() -> None:
    documented = documented_commands()
    assert len(documented) > 20, "the documents' commands were not found: is the code block syntax still ```sh?"
    assert [str(line) for line in documented if not command_path(line.arguments)] == []


# --- running them -------------------------------------------------------------------------------------


@dataclass
class Shell:
    """A fresh shell in a folder holding the documents' example files, with its own database."""

    cwd: Path
    env: dict[str, str]

    def run(self, arguments: list[str], *, what: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(  # the installed entry point, with the documents' arguments
            [str(POVMIS), *arguments],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=STEP_SECONDS,
            check=False,
        )
        assert result.returncode == 0, (
            f"{what} exited {result.returncode}\nstdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}"
        )
        return result


def _environment(database: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("POVMIS_", "DJANGO_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        POVMIS_DEBUG="1",
        POVMIS_SECRET_KEY="documentation-test-only",  # a throwaway database in a tmp folder
        DJANGO_SUPERUSER_PASSWORD="documentation-test-only",
        COLUMNS="200",
    )
    return env


@pytest.fixture(scope="module")
def shell(tmp_path_factory: pytest.TempPathFactory) -> Shell:
    """The example files the documents name, in one folder: a commune's survey, the units, measure inputs."""
    cwd = tmp_path_factory.mktemp("docs")
    here = Shell(cwd, _environment(cwd / "povmis.sqlite3"))
    here.run(["synth", "--seed", "1", "--out", "province", *SMALLER["synth"]], what="preparing the province")
    province = cwd / "province"
    for name in ("units.csv", "successions.csv"):
        shutil.copy(province / name, cwd / name)
    households = pl.read_parquet(province / "2024" / "households.parquet")
    commune = households["commune_code"].value_counts(sort=True)["commune_code"][0]
    households = households.filter(pl.col("commune_code") == commune)
    members = pl.read_parquet(province / "2024" / "members.parquet").join(
        households.select("household_id"), on="household_id", how="semi"
    )
    households.write_csv(cwd / "households.csv")
    members.write_csv(cwd / "members.csv")
    _kobo_export(households, members, cwd / "kobo-export.xlsx")
    _measure_inputs(cwd)
    (cwd / "path" / "to").mkdir(parents=True)
    shutil.copy(ROOT / "standards" / "vn-2022-2025" / "standard.yaml", cwd / "path" / "to" / "standard.yaml")
    here.env["POVMIS_DOCS_COMMUNE"] = str(commune)
    return here


def _kobo_export(households: pl.DataFrame, members: pl.DataFrame, path: Path) -> None:
    """The submissions export of the survey form: submissions first, the members repeat by _parent_index."""
    text = households.select(pl.all().cast(pl.String)).with_row_index("_index", offset=1)
    text = text.with_columns(pl.col("_index").cast(pl.String))
    repeat = members.select(pl.all().cast(pl.String)).join(
        text.select("household_id", pl.col("_index").alias("_parent_index")), on="household_id"
    )
    with xlsxwriter.Workbook(path) as workbook:
        text.write_excel(workbook, worksheet="Phiếu rà soát hộ gia đình")
        repeat.drop("household_id").write_excel(workbook, worksheet="members")


def _measure_inputs(cwd: Path) -> None:
    pl.DataFrame({
        "water": [1, 0, 1, 0, 1, 0], "school": [1, 1, 0, 0, 1, 0], "region": ["a", "a", "b", "b", "c", "c"],
    }).write_csv(cwd / "persons.csv")  # fmt: skip
    pl.DataFrame({
        "income": [900_000, 1_400_000, 2_000_000, 3_500_000], "area": ["rural", "rural", "urban", "urban"],
        "weight": [1.5, 1.0, 2.0, 1.0],
    }).write_csv(cwd / "incomes.csv")  # fmt: skip
    pl.DataFrame({
        "ind1": [1, 0, 1, 0, 1], "ind2": [1, 1, 0, 0, 1], "ind3": [0, 1, 1, 0, 1], "ind4": [1, 0, 0, 0, 1],
        "region": ["north", "north", "south", "south", "south"],
    }).write_csv(cwd / "toy.csv")  # fmt: skip
    pl.DataFrame({"expenditure": [100, 110, 150, 160]}).write_csv(cwd / "country-c.csv")


# The order a user follows: the database and the administrator first, then the review's steps.
ORDER = [
    "migrate", "createsuperuser", "units load", "issue_token", "tokens list", "tokens revoke", "review open",
    "review import", "review classify", "review advance", "review close",
]  # fmt: skip


def _rank(line: Documented) -> tuple[int, bool, bool]:
    words = " ".join(command_path(line.arguments) or [])
    rank = next((i for i, name in enumerate(ORDER) if words == name), len(ORDER))
    # the kobo export goes last among the imports, after the dry run and commit of the CSV files
    return (
        rank,
        "--commit" in line.arguments or "kobo-export.xlsx" in line.arguments,
        "kobo-export.xlsx" in line.arguments,
    )


_ADMINS: list[str] = []  # the administrator accounts the documented createsuperuser lines made, in order


def _as_run_here(line: Documented, shell: Shell) -> list[str]:
    """The documented arguments, with what this folder needs: the commune here, a smaller province."""
    arguments = [shell.env["POVMIS_DOCS_COMMUNE"] if word == "24121" else word for word in line.arguments]
    path = command_path(arguments) or []
    if path == ["synth"]:
        arguments = _without_options(arguments, {"--households", "--year"}) + SMALLER["synth"]
    if path == ["worker"] and "--once" not in arguments:  # runs until stopped: here, the jobs waiting now
        arguments += ["--once"]
    if path == ["createsuperuser"]:  # interactive as documented; the same command, answered from the environment
        # `admin`, whom the later documented commands name, then one account per further documented line
        # (review.md and deploy.md each show the command).
        username = "admin" if not _ADMINS else "admin-" + "".join(c if c.isalnum() else "-" for c in line.where)
        _ADMINS.append(username)
        arguments += ["--noinput", "--username", username, "--email", "admin@example.org"]
    return arguments


def _without_options(arguments: list[str], options: set[str]) -> list[str]:
    kept: list[str] = []
    skip = False
    for word in arguments:
        if skip:
            skip = False
        elif word in options:
            skip = True
        else:
            kept.append(word)
    return kept


def _prepare(path: list[str], shell: Shell) -> None:
    """What the documents leave to the reader between two lines: the accounts they act as, a token, approvals."""
    commune = shell.env["POVMIS_DOCS_COMMUNE"]
    if path[:1] == ["support"]:  # a classified household table with the support columns (docs/support.md)
        for name, copy in (
            ("households", "classified"),
            ("members", "classified-members"),
            ("deliveries", "deliveries"),
        ):
            shutil.copyfile(SUPPORT_FILES / f"{name}.csv", shell.cwd / f"{copy}.csv")
    if path[:1] == ["status"]:  # the example tables of docs/statuses.md
        for name in ("households", "members"):
            shutil.copyfile(STATUS_FILES / f"{name}.csv", shell.cwd / f"status-{name}.csv")
    if path == ["issue_token"]:
        roles = (
            "from django.contrib.auth.models import User\n"
            "from povmis.accounts.models import Role\n"
            "from povmis.units.models import AdminUnit\n"
            "for name, kind, unit in (('tinh', 'province_officer', '66'), ('xa_tanloi', 'commune_cadre', "
            f"'{commune}')):\n"
            "    user, _ = User.objects.get_or_create(username=name)\n"
            "    Role.objects.update_or_create(user=user, defaults={'kind': kind, 'unit': "
            "AdminUnit.objects.get(code=unit)})\n"
        )
        shell.run(["shell", "-c", roles], what="creating the accounts the documents act as")
    if path == ["tokens", "revoke"]:  # "12": the id the list shows; a fresh database has issued a dozen if asked
        spares = (
            "from django.contrib.auth.models import User\n"
            "from povmis.accounts.services import issue_token\n"
            "for number in range(11):\n"
            "    issue_token(User.objects.get(username='admin'), name=f'spare {number}')\n"
        )
        shell.run(["shell", "-c", spares], what="issuing tokens up to id 12")
    if path == ["review", "close"]:  # the commune's list through the remaining stages, as the demo does
        approve = (
            "from django.contrib.auth.models import User\n"
            "from povmis.commands.demo_pipeline import approve_all\n"
            "from povmis.registry.models import ReviewCycle\n"
            "approve_all(ReviewCycle.objects.get(year=2025), User.objects.get(username='admin'))\n"
        )
        shell.run(["shell", "-c", approve], what="approving the commune's list")


def _serve(arguments: list[str], shell: Shell) -> None:
    """`povmis runserver` and `povmis serve` run until stopped: each must answer a page, then it is stopped."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    if arguments[0] == "serve":
        here = [*_without_options(arguments, {"--bind", "--workers"}), "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    else:
        here = [*arguments, f"127.0.0.1:{port}", "--noreload"]
    server = subprocess.Popen(
        [str(POVMIS), *here],
        cwd=shell.cwd,
        env=shell.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as answer:
                    assert answer.status == 200
                    return
            except OSError:
                assert server.poll() is None, f"runserver exited {server.returncode}"
                assert time.monotonic() < deadline, "runserver did not answer within a minute"
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_documented_command_runs_from_a_fresh_shell(shell: Shell) -> None:
    documented = [line for line in documented_commands() if not line.synopsis]
    ran: set[str] = set()
    for line in sorted(documented, key=_rank):
        arguments = _as_run_here(line, shell)
        path = command_path(arguments) or []
        _prepare(path, shell)
        if path in (["runserver"], ["serve"]):
            _serve(arguments, shell)
        else:
            shell.run(arguments, what=str(line))
        ran.add(" ".join(path))
    synopses = {" ".join(command_path(line.arguments) or []) for line in documented_commands() if line.synopsis}
    # `povmis demo` builds four reviews of a province: tests/commands/test_cli_demo.py runs it on a small one;
    # `povmis check --deploy` needs the production environment: tests/test_deploy.py runs it as a process
    assert synopses - ran - {"demo", "check"} == set(), "a synopsis whose command no documented example runs"
