"""Options and argument parsing shared by the commands, so every verb reads them alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import click

from geomap.errors import BadDate

__all__ = ["STORE_HELP", "jobs_option", "parse_day", "store_option"]

STORE_HELP = "The store file (default: $GEOMAP_STORE or ./geomap.sqlite)."


def store_option(f: Callable) -> Callable:
    """``--store FILE`` (also ``$GEOMAP_STORE``), passed as ``store_path``."""
    return click.option(
        "--store",
        "store_path",
        type=click.Path(dir_okay=False),
        envvar="GEOMAP_STORE",
        default="geomap.sqlite",
        show_default=True,
        help=STORE_HELP,
    )(f)


def jobs_option(f: Callable) -> Callable:
    """``--jobs N`` / ``-j N``: worker processes for finding places and extracting reports."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=0),
        default=1,
        show_default=True,
        help="Worker processes that find places and extract reports (0: one per core). "
        "The store is the same whatever the number.",
    )(f)


def parse_day(value: str | None, what: str) -> dt.date | None:
    """The day an option names (``2022-06-01``), None for None; :class:`BadDate` naming ``what``."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise BadDate(f"{what}: {value!r} is not a date (expected YYYY-MM-DD)") from exc
