"""Offline basemap geodata: Ukraine's outline, its oblasts and its neighbours.

The data is ``geomap/data/ukraine.geojson``, derived from public-domain Natural Earth data by
``scripts/build_basemap.py`` (Crimea drawn within Ukraine). Everything is loaded lazily on first
use and cached; functions that hand out mutable objects return fresh copies.

>>> from geomap import geodata
>>> geodata.oblast_shape("Donetsk Oblast").geom_type
'Polygon'
>>> geodata.oblast_name_at(37.80, 48.00)
'Donetsk Oblast'
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from shapely.geometry import Point, shape
from shapely.ops import unary_union
from shapely.prepared import prep

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "METRIC_CRS",
    "basemap_geojson",
    "donbas_shape",
    "metadata",
    "nearby_regions",
    "neighbours",
    "oblast_name_at",
    "oblast_names",
    "oblast_shape",
    "oblasts",
    "region_shape",
    "ukraine_outline",
]

#: A Lambert conformal conic projection fitted to Ukraine (metres): distances and areas in it are
#: within about 1% across the country. Used for buffers, tessellations and distances.
METRIC_CRS = (
    "+proj=lcc +lat_1=46 +lat_2=51 +lat_0=48.5 +lon_0=31.5 +x_0=0 +y_0=0 "
    "+datum=WGS84 +units=m +no_defs"
)

_DATA_FILE = "ukraine.geojson"
_NEARBY_FILE = "regions_nearby.geojson"


def _read(name: str) -> dict:
    return json.loads(resources.files("geomap").joinpath("data", name).read_text("utf-8"))


@cache
def _raw() -> dict:
    return _read(_DATA_FILE)


@cache
def _nearby() -> dict[str, tuple[BaseGeometry, tuple[str, ...]]]:
    """Russia's regions on the border: name -> (shape, aliases)."""
    return {
        f["properties"]["name"]: (shape(f["geometry"]), tuple(f["properties"].get("aliases", ())))
        for f in _read(_NEARBY_FILE)["features"]
    }


def basemap_geojson() -> dict:
    """The whole basemap as a GeoJSON FeatureCollection (a fresh copy, safe to modify).

    Features carry ``properties.layer``: ``"country"`` (Ukraine), ``"oblast"`` (27 first-level
    units: 24 oblasts, Crimea, Kyiv and Sevastopol) or ``"neighbour"`` (clipped for context).
    ``metadata`` names the sources, their versions and the public-domain licence.
    """
    return copy.deepcopy(_raw())


def metadata() -> dict:
    """Sources, versions, licence and simplification of the basemap data."""
    return copy.deepcopy(_raw().get("metadata", {}))


def _features(layer: str) -> list[dict]:
    return [f for f in _raw()["features"] if f["properties"].get("layer") == layer]


@cache
def ukraine_outline() -> BaseGeometry:
    """Ukraine's outline (a shapely MultiPolygon in lon/lat, Crimea included)."""
    return shape(_features("country")[0]["geometry"])


@cache
def _oblast_geoms() -> dict[str, BaseGeometry]:
    return {f["properties"]["name"]: shape(f["geometry"]) for f in _features("oblast")}


def oblast_names() -> list[str]:
    """The English names of the 27 first-level units, sorted."""
    return sorted(_oblast_geoms())


def oblasts() -> gpd.GeoDataFrame:
    """The first-level units as a GeoDataFrame (``name``, ``geometry``; EPSG:4326)."""
    import geopandas as gpd

    geoms = _oblast_geoms()
    names = sorted(geoms)
    return gpd.GeoDataFrame({"name": names}, geometry=[geoms[n] for n in names], crs="EPSG:4326")


def neighbours() -> gpd.GeoDataFrame:
    """Neighbouring countries clipped to the map frame: ``name``, ``iso_a3``, ``geometry``."""
    import geopandas as gpd

    feats = sorted(_features("neighbour"), key=lambda f: f["properties"]["name"])
    return gpd.GeoDataFrame(
        {
            "name": [f["properties"]["name"] for f in feats],
            "iso_a3": [f["properties"]["iso_a3"] for f in feats],
        },
        geometry=[shape(f["geometry"]) for f in feats],
        crs="EPSG:4326",
    )


