"""Reference control layers: load someone else's map of control and check the reports against it.

A reference is a GeoJSON file of polygons that one side holds on a date, for example a daily
export of occupied territory published by a mapping project. :func:`load` reads it;
:func:`check` says, for each place's control state (or each control report), whether the
reference agrees:

* ``agrees`` / ``disagrees``: the place lies clearly inside or outside the reference area and
  the report says the same / the opposite controller;
* ``near line``: the place is within ``margin_km`` of the reference's edge, too close to call;
* a contested place agrees when it lies within ``contested_km`` of the edge (it is on the front);
* ``no claim``: the state is unknown; ``outside``: the place is not in Ukraine.

>>> import shapely
>>> ref = Reference(shapely.box(37.5, 47.5, 39.0, 49.0), date=None, source="test")
>>> ref.controller_at(38.0, 48.0).value
'RU'
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geomap import geodata
from geomap.errors import InputError
from geomap.models import Controller, ControlState, Report
from geomap.state import CONTROL_PLACE_KINDS, claimed_controller

__all__ = [
    "VERDICTS",
    "Agreement",
    "Reference",
    "agreements_geojson",
    "check",
    "load",
    "summary",
]

#: Verdicts of :func:`check`, in the order a table lists them.
VERDICTS = ("agrees", "disagrees", "near line", "no claim", "outside")

_DATE_IN_NAME = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


@dataclass(frozen=True)
class Reference:
    """An area held by ``controller`` on ``date`` (EPSG:4326); the rest of Ukraine is the other
    side's (for an "occupied" layer: RU inside, UA outside)."""

    geometry: BaseGeometry
    date: dt.date | None
    source: str
    controller: Controller = Controller.RU
    properties: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.controller not in (Controller.RU, Controller.UA):
            raise ValueError(f"a reference area is held by RU or UA, not {self.controller}")
        shapely.prepare(self.geometry)

    @property
    def other(self) -> Controller:
        return Controller.UA if self.controller is Controller.RU else Controller.RU

    def controller_at(self, lon: float, lat: float) -> Controller:
        """Who the reference says holds the point (inside the area or not)."""
        return self.controller if self.geometry.covers(Point(lon, lat)) else self.other

    def to_geojson(self) -> dict:
        """The reference area as a one-feature FeatureCollection, for drawing under the reports."""
        props = {
            "layer": "reference",
            "controller": self.controller.value,
            "date": None if self.date is None else self.date.isoformat(),
            "source": self.source,
        }
        feature = {
            "type": "Feature",
            "properties": props,
            "geometry": shapely.geometry.mapping(self.geometry),
        }
        return {"type": "FeatureCollection", "features": [feature]}


def _date_from(props: Iterable[Mapping], path: Path) -> dt.date | None:
    for p in props:
        value = p.get("date")
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    match = _DATE_IN_NAME.search(path.name)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    return None


def load(
    path: str | Path,
    *,
    date: dt.date | None = None,
    controller: Controller | str = Controller.RU,
    select: Mapping[str, str] | None = None,
) -> Reference:
    """Read a GeoJSON file of control polygons (FeatureCollection, Feature or bare geometry).

    ``controller`` is the side holding the polygons (default RU: "occupied territory").
    ``select`` keeps only features whose properties have these values (for files with several
    layers). The date is ``date``, else the features' ``date`` property, else a YYYY-MM-DD in
    the file name. Raises :class:`~geomap.errors.InputError` naming the file and the problem.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read it ({exc})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(data, dict) or "type" not in data:
        raise InputError(f"{path}: not GeoJSON (no 'type')")
    if data["type"] == "FeatureCollection":
        features = data.get("features") or []
    elif data["type"] == "Feature":
        features = [data]
    else:
        features = [{"type": "Feature", "properties": {}, "geometry": data}]
    if select:
        features = [
            f
            for f in features
            if all(str((f.get("properties") or {}).get(k)) == v for k, v in select.items())
        ]
    polygons = []
    for index, feature in enumerate(features):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not geometry:
            continue
        try:
            geom = shape(geometry)
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            raise InputError(f"{path}: feature {index} has a bad geometry ({exc})") from exc
        geom = shapely.make_valid(shapely.force_2d(geom))
        parts = getattr(geom, "geoms", [geom])
        polygons += [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")]
    if not polygons:
        raise InputError(
            f"{path}: no polygons found" + (f" matching {dict(select)}" if select else "")
        )
    props = [f.get("properties") or {} for f in features if isinstance(f, dict)]
    try:
        side = Controller(controller)
    except ValueError as exc:
        raise InputError(f"{path}: controller must be RU or UA, not {controller!r}") from exc
    if side not in (Controller.RU, Controller.UA):
        raise InputError(f"{path}: controller must be RU or UA, not {controller!r}")
    return Reference(
        geometry=unary_union(polygons),
        date=date or _date_from(props, path),
        source=str(path),
        controller=side,
        properties=dict(props[0]) if len(props) == 1 else {},
    )


@dataclass(frozen=True, slots=True)
class Agreement:
    """How one place's state (or one report) compares with the reference."""

    place_id: str
    place_name: str
    lat: float
    lon: float
    claimed: Controller
    reference: Controller | None  # None outside Ukraine
    verdict: str  # one of VERDICTS
    distance_km: float  # to the reference area's edge; positive inside the area
    date: dt.date | None
    reports: tuple[str, ...]
    stale: bool = False


