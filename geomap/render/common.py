"""Pieces every page shares: date parsing, the offline basemap, the blob's fixed parts."""

from __future__ import annotations

import datetime as dt
import functools
import math

from geomap.errors import BadDate, RenderError
from geomap.render import style

__all__ = ["base_blob", "basemap_geojson", "load_store", "parse_day", "region_geometry"]


def parse_day(value: dt.date | str) -> dt.date:
    """A date from a ``date`` or an ISO string (``2022-06-01``); :class:`BadDate` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise BadDate(f"not a date: {value!r} (use YYYY-MM-DD, e.g. 2022-06-01)") from None


def _round_coords(obj, ndigits: int = 3):
    if isinstance(obj, float):
        return round(obj, ndigits) if math.isfinite(obj) else 0.0
    if isinstance(obj, list | tuple):
        return [_round_coords(v, ndigits) for v in obj]
    return obj


def _feature(geometry: dict, kind: str, name: str) -> dict:
    return {
        "type": "Feature",
        "properties": {"kind": kind, "name": name},
        "geometry": {
            "type": geometry["type"],
            "coordinates": _round_coords(geometry["coordinates"]),
        },
    }


@functools.cache
def basemap_geojson() -> dict | None:
    """Ukraine's outline, its oblasts and clipped neighbours from ``geomap.geodata`` (offline).

    Features carry ``properties.kind``: "country" (Ukraine), "neighbour", or "oblast".
    """
    from geomap import geodata

    try:
        raw = geodata.basemap_geojson()
    except (OSError, ValueError, KeyError) as exc:
        raise RenderError(f"the offline basemap could not be read: {exc}") from exc
    feats = []
    order = {"neighbour": 0, "country": 1, "oblast": 2}
    for f in raw.get("features", []):
        geom = f.get("geometry") or {}
        props = f.get("properties") or {}
        kind = str(props.get("layer") or props.get("kind") or "oblast")
        if "coordinates" in geom:
            feats.append(_feature(geom, kind, str(props.get("name", ""))))
    feats.sort(key=lambda f: (order.get(f["properties"]["kind"], 3), f["properties"]["name"]))
    return {"type": "FeatureCollection", "features": feats} if feats else None


def region_geometry(name: str) -> dict | None:
    """GeoJSON geometry of a named region (an oblast, "Donbas", "Crimea"...), or None."""
    from geomap import geodata

    try:
        shp = geodata.region_shape(name)
    except (ValueError, KeyError):
        return None
    if shp is None or shp.is_empty:
        return None
    geom = shp.simplify(0.01, preserve_topology=True).__geo_interface__
    return {"type": geom["type"], "coordinates": _round_coords(geom["coordinates"], 3)}


def base_blob(*, title: str, subtitle: str, tiles: str | None, basemap: bool = True) -> dict:
    """The parts of a page's data that do not depend on the reports."""
    tile = style.tile_choice(tiles)
    # the tile layer brings its own credit (folium passes it to Leaflet), so it is not repeated
    attribution = style.ATTRIBUTION
    return {
        "title": title,
        "subtitle": subtitle,
        "style": style.style_config(),
        "legend": style.legend_html(),
        "attribution": attribution,
        "basemap": basemap_geojson() if basemap else None,
        "tiles": tile is not None,  # the basemap then draws outlines only, over the tiles
    }


def load_store(store_path) -> tuple[list, dict]:
    """All reports of a store and its articles by id (for popups' titles and links)."""
    from geomap.store import ReportStore

    with ReportStore(store_path, create=False) as store:
        reports = store.reports()
        articles = {a.id: a for a in store.articles()}
    return reports, articles
