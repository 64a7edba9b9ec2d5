"""The ``geomap`` command: thin verbs over the library.

Each area owns one module of commands (``places``, ``ingest``, ``maps``); this module makes the
group, shares the output options and turns :class:`~geomap.errors.GeomapError` and
:class:`~gazetteer.errors.GazetteerError` into ``Error: …`` with exit code 1.
"""

from __future__ import annotations

import sys

import click

from gazetteer.errors import GazetteerError
from geomap import __version__
from geomap.errors import GeomapError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """A group that reports our own errors as ``Error: …`` (exit 1) instead of a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (GeomapError, GazetteerError) as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="geomap")
def cli() -> None:
    """Turn news reports of a war into dated, sourced maps.

    \b
    Quick start:
      geomap build seeds/            ingest the articles and write maps to output/
      geomap places Bakhmut Kiev     look names up in the offline gazetteer
      geomap reports --place Bakhmut what the articles report there
    """


def _register() -> None:
    # Imported here so that ``geomap --help`` stays fast and one broken area cannot hide the rest.
    from geomap.cli import claims_cmd, gazetteer_cmd, ingest, maps, places, state_cmd
    from geomap.readers import command as read_cmd

    for module in (places, gazetteer_cmd, read_cmd, claims_cmd, ingest, maps, state_cmd):
        for command in module.COMMANDS:
            _with_short_help(command)
            cli.add_command(command)


def _with_short_help(command: click.Command) -> None:
    # Each command carries -h itself: click caches a command's help option the first time it
    # is used, so one invoked on its own (a library user, a test) would otherwise lose -h.
    command.context_settings.setdefault("help_option_names", ["-h", "--help"])
    for sub in getattr(command, "commands", {}).values():
        _with_short_help(sub)


_register()


def main() -> None:
    """Console entry point."""
    cli(prog_name="geomap")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
