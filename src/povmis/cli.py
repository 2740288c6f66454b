"""The `povmis` command: a thin shell over the core and the apps' services."""

from __future__ import annotations

import click

from povmis.commands.application import application
from povmis.commands.classify import classify
from povmis.commands.demo import demo
from povmis.commands.django import ALIAS_COMMANDS, PovmisGroup, manage
from povmis.commands.figures import figures
from povmis.commands.forecast import forecast
from povmis.commands.measure import measure
from povmis.commands.programme import programme
from povmis.commands.review import review
from povmis.commands.risk import risk
from povmis.commands.serve import serve
from povmis.commands.standard import standard
from povmis.commands.status import status
from povmis.commands.support import support
from povmis.commands.synth import synth
from povmis.commands.tokens import tokens
from povmis.commands.units import units
from povmis.commands.whatif import whatif
from povmis.commands.worker import worker

# The commands that read and write files only: they start without Django's settings and apps.
DJANGO_FREE = frozenset({"classify", "standard", "measure", "synth", "status"})


@click.group(cls=PovmisGroup, django_free=DJANGO_FREE, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="povmis")
def main() -> None:
    """PovMIS: poverty standards, household classification, the annual review and monitoring."""


main.add_command(classify)
main.add_command(standard)
main.add_command(measure)
main.add_command(synth)

main.add_command(review)
main.add_command(units)
main.add_command(tokens)
main.add_command(demo)
main.add_command(whatif)
main.add_command(support)
main.add_command(status)
main.add_command(programme)
main.add_command(serve)
main.add_command(worker)
main.add_command(figures)
main.add_command(application)
main.add_command(forecast)
main.add_command(risk)
main.add_command(manage)
for alias in ALIAS_COMMANDS:  # povmis migrate, runserver, createsuperuser, ...: Django's own
    main.add_command(alias)

# Further command groups register here, one line each.