def nearby_regions() -> gpd.GeoDataFrame:
    """Russia's regions on Ukraine's border (Belgorod, Bryansk, Kursk, Voronezh, Rostov,
    Krasnodar): ``name``, ``country``, ``geometry`` (EPSG:4326). Not part of the basemap."""
    import geopandas as gpd

    regions = _nearby()
    names = sorted(regions)
    return gpd.GeoDataFrame(
        {"name": names, "country": ["RU"] * len(names)},
        geometry=[regions[n][0] for n in names],
        crs="EPSG:4326",
    )


_SUFFIX = re.compile(r" (oblast|region|province)$")
_DONBAS_KEYS = frozenset({"donbas", "donbass"})


def _norm(name: str) -> str:
    """Normalise a region name for lookup: case, apostrophes, hyphens, a leading "the"."""
    text = name.casefold().replace("’", "'").replace("'", "")
    text = re.sub(r"[\s\-]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(exact names, oblast short names, city units' short names) -> canonical name."""
    exact: dict[str, str] = {}
    oblast: dict[str, str] = {}
    city: dict[str, str] = {}
    for feature in sorted(_features("oblast"), key=lambda f: f["properties"]["name"]):
        props = feature["properties"]
        name = props["name"]
        is_city = not name.endswith("Oblast") and "Crimea" not in name
        for alias in (name, *props.get("aliases", ())):
            key = _norm(alias)
            exact.setdefault(key, name)
            short = _SUFFIX.sub("", key)
            (city if is_city else oblast).setdefault(short, name)
    for name, (_geom, aliases) in sorted(_nearby().items()):
        for alias in (name, *aliases):
            key = _norm(alias)
            exact.setdefault(key, name)
            oblast.setdefault(_SUFFIX.sub("", key), name)
    return exact, oblast, city


@cache
def donbas_shape() -> BaseGeometry:
    """The Donbas drawn as Donetsk and Luhansk oblasts together."""
    geoms = _oblast_geoms()
    return unary_union([geoms["Donetsk Oblast"], geoms["Luhansk Oblast"]])


def oblast_shape(name: str) -> BaseGeometry | None:
    """The shape of a first-level unit named ``name``, or None if it is not one.

    Accepts the canonical name ("Donetsk Oblast"), the short form ("Donetsk"), "... region",
    common variants ("Kiev Oblast", "Odessa", "Crimea") and "Donbas" (Donetsk + Luhansk).
    The bare city names "Kyiv" and "Sevastopol" give the cities' own units. Russia's regions on
    the border ("Kursk Oblast", "Belgorod region"...) are found too.
    """
    key = _norm(name)
    short = _SUFFIX.sub("", key)
    if short in _DONBAS_KEYS:
        return donbas_shape()
    exact, oblast, city = _tables()
    if key in exact:
        canonical = exact[key]
    elif short != key:  # "Kyiv region" is the oblast, not the city
        canonical = oblast.get(short)
    else:
        canonical = city.get(short) or oblast.get(short)
    if canonical is None:
        return None
    geoms = _oblast_geoms()
    return geoms[canonical] if canonical in geoms else _nearby()[canonical][0]


def region_shape(name: str) -> BaseGeometry | None:
    """Like :func:`oblast_shape`, plus "Ukraine" itself: the shape to draw for a named region."""
    if _norm(name) == "ukraine":
        return ukraine_outline()
    return oblast_shape(name)


@cache
def _prepared() -> list[tuple[str, object]]:
    return [(name, prep(geom)) for name, geom in sorted(_oblast_geoms().items())]


def oblast_name_at(lon: float, lat: float) -> str | None:
    """The name of the first-level unit containing the point, or None outside Ukraine."""
    point = Point(lon, lat)
    for name, prepared in _prepared():
        if prepared.covers(point):
            return name
    return None
