"""``geomap gazetteer``: the gazetteer's data: what is embedded, importing more, geocoding online.

\b
    geomap gazetteer info                      versions, counts, measured placement error
    geomap gazetteer import UA.zip             exact points from a GeoNames country dump
    geomap gazetteer geocode "Name" --online   ask Nominatim (opt-in, rate-limited, cached)
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from gazetteer.errors import GazetteerError

__all__ = ["COMMANDS", "gazetteer_group"]


class _Group(click.Group):
    """Reports the gazetteer's own errors as ``Error: …`` (exit 1), also when used alone."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except GazetteerError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group("gazetteer", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
def gazetteer_group() -> None:
    """The gazetteer's data: embedded tables, imported dumps and the online geocoder."""


@gazetteer_group.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print the build record as JSON.")
def info_command(as_json: bool) -> None:
    """Show where the embedded data came from: package versions, counts, placement error."""
    from gazetteer.data import data_info
    from gazetteer.sources import imported_files

    info = data_info()
    imported = [str(p) for p in imported_files()]
    if as_json:
        click.echo(json.dumps({**info, "imported": imported}, indent=2, sort_keys=True))
        return
    stats = info.get("stats", {})
    packages = ", ".join(f"{k} {v}" for k, v in sorted(info.get("packages", {}).items()))
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(info.get("kinds", {}).items()))
    click.echo(f"places: {info.get('places')} ({kinds})")
    click.echo(f"names: {info.get('names')}")
    click.echo(f"built from: {packages}")
    click.echo(
        f"Ukrainian settlements: {stats.get('katottg_settlements')} in KATOTTG, "
        f"{stats.get('matched')} with a GeoNames point; the rest placed at their hromada's "
        f"centre (median error {stats.get('placement_median_km')} km)"
    )
    click.echo("imported: " + (", ".join(imported) if imported else "none"))


@gazetteer_group.command("import")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--classes",
    default="P",
    show_default=True,
    help="GeoNames feature classes: P places, H water, S sites, T islands, A admin areas.",
)
@click.option("--country", "countries", multiple=True, help="Keep only this country (repeat).")
@click.option("--min-population", type=int, default=0, show_default=True)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write (default $GEOMAP_DATA_DIR or ~/.local/share/geomap).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def import_command(
    dump: Path,
    classes: str,
    countries: tuple[str, ...],
    min_population: int,
    data_dir: Path | None,
    quiet: bool,
) -> None:
    """Import a GeoNames dump (UA.zip from download.geonames.org/export/dump/).

    Settlements the embedded data places only approximately take the dump's exact point;
    places it lacks are added. The result is a file in the user data directory that the
    gazetteer reads next to the embedded data.
    """
    from gazetteer.sources import GeoNamesDumpSource

    source = GeoNamesDumpSource(
        dump,
        classes=classes,
        countries=countries or None,
        min_population=min_population,
        progress=not quiet,
    )
    out = source.import_to(data_dir)
    data = source.load()
    upgraded = sum(1 for p in data.places if not p.id.startswith("gn:"))
    click.echo(
        f"imported {len(data.places)} places from {dump.name} "
        f"({upgraded} approximate settlement{'' if upgraded == 1 else 's'} made exact) into {out}"
    )


@gazetteer_group.command("geocode")
@click.argument("names", nargs=-1, required=True)
@click.option("--online", is_flag=True, help="Allow asking Nominatim (else: cache only).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def geocode_command(names: tuple[str, ...], online: bool, as_json: bool) -> None:
    """Look names up with OpenStreetMap's Nominatim (cached; one request a second)."""
    from gazetteer.sources import NominatimSource

    source = NominatimSource(enabled=online or None)
    results = {name: source.lookup(name) for name in names}
    if as_json:
        payload = {
            name: [
                {
                    "id": p.id,
                    "name": p.name,
                    "kind": p.kind,
                    "lat": p.lat,
                    "lon": p.lon,
                    "note": p.note,
                }
                for p in places
            ]
            for name, places in results.items()
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for name, places in results.items():
        if not places:
            click.echo(f"{name}: not found")
        for p in places:
            click.echo(f"{name}: {p.name} ({p.kind}) {p.lat:.5f}, {p.lon:.5f}  {p.id}")


COMMANDS: list[click.Command] = [gazetteer_group]
