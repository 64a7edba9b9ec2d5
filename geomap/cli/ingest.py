"""``geomap ingest``, ``geomap reports`` and ``geomap export``: the report store from the shell.

Every command takes ``--store PATH`` (default ``$GEOMAP_STORE`` or ``./geomap.sqlite``).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections.abc import Callable
from typing import Any

import click

from geomap.cli.options import jobs_option, parse_day, store_option
from geomap.errors import GeomapError
from geomap.models import Kind, Modality
from geomap.readers.options import OPTION_NAMES, read_kwargs, read_options

__all__ = ["COMMANDS", "export_command", "ingest_command", "reports_command"]


def _parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError as exc:
        raise GeomapError(
            f"--bbox: {value!r} is not WEST,SOUTH,EAST,NORTH in degrees (e.g. 36.5,47.5,39.5,49.5)"
        ) from exc
    if not (west <= east and south <= north):
        raise GeomapError(f"--bbox: {value!r} has west > east or south > north")
    return west, south, east, north


def _filter_options(f: Callable) -> Callable:
    options = [
        click.option("--start", help="Only reports dated on or after this day (YYYY-MM-DD)."),
        click.option("--end", help="Only reports dated on or before this day (YYYY-MM-DD)."),
        click.option("--date", "on_date", help="Only reports of this one day (YYYY-MM-DD)."),
        click.option(
            "--place", "places", multiple=True, help="Place name or id (repeatable; aliases ok)."
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=click.Choice([k.value for k in Kind]),
            help="Report kind (repeatable).",
        ),
        click.option(
            "--modality",
            type=click.Choice([m.value for m in Modality]),
            help="Only asserted, hypothetical or negated reports.",
        ),
        click.option("--bbox", help="WEST,SOUTH,EAST,NORTH in degrees."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _resolve_places(names: tuple[str, ...]) -> list[str] | None:
    """Each name as given plus the ids the gazetteer knows it by (so "Artemivsk" finds Bakhmut)."""
    if not names:
        return None
    wanted = set(names)
    try:
        import gazetteer

        gaz = gazetteer.default()
    except (ImportError, AttributeError):  # gazetteer data not available: match names as given
        return sorted(wanted)
    for name in names:
        wanted.update(place.id for place in gaz.lookup(name))
    return sorted(wanted)


def _filters(
    start: str | None,
    end: str | None,
    on_date: str | None,
    places: tuple[str, ...],
    kinds: tuple[str, ...],
    modality: str | None,
    bbox: str | None,
) -> dict[str, Any]:
    first = parse_day(start, "--start")
    last = parse_day(end, "--end")
    day = parse_day(on_date, "--date")
    if day is not None:
        if first is not None or last is not None:
            raise GeomapError("--date cannot be combined with --start or --end")
        first = last = day
    if first is not None and last is not None and first > last:
        raise GeomapError(f"--start {first} is after --end {last}")
    return {
        "start": first,
        "end": last,
        "place": _resolve_places(places),
        "kinds": list(kinds) or None,
        "modality": modality,
        "bbox": _parse_bbox(bbox),
    }


# -- ingest ------------------------------------------------------------------------------------


def _n(count: int, word: str) -> str:
    """``3 reports``, ``1 report``."""
    return f"{count} {word}{'s' * (count != 1)}"


def _print_summary(summary: Any, store_path: str) -> None:
    s = summary
    click.echo(
        f"Ingested {_n(s.articles_new, 'new article')} into {store_path} "
        f"({s.articles_skipped_duplicate} already stored): {_n(s.reports, 'report')}, "
        f"{_n(s.mentions, 'place mention')}."
    )
    if s.undated:
        shown = ", ".join(s.undated[:5]) + (", …" if len(s.undated) > 5 else "")
        click.echo(f"Undated: {_n(len(s.undated), 'article')} (use --date or --dates): {shown}")
    if s.unresolved:
        top = ", ".join(f"{name} ×{count}" for name, count in s.unresolved[:10])
        more = ", …" if len(s.unresolved) > 10 else ""
        click.echo(f"Unresolved names: {len(s.unresolved)} ({top}{more})")
    if s.errors:
        click.echo(f"Skipped {_n(len(s.errors), 'input')} with errors (listed on stderr).")


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@store_option
@read_options
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Articles per transaction (committed at least every second; 1: each at once).",
)
@jobs_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def ingest_command(
    paths: tuple[str, ...],
    store_path: str,
    batch_size: int,
    jobs: int,
    quiet: bool,
    as_json: bool,
    **options: Any,
) -> None:
    """Read articles (files, directories, globs, - for stdin) into the report store.

    PATHS are files, directories, globs, or - for standard input; the reading options are
    those of `geomap read`. Re-ingesting is safe: an article already stored (same text) is
    skipped. A file that
    cannot be read prints "Error: FILE: PROBLEM" on stderr and the batch goes on. Exit code:
    0 if at least one article was read (new or already stored), 1 if every input failed.

    \b
    Examples:
      geomap ingest seeds/ --store war.sqlite
      geomap ingest archive/ --jobs 0      # on every core
    """
    from geomap.pipeline import ingest
    from geomap.store import ReportStore

    kwargs = read_kwargs({name: options.get(name) for name in OPTION_NAMES})
    date, sidecar = kwargs.pop("date"), kwargs.pop("sidecar")

    def on_error(source: str, problem: str) -> None:
        click.echo(f"Error: {source}: {problem}", err=True)

    with ReportStore(store_path) as store:
        summary = ingest(
            paths,
            store,
            date=date,
            sidecar=sidecar,
            read_options=kwargs,
            batch_size=batch_size,
            jobs=jobs,
            progress=not (quiet or as_json),
            on_error=on_error,
        )
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False))
    elif not quiet:
        _print_summary(summary, store_path)
    if not summary.ok:
        raise click.exceptions.Exit(1)


# -- reports -----------------------------------------------------------------------------------

_TABLE = (("date", 10), ("place", 18), ("kind", 15), ("actor", 7), ("modality", 12))


def _place_labels(rows: list[dict[str, Any]]) -> list[str]:
    """The place of each row, with its oblast where two places listed share a name
    ("Mykolaivka (Donetsk)")."""
    ids: dict[str, set[str]] = {}
    for row in rows:
        ids.setdefault(row["place"], set()).add(row.get("place_id", ""))
    return [
        f"{row['place']} ({row.get('oblast', '').removesuffix(' Oblast') or row['place_id']})"
        if len(ids[row["place"]]) > 1
        else row["place"]
        for row in rows
    ]


def _table(rows: list[dict[str, Any]], width: int | None) -> str:
    """Aligned columns; sentences cut to fit ``width`` (None: never cut, e.g. into a file)."""
    labels = _place_labels(rows)
    place_width = min(32, max([18, *map(len, labels)]))
    table = [(name, place_width if name == "place" else w) for name, w in _TABLE]
    fixed = sum(w + 2 for _, w in table) + 20  # + claimed_by
    sentence_width = max(30, width - fixed) if width else None
    header = [name for name, _ in table] + ["claimed_by", "sentence"]
    widths = [*(w for _, w in table), 18, 0]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for row, label in zip(rows, labels, strict=True):
        sentence = " ".join(row["sentence"].split())
        if sentence_width and len(sentence) > sentence_width:
            sentence = sentence[: sentence_width - 1] + "…"
        cells = [(label if name == "place" else str(row[name]))[:w].ljust(w) for name, w in table]
        cells.append(row["claimed_by"][:18].ljust(18))
        cells.append(sentence)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


@click.command("reports")
@store_option
@_filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--csv", "as_csv", is_flag=True, help="Same as --format csv.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many reports.")
@click.option("--stats", is_flag=True, help="Print what the store holds instead.")
def reports_command(
    store_path: str,
    start: str | None,
    end: str | None,
    on_date: str | None,
    places: tuple[str, ...],
    kinds: tuple[str, ...],
    modality: str | None,
    bbox: str | None,
    fmt: str,
    as_json: bool,
    as_csv: bool,
    limit: int | None,
    stats: bool,
) -> None:
    """List the stored reports, filtered by date, place, kind, modality or area.

    Columns are those of `geomap export` (see geomap.export.COLUMNS).

    \b
    Examples:
      geomap reports --place Bakhmut --kind captured --kind liberated
      geomap reports --start 2022-05-01 --end 2022-06-30 --json
    """
    from geomap.export import COLUMNS, rows
    from geomap.store import ReportStore

    if as_json:
        fmt = "json"
    elif as_csv:
        fmt = "csv"
    filters = _filters(start, end, on_date, places, kinds, modality, bbox)
    with ReportStore(store_path, create=False) as store:
        if stats:
            s = store.stats()
            click.echo(
                json.dumps(
                    {
                        "articles": s.articles,
                        "undated_articles": s.undated_articles,
                        "reports": s.reports,
                        "mentions": s.mentions,
                        "unresolved_mentions": s.unresolved_mentions,
                        "places": s.places,
                        "first_date": s.first_date.isoformat() if s.first_date else None,
                        "last_date": s.last_date.isoformat() if s.last_date else None,
                        "by_kind": dict(s.by_kind),
                    },
                    indent=2,
                )
            )
            return
        chosen = store.reports(**filters)
        found = rows(store, chosen[:limit] if limit else chosen)
    if fmt == "json":
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in found)
        click.echo(buffer.getvalue(), nl=False)
    elif not found:
        click.echo("No reports match.", err=True)
    else:
        on_terminal = sys.stdout.isatty()
        click.echo(_table(found, shutil.get_terminal_size().columns if on_terminal else None))


# -- export ------------------------------------------------------------------------------------


@click.command("export")
@store_option
@_filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["geojson", "csv", "gpkg"]),
    help="Output format (default: from the file suffix).",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write."
)
def export_command(
    store_path: str,
    start: str | None,
    end: str | None,
    on_date: str | None,
    places: tuple[str, ...],
    kinds: tuple[str, ...],
    modality: str | None,
    bbox: str | None,
    fmt: str | None,
    output: str,
) -> None:
    """Export the stored reports (one point each) to GeoJSON, CSV or GeoPackage.

    Column names are stable, for QGIS, Datawrapper or kepler.gl; see geomap.export.

    \b
    Example:
      geomap export --format gpkg -o reports.gpkg --start 2023-01-01
    """
    from geomap.export import write
    from geomap.store import ReportStore

    filters = _filters(start, end, on_date, places, kinds, modality, bbox)
    with ReportStore(store_path, create=False) as store:
        count = write(store, output, fmt, **filters)
    click.echo(f"Wrote {count} report{'s' * (count != 1)} to {output}", err=True)


COMMANDS: list[click.Command] = [ingest_command, reports_command, export_command]
