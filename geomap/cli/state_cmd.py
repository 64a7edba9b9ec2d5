"""``geomap control``, ``geomap changes``, ``geomap frontline`` and ``geomap check-reference``:
control over time from the shell, over the report store (``--store``, as ``geomap reports``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable

import click

from geomap.cli.options import parse_day, store_option
from geomap.errors import GeomapError
from geomap.fileio import write_atomic

__all__ = [
    "COMMANDS",
    "changes_command",
    "check_reference_command",
    "control_command",
    "frontline_command",
]


def _stale_option(f: Callable) -> Callable:
    return click.option(
        "--stale-after-days",
        type=click.IntRange(min=0),
        default=60,
        show_default=True,
        help="A state whose newest report is older than this is marked stale.",
    )(f)


def _format_options(f: Callable) -> Callable:
    f = click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")(f)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(f)


def _reports(store_path: str, end: dt.date):
    from geomap.store import ReportStore

    with ReportStore(store_path, create=False) as store:
        return store.reports(end=end)


def _emit(rows: list[dict], columns: list[str], as_json: bool, as_csv: bool) -> None:
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if as_csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if row[k] is None else _cell(row[k]) for k in columns})
        click.echo(buffer.getvalue(), nl=False)
        return
    if not rows:
        click.echo("Nothing to show.", err=True)
        return
    table = [[_short(row[c]) for c in columns] for row in rows]
    widths = [min(36, max(len(c), *(len(r[i]) for r in table))) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for r in table:
        click.echo("  ".join(v[:w].ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return str(value)


def _short(value: object) -> str:
    """A table cell: report-id lists as a count and short ids (JSON and CSV keep them whole)."""
    if isinstance(value, (list, tuple)):
        if not value:
            return ""
        shown = " ".join(str(v)[:8] for v in value[:3])
        return f"{len(value)}: {shown}" + (" …" if len(value) > 3 else "")
    return _cell(value)


def _guard(run: Callable[[], None]) -> None:
    """Run a command body, turning our own errors into ``Error: …`` and exit code 1."""
    try:
        run()
    except GeomapError as exc:
        raise click.ClickException(str(exc)) from exc


# -- control -----------------------------------------------------------------------------------

_CONTROL_COLUMNS = [
    "place_name",
    "controller",
    "percent",
    "since",
    "stale",
    "besieged",
    "supporting",
    "contradicting",
    "lat",
    "lon",
    "place_id",
]


@click.command("control")
@store_option
@click.option("--date", "on_date", required=True, help="The day (YYYY-MM-DD).")
@_stale_option
@_format_options
def control_command(
    store_path: str, on_date: str, stale_after_days: int, as_json: bool, as_csv: bool
) -> None:
    """Who controls each reported place on a date, and on what reports.

    \b
    Example:
      geomap control --date 2022-06-01
    """

    def run() -> None:
        from geomap.state import control_at

        day = parse_day(on_date, "--date")
        states = control_at(_reports(store_path, day), day, stale_after_days=stale_after_days)
        rows = [
            {
                "place_name": s.place_name,
                "controller": s.controller.value,
                "percent": s.percent,
                "since": None if s.since is None else s.since.isoformat(),
                "stale": s.stale,
                "besieged": s.besieged,
                "supporting": list(s.supporting),
                "contradicting": list(s.contradicting),
                "lat": s.lat,
                "lon": s.lon,
                "place_id": s.place_id,
            }
            for s in sorted(states.values(), key=lambda s: (s.place_name, s.place_id))
        ]
        _emit(rows, _CONTROL_COLUMNS, as_json, as_csv)

    _guard(run)


# -- changes -----------------------------------------------------------------------------------

_CHANGE_COLUMNS = ["place_name", "kind", "before", "after", "since", "reports", "place_id"]


@click.command("changes")
@store_option
@click.argument("first")
@click.argument("second")
@_stale_option
@_format_options
@click.option(
    "--geojson",
    "geojson_path",
    type=click.Path(dir_okay=False),
    help="Also write the changes as GeoJSON points to this file.",
)
def changes_command(
    store_path: str,
    first: str,
    second: str,
    stale_after_days: int,
    as_json: bool,
    as_csv: bool,
    geojson_path: str | None,
) -> None:
    """What changed hands between two dates (gained by RU, regained by UA, newly contested...).

    \b
    Example:
      geomap changes 2022-08-31 2022-11-30 --geojson output/changes.geojson
    """

    def run() -> None:
        from geomap.state import Timeline, changes, changes_geojson

        d1, d2 = parse_day(first, "FIRST"), parse_day(second, "SECOND")
        if d2 < d1:
            raise GeomapError(f"SECOND ({d2}) is before FIRST ({d1})")
        found = changes(
            Timeline(_reports(store_path, d2)), d1, d2, stale_after_days=stale_after_days
        )
        if geojson_path:
            write_atomic(geojson_path, json.dumps(changes_geojson(found), indent=1) + "\n")
        rows = [
            {
                "place_name": c.place_name,
                "kind": c.kind,
                "before": c.before.value,
                "after": c.after.value,
                "since": None if c.since is None else c.since.isoformat(),
                "reports": list(c.reports),
                "place_id": c.place_id,
            }
            for c in found
        ]
        _emit(rows, _CHANGE_COLUMNS, as_json, as_csv)

    _guard(run)


# -- frontline ---------------------------------------------------------------------------------


@click.command("frontline")
@store_option
@click.option("--date", "on_date", required=True, help="The day (YYYY-MM-DD).")
@click.option(
    "--max-distance-km",
    type=click.FloatRange(min=0, min_open=True),
    default=25.0,
    show_default=True,
    help="Draw nothing farther than this from a report.",
)
@_stale_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="GeoJSON file to write (zones and the estimated line).",
)
def frontline_command(
    store_path: str, on_date: str, max_distance_km: float, stale_after_days: int, output: str
) -> None:
    """Estimate control zones and the line of contact on a date, as GeoJSON.

    \b
    Example:
      geomap frontline --date 2023-03-07 -o output/front.geojson
    """

    def run() -> None:
        from geomap.frontline import estimate
        from geomap.state import Timeline

        day = parse_day(on_date, "--date")
        timeline = Timeline(_reports(store_path, day))
        states = timeline.control_at(day, stale_after_days=stale_after_days)
        ids = [r for s in states.values() for r in s.supporting]
        front = estimate(
            states, max_distance_km=max_distance_km, report_dates=timeline.report_days(ids)
        )
        write_atomic(output, json.dumps(front.to_geojson(), indent=1) + "\n")
        click.echo(
            f"Wrote {output}: {len(front.zones)} zone parts, {len(front.line)} line "
            f"stretches from {len(states)} places (within {max_distance_km:g} km)."
        )

    _guard(run)


# -- check-reference ---------------------------------------------------------------------------

_CHECK_COLUMNS = [
    "place_name",
    "verdict",
    "claimed",
    "reference",
    "distance_km",
    "stale",
    "reports",
    "place_id",
]


@click.command("check-reference")
@click.argument("file", type=click.Path(dir_okay=False))
@store_option
@click.option("--date", "on_date", help="Day of the states to check (default: the file's date).")
@click.option(
    "--controller",
    type=click.Choice(["RU", "UA"]),
    default="RU",
    show_default=True,
    help="Who holds the file's polygons.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="KEY=VALUE",
    help="Only features whose property KEY is VALUE (repeatable).",
)
@click.option(
    "--margin-km",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Places this close to the reference's edge are 'near line'.",
)
@_stale_option
@_format_options
@click.option(
    "--geojson",
    "geojson_path",
    type=click.Path(dir_okay=False),
    help="Also write a map layer (reference area + agreements) to this file.",
)
def check_reference_command(
    file: str,
    store_path: str,
    on_date: str | None,
    controller: str,
    select: tuple[str, ...],
    margin_km: float,
    stale_after_days: int,
    as_json: bool,
    as_csv: bool,
    geojson_path: str | None,
) -> None:
    """Check the reports' control of places against a reference map of control (GeoJSON).

    FILE holds polygons one side holds on a date, e.g. a daily export of occupied territory.
    Each place's state on --date is compared: agrees, disagrees, near line (within
    --margin-km of the edge), no claim, outside Ukraine.

    \b
    Example:
      geomap check-reference occupied_2022-06-01.geojson --date 2022-06-01
    """

    def run() -> None:
        from geomap import reference
        from geomap.state import control_at

        pairs = {}
        for item in select:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise GeomapError(f"--select: {item!r} is not KEY=VALUE")
            pairs[key] = value
        ref = reference.load(file, controller=controller, select=pairs or None)
        if on_date is not None:
            day = parse_day(on_date, "--date")
        elif ref.date is not None:
            day = ref.date
        else:
            raise GeomapError(f"{file}: no date in the file or its name; give --date")
        if ref.date is not None and abs((ref.date - day).days) > 3:
            click.echo(f"Warning: the reference is of {ref.date}, the states of {day}.", err=True)
        states = control_at(_reports(store_path, day), day, stale_after_days=stale_after_days)
        found = reference.check(states, ref, margin_km=margin_km)
        if geojson_path:
            layer = reference.agreements_geojson(found)
            layer["features"] = ref.to_geojson()["features"] + layer["features"]
            write_atomic(geojson_path, json.dumps(layer) + "\n")
        rows = [
            {
                "place_name": a.place_name,
                "verdict": a.verdict,
                "claimed": a.claimed.value,
                "reference": None if a.reference is None else a.reference.value,
                "distance_km": a.distance_km,
                "stale": a.stale,
                "reports": list(a.reports),
                "place_id": a.place_id,
            }
            for a in found
        ]
        _emit(rows, _CHECK_COLUMNS, as_json, as_csv)
        if not (as_json or as_csv):
            s = reference.summary(found)
            rate = (
                f"{s['rate_percent']}% agreement"
                if s["rate_percent"] >= 0
                else "nothing to compare"
            )
            click.echo(
                f"{s['agrees']} agree, {s['disagrees']} disagree, {s['near line']} near the "
                f"line, {s['no claim']} no claim, {s['outside']} outside Ukraine; "
                f"{s['stale']} stale ({rate}).",
                err=True,
            )

    _guard(run)


COMMANDS: list[click.Command] = [
    control_command,
    changes_command,
    frontline_command,
    check_reference_command,
]
