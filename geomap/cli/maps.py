"""``geomap map``, ``compare``, ``timeline``, ``build`` and ``png``: maps from the shell.

Each command is a few lines over :mod:`geomap.render`; the map commands read the report store
(``--store``, default ``$GEOMAP_STORE`` or ``./geomap.sqlite``) and write one HTML file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from geomap.cli.options import jobs_option, store_option
from geomap.render.style import TILES

__all__ = [
    "COMMANDS",
    "build_command",
    "compare_command",
    "map_command",
    "png_command",
    "timeline_command",
]


def _view_options(f: Callable) -> Callable:
    """``--window``, ``--tiles`` and ``--cdn``: how every map of a command is drawn."""
    options = [
        click.option(
            "--window",
            "window_days",
            type=click.IntRange(1, 365),
            default=7,
            show_default=True,
            help="Days of fighting shown before each map's date.",
        ),
        click.option(
            "--tiles",
            type=click.Choice(TILES),
            default="none",
            show_default=True,
            help="Web tiles over the offline basemap (needs a network to show).",
        ),
        click.option(
            "--cdn",
            is_flag=True,
            help="Link Leaflet from a CDN instead of inlining it (smaller files).",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _map_options(f: Callable) -> Callable:
    """The view options plus ``--title`` and ``--embed``, for the one-page commands."""
    options = [
        _view_options,
        click.option("--title", default=None, help="Title shown on the map."),
        click.option(
            "--embed",
            is_flag=True,
            help="Also print an <iframe> snippet that sizes itself to a column.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _reference_options(f: Callable) -> Callable:
    options = [
        click.option(
            "--reference",
            "reference_file",
            type=click.Path(dir_okay=False),
            default=None,
            help="GeoJSON of control areas (e.g. a daily export of occupied territory) to draw "
            "under the reports, with a layer saying which reports agree with it.",
        ),
        click.option(
            "--reference-controller",
            type=click.Choice(["RU", "UA"]),
            default="RU",
            show_default=True,
            help="Side that holds the reference's polygons.",
        ),
        click.option(
            "--reference-select",
            multiple=True,
            metavar="KEY=VALUE",
            help="Keep only reference features with this property value (repeatable).",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _reference(file: str | None, controller: str, select: tuple[str, ...], day):
    """The reference to draw (None without ``--reference``); warns when its date differs."""
    if file is None:
        if select:
            raise click.UsageError("--reference-select needs --reference FILE")
        return None
    import dataclasses

    from geomap import reference
    from geomap.errors import InputError

    pairs = {}
    for item in select:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InputError(f"--reference-select: {item!r} is not KEY=VALUE")
        pairs[key] = value
    ref = reference.load(file, controller=controller, select=pairs or None)
    if ref.date is None:
        ref = dataclasses.replace(ref, date=day)
        click.echo(f"Note: {file} has no date; taken as the map's date {day}.", err=True)
    elif ref.date != day:
        click.echo(f"Warning: the reference is dated {ref.date}, the map {day}.", err=True)
    return ref


def _load(store_path: str):
    from geomap.render.common import load_store

    return load_store(store_path)


def _finish(html: str, output: str, embed: bool, title: str) -> None:
    from geomap.render import embed_snippet, write_atomic

    path = write_atomic(output, html)
    click.echo(f"Wrote {path} ({len(html.encode('utf-8')) // 1024} KB)", err=embed)
    if embed:
        click.echo(embed_snippet(path.name, title=title))


@click.command("map")
@click.option("--date", "day", required=True, help="The date of the map (YYYY-MM-DD).")
@click.option("-o", "--output", default=None, help="HTML file to write (default: map-DATE.html).")
@store_option
@_map_options
@_reference_options
def map_command(
    day: str,
    output: str | None,
    store_path: str,
    window_days: int,
    tiles: str,
    cdn: bool,
    title: str | None,
    embed: bool,
    reference_file: str | None,
    reference_controller: str,
    reference_select: tuple[str, ...],
) -> None:
    """Draw one map of the situation on a date, from the store's reports.

    \b
    Example:
      geomap map --date 2022-06-01 -o map.html
      geomap map --date 2022-06-01 --reference occupied_2022-06-01.geojson -o check.html
    """
    from geomap.render import parse_day, render_map

    when = parse_day(day)
    ref = _reference(reference_file, reference_controller, reference_select, when)
    reports, articles = _load(store_path)
    if not any(r.date is not None and r.date.best <= when for r in reports):
        click.echo(f"Warning: no dated report on or before {when}; the map is empty.", err=True)
    html = render_map(
        reports,
        when,
        articles=articles,
        window_days=window_days,
        tiles=tiles,
        cdn=cdn,
        title=title,
        reference=ref,
    )
    _finish(
        html,
        output or f"map-{when.isoformat()}.html",
        embed,
        title or f"Situation on {when.isoformat()}",
    )


@click.command("compare")
@click.argument("date1")
@click.argument("date2")
@click.option(
    "-o", "--output", default=None, help="HTML file to write (default: compare-DATE1-DATE2.html)."
)
@store_option
@_map_options
@_reference_options
def compare_command(
    date1: str,
    date2: str,
    output: str | None,
    store_path: str,
    window_days: int,
    tiles: str,
    cdn: bool,
    title: str | None,
    embed: bool,
    reference_file: str | None,
    reference_controller: str,
    reference_select: tuple[str, ...],
) -> None:
    """Two dates side by side, panning together, with what changed between them.

    A ``--reference`` is drawn on the second date's map.

    \b
    Example:
      geomap compare 2022-02-27 2022-06-01 -o compare.html
    """
    from geomap.render import parse_day, render_compare

    d1, d2 = parse_day(date1), parse_day(date2)
    ref = _reference(reference_file, reference_controller, reference_select, d2)
    reports, articles = _load(store_path)
    html = render_compare(
        reports,
        d1,
        d2,
        articles=articles,
        window_days=window_days,
        tiles=tiles,
        cdn=cdn,
        title=title,
        reference=ref,
    )
    _finish(
        html,
        output or f"compare-{d1.isoformat()}-{d2.isoformat()}.html",
        embed,
        title or f"{d1.isoformat()} → {d2.isoformat()}",
    )


@click.command("timeline")
@click.option(
    "-o", "--output", default="timeline.html", show_default=True, help="HTML file to write."
)
@store_option
@_map_options
def timeline_command(
    output: str,
    store_path: str,
    window_days: int,
    tiles: str,
    cdn: bool,
    title: str | None,
    embed: bool,
) -> None:
    """One map with a slider over every date that has reports.

    \b
    Example:
      geomap timeline -o timeline.html
    """
    from geomap.render import render_timeline

    reports, articles = _load(store_path)
    html = render_timeline(
        reports, articles=articles, window_days=window_days, tiles=tiles, cdn=cdn, title=title
    )
    _finish(html, output, embed, title or "Timeline")


@click.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="output",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Directory to write the site to.",
)
@click.option(
    "--date",
    "date_override",
    default=None,
    help="Treat every article as published on this date (YYYY-MM-DD).",
)
@store_option
@_view_options
@jobs_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def build_command(
    paths: tuple[str, ...],
    out_dir: str,
    date_override: str | None,
    store_path: str,
    window_days: int,
    tiles: str,
    cdn: bool,
    jobs: int,
    quiet: bool,
) -> None:
    """Ingest articles, then write every map, the timeline, a comparison and the exports.

    \b
    Writes to OUT (default output/): index.html, maps/DATE.html for every date with
    reports, timeline.html, compare.html (first and last dates), reports.geojson, reports.csv.
    Example:
      geomap build seeds/
    """
    from geomap.render import build

    def on_error(source: str, problem: str) -> None:
        click.echo(f"Warning: {source}: {problem}", err=True)

    result = build(
        paths,
        out_dir,
        store_path=store_path,
        date=date_override,
        window_days=window_days,
        tiles=tiles,
        cdn=cdn,
        progress=not quiet,
        on_error=on_error,
        jobs=jobs,
    )
    if not quiet:
        for line in result.summary_lines():
            click.echo(line)


@click.command("png")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", default=None, help="PNG file (default: SOURCE with .png).")
@click.option("--width", type=click.IntRange(200, 4000), default=1200, show_default=True)
@click.option("--height", type=click.IntRange(200, 4000), default=800, show_default=True)
@click.option(
    "--scale",
    type=click.FloatRange(0.5, 4),
    default=1.0,
    show_default=True,
    help="Device pixel ratio (2 for print-quality images).",
)
def png_command(source: str, output: str | None, width: int, height: int, scale: float) -> None:
    """Write a static PNG of a map HTML file (headless Chromium, network blocked).

    \b
    Example:
      geomap png output/maps/2022-06-01.html -o card.png --width 1200 --height 630
    """
    from geomap.render import render_png

    out = Path(output) if output else Path(source).with_suffix(".png")
    render_png(source, out, width=width, height=height, scale=scale)
    click.echo(f"Wrote {out}")


COMMANDS: list[click.Command] = [
    map_command,
    compare_command,
    timeline_command,
    build_command,
    png_command,
]
