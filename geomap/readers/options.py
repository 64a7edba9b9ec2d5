"""The command-line options for reading articles, shared by every command that reads them.

A command adds them with one decorator and passes them on with one call::

    @click.command()
    @click.argument("paths", nargs=-1)
    @read_options
    def ingest(paths, **options):
        for item in read_paths(paths, **read_kwargs(options)):
            ...

Options: ``--date``, ``--dates`` (a sidecar file), ``--format``, ``--text-field``,
``--title-field``, ``--url-field``, ``--date-field``, ``--encoding``, ``--max-size``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import click

from geomap.readers import FORMATS

__all__ = ["OPTION_NAMES", "read_kwargs", "read_options"]

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS = (
    click.option(
        "--date",
        "date",
        metavar="DATE",
        help="Publication date for every article read (YYYY-MM-DD, YYYY-MM, YYYY or "
        "START..END); overrides dates found in the files.",
    ),
    click.option(
        "--dates",
        "sidecar",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        help="CSV (file,date) or JSON ({file: date}) mapping article files to dates. A "
        "dates.csv or dates.json inside a directory read is used automatically.",
    ),
    click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="auto",
        show_default=True,
        help="Input format; 'auto' goes by extension, then by content.",
    ),
    click.option("--text-field", metavar="NAME", help="JSON/CSV field holding the text."),
    click.option("--title-field", metavar="NAME", help="JSON/CSV field holding the title."),
    click.option("--url-field", metavar="NAME", help="JSON/CSV field holding the URL."),
    click.option("--date-field", metavar="NAME", help="JSON/CSV field holding the date."),
    click.option(
        "--encoding",
        metavar="NAME",
        help="Text encoding of the files (default: UTF-8, with cp1251/cp1252 when clear).",
    ),
    click.option(
        "--max-size",
        "max_size_mb",
        type=click.FloatRange(min=0.001),
        default=20.0,
        show_default=True,
        metavar="MB",
        help="Largest article to read, in megabytes.",
    ),
)

#: The parameter names :func:`read_options` adds (to pop them from a command's kwargs).
OPTION_NAMES = (
    "date", "sidecar", "fmt", "text_field", "title_field", "url_field", "date_field",
    "encoding", "max_size_mb",
)  # fmt: skip


def read_options(func: F) -> F:
    """Add the article-reading options to a click command."""
    for option in reversed(_OPTIONS):
        func = option(func)
    return func


def read_kwargs(options: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for :func:`geomap.articles.read_paths` from the parsed options."""
    fields = {
        role: options[f"{role}_field"]
        for role in ("text", "title", "url", "date")
        if options.get(f"{role}_field")
    }
    kwargs: dict[str, Any] = {
        "date": options.get("date") or None,
        "sidecar": options.get("sidecar") or None,
        "fields": fields or None,
        "fmt": options.get("fmt") or "auto",
        "encoding": options.get("encoding") or None,
    }
    if options.get("max_size_mb"):
        kwargs["max_bytes"] = int(float(options["max_size_mb"]) * 1024 * 1024)
    return kwargs
