"""Zones and line of contact: a synthetic front with a known line, honesty, edge cases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon

from geomap import frontline, geodata
from geomap.models import Controller, ControlState

D = dt.date
TO_M = Transformer.from_crs("EPSG:4326", geodata.METRIC_CRS, always_xy=True)
TO_LL = Transformer.from_crs(geodata.METRIC_CRS, "EPSG:4326", always_xy=True)


def metric(geom):
    return shapely.transform(geom, lambda x, y: TO_M.transform(x, y), interleaved=False)


SINCE = D(2023, 1, 1)


def state(i, lon, lat, controller, *, precision="exact", stale=False, since=SINCE):
    return ControlState(
        place_id=f"p{i:05d}",
        place_name=f"Place {i}",
        lat=float(lat),
        lon=float(lon),
        controller=controller,
        since=since,
        as_of=D(2023, 2, 1),
        supporting=(f"r{i}a", f"r{i}b"),
        stale=stale,
        precision=precision,
    )


# A known front in the Donbas (lon, lat), wavy, about 190 km long; RU holds the east.
TRUE_LINE = LineString(
    [(37.55, 47.75), (37.75, 48.05), (37.62, 48.35), (37.95, 48.62), (38.05, 49.00), (37.9, 49.4)]
)
RU_SIDE = Polygon([*TRUE_LINE.coords, (40.5, 49.4), (40.5, 47.75)])


def synthetic_states(spacing_km=10.0, band_km=45.0):
    """Places every ``spacing_km`` on a grid within ``band_km`` of the true line."""
    line_m = metric(TRUE_LINE)
    ru_m = metric(RU_SIDE)
    x0, y0, x1, y1 = line_m.buffer(band_km * 1000).bounds
    xs = np.arange(x0, x1, spacing_km * 1000)
    ys = np.arange(y0, y1, spacing_km * 1000)
    grid = [(x, y) for y in ys for x in xs]
    band = line_m.buffer(band_km * 1000)
    _, ly0, _, ly1 = line_m.bounds
    band = band.intersection(shapely.box(x0, ly0, x1, ly1))  # no reports past the line's ends
    states = []
    for i, (x, y) in enumerate(grid):
        p = Point(x, y)
        if not band.contains(p):
            continue
        lon, lat = TO_LL.transform(x, y)
        side = Controller.RU if ru_m.contains(p) else Controller.UA
        states.append(state(i, lon, lat, side))
    return states


def test_estimated_line_follows_the_true_line_where_reports_are_dense():
    states = synthetic_states()
    assert len(states) > 150  # one place per 100 km²
    result = frontline.estimate(states, max_distance_km=25)
    assert set(result.line.columns) >= {"n_reports", "dates", "first_date", "last_date"}
    est = metric(result.line.geometry.union_all())
    true_m = metric(TRUE_LINE)
    points = shapely.multipoints([TO_M.transform(s.lon, s.lat) for s in states])
    dense = points.convex_hull.buffer(-10_000)  # well inside the reported area
    est_dense = est.intersection(dense)
    true_dense = true_m.intersection(dense)
    assert est_dense.length > 100_000
    near_true = est_dense.intersection(true_m.buffer(10_000)).length / est_dense.length
    covered = true_dense.intersection(est.buffer(10_000)).length / true_dense.length
    assert near_true >= 0.8, near_true
    assert covered >= 0.8, covered


def test_nothing_is_drawn_far_from_reports():
    states = synthetic_states()
    result = frontline.estimate(states, max_distance_km=25)
    support = shapely.buffer(shapely.points([TO_M.transform(s.lon, s.lat) for s in states]), 25_000)
    support = shapely.union_all(support).buffer(200)  # metres of tolerance for circle facets
    drawn = metric(result.zones.geometry.union_all())
    assert drawn.difference(support).area < 1e6  # under 1 km² in all
    assert metric(result.line.geometry.union_all()).difference(support).length == 0
    far = Point(24.03, 49.84)  # Lviv: no reports anywhere near
    assert not result.zones.geometry.intersects(far.buffer(0.5)).any()
    smaller = frontline.estimate(states, max_distance_km=10)
    assert smaller.zones.geometry.union_all().area < 0.8 * result.zones.geometry.union_all().area


def test_zone_attributes_and_geojson():
    states = synthetic_states()
    result = frontline.estimate(states)
    zones = result.zones
    assert list(zones.columns) == [
        "controller",
        "n_places",
        "n_reports",
        "first_date",
        "last_date",
        "label",
        "geometry",
    ]
    assert zones.crs.to_epsg() == 4326 and result.line.crs.to_epsg() == 4326
    assert set(zones["controller"]) == {"RU", "UA"}
    main = zones.iloc[0]
    assert main["n_reports"] == 2 * main["n_places"]
    assert main["first_date"] == main["last_date"] == "2023-01-01"
    line = result.line.iloc[0]
    assert "estimated line of contact" in line["label"] and line["dates"] == "2023-01-01"
    geo = result.to_geojson()
    layers = [f["properties"]["layer"] for f in geo["features"]]
    assert layers.count("line") == len(result.line) and layers[0] == "zone"
    assert frontline.estimate(states).to_geojson() == geo  # deterministic


def test_report_dates_give_the_popup_dates():
    a = state(1, 37.5, 48.5, Controller.UA)
    b = state(2, 37.8, 48.5, Controller.RU)
    dates = {"r1a": D(2023, 1, 3), "r1b": D(2023, 1, 9), "r2a": D(2023, 1, 5), "r2b": D(2023, 1, 6)}
    result = frontline.estimate({"p1": a, "p2": b}, report_dates=dates)
    assert result.line.iloc[0]["dates"] == "2023-01-03 – 2023-01-09"
    assert result.line.iloc[0]["n_reports"] == 4


def test_edge_cases():
    empty = frontline.estimate([])
    assert empty.zones.empty and empty.line.empty
    only_ru = frontline.estimate([state(1, 37.8, 48.5, Controller.RU)])
    assert len(only_ru.zones) == 1 and only_ru.line.empty
    assert only_ru.zones.iloc[0]["geometry"].contains(Point(37.8, 48.5))
    # unknown controllers and coarse coordinates seed nothing
    ignored = [
        state(1, 37.8, 48.5, Controller.UNKNOWN),
        state(2, 37.8, 48.5, Controller.RU, precision="oblast"),
    ]
    assert frontline.estimate(ignored).zones.empty
    # two different controllers at one spot: contested
    clash = [state(1, 37.8, 48.5, Controller.RU), state(2, 37.8, 48.5, Controller.UA)]
    assert list(frontline.estimate(clash).zones["controller"]) == ["contested"]
    stale = [state(1, 37.8, 48.5, Controller.RU, stale=True)]
    assert frontline.estimate(stale, include_stale=False).zones.empty
    with pytest.raises(ValueError, match="max_distance_km"):
        frontline.estimate([], max_distance_km=0)
