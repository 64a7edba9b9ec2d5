"""Estimated control zones and line of contact (``geomap.frontline``) as a map layer.

Drawn in a layer that is off by default and says "estimated": the zones rest on a handful of
reported places, and nothing is drawn farther than ``max_distance_km`` from one of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from geomap.render.common import _round_coords

__all__ = ["zone_layers"]


def _geometry(geom) -> dict | None:
    if geom is None or geom.is_empty:
        return None
    simple = geom.simplify(0.004, preserve_topology=True).__geo_interface__
    return {"type": simple["type"], "coordinates": _round_coords(simple["coordinates"], 3)}


def zone_layers(states: Mapping, *, max_distance_km: float = 25.0) -> dict:
    """``{"zones": [[controller, label, geometry]], "line": [[label, geometry]]}``.

    Stale states (no report for the staleness period) seed no zone.
    """
    from geomap import frontline  # geopandas: imported only when a map asks for zones

    est = frontline.estimate(states, max_distance_km=max_distance_km, include_stale=False)
    zones = []
    for row in est.zones.itertuples(index=False):
        geo = _geometry(row.geometry)
        if geo is not None:
            zones.append([str(row.controller), str(row.label), geo])
    line = []
    for row in est.line.itertuples(index=False):
        geo = _geometry(row.geometry)
        if geo is not None:
            line.append([str(row.label), geo])
    return {"zones": zones, "line": line}
