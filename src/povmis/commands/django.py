"""Django's management commands under the one `povmis` command: `povmis migrate`, `povmis runserver`, ...

The common ones are listed in `povmis --help`; any other (`povmis makemigrations`, `povmis dbshell`)
passes through too, as does `povmis manage COMMAND`. Arguments go to Django untouched, so
`povmis migrate --help` is Django's own help.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The Django commands an operator needs on day one, shown in `povmis --help`.
ALIASES: dict[str, str] = {
    "migrate": "Create or update the database tables (Django's migrate).",
    "runserver": "Serve the pages and the API for development (Django's runserver).",
    "createsuperuser": "Create an administrator account (Django's createsuperuser).",
    "shell": "A Python shell with the project loaded (Django's shell).",
    "collectstatic": "Gather the static files for a production web server (Django's collectstatic).",
}
# Every argument, --help included, belongs to Django's command.
PASSTHROUGH_SETTINGS: dict[str, Any] = {"ignore_unknown_options": True, "allow_extra_args": True}


def setup_django() -> None:
    """Load the settings and apps once, only for the commands that need the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "povmis.settings")
    import django  # noqa: PLC0415  # keeps `povmis classify` and `povmis --help` free of Django's start-up
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415  # Django only once a command needs it

    try:
        django.setup()
    except ImproperlyConfigured as error:  # e.g. no POVMIS_SECRET_KEY: say what to set, not a traceback
        raise click.ClickException(str(error)) from None


def acting_user(username: str) -> User:
    """The account a command acts as: its role decides what it may do, and the audit log names it."""
    setup_django()
    from django.contrib.auth.models import User  # noqa: PLC0415  # needs Django set up first

    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise click.BadParameter(f"no user named {username!r}", param_hint="--user") from None


def run_management(name: str, arguments: tuple[str, ...] | list[str]) -> None:
    setup_django()
    from django.core.management import ManagementUtility  # noqa: PLC0415  # Django only for the commands that need it

    ManagementUtility(["povmis", name, *arguments]).execute()


def django_command_names() -> set[str]:
    setup_django()
    from django.core.management import get_commands  # noqa: PLC0415  # Django only for the commands that need it

    return set(get_commands())


def passthrough(name: str, help_text: str, *, hidden: bool = False) -> click.Command:
    """A `povmis NAME ...` that runs Django's NAME with the same arguments."""

    def run(arguments: tuple[str, ...]) -> None:
        run_management(name, arguments)

    return click.Command(
        name,
        callback=run,
        params=[click.Argument(["arguments"], nargs=-1, type=click.UNPROCESSED)],
        help=help_text,
        short_help=help_text,
        hidden=hidden,
        context_settings=PASSTHROUGH_SETTINGS,
        add_help_option=False,
    )


@click.command(context_settings=PASSTHROUGH_SETTINGS, add_help_option=False)
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
def manage(arguments: tuple[str, ...]) -> None:
    """Any Django management command: povmis manage COMMAND [ARGS]... (`povmis manage help` lists them)."""
    run_management(arguments[0] if arguments else "help", list(arguments[1:]))


class PovmisGroup(click.Group):
    """The top-level group: Django is set up before any command that needs it runs.

    Commands work on files only (``DJANGO_FREE``) start without Django; every other one, the
    registry's, the accounts' and Django's own, finds the settings and apps loaded whatever it
    imports, so no command can forget to set Django up and crash from a fresh shell. An unknown
    command that Django knows runs as Django's, unlisted.
    """

    def __init__(self, *args: Any, django_free: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.django_free = django_free

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in django_command_names():
            return passthrough(cmd_name, f"Django's {cmd_name}.", hidden=True)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        # Called for the command about to run only (not for `povmis --help`, which lists them all).
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and command.name == "demo":
            # The demo asks for its own settings (a known key, plain HTTP) before Django reads them.
            os.environ["POVMIS_DEMO"] = "1"
        if command is not None and command.name not in self.django_free:
            setup_django()
        return name, command, rest


ALIAS_COMMANDS = [passthrough(name, text) for name, text in ALIASES.items()]
