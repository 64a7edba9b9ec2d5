"""Control zones and an estimated line of contact, from the control state of places.

Method (in :data:`geomap.geodata.METRIC_CRS`, metres):

1. Each place held by RU or UA or contested is a seed; seeds at the same spot with different
   controllers become one contested seed.
2. A Voronoi tessellation of the seeds is clipped to Ukraine's outline and dissolved by
   controller: every point of a zone is nearer to a place of that controller than to any other.
3. **Honesty:** a zone is kept only within ``max_distance_km`` of the places that support it; the
   rest of the map stays empty, since no report says anything about it.
4. The line of contact is where the RU and UA zones of a tessellation of the RU and UA seeds
   meet, again only within ``max_distance_km`` of a place on each side. Contested places are
   left out of that tessellation so the line runs through them, which is where they lie.

Every zone part and line part carries how many places and reports it rests on and the dates of
those reports, so a map can say "estimated from 12 reports, 2023-01-10 – 2023-02-02".

>>> Frontline.empty().line.empty
True
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPoint
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geomap import geodata
from geomap.models import Controller, ControlState

__all__ = ["ZONE_CONTROLLERS", "Frontline", "estimate"]

#: Controllers that get a zone, in drawing order.
ZONE_CONTROLLERS = (Controller.RU, Controller.UA, Controller.CONTESTED)
#: Place coordinates too coarse to seed a zone (an oblast or raion centre is not a position).
_COARSE = frozenset({"oblast", "raion", "shape"})
_ZONE_COLUMNS = ["controller", "n_places", "n_reports", "first_date", "last_date", "label"]
_LINE_COLUMNS = ["n_places", "n_reports", "first_date", "last_date", "dates", "label"]
_CIRCLE_SEGMENTS = 16  # quarter-circle segments for the support discs


@dataclass(frozen=True, eq=False)  # GeoDataFrames do not compare to a bool
class Frontline:
    """Estimated control zones and line of contact (both GeoDataFrames in EPSG:4326).

    ``zones`` columns: controller, n_places, n_reports, first_date, last_date (ISO dates or
    None), label, geometry — one row per connected part. ``line`` columns: n_places, n_reports,
    first_date, last_date, dates, label, geometry — one row per connected stretch.
    """

    zones: gpd.GeoDataFrame
    line: gpd.GeoDataFrame
    max_distance_km: float = 25.0

    @classmethod
    def empty(cls, max_distance_km: float = 25.0) -> Frontline:
        """A frontline with no zones and no line (too few places to estimate anything)."""
        return cls(_frame([], _ZONE_COLUMNS), _frame([], _LINE_COLUMNS), max_distance_km)

    def to_geojson(self) -> dict:
        """Zones then line as one FeatureCollection; ``properties.layer`` is "zone" or "line"
        and ``properties.estimated`` is true (draw them as estimates: dashed, translucent)."""
        features = []
        for layer, frame in (("zone", self.zones), ("line", self.line)):
            for feature in frame.to_geo_dict(drop_id=True)["features"]:
                # "estimated": a renderer draws these dashed/translucent, never as a fact
                feature["properties"] = {"layer": layer, "estimated": True, **feature["properties"]}
                features.append(feature)
        return {"type": "FeatureCollection", "features": features}


def _frame(rows: list[dict], columns: list[str]) -> gpd.GeoDataFrame:
    if not rows:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs="EPSG:4326")
    return gpd.GeoDataFrame(
        rows, columns=[*columns, "geometry"], geometry="geometry", crs="EPSG:4326"
    )


@cache
def _to_metric() -> Transformer:
    return Transformer.from_crs("EPSG:4326", geodata.METRIC_CRS, always_xy=True)


@cache
def _to_lonlat() -> Transformer:
    return Transformer.from_crs(geodata.METRIC_CRS, "EPSG:4326", always_xy=True)


@cache
def _outline_metric() -> BaseGeometry:
    outline = shapely.transform(geodata.ukraine_outline(), _project, interleaved=False)
    shapely.prepare(outline)
    return outline


def _project(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _to_metric().transform(x, y)


def _unproject(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _to_lonlat().transform(x, y)


@dataclass(frozen=True, slots=True)
class _Seed:
    x: float
    y: float
    controller: Controller
    n_reports: int
    first: dt.date | None
    last: dt.date | None


def _seeds(
    states: Iterable[ControlState], report_dates: Mapping[str, dt.date] | None
) -> list[_Seed]:
    """One seed per distinct position, sorted; clashing controllers at one spot -> contested."""
    chosen = [
        s
        for s in states
        if s.controller in ZONE_CONTROLLERS
        and s.precision not in _COARSE
        and math.isfinite(s.lat)
        and math.isfinite(s.lon)
    ]
    if not chosen:
        return []
    chosen.sort(key=lambda s: (s.place_id, s.lon, s.lat))
    xs, ys = _project(np.array([s.lon for s in chosen]), np.array([s.lat for s in chosen]))
    merged: dict[tuple[float, float], list] = {}
    for state, x, y in zip(chosen, xs, ys, strict=True):
        if report_dates is not None:
            dates = [report_dates[r] for r in state.supporting if r in report_dates]
        else:
            dates = [state.since] if state.since is not None else []
        key = (round(float(x), 1), round(float(y), 1))
        entry = merged.setdefault(key, [set(), 0, []])
        entry[0].add(state.controller)
        entry[1] += len(state.supporting)
        entry[2].extend(dates)
    seeds = []
    for (x, y), (controllers, n_reports, dates) in sorted(merged.items()):
        controller = controllers.pop() if len(controllers) == 1 else Controller.CONTESTED
        seeds.append(
            _Seed(x, y, controller, n_reports, min(dates, default=None), max(dates, default=None))
        )
    return seeds


def _cells(seeds: list[_Seed], frame: BaseGeometry) -> list[BaseGeometry]:
    """Voronoi cells of the seeds, in seed order, clipped to ``frame``."""
    if len(seeds) == 1:
        return [frame]
    points = MultiPoint([(s.x, s.y) for s in seeds])
    cells = shapely.voronoi_polygons(points, extend_to=frame.envelope.buffer(1e5), ordered=True)
    return [cell.intersection(frame) for cell in cells.geoms]


def _support(seeds: list[_Seed], radius: float) -> BaseGeometry:
    points = shapely.points([(s.x, s.y) for s in seeds])
    return unary_union(shapely.buffer(points, radius, quad_segs=_CIRCLE_SEGMENTS))


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _summary(seeds: list[_Seed]) -> tuple[int, int, dt.date | None, dt.date | None]:
    firsts = [s.first for s in seeds if s.first is not None]
    lasts = [s.last for s in seeds if s.last is not None]
    return (
        len(seeds),
        sum(s.n_reports for s in seeds),
        min(firsts, default=None),
        max(lasts, default=None),
    )


def _dates_text(first: dt.date | None, last: dt.date | None) -> str:
    if first is None or last is None:
        return "undated"
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def _to_lonlat_geom(geom: BaseGeometry) -> BaseGeometry:
    out = shapely.transform(geom, _unproject, interleaved=False)
    return shapely.set_precision(out, 1e-6)


def _parts(geom: BaseGeometry) -> list[BaseGeometry]:
    if geom.is_empty:
        return []
    return list(getattr(geom, "geoms", [geom]))


def _near(seeds: list[_Seed], part: BaseGeometry, radius: float) -> list[_Seed]:
    """The seeds within ``radius`` of ``part`` (in seed order)."""
    tree = shapely.STRtree(shapely.points([(s.x, s.y) for s in seeds]))
    hits = tree.query(part, predicate="dwithin", distance=radius + 1.0)
    return [seeds[i] for i in sorted(hits.tolist())]


def _inside(seeds: list[_Seed], part: BaseGeometry) -> list[_Seed]:
    tree = shapely.STRtree(shapely.points([(s.x, s.y) for s in seeds]))
    return [seeds[i] for i in sorted(tree.query(part, predicate="covers").tolist())]


def estimate(
    states: Iterable[ControlState] | Mapping[str, ControlState],
    *,
    max_distance_km: float = 25.0,
    report_dates: Mapping[str, dt.date] | None = None,
    include_stale: bool = True,
    clip: BaseGeometry | None = None,
) -> Frontline:
    """Estimate control zones and the line of contact from control states.

    ``states`` is what :func:`geomap.state.control_at` returns (a dict or its values).
    ``report_dates`` (report id -> date, e.g. ``Timeline.report_days``) gives each part the
    dates of its reports; without it the dates are the states' ``since``. ``clip`` replaces
    Ukraine's outline (lon/lat). Nothing is drawn farther than ``max_distance_km`` from a place.
    """
    if not max_distance_km > 0:
        raise ValueError(f"max_distance_km must be positive, got {max_distance_km}")
    if isinstance(states, Mapping):
        states = states.values()
    states = [s for s in states if include_stale or not s.stale]
    seeds = _seeds(states, report_dates)
    if not seeds:
        return Frontline.empty(max_distance_km)
    radius = max_distance_km * 1000.0
    frame = (
        _outline_metric() if clip is None else shapely.transform(clip, _project, interleaved=False)
    )
    cells = _cells(seeds, frame)
    zone_rows = []
    for controller in ZONE_CONTROLLERS:
        own = [i for i, s in enumerate(seeds) if s.controller == controller]
        if not own:
            continue
        members = [seeds[i] for i in own]
        zone = unary_union([cells[i] for i in own]).intersection(_support(members, radius))
        for part in _parts(zone):
            if part.geom_type != "Polygon" or part.area < 1.0:
                continue
            inside = _inside(members, part)
            n_places, n_reports, first, last = _summary(inside or _near(members, part, radius))
            zone_rows.append(
                {
                    "controller": controller.value,
                    "n_places": n_places,
                    "n_reports": n_reports,
                    "first_date": _iso(first),
                    "last_date": _iso(last),
                    "label": f"{controller.value}: estimated from {n_reports} reports on "
                    f"{n_places} places, {_dates_text(first, last)}",
                    "geometry": _to_lonlat_geom(part),
                }
            )
    line_rows = _line_rows(seeds, frame, radius)
    zone_rows.sort(
        key=lambda r: (
            ZONE_CONTROLLERS.index(Controller(r["controller"])),
            -r["n_places"],
            r["geometry"].wkb,
        )
    )
    return Frontline(
        _frame(zone_rows, _ZONE_COLUMNS), _frame(line_rows, _LINE_COLUMNS), max_distance_km
    )


def _line_rows(seeds: list[_Seed], frame: BaseGeometry, radius: float) -> list[dict]:
    sides = [s for s in seeds if s.controller in (Controller.RU, Controller.UA)]
    ru = [s for s in sides if s.controller == Controller.RU]
    ua = [s for s in sides if s.controller == Controller.UA]
    if not ru or not ua:
        return []
    cells = _cells(sides, frame)
    is_ru = [s.controller == Controller.RU for s in sides]
    ru_cells = unary_union([c for c, flag in zip(cells, is_ru, strict=True) if flag])
    ua_cells = unary_union([c for c, flag in zip(cells, is_ru, strict=True) if not flag])
    # The shared Voronoi edges; a 1 m tolerance absorbs floating-point noise of the overlay.
    shared = ru_cells.boundary.intersection(ua_cells.buffer(1.0))
    shared = shared.intersection(_support(ru, radius)).intersection(_support(ua, radius))
    pieces = [p for p in _parts(shared) if p.geom_type in ("LineString", "MultiLineString")]
    if not pieces:
        return []
    merged = shapely.line_merge(unary_union(pieces))
    rows = []
    for part in _parts(merged):
        if part.length < 100.0:  # slivers from the tolerance at triple points
            continue
        near = _near(sides, part, radius)
        n_places, n_reports, first, last = _summary(near)
        dates = _dates_text(first, last)
        rows.append(
            {
                "n_places": n_places,
                "n_reports": n_reports,
                "first_date": _iso(first),
                "last_date": _iso(last),
                "dates": dates,
                "label": f"estimated line of contact: from {n_reports} reports on {n_places} "
                f"places within {radius / 1000:g} km, {dates}",
                "geometry": _to_lonlat_geom(part),
            }
        )
    rows.sort(key=lambda r: (-r["geometry"].length, r["geometry"].wkb))
    return rows
