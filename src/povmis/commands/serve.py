"""`povmis serve`: the production server. Gunicorn runs the app, WhiteNoise serves its static files, and
the job worker (`povmis worker`, where this installation has it) runs beside it as a child process.

The static files are collected into STATIC_ROOT first, so a fresh install serves its pages' scripts and
styles without a separate web server. docs/deploy.md runs this under systemd.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import click

from povmis.commands.django import setup_django


@click.command()
@click.option("--bind", default="127.0.0.1:8000", show_default=True, help="Address and port (0.0.0.0:8000: all).")
@click.option("--workers", type=click.IntRange(min=1), default=3, show_default=True, help="Gunicorn processes.")
@click.option("--threads", type=click.IntRange(min=1), default=4, show_default=True, help="Threads per process.")
@click.option(
    "--timeout",
    type=click.IntRange(min=10),
    default=600,
    show_default=True,
    help="Seconds a request may take (a province's import takes minutes).",
)
@click.option(
    "--certfile", type=click.Path(exists=True, dir_okay=False), help="TLS certificate (HTTPS without a proxy)."
)
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False), help="TLS private key.")
@click.option("--no-worker", is_flag=True, help="Do not start the job worker (it runs as its own service).")
@click.pass_context
def serve(
    ctx: click.Context,
    bind: str,
    workers: int,
    threads: int,
    timeout: int,
    certfile: str | None,
    keyfile: str | None,
    no_worker: bool,
) -> None:
    """Serve the pages and the API in production: gunicorn, WhiteNoise, and the job worker."""
    setup_django()
    from django.core.management import call_command  # noqa: PLC0415  # needs Django set up first

    call_command("collectstatic", interactive=False, verbosity=0)
    worker = None if no_worker else _start_worker(ctx)
    options: dict[str, Any] = {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "timeout": timeout,
        "accesslog": "-",
        "certfile": certfile,
        "keyfile": keyfile,
    }
    try:
        _Gunicorn(options).run()
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)


def _start_worker(ctx: click.Context) -> subprocess.Popen[bytes] | None:
    """`povmis worker` as a child process, when this installation has the command."""
    group = ctx.parent.command if ctx.parent is not None else None
    if not isinstance(group, click.Group) or group.get_command(ctx, "worker") is None:
        click.echo("no `povmis worker` command in this installation: serving without the job worker", err=True)
        return None
    command = [sys.executable, "-c", "from povmis.cli import main; main()", "worker"]
    return subprocess.Popen(command)  # noqa: S603  # our own interpreter and command, no user input


def _application() -> Any:
    from gunicorn.app.base import BaseApplication  # noqa: PLC0415  # only `serve` needs gunicorn

    return BaseApplication


class _Gunicorn(_application()):  # type: ignore[misc]  # gunicorn ships no type hints
    """Gunicorn run in this process, configured from the options above instead of a config file."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = {key: value for key, value in options.items() if value is not None}
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from povmis.wsgi import application  # noqa: PLC0415  # the application starts Django, in each worker

        return application