@cache
def _to_metric() -> Transformer:
    return Transformer.from_crs("EPSG:4326", geodata.METRIC_CRS, always_xy=True)


def _metric(geom: BaseGeometry) -> BaseGeometry:
    to = _to_metric()
    return shapely.transform(geom, lambda x, y: to.transform(x, y), interleaved=False)


@cache
def _outline_edge_metric(coast_km: float) -> BaseGeometry:
    """Ukraine's coast and border (metres), widened: a reference's edge there is no front."""
    return _metric(geodata.ukraine_outline().boundary).buffer(coast_km * 1000.0)


@cache
def _front_metric(geometry_wkb: bytes, coast_km: float) -> BaseGeometry:
    """The reference area's edge inside Ukraine (metres): its boundary minus coast and border."""
    boundary = _metric(shapely.from_wkb(geometry_wkb)).boundary
    front = boundary.difference(_outline_edge_metric(coast_km))
    shapely.prepare(front)
    return front


@cache
def _outline_near() -> BaseGeometry:
    near = geodata.ukraine_outline().buffer(0.05)  # ~5 km: the basemap is simplified
    shapely.prepare(near)
    return near


def _items(
    items: Iterable[ControlState | Report] | Mapping[str, ControlState],
) -> list[tuple[str, str, float, float, Controller, dt.date | None, tuple[str, ...], bool]]:
    if isinstance(items, Mapping):
        items = items.values()
    out = []
    for item in items:
        if isinstance(item, ControlState):
            out.append(
                (
                    item.place_id,
                    item.place_name,
                    item.lat,
                    item.lon,
                    item.controller,
                    item.as_of,
                    item.supporting,
                    item.stale,
                )
            )
        elif isinstance(item, Report):
            said = claimed_controller(item) if item.is_fact else None
            if said is None or item.place_kind not in CONTROL_PLACE_KINDS:
                continue
            day = item.date.best if item.date is not None else None
            out.append(
                (item.place_id, item.place_name, item.lat, item.lon, said, day, (item.id,), False)
            )
        else:
            raise TypeError(f"check() takes ControlState or Report items, not {type(item)!r}")
    return sorted(out, key=lambda t: (t[1], t[0], t[6]))


def check(
    items: Iterable[ControlState | Report] | Mapping[str, ControlState],
    reference: Reference,
    *,
    margin_km: float = 2.0,
    contested_km: float = 10.0,
    coast_km: float = 3.0,
) -> list[Agreement]:
    """Compare control states (from :func:`geomap.state.control_at`) or control reports with a
    reference; one :class:`Agreement` per item, sorted by place name.

    Distances are to the reference area's edge *inside* Ukraine: where the edge runs within
    ``coast_km`` of the coast or the border it is not a front line, so a coastal city deep in
    the area is not "near the line".
    """
    if margin_km < 0 or contested_km < 0 or coast_km < 0:
        raise ValueError("margin_km, contested_km and coast_km must be >= 0")
    outline = _outline_near()
    boundary = _front_metric(shapely.to_wkb(reference.geometry), float(coast_km))
    to = _to_metric()
    out = []
    for place_id, name, lat, lon, claimed, day, reports, stale in _items(items):
        point = Point(lon, lat)
        inside = reference.geometry.covers(point)
        x, y = to.transform(lon, lat)
        distance = boundary.distance(Point(x, y)) / 1000.0 if not boundary.is_empty else 1e4
        signed = round(distance if inside else -distance, 3)
        said = reference.controller if inside else reference.other
        if not outline.covers(point) and not inside:
            verdict, said = "outside", None
        elif claimed is Controller.UNKNOWN:
            verdict = "no claim"
        elif claimed is Controller.CONTESTED:
            verdict = "agrees" if distance <= contested_km else "disagrees"
        elif distance <= margin_km:
            verdict = "near line"
        else:
            verdict = "agrees" if claimed == said else "disagrees"
        out.append(
            Agreement(place_id, name, lat, lon, claimed, said, verdict, signed, day, reports, stale)
        )
    return out


def summary(agreements: Iterable[Agreement]) -> dict[str, int]:
    """Counts per verdict (every verdict present, zeros included), how many of the items are
    stale (their newest report is old: a disagreement there may just be news since), and the
    agreement rate.

    ``rate_percent`` is agrees / (agrees + disagrees) x 100, rounded; -1 when nothing was
    comparable.
    """
    agreements = list(agreements)
    counts = Counter(a.verdict for a in agreements)
    result = {v: counts.get(v, 0) for v in VERDICTS}
    result["stale"] = sum(1 for a in agreements if a.stale)
    decided = result["agrees"] + result["disagrees"]
    result["rate_percent"] = round(100 * result["agrees"] / decided) if decided else -1
    return result


def agreements_geojson(agreements: Iterable[Agreement]) -> dict:
    """Agreements as GeoJSON points (a map layer: colour by ``verdict``)."""
    features = []
    for a in agreements:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [a.lon, a.lat]},
                "properties": {
                    "place_id": a.place_id,
                    "place_name": a.place_name,
                    "claimed": a.claimed.value,
                    "reference": None if a.reference is None else a.reference.value,
                    "verdict": a.verdict,
                    "distance_km": a.distance_km,
                    "date": None if a.date is None else a.date.isoformat(),
                    "reports": list(a.reports),
                    "stale": a.stale,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
